"""Finding wrap-tolerant phrases in large texts at the speed of a substring search.

A regular expression steps through every character of a megabyte log in Python's engine; bytes.find runs at
memory speed. So each search here first finds where a match could begin with plain substring searches over a
folded copy of the text, then runs the real pattern only there. Tests check that every fast path returns what
the full regex pass returns.
"""

from __future__ import annotations

import heapq
import itertools
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol

_WHITESPACE = b" \t\r\n"
# Python's IGNORECASE matching equates four characters outside ASCII with these letters; the folded text has
# "?" there, so a needle holding one of them could miss what a case-insensitive pattern matches.
_FOLDED_AWAY = frozenset(b"isk")
_IGNORECASE = int(re.IGNORECASE)  # a plain int: RegexFlag's & costs microseconds, on every search


class LazyPattern:
    """A regular expression compiled on first use: a command that never needs it does not pay for compiling it
    (the wrap-tolerant ones take milliseconds each)."""

    def __init__(self, source: str, flags: int = 0) -> None:
        self.source = source
        self.flags = int(flags)

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        return re.compile(self.source, self.flags)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.match(text, pos, endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.fullmatch(text, pos, endpos)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.search(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text, pos, endpos)

    def findall(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self.compiled.findall(text, pos, endpos)

    def sub(self, replacement: str | Callable[[re.Match[str]], str], text: str) -> str:
        return self.compiled.sub(replacement, text)


Pattern = re.Pattern[str] | LazyPattern


# Between two words of a phrase: spaces or tabs, or a line break and the next line's indentation.
WORD_BREAK = r"(?:[ \t]+|\r?\n[ \t]*)"


def spaced(phrase: str) -> str:
    """Regex for a phrase that a terminal or a hard-wrapping tool may have broken across lines."""
    brk = r"(?:\r?\n[ \t]*)?"
    return "".join(WORD_BREAK if ch == " " else re.escape(ch) + brk for ch in phrase)


class Folded:
    """A text and its copy lower-cased as ASCII bytes, one byte per character (others become "?") so that
    offsets agree."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = text.encode("ascii", "replace").lower()

    @cached_property
    def squeezed(self) -> bytes:
        """The folded copy without white space."""
        return self.folded.translate(None, _WHITESPACE)

    def broken(self, phrase: bytes, as_written: int | None = None) -> bool:
        """Whether some copy of the phrase may be split by white space (wrapped, indented, spaces doubled): the text
        holds it more often with white space removed than `as_written` (its count as written). The phrase must not
        overlap itself."""
        as_written = self.folded.count(phrase) if as_written is None else as_written
        return as_written != self.squeezed.count(phrase.replace(b" ", b""))

    def matches(self, pattern: Pattern, needles: tuple[bytes, ...], lead: int = 0) -> list[re.Match[str]]:
        """list(pattern.finditer(text)) for a pattern each of whose matches begins with one of the needles, or at
        most `lead` characters before one: the pattern is tried only there."""
        if pattern.flags & _IGNORECASE and any(_FOLDED_AWAY.intersection(needle) for needle in needles):
            raise ValueError(f"a needle for a case-insensitive pattern holds one of {sorted(_FOLDED_AWAY)}")
        return self._matches(pattern, [self._positions(needle) for needle in needles], lead)

    def _matches(self, pattern: Pattern, candidates: list[Iterable[int]], lead: int = 0) -> list[re.Match[str]]:
        matches: list[re.Match[str]] = []
        tried = -1
        for at, _ in itertools.groupby(heapq.merge(*candidates)):
            for start in range(max(at - lead, tried + 1, 0), at + 1):
                tried = start
                if matches and start < matches[-1].end():
                    continue
                match = pattern.match(self.text, start)
                if match:
                    matches.append(match)
                    break
        return matches

    def phrase_matches(self, pattern: Pattern, phrase: str) -> list[re.Match[str]]:
        """list(pattern.finditer(text)) for a pattern that starts with spaced(phrase), a phrase that does not
        overlap itself: tried where the phrase stands as written unless some copy of it is broken."""
        plain = phrase.lower().encode("ascii")
        where = list(self._positions(plain))
        return list(pattern.finditer(self.text)) if self.broken(plain, len(where)) else self._matches(pattern, [where])

    def _positions(self, needle: bytes) -> Iterator[int]:
        at = self.folded.find(needle)
        while at >= 0:
            yield at
            at = self.folded.find(needle, at + 1)


@dataclass(frozen=True)
class Search:
    """A pattern each of whose matches begins with one of `needles` (or at most `lead` characters before one):
    `fast()` runs it only there, and a property test holds it to `full()`, the plain regex pass. `wrapped`
    needles are added where the text holds `phrase` broken across lines."""

    name: str
    pattern: LazyPattern
    needles: tuple[bytes, ...]
    lead: int = 0
    phrase: bytes = b""
    wrapped: tuple[bytes, ...] = ()

    def fast(self, folded: Folded) -> list[re.Match[str]]:
        needles = self.needles + self.wrapped if self.phrase and folded.broken(self.phrase) else self.needles
        return folded.matches(self.pattern, needles, self.lead)

    def full(self, text: str) -> list[re.Match[str]]:
        return list(self.pattern.finditer(text))

    def fast_and_full(self, text: str) -> tuple[object, object]:
        return [m.span() for m in self.fast(Folded(text))], [m.span() for m in self.full(text)]


class FastPath(Protocol):
    """A search with a fast path, which a property test holds to its plain regex pass."""

    @property
    def name(self) -> str: ...

    def fast_and_full(self, text: str) -> tuple[object, object]:
        """What the fast path finds in text, and what the plain pass finds."""
        ...


class WordSearch:
    """Whether a pattern matches anywhere in a text, tried only around the words each of its matches contains (a log
    of a megabyte has few); `reach`: how far a match stretches around its word."""

    def __init__(self, name: str, pattern: LazyPattern, words: tuple[str, ...], reach: int) -> None:
        self.name = name
        self.pattern = pattern
        self.words = words
        self.reach = reach

    def fast(self, text: str) -> bool:
        for word in self.words:
            at = text.find(word)
            while at >= 0:
                if self.pattern.search(text, max(0, at - self.reach), at + len(word) + self.reach):
                    return True
                at = text.find(word, at + 1)
        return False

    def full(self, text: str) -> bool:
        return self.pattern.search(text) is not None

    def fast_and_full(self, text: str) -> tuple[object, object]:
        return self.fast(text), self.full(text)


@dataclass(frozen=True)
class PhraseSearch:
    """A pattern that starts with spaced(phrase), for a phrase that does not overlap itself."""

    name: str
    pattern: LazyPattern
    phrase: str

    def fast(self, folded: Folded) -> list[re.Match[str]]:
        return folded.phrase_matches(self.pattern, self.phrase)

    def fast_and_full(self, text: str) -> tuple[object, object]:
        return [m.span() for m in self.fast(Folded(text))], [m.span() for m in self.pattern.finditer(text)]


# Characters that chat clients and editors slip into pasted text, invisible, even inside a token.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH_RUN = LazyPattern(f"[{ZERO_WIDTH}]")
_SLACK_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))


def without_zero_width(text: str) -> str:
    return _ZERO_WIDTH_RUN.sub("", text)


def slack_unescape(text: str) -> str:
    """Undo the three entities Slack escapes in message text, and drop zero-width characters."""
    for entity, char in _SLACK_ENTITIES:
        text = text.replace(entity, char)
    return without_zero_width(text)
