"""Find encoded authorization failure tokens, already-decoded messages, authorization IDs and hints in pasted text.

Pure and linear-time: every regular expression here either matches literal text or a single character
class, so no input can make it backtrack catastrophically. Offsets refer to the text as given.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass
from typing import Any, TypeVar

from bot.core.denials import Denial, find_denials
from bot.core.inputs import (
    AuthorizationId,
    DecodedMessage,
    EncodedToken,
    Hints,
    Input,
    MissingToken,
    PlainDenial,
    PolicyHint,
    fingerprint,
)
from bot.core.textsearch import Folded, LazyPattern, Pattern, spaced

InputT = TypeVar("InputT", EncodedToken, DecodedMessage, AuthorizationId, MissingToken, PlainDenial)
SAME_ERROR = 400  # a denial this close before a token or an authorization ID is that error's own text

MIN_TOKEN_LENGTH = 300  # real tokens are 500-1,600 characters; anything much shorter was cut
MAX_TOKEN_LENGTH = 10_240  # STS rejects longer EncodedMessage values
MAX_DECODED_CANDIDATES = 50
DECODED_WINDOW = 256 * 1024  # a decoded message is a few KB; never unescape more than this per candidate
_DECODER = json.JSONDecoder()
HINT_WINDOW = 4_000  # how far before a token its error text is looked for

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_TOKEN_CHARS = "A-Za-z0-9_-"
# A token is one run of the base64url alphabet; zero-width characters inside it are tolerated.
_RUN = LazyPattern(f"(?:[{_TOKEN_CHARS}]|[{_ZERO_WIDTH}](?=[{_TOKEN_CHARS}]))+")
_ZW_RE = LazyPattern(f"[{_ZERO_WIDTH}]")



# The AWS CLI flag as people type it: abbreviated (--encoded), misspelled (--encoded-mesage, --encoded_msg),
# with one dash or a dash an editor turned into a long one.
def _abbreviated(word: str, shortest: int) -> str:
    """Regex for any prefix of word at least `shortest` characters long."""
    tail = ""
    for ch in reversed(word[shortest:]):
        tail = f"(?:{re.escape(ch)}{tail})?"
    return re.escape(word[:shortest]) + tail


_FLAG = (r"(?:--?|—|–)(?:enc(?:oded?|ded|od)?[-_]?m(?:essages?|esage|essgae|essge|sg)|"
         + _abbreviated("encoded-message", 3) + r")(?![\w-])(?:[ \t]*=[ \t]*|[ \t]+|(?=\r?\n))")
_LABEL = LazyPattern(spaced("encoded authorization failure message") + r"[ \t]*:" + "|" + _FLAG, re.IGNORECASE)
# Where every label's "enc" begins, even broken across lines; the flag's dashes stand up to two characters before.
_LABEL_STARTS = (b"enc", b"e\n", b"e\r\n", b"en\n", b"en\r\n")
# What may stand between a label and its token: white space, quotes, backticks, JSON escapes, a Slack
# quote marker, a Terraform box-drawing border, Markdown emphasis, template braces, a source-code string
# concatenation, zero-width characters.
_GAP = LazyPattern(r"(?:[\s\"'`“”‘’│*{+" + _ZERO_WIDTH + r"]|\\[nrt\"'\\]|&gt;|&quot;)*")
_MAX_GAP_LINES = 3
_MIN_CONCATENATED = 16  # source code splits a token into long pieces
# The start of the next line of a wrapped token: indentation, a Slack quote or a Terraform border; or a
# source-code string concatenation ("…" +\n "…", '…' + '…', Python's "…"\n "…").
_CONTINUATION_PREFIX = LazyPattern(
    r"[ \t]*\r?\n(?:[ \t]*(?:│|&gt;|>)?[ \t]*)"
    r"|[\"'][ \t]*(?:\+[ \t]*(?:\\?\r?\n[ \t]*)?|\r?\n[ \t]*)[\"']"
)
# What may directly follow the last piece of a wrapped token on its line.
_PIECE_END = frozenset("\"'`;.),]}<\\\r\n")
_PLAIN_WORD = LazyPattern(r"[A-Z]?[a-z]+")
_TRUNCATION_MARK = LazyPattern(
    r"[ \t]*(?:\.\.\.|…|\((?:truncated|snip|\.\.\.)\)|\[(?:truncated|snip|\.\.\.)\]|<snip>|&lt;snip&gt;"
    r"|<省略>|&lt;省略&gt;|\(省略\)|（省略）)",
    re.IGNORECASE,
)
_FENCE = LazyPattern(r"```[^`]*```")
_DECODED_START = LazyPattern(r"\{[ \t\r\n]*(\\*)\"allowed\1\"")
_ESCAPE = LazyPattern(r"\\(u[0-9a-fA-F]{4}|[\"\\/bfnrt])")
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_SLACK_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))

# Newer errors: "Go to https://us-east-1.console.aws.amazon.com/iam/home?region=us-east-1#/authorization-details/
# <id> for complete details, or call the GetRequestAuthorizationDetails API with the following authorization id: <id>"
_AUTHORIZATION_ID = LazyPattern(
    r"(?:#/authorization-details/|authorization[ _-]id:?[ \t]*[\"'`]?)([A-Za-z0-9]{6,256})(?![A-Za-z0-9_-])",
    re.IGNORECASE,
)
_CONSOLE_REGION = LazyPattern(r"region=([a-z]{2}(?:-[a-z]+)+-\d)")
MAX_AUTHORIZATION_IDS = 20
_ACCOUNT = LazyPattern(r"arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:(\d{12}):")


@dataclass(frozen=True)
class ScanResult:
    """Everything found in one paste, in order of appearance, and the hints of the paste as a whole."""

    inputs: tuple[Input, ...]
    hints: Hints

    def of(self, kind: type[InputT]) -> tuple[InputT, ...]:
        return tuple(item for item in self.inputs if isinstance(item, kind))

    @property
    def tokens(self) -> tuple[EncodedToken, ...]:
        return self.of(EncodedToken)

    @property
    def complete_tokens(self) -> tuple[EncodedToken, ...]:
        return tuple(t for t in self.tokens if not t.truncated)

    @property
    def decoded(self) -> tuple[DecodedMessage, ...]:
        return self.of(DecodedMessage)

    @property
    def authorization_ids(self) -> tuple[AuthorizationId, ...]:
        return self.of(AuthorizationId)

    @property
    def denials(self) -> tuple[PlainDenial, ...]:
        return self.of(PlainDenial)

    @property
    def missing(self) -> tuple[MissingToken, ...]:
        return self.of(MissingToken)

    @property
    def anything(self) -> bool:
        return bool(self.inputs)

    @property
    def needs_aws(self) -> bool:
        """Whether explaining this paste takes AWS calls (an STS decode or an IAM Toolbox lookup)."""
        return any(item.needs_aws for item in self.inputs)

    def to_dict(self) -> dict[str, Any]:
        """The `decode-bot scan --format json` contract (DESIGN.md section 3)."""
        return {
            "tokens": [
                {"token": t.token, "start": t.start, "end": t.end, "truncated": t.truncated} for t in self.tokens
            ],
            "decoded": len(self.decoded),
            "hints": self.hints.to_dict(),
            "authorization_ids": [
                {"id": a.authorization_id, "start": a.start, "region": a.region} for a in self.authorization_ids
            ],
            "denials": [d.to_dict() for d in self.denials],
        }


def scan(text: str) -> ScanResult:
    """Everything decode-bot can use in one pasted text, in order of appearance and without repeats."""
    folded = Folded(text)
    denials = find_denials(folded)
    tokens: dict[str, EncodedToken] = {}
    missing: list[MissingToken] = []
    previous_end = 0
    for start, end, token, truncated in _labelled_tokens(folded):
        hints = _hints_before(text, previous_end, start)
        previous_end = end
        if token is None:
            missing.append(MissingToken(start, hints))
        elif token not in tokens:
            tokens[token] = EncodedToken(token, start, end, truncated, hints)
    if not tokens:
        bare = _bare_token(folded)
        if bare:
            start, end, token = bare
            tokens[token] = EncodedToken(token, start, end, False, _hints_before(text, 0, start))
    # Every decoded message holds the word, perhaps broken across lines: most logs can be passed over at once.
    decoded = (_decoded_messages(text) or _recovered(folded)) if b"allowed" in folded.squeezed else ()
    if decoded:  # a token cut or elided on purpose beside its decoded output needs no "cut short" warning
        tokens = {token: found for token, found in tokens.items() if not found.truncated}
    authorization_ids = _authorization_ids(folded)
    found: list[Input] = [*tokens.values(), *decoded, *authorization_ids]
    explained = [t.start for t in tokens.values()] + [d.start for d in decoded] + [a.start for a in authorization_ids]
    found += _plain_denials(text, denials, explained)
    if not found:
        found.extend(missing)  # a label without a token matters only when nothing else was found
    return ScanResult(inputs=tuple(sorted(found, key=lambda item: item.start)), hints=_hints(folded, denials[:1]))


def _plain_denials(text: str, denials: list[Denial], lookups_at: list[int]) -> list[PlainDenial]:
    """Plain-text denials, except those that are the text of an error whose token, decoded output or
    authorization ID is explained anyway: that answer takes the policy kind from the text, and the person gets
    one answer."""
    found = []
    for denial in denials:
        if any(0 <= start - denial.end <= SAME_ERROR for start in lookups_at):
            continue
        found.append(_plain(denial, text))
    return found


def _plain(denial: Denial, text: str) -> PlainDenial:
    hints = _hints_before(text, 0, denial.start)
    return PlainDenial(denial.principal, denial.action, denial.resource, denial.reason, denial.policy_arn,
                       denial.start, hints)


def _authorization_ids(folded: Folded) -> tuple[AuthorizationId, ...]:
    text = folded.text
    found: dict[str, AuthorizationId] = {}
    for match in _authorization_id_matches(folded):
        identifier = match.group(1)
        a_word = identifier.isalpha() and len(identifier) < 12  # "the authorization id received …"
        if identifier in found or len(found) >= MAX_AUTHORIZATION_IDS or a_word:
            continue
        region = _CONSOLE_REGION.findall(text, max(0, match.start() - 300), match.start())
        found[identifier] = AuthorizationId(
            identifier, match.start(1), region[-1] if region else None, _hints_before(text, 0, match.start())
        )
    # The console link and the "authorization id:" sentence name the same ID; the link carries the Region.
    return tuple(sorted(found.values(), key=lambda a: a.start))


def _label_matches(folded: Folded) -> list[re.Match[str]]:
    # The flag's "enc" is never broken; the label's only where the text holds its first words broken.
    wrapped = folded.broken(b"encoded authorization")
    return folded.matches(_LABEL, _LABEL_STARTS if wrapped else _LABEL_STARTS[:1], lead=2)


def _authorization_id_matches(folded: Folded) -> list[re.Match[str]]:
    return folded.matches(_AUTHORIZATION_ID, (b"author",), lead=2)  # "#/" may stand before it


def _labelled_tokens(folded: Folded) -> list[tuple[int, int, str | None, bool]]:
    """(start, end, token or None, truncated) for each label; None marks a label with no token."""
    text = folded.text
    found: list[tuple[int, int, str | None, bool]] = []
    for label in _label_matches(folded):
        gap = _GAP.match(text, label.end())
        pos = gap.end() if gap else label.end()
        if text.count("\n", label.end(), pos) > _MAX_GAP_LINES:
            found.append((label.start(), label.end(), None, False))
            continue
        piece = _RUN.match(text, pos)
        if not piece:
            found.append((label.start(), label.end(), None, False))
            continue
        token, end = _read_wrapped(text, piece)
        truncation_mark = _TRUNCATION_MARK.match(text, end) is not None
        if _is_placeholder(token):
            found.append((label.start(), end, None, False))
        elif truncation_mark or len(token) < MIN_TOKEN_LENGTH:
            if truncation_mark or _looks_random(token):
                found.append((pos, end, token, True))
            else:
                found.append((label.start(), end, None, False))
        elif len(token) > MAX_TOKEN_LENGTH:
            found.append((pos, end, token, True))
        else:
            found.append((pos, end, token, False))
    return found


def _read_wrapped(text: str, first: re.Match[str]) -> tuple[str, int]:
    """Join a token that a terminal or log viewer broke across lines; returns (token, end offset)."""
    pieces = [first.group()]
    end = first.end()
    while True:
        prefix = _CONTINUATION_PREFIX.match(text, end)
        if not prefix:
            break
        piece = _RUN.match(text, prefix.end())
        if not piece:
            break
        after = text[piece.end()] if piece.end() < len(text) else "\n"
        if after in " \t":  # a trailing space before the line break
            rest = text[piece.end() : piece.end() + 64].lstrip(" \t")
            after = rest[:1] or "\n"
        word = piece.group()
        if after not in _PIECE_END or (len(word) <= 12 and _PLAIN_WORD.fullmatch(word)):
            break
        if prefix.group()[:1] in "\"'" and len(word) < _MIN_CONCATENATED:
            break  # "…"\n"requestId" is the next JSON key, not the rest of the token
        pieces.append(word)
        end = piece.end()
    return _ZW_RE.sub("", "".join(pieces)), end


def _is_placeholder(token: str) -> bool:
    return len(set(token.lower())) == 1


def _looks_random(token: str) -> bool:
    """A short run that is a cut-off token (mixed case, digits) rather than a word such as 'encodedmessage'."""
    if any(ch.isdigit() or ch in "-_" for ch in token):
        return True
    return any(a.islower() and b.isupper() for a, b in itertools.pairwise(token))


def _bare_token(folded: Folded) -> tuple[int, int, str] | None:
    """A token pasted with no label: the whole text, or the whole of one code block."""
    text = folded.text
    blocks = [(0, len(text))]
    blocks += [(m.start() + 3, m.end() - 3) for m in folded.matches(_FENCE, (b"```",))]
    for start, end in blocks:
        found = _sole_token(text, start, end)
        if found:
            return found
    return None


def _sole_token(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    if end - start > 4 * MAX_TOKEN_LENGTH:
        return None  # even a token wrapped at every line with deep indentation is not this long: do not copy a log
    body = text[start:end]
    stripped = body.strip().strip("`\"'").strip()
    if not stripped:
        return None
    # A language tag on the fence line (```text) is not part of the token.
    first_line, _, rest = stripped.partition("\n")
    if rest and len(first_line) < 16 and first_line.isalpha():
        stripped = rest.strip()
    joined = "".join(line.strip() for line in stripped.splitlines())
    joined = _ZW_RE.sub("", joined)
    if not MIN_TOKEN_LENGTH <= len(joined) <= MAX_TOKEN_LENGTH:
        return None
    run = _RUN.fullmatch(joined)
    if not run or not _looks_random(joined):
        return None
    offset = start + body.index(stripped[:1])
    return offset, offset + len(stripped), joined


def _decoded_messages(text: str) -> tuple[DecodedMessage, ...]:
    """Decoded messages, whether raw JSON, the CLI's {"DecodedMessage": "..."} or escaped again inside a log."""
    starts = list(_DECODED_START.finditer(text))[:MAX_DECODED_CANDIDATES]
    found: list[DecodedMessage] = []
    seen: set[str] = set()
    for index, match in enumerate(starts):
        backslashes = len(match.group(1))
        levels = (backslashes + 1).bit_length() - 1
        if (1 << levels) - 1 != backslashes:
            continue
        limit = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        document = _candidate(text, match.start(), min(limit, match.start() + DECODED_WINDOW), levels)
        if document is None:
            continue
        key = json.dumps(document, sort_keys=True)
        if key in seen:
            continue
        seen.add(key)
        found.append(DecodedMessage(document, match.start(), _hints_before(text, 0, match.start())))
    return tuple(found)


