"""Already-decoded messages, pasted as JSON: raw, the CLI's {"DecodedMessage": "..."}, escaped again inside a
log line, hard-wrapped by a terminal or decorated by a rich-text editor. Only the paste vouches for them."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from bot.core import jsonrepair
from bot.core.hints import Hints, Paste, fingerprint
from bot.core.kinds.base import Kind
from bot.core.outcomes import Lookups, Problem, Reading
from bot.core.parsers import decoded
from bot.core.textsearch import LazyPattern, WordSearch, slack_unescape
from bot.vocab import InputKind, ProblemCode, Source

MAX_CANDIDATES = 50
WINDOW = 256 * 1024  # a decoded message is a few KB; never unescape more than this per candidate


@dataclass(frozen=True)
class DecodedMessage:
    """An already-decoded message: the inner JSON object, however many times it was escaped."""

    document: dict[str, Any]
    start: int
    hints: Hints = field(default_factory=Hints)
    damaged: str | None = None  # the fingerprint of a decoded message too damaged to read (document is empty)
    kind = InputKind.DECODED
    needs_aws = False

    @property
    def fingerprint(self) -> str:
        return self.damaged or fingerprint(json.dumps(self.document, sort_keys=True))


_START = LazyPattern(r"\{[ \t\r\n]*(\\*)\"allowed\1\"")


# A decoded message's own keys, quoted (and maybe escaped, emphasised): the signs that one was pasted.
_QUOTED_KEY = r'[*_]*\\*"[*_]*{}[*_]*\\*"[*_]*\s*:'
_KEY_DECORATION = 32  # how far emphasis, backslashes and white space may stretch a quoted key around its word
ALLOWED_KEY = WordSearch("allowed key", LazyPattern(_QUOTED_KEY.format("allowed")), ("allowed",), _KEY_DECORATION)
OTHER_KEYS = WordSearch("other keys", LazyPattern(_QUOTED_KEY.format("(?:explicitDeny|matchedStatements|context)")),
                        ("explicitDeny", "matchedStatements", "context"), _KEY_DECORATION)
_LINE_BREAK_INDENT = LazyPattern(r"\r?\n[ \t]*")
# Markdown emphasis that a rich-text editor put around JSON tokens: before a quote or bracket (after space or
# punctuation), after a quote or bracket (before space or punctuation), or doubled around a whole string.
_EMPHASIS_OPENING = LazyPattern(r'(?:(?<=^)|(?<=[\s,{\[]))\*{1,3}(?=\\*"|[{\[])', re.MULTILINE)
_EMPHASIS_CLOSING = LazyPattern(r'(?<=["}\]])\*{1,3}(?=[\s,:}\]]|$)', re.MULTILINE)
_EMPHASIS_IN_STRING = LazyPattern(r'(\\*")\*\*([^"*\\]+)\*\*(\\*")')


def find(paste: Paste) -> list[DecodedMessage]:
    # Every decoded message holds the word, perhaps broken across lines: most logs can be passed over at once.
    if b"allowed" not in paste.folded.squeezed:
        return []
    documents = _documents(paste.text)
    return [DecodedMessage(document, start, paste.hints_before(0, start)) for document, start in documents] \
        or _recovered(paste)


def _documents(text: str) -> list[tuple[dict[str, Any], int]]:
    """Decoded messages and where they start, whether raw JSON, the CLI's {"DecodedMessage": "..."} or escaped
    again inside a log."""
    starts = list(_START.finditer(text))[:MAX_CANDIDATES]
    found: list[tuple[dict[str, Any], int]] = []
    seen: set[str] = set()
    for index, match in enumerate(starts):
        backslashes = len(match.group(1))
        levels = (backslashes + 1).bit_length() - 1
        if (1 << levels) - 1 != backslashes:
            continue
        limit = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        document = _candidate(text, match.start(), min(limit, match.start() + WINDOW), levels)
        if document is None:
            continue
        key = json.dumps(document, sort_keys=True)
        if key in seen:
            continue
        seen.add(key)
        found.append((document, match.start()))
    return found


def _candidate(text: str, start: int, end: int, levels: int) -> dict[str, Any] | None:
    """The decoded message escaped `levels` times in text[start:end]: read in place; the window is unescaped whole
    and repaired only if that fails."""
    document = jsonrepair.read_in_place(text, start, end, levels)
    if document is not None:
        return document
    segment = jsonrepair.unescaped(text[start:end], levels)
    document = jsonrepair.load_object(segment, _names_an_action)
    if document is None and "&" in segment:
        document = jsonrepair.load_object(slack_unescape(segment), _names_an_action)
    return document


def _names_an_action(document: dict[str, Any]) -> bool:
    inner = document.get("DecodedMessage")
    if isinstance(inner, str):
        return '"action"' in inner
    context = document.get("context")
    return isinstance(context, dict) and bool(context.get("action"))


def _recovered(paste: Paste) -> list[DecodedMessage]:
    """A decoded message that a terminal hard-wrapped (anywhere, even inside an escape sequence) or a rich-text
    editor decorated with emphasis; one that clearly is a decoded message but cannot be read is returned as
    damaged, so that it is reported rather than missed."""
    text = paste.text
    joined = text.replace("\r\n", "").replace("\n", "")  # every line break gone, as a regex would, but faster
    if not (ALLOWED_KEY.fast(joined) and OTHER_KEYS.fast(joined)):
        return []
    for variant in (joined, _LINE_BREAK_INDENT.sub("", text), text):
        cleaned = _EMPHASIS_IN_STRING.sub(r"\1\2\3", _EMPHASIS_CLOSING.sub("", _EMPHASIS_OPENING.sub("", variant)))
        documents = _documents(cleaned)
        if documents:
            # Offsets in the cleaned text do not map back exactly; the first key's place is close enough.
            start = text.find("allowed")
            return [DecodedMessage(document, start, paste.hints_before(0, start)) for document, _ in documents]
    start = max(0, text.find("allowed"))
    fragment = text[start : start + WINDOW]
    return [DecodedMessage({}, start, paste.hints_before(0, start), damaged=fingerprint(fragment))]


def read(item: DecodedMessage, lookups: Lookups | None) -> list[Reading]:
    if item.damaged:
        return [Reading(problem=Problem.of(ProblemCode.DAMAGED))]
    return [decoded.reading(item.document)]


def _from_json(entry: dict[str, Any], start: int, hints: Hints) -> DecodedMessage:
    if not isinstance(entry["document"], dict):
        raise TypeError("document")
    return DecodedMessage(entry["document"], start, hints, entry.get("damaged"))


DECODED = Kind(InputKind.DECODED, DecodedMessage, find, read, Source.PASTED,
               lambda item: {"document": item.document, "damaged": item.damaged}, _from_json,
               scan_field="decoded", scan_form=len, fast_paths=(ALLOWED_KEY, OTHER_KEYS))
