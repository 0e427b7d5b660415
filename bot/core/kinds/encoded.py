"""Encoded authorization failure messages: the token after its label (wrapped, quoted, cut short), or alone in a
paste or a code block. STS decodes it (through Lookups); then it reads as a decoded message. A label with nothing
usable after it is a `MissingToken`, found here too."""

from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from bot.core.hints import Hints, Paste, fingerprint
from bot.core.kinds.base import Kind
from bot.core.outcomes import Decoded, LookupProblem, Lookups, Problem, Reading
from bot.core.parsers import decoded
from bot.core.textsearch import ZERO_WIDTH, Folded, LazyPattern, Search, spaced, without_zero_width
from bot.i18n import Line
from bot.vocab import InputKind, ProblemCode, Source

MIN_TOKEN_LENGTH = 300  # real tokens are 500-1,600 characters; anything much shorter was cut
MAX_TOKEN_LENGTH = 10_240  # STS rejects longer EncodedMessage values


@dataclass(frozen=True)
class EncodedToken:
    token: str
    start: int
    end: int
    truncated: bool
    hints: Hints = field(default_factory=Hints)
    kind = InputKind.ENCODED

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.token)

    @property
    def needs_aws(self) -> bool:
        return not self.truncated


@dataclass(frozen=True)
class MissingToken:
    """A label with nothing usable after it: a placeholder, a redaction, or the token dropped."""

    start: int
    hints: Hints = field(default_factory=Hints)
    kind = InputKind.MISSING
    needs_aws = False
    fingerprint = None


_TOKEN_CHARS = "A-Za-z0-9_-"
# A token is one run of the base64url alphabet; zero-width characters inside it are tolerated.
_RUN = LazyPattern(f"(?:[{_TOKEN_CHARS}]|[{ZERO_WIDTH}](?=[{_TOKEN_CHARS}]))+")


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
# Every label begins at its "enc" (the flag's dashes stand up to two characters before it), which only the label's
# own first words, where the text holds them wrapped, can break across lines.
LABEL = Search(
    "label",
    LazyPattern(spaced("encoded authorization failure message") + r"[ \t]*:" + "|" + _FLAG, re.IGNORECASE),
    (b"enc",), lead=2, phrase=b"encoded authorization", wrapped=(b"e\n", b"e\r\n", b"en\n", b"en\r\n"),
)
# What may stand between a label and its token: white space, quotes, backticks, JSON escapes, a Slack
# quote marker, a Terraform box-drawing border, Markdown emphasis, template braces, a source-code string
# concatenation, zero-width characters.
_GAP = LazyPattern(r"(?:[\s\"'`“”‘’│*{+" + ZERO_WIDTH + r"]|\\[nrt\"'\\]|&gt;|&quot;)*")
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
FENCE = Search("fence", LazyPattern(r"```[^`]*```"), (b"```",))


def find(paste: Paste) -> list[EncodedToken | MissingToken]:
    """Each labelled token once (or a MissingToken where a label has none), else a bare token."""
    tokens: dict[str, EncodedToken] = {}
    missing: list[MissingToken] = []
    previous_end = 0
    for start, end, token, truncated in _labelled_tokens(paste.folded):
        hints = paste.hints_before(previous_end, start)
        previous_end = end
        if token is None:
            missing.append(MissingToken(start, hints))
        elif token not in tokens:
            tokens[token] = EncodedToken(token, start, end, truncated, hints)
    if not tokens:
        bare = _bare_token(paste.folded)
        if bare:
            start, end, token = bare
            tokens[token] = EncodedToken(token, start, end, False, paste.hints_before(0, start))
    return [*tokens.values(), *missing]


def _labelled_tokens(folded: Folded) -> list[tuple[int, int, str | None, bool]]:
    """(start, end, token or None, truncated) for each label; None marks a label with no token."""
    text = folded.text
    found: list[tuple[int, int, str | None, bool]] = []
    for label in LABEL.fast(folded):
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
    return without_zero_width("".join(pieces)), end


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
    blocks += [(m.start() + 3, m.end() - 3) for m in FENCE.fast(folded)]
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
    joined = without_zero_width("".join(line.strip() for line in stripped.splitlines()))
    if not MIN_TOKEN_LENGTH <= len(joined) <= MAX_TOKEN_LENGTH:
        return None
    run = _RUN.fullmatch(joined)
    if not run or not _looks_random(joined):
        return None
    offset = start + body.index(stripped[:1])
    return offset, offset + len(stripped), joined