def _candidate(text: str, start: int, end: int, levels: int) -> dict[str, Any] | None:
    """The decoded message escaped `levels` times in text[start:end]. Copying and unescaping cost far more than
    parsing, so it is first read in place; the window is unescaped whole and repaired only if that fails."""
    document = _read_in_place(text, start, end, levels)
    if document is not None:
        return document
    segment = _unescaped(text[start:end], levels)
    document = _load_object(segment)
    if document is None and "&" in segment:
        document = _load_object(slack_unescape(segment))
    return document


def _read_in_place(text: str, start: int, end: int, levels: int) -> dict[str, Any] | None:
    """Raw JSON where it stands; escaped JSON from its own line (a JSON string holds no line break), through the
    JSON strings it stands in, read by json's own scanner."""
    try:
        if not levels:
            document, stop = _DECODER.raw_decode(text, start)
            return document if isinstance(document, dict) and stop <= end else None
        line_end = text.find("\n", start, end)
        segment = text[start : end if line_end < 0 else line_end]
        for _ in range(levels):
            segment = json.decoder.scanstring('"' + segment, 1, False)[0]  # type: ignore[attr-defined]
        document, _ = _DECODER.raw_decode(segment)
    except (ValueError, RecursionError):
        return None
    return document if isinstance(document, dict) else None


