"""CloudTrail log files as `decode-bot report` reads them: folders searched recursively (as CloudTrail lays them out
in S3: AWSLogs/<org or account>/…/CloudTrail/<region>/<yyyy>/<mm>/<dd>/), gzip or not, a log file
({"Records": [...]}) or JSON Lines (CloudTrail Lake, Athena, `aws cloudtrail lookup-events` exports), one record at a
time. A log file is read whole (CloudTrail writes them a few MB at most); JSON Lines line by line, so that memory
never grows with the trail. A file that cannot be read is reported and skipped.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from bot.core import trail

_SUFFIXES = (".json", ".json.gz", ".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".gz")
MAX_LINE = 1 << 20  # a JSON Lines record longer than this is skipped (CloudTrail's own limit is far lower)
MAX_FILE = 256 << 20  # a log file read whole larger than this is skipped (CloudTrail writes a few MB at most)


def files_in(paths: list[Path]) -> Iterator[Path]:
    """Each file named, and every log file under each folder named, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.name.endswith(_SUFFIXES))
        else:
            yield path


def records_in_file(path: Path, skip: Callable[[str], None]) -> Iterable[Any]:
    """Every record of one file (non-records too, for the caller to count); `skip` hears what was left out. A log
    file's records come as the list json.loads made (no per-record work here: the caller's fast path does it)."""
    raw = _opened(path)
    try:
        head = raw.read(1 << 16)
        if _one_value_per_line(head):
            return _lines(io.BufferedReader(_Prefixed(head, raw)), skip, raw)
        # One JSON value over many lines (a pretty-printed log file or record), or a log file on one line.
        content = head + raw.read(MAX_FILE + 1 - len(head))
    except BaseException:
        raw.close()
        raise
    raw.close()
    if len(content) > MAX_FILE:
        skip("too_large")
        return []
    return _whole(content, skip)


def _one_value_per_line(head: bytes) -> bool:
    """JSON Lines: the first line is a whole JSON value that is not a log file (CloudTrail writes a log file on
    one line; it is read whole)."""
    stripped = head.lstrip()
    if stripped.startswith(b"{") and b'"Records"' in stripped[:64]:
        return False
    first = stripped.split(b"\n", 1)[0]
    if len(first) >= len(stripped) and len(head) >= 1 << 16:
        return True  # a first line longer than what was read, and not a log file: an oversized JSON Lines record
    try:
        json.loads(first)
    except (ValueError, RecursionError):
        return False
    return True


def _opened(path: Path) -> IO[bytes]:
    return gzip.open(path, "rb") if path.name.endswith(".gz") else path.open("rb")  # type: ignore[return-value]


def _whole(content: bytes, skip: Callable[[str], None]) -> list[Any]:
    try:
        value = json.loads(content)
    except (ValueError, RecursionError):
        skip("not_json")
        return []
    if isinstance(value, dict) and isinstance(value.get("Records"), list):
        return list(value["Records"])  # a log file
    records = list(trail.records_in(value))
    if not records:
        skip("not_a_record")
    return records


def _lines(raw: IO[bytes], skip: Callable[[str], None], closing: IO[bytes]) -> Iterator[Any]:
    with closing:
        yield from _read_lines(raw, skip)


def _read_lines(raw: IO[bytes], skip: Callable[[str], None]) -> Iterator[Any]:
    while line := raw.readline(MAX_LINE + 1):
        if len(line) > MAX_LINE:
            skip("too_large")
            while line and not line.endswith(b"\n"):  # the rest of an oversized line
                line = raw.readline(MAX_LINE + 1)
            continue
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except (ValueError, RecursionError):
            skip("not_json")
            continue
        records = list(trail.records_in(value))
        if not records:
            skip("not_a_record")
        yield from records


class _Prefixed(io.RawIOBase):
    """A stream that gives back bytes already read before the rest."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        chunk = self._rest.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def readable_errors() -> tuple[type[BaseException], ...]:
    """What reading a damaged or unreadable file raises."""
    return (OSError, EOFError, zlib.error, gzip.BadGzipFile, UnicodeDecodeError)