def read(item: EncodedToken, lookups: Lookups | None) -> list[Reading]:
    if item.truncated:
        problem = Problem.of(ProblemCode.TRUNCATED, length=len(item.token))
        return [Reading(problem=_decode_yourself(problem, item, with_token=False))]
    outcome = lookups.decode(item) if lookups else LookupProblem(ProblemCode.UNEXPECTED)
    if isinstance(outcome, Decoded):
        return [dataclasses.replace(decoded.reading(outcome.message), account=outcome.account)]
    if isinstance(outcome, LookupProblem) and outcome.code in _ANOTHER_ACCOUNT:
        # Most often a token from another account: the command to run there, and an offer to explain its output,
        # which needs no AWS access.
        problem = Problem.of(outcome.code, count=outcome.tried, account=outcome.account or "?")
        return [Reading(problem=_decode_yourself(problem, item))]
    if isinstance(outcome, LookupProblem):
        problem = Problem.from_lookup(outcome)
        if outcome.code in _NOT_DECODING:  # decode-bot cannot decode at all: the person still can
            problem = _decode_yourself(problem, item)
        return [Reading(problem=problem)]
    return [Reading(problem=Problem.of(ProblemCode.UNPARSEABLE))]


def decode_command(token: str) -> tuple[str, ...]:
    """The decode command as two lines to copy: the message in a variable, then the call (a 1,600-character token
    inline in a sentence cannot be copied from a phone)."""
    return (f"MSG='{token}'",
            'aws sts decode-authorization-message --encoded-message "$MSG" --query DecodedMessage --output text')


def _decode_yourself(problem: Problem, item: EncodedToken, with_token: bool = True) -> Problem:
    """The command in the answer with a placeholder, and ready to run with the token only where it is private;
    the account the error text names, where it names one."""
    shown = decode_command("PASTE-THE-ENCODED-MESSAGE-HERE")
    private = decode_command(item.token) if with_token else ()
    accounts = item.hints.accounts
    hint = Line("hint.error_account", account=accounts[0]) if accounts else None
    return problem.with_commands(("\n".join(shown),), ("\n".join(private),) if private else (), hint)


_ANOTHER_ACCOUNT = (ProblemCode.INVALID_TOKEN, ProblemCode.NOT_IN_ACCOUNTS, ProblemCode.ACCOUNT_NOT_CONFIGURED,
                    ProblemCode.ACCOUNT_NOT_IN_SCOPE)
_NOT_DECODING = (ProblemCode.NO_CREDENTIALS, ProblemCode.BAD_CREDENTIALS, ProblemCode.EXPIRED_CREDENTIALS,
                 ProblemCode.ACCESS_DENIED, ProblemCode.ASSUME_ROLE_FAILED)


def read_missing(item: MissingToken, lookups: Lookups | None) -> list[Reading]:
    return [Reading(problem=Problem.of(ProblemCode.NO_TOKEN))]


def _to_json(item: EncodedToken) -> dict[str, Any]:
    return {"token": item.token, "end": item.end, "truncated": item.truncated}


def _from_json(entry: dict[str, Any], start: int, hints: Hints) -> EncodedToken:
    return EncodedToken(str(entry["token"]), start, int(entry["end"]), bool(entry["truncated"]), hints)


def _scan_form(tokens: tuple[EncodedToken, ...]) -> list[dict[str, Any]]:
    return [{"token": t.token, "start": t.start, "end": t.end, "truncated": t.truncated} for t in tokens]


ENCODED = Kind(InputKind.ENCODED, EncodedToken, find, read, Source.STS, _to_json, _from_json,
               scan_field="tokens", scan_form=_scan_form, fast_paths=(LABEL, FENCE))
MISSING = Kind(InputKind.MISSING, MissingToken, None, read_missing, None, lambda item: {},
               lambda entry, start, hints: MissingToken(start, hints))