def _unescaped(segment: str, levels: int) -> str:
    for _ in range(levels):
        segment = _unescape_once(segment)
    return segment


# A decoded message's own keys, quoted (and maybe escaped, emphasised): the signs that one was pasted.
_QUOTED_KEY = r'[*_]*\\*"[*_]*{}[*_]*\\*"[*_]*\s*:'
_ALLOWED_KEY = LazyPattern(_QUOTED_KEY.format("allowed"))
_OTHER_KEYS = LazyPattern(_QUOTED_KEY.format("(?:explicitDeny|matchedStatements|context)"))
_KEY_DECORATION = 32  # how far emphasis, backslashes and white space may stretch a quoted key around its word
_LINE_BREAK_INDENT = LazyPattern(r"\r?\n[ \t]*")
# Markdown emphasis that a rich-text editor put around JSON tokens: before a quote or bracket (after space or
# punctuation), after a quote or bracket (before space or punctuation), or doubled around a whole string.
_EMPHASIS_OPENING = LazyPattern(r'(?:(?<=^)|(?<=[\s,{\[]))\*{1,3}(?=\\*"|[{\[])', re.MULTILINE)
_EMPHASIS_CLOSING = LazyPattern(r'(?<=["}\]])\*{1,3}(?=[\s,:}\]]|$)', re.MULTILINE)
_EMPHASIS_IN_STRING = LazyPattern(r'(\\*")\*\*([^"*\\]+)\*\*(\\*")')


