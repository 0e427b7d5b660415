"""A bounded, expiring LRU mapping: the one cache structure (decode results, details references)."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")


class ExpiringLru(Generic[V]):
    """LRU mapping bounded in entries (and, given a size function, in bytes) whose entries expire after ttl
    seconds. Thread-safe."""

    def __init__(self, max_entries: int, ttl_seconds: float, max_bytes: int = 0,
                 size: Callable[[V], int] | None = None) -> None:
        self._entries: OrderedDict[str, tuple[float, V]] = OrderedDict()
        self._max = max_entries
        self._ttl = ttl_seconds
        self._max_bytes = max_bytes
        self._size = size
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> V | None:
        """The value while it is fresh; None once it has expired or was pushed out."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or time.monotonic() - entry[0] >= self._ttl:
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def stale(self, key: str) -> V | None:
        """The value however old, until it is pushed out: better than nothing when it cannot be fetched again."""
        with self._lock:
            entry = self._entries.get(key)
            return entry[1] if entry else None

    def put(self, key: str, value: V) -> None:
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = (time.monotonic(), value)
            self._bytes += self._size(value) if self._size else 0
            while self._entries and (len(self._entries) > self._max
                                     or (self._max_bytes and self._bytes > self._max_bytes)):
                self._drop(next(iter(self._entries)))

    def _drop(self, key: str) -> None:
        _, value = self._entries.pop(key)
        self._bytes -= self._size(value) if self._size else 0

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def bytes(self) -> int:
        return self._bytes
