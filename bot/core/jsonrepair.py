"""Reading JSON objects as people paste them: escaped once or more inside other JSON strings, read in place,
or hand-edited (elided lines, trailing commas, a cut-off end). Knows nothing of AWS. Pure."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from bot.core.textsearch import LazyPattern

_DECODER = json.JSONDecoder()
_ESCAPE = LazyPattern(r"\\(u[0-9a-fA-F]{4}|[\"\\/bfnrt])")
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
# Lines that only say something was left out: "(...)", "...", "… ", "[...]", jq-style "... . .".
_ELISION_LINE = LazyPattern(r"^[ \t]*(?:\(\.\.\.\)|\[\.\.\.\]|…|\.\.\.(?:[ \t]*\.)*)[ \t]*,?[ \t]*$", re.MULTILINE)
_TRAILING_COMMA = LazyPattern(r",(\s*[}\]])")


def read_in_place(text: str, start: int, end: int, levels: int) -> dict[str, Any] | None:
    """The object at text[start:end], escaped `levels` times. Raw JSON is read where it stands; escaped JSON from its
    own line (a JSON string holds no line break), through the JSON strings it stands in, by json's own scanner:
    copying and unescaping cost far more than parsing."""
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


def unescaped(segment: str, levels: int) -> str:
    """The text with its JSON string escapes undone `levels` times, wherever they stand."""
    for _ in range(levels):
        segment = _ESCAPE.sub(_unescape, segment)
    return segment


def _unescape(m: re.Match[str]) -> str:
    code = m.group(1)
    return chr(int(code[1:], 16)) if code[0] == "u" else _ESCAPES[code]


def load_object(segment: str, keep_repaired: Callable[[dict[str, Any]], bool]) -> dict[str, Any] | None:
    """The JSON object at the start of segment; a repaired one only if `keep_repaired` accepts it (a repair that
    lost what matters would explain nothing, or the wrong thing)."""
    try:
        document, _ = _DECODER.raw_decode(segment)
    except RecursionError:
        return None  # nested deeper than anything worth reading
    except ValueError:
        document = _repaired(segment)
        if isinstance(document, dict) and not keep_repaired(document):
            return None
    return document if isinstance(document, dict) else None


def _repaired(segment: str) -> Any:
    """Best effort for hand-edited pastes: elided lines ('(...)'), trailing commas, a cut-off end."""
    repaired = _TRAILING_COMMA.sub(r"\1", _ELISION_LINE.sub("", segment))
    try:
        return _DECODER.raw_decode(repaired)[0]
    except RecursionError:
        return None
    except ValueError:
        closed = close_brackets(repaired)
    if closed is None:
        return None
    try:
        return json.loads(_TRAILING_COMMA.sub(r"\1", closed))
    except (ValueError, RecursionError):
        return None


def close_brackets(segment: str) -> str | None:
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