def _recovered(folded: Folded) -> tuple[DecodedMessage, ...]:
    """A decoded message that a terminal hard-wrapped (anywhere, even inside an escape sequence) or a rich-text
    editor decorated with emphasis; one that clearly is a decoded message but cannot be read is returned as
    damaged, so that it is reported rather than missed."""
    text = folded.text
    joined = text.replace("\r\n", "").replace("\n", "")  # every line break gone, as a regex would, but faster
    if not (_has_key(joined, _ALLOWED_KEY, ("allowed",))
            and _has_key(joined, _OTHER_KEYS, ("explicitDeny", "matchedStatements", "context"))):
        return ()
    for variant in (joined, _LINE_BREAK_INDENT.sub("", text), text):
        cleaned = _EMPHASIS_IN_STRING.sub(r"\1\2\3", _EMPHASIS_CLOSING.sub("", _EMPHASIS_OPENING.sub("", variant)))
        found = _decoded_messages(cleaned)
        if found:
            # Offsets in the cleaned text do not map back exactly; the first key's place is close enough.
            start = text.find("allowed")
            return tuple(DecodedMessage(d.document, start, _hints_before(text, 0, start)) for d in found)
    start = max(0, text.find("allowed"))
    fragment = text[start : start + DECODED_WINDOW]
    return (DecodedMessage({}, start, _hints_before(text, 0, start), damaged=fingerprint(fragment)),)


