"""The message catalogs: stages produce Lines (a key and its parameters); only renderers turn them into text.

A new language is a new catalog module and one entry in CATALOGS. A key missing from a catalog (or a template
whose parameters do not fit) is logged once and falls back to English, then to the bare key: never an exception.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Union

from bot.i18n.en import EN
from bot.i18n.ja import JA
from bot.vocab import DEFAULT_LANGUAGE

log = logging.getLogger(__name__)

CATALOGS: dict[str, dict[str, str]] = {"en": EN, "ja": JA}

ParamValue = Union[str, int, "Line"]
_reported: set[tuple[str, str]] = set()


@dataclass(frozen=True)
class Line:
    key: str
    params: tuple[tuple[str, ParamValue], ...] = ()

    def __init__(self, key: str, /, **params: ParamValue) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "params", tuple(sorted(params.items())))

    def adding(self, **params: ParamValue) -> Line:
        return Line(self.key, **{**dict(self.params), **params})


def _as_is(content: str) -> str:
    return content


def _label_then_url(url: str, label: str) -> str:
    return f"{label} {url}"


@dataclass(frozen=True)
class Voice:
    """How a renderer writes catalog prose and the values placed into it (ARNs, actions, keys, values)."""

    prose: Callable[[str], str]
    value: Callable[[str], str]
    block: Callable[[str], str] = _as_is  # inside a fenced code block
    link: Callable[[str, str], str] = _label_then_url  # (url, label)


PLAIN = Voice(_as_is, _as_is)


_GROUPING = {"en": ",", "ja": ","}  # thousands separators, per language


def _number(value: int, lang: str) -> str:
    return f"{value:,}".replace(",", _GROUPING.get(lang, ","))


def text(line: Line | str, lang: str = DEFAULT_LANGUAGE, voice: Voice = PLAIN) -> str:
    """A Line (or a bare key) in a language; English where that catalog lacks the entry. Numbers are grouped as
    the language writes them (1,600 in both English and Japanese); every other value goes through the voice (inline
    code and escaping for Slack, for example)."""
    if isinstance(line, str):
        line = Line(line)
    params = {name: text(value, lang, voice) if isinstance(value, Line) else _number(value, lang)
              if isinstance(value, int) else voice.value(value) for name, value in line.params}
    for language in dict.fromkeys((lang, DEFAULT_LANGUAGE)):
        template = CATALOGS.get(language, {}).get(line.key)
        if template is None:
            _report(line.key, language, "missing")
            continue
        try:
            return voice.prose(template).format(**params)
        except (KeyError, IndexError, ValueError):
            _report(line.key, language, "does not fit its parameters")
    return line.key


def has(key: str) -> bool:
    return key in CATALOGS[DEFAULT_LANGUAGE]


def _report(key: str, language: str, what: str) -> None:
    if (key, language) not in _reported:
        _reported.add((key, language))
        log.error("catalog entry %s (%s) %s", key, language, what)