def _has_key(text: str, key: Pattern, words: tuple[str, ...]) -> bool:
    """key.search(text), looked for only around the words the key must contain: a log of a megabyte has few."""
    for word in words:
        at = text.find(word)
        while at >= 0:
            if key.search(text, max(0, at - _KEY_DECORATION), at + len(word) + _KEY_DECORATION):
                return True
            at = text.find(word, at + 1)
    return False


def _unescape_once(segment: str) -> str:
    def replace(m: re.Match[str]) -> str:
        code = m.group(1)
        return chr(int(code[1:], 16)) if code[0] == "u" else _ESCAPES[code]

    return _ESCAPE.sub(replace, segment)


def slack_unescape(text: str) -> str:
    """Undo the three entities Slack escapes in message text, and drop zero-width characters."""
    for entity, char in _SLACK_ENTITIES:
        text = text.replace(entity, char)
    return _ZW_RE.sub("", text)


def _load_object(segment: str) -> dict[str, Any] | None:
    try:
        document, _ = json.JSONDecoder().raw_decode(segment)
    except RecursionError:
        return None  # nested deeper than any decoded message: not one
    except ValueError:
        document = _load_damaged(segment)
        if isinstance(document, dict) and not _names_an_action(document):
            return None  # a repair that lost what was denied would explain nothing, or the wrong thing
    return document if isinstance(document, dict) else None


def _names_an_action(document: dict[str, Any]) -> bool:
    inner = document.get("DecodedMessage")
    if isinstance(inner, str):
        return '"action"' in inner
    context = document.get("context")
    return isinstance(context, dict) and bool(context.get("action"))


# Lines that only say something was left out: "(...)", "...", "… ", "[...]", jq-style "... . .".
_ELISION_LINE = LazyPattern(r"^[ \t]*(?:\(\.\.\.\)|\[\.\.\.\]|…|\.\.\.(?:[ \t]*\.)*)[ \t]*,?[ \t]*$", re.MULTILINE)
_TRAILING_COMMA = LazyPattern(r",(\s*[}\]])")


def _load_damaged(segment: str) -> Any:
    """Best effort for hand-edited pastes: elided lines ('(...)'), trailing commas, a cut-off end."""
    repaired = _TRAILING_COMMA.sub(r"\1", _ELISION_LINE.sub("", segment))
    try:
        return json.JSONDecoder().raw_decode(repaired)[0]
    except RecursionError:
        return None
    except ValueError:
        closed = _close_brackets(repaired)
    if closed is None:
        return None
    try:
        return json.loads(_TRAILING_COMMA.sub(r"\1", closed))
    except (ValueError, RecursionError):
        return None


def _close_brackets(segment: str) -> str | None:
    """Cut a JSON text after its last complete value and close whatever is still open."""
    stack: list[str] = []
    in_string = escaped = False
    last_safe = -1
    safe_stack: list[str] = []
    for index, ch in enumerate(segment):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if ch == '"':
            in_string = True
        elif ch in "{[":
            stack.append("}" if ch == "{" else "]")
        elif ch in "}]":
            if not stack or stack.pop() != ch:
                break  # an unbalanced bracket (a hand-edited paste): keep what came before it
            if not stack:
                return segment[: index + 1]
            last_safe, safe_stack = index, list(stack)
        elif ch == ",":
            last_safe, safe_stack = index - 1, list(stack)
    if last_safe < 0:
        return None
    return segment[: last_safe + 1] + "".join(reversed(safe_stack))


def _hints_before(text: str, floor: int, position: int) -> Hints:
    """Hints from the error text that leads up to a token: after the previous token, not the whole paste."""
    window = text[max(floor, position - HINT_WINDOW) : position]
    folded = Folded(window)
    return _hints(folded, find_denials(folded)[-1:])


def _hints(folded: Folded, denials: list[Denial]) -> Hints:
    """What the error text says: its accounts, and what the given plain-text denial in it names."""
    accounts = tuple(dict.fromkeys(m.group(1) for m in folded.matches(_ACCOUNT, (b"arn:aws",))))
    if not denials:
        return Hints(accounts=accounts)
    denial = denials[0]
    kind = denial.policy_kind
    policy = PolicyHint(kind, denial.explicit, denial.policy_arn) if kind else None
    return Hints(accounts=accounts, principal_arn=denial.principal, action=denial.action, resource=denial.resource,
                 policy=policy)
