"""Short-lived shared state: handled events, answered tokens, rate-limit windows, "Show details" references.

In memory by default, which covers every thread of the one process the Procfile starts per mode (HTTP or
Socket Mode). Every structure is bounded in size and age. Another backend (Redis, DynamoDB) needs only
these methods.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from typing import Any, Generic, Protocol, TypeVar

V = TypeVar("V")


class Store(Protocol):
    def first_time(self, key: str) -> bool:
        """Record key; True only for the first caller within the store's time-to-live."""

    def forget(self, key: str) -> None:
        """Drop key, so that a later attempt counts as the first again."""

    def allow(self, key: str, limit: int, window_seconds: float, cost: int = 1) -> bool:
        """Count `cost` events for key; False (and nothing counted) when that would exceed limit per window."""

    def put(self, key: str, value: str) -> None:
        """Keep a value for the store's time-to-live."""

    def get(self, key: str) -> str | None:
        """A value kept by put(), or None when it expired or was pushed out."""


class ExpiringLru(Generic[V]):
    """Bounded LRU mapping whose entries expire after ttl seconds. Thread-safe."""

    def __init__(self, max_entries: int, ttl_seconds: float) -> None:
        self._entries: OrderedDict[str, tuple[float, V]] = OrderedDict()
        self._max = max_entries
        self._ttl = ttl_seconds
        self._lock = threading.Lock()

    def get(self, key: str) -> V | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if time.monotonic() - entry[0] >= self._ttl:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: str, value: V) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic(), value)
            self._entries.move_to_end(key)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


class MemoryStore:
    """Thread-safe, bounded, expiring; the oldest entries go first when a structure is full."""

    def __init__(self, max_keys: int = 50_000, ttl_seconds: float = 24 * 3600, max_values: int = 5_000) -> None:
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._values: ExpiringLru[str] = ExpiringLru(max_values, ttl_seconds)  # values are larger than keys
        self._windows: OrderedDict[str, deque[float]] = OrderedDict()
        self._max = max_keys
        self._ttl = ttl_seconds
        self._lock = threading.Lock()

    def first_time(self, key: str) -> bool:
        now = time.monotonic()
        with self._lock:
            stored = self._seen.get(key)
            if stored is not None and now - stored < self._ttl:
                return False
            self._seen[key] = now
            self._seen.move_to_end(key)
            self._trim(self._seen)
            return True

    def forget(self, key: str) -> None:
        with self._lock:
            self._seen.pop(key, None)

    def allow(self, key: str, limit: int, window_seconds: float, cost: int = 1) -> bool:
        now = time.monotonic()
        with self._lock:
            window = self._windows.setdefault(key, deque())
            self._windows.move_to_end(key)
            while window and now - window[0] >= window_seconds:
                window.popleft()
            if len(window) + cost > limit:
                return False
            window.extend([now] * cost)
            self._trim(self._windows)
            return True

    def put(self, key: str, value: str) -> None:
        self._values.put(key, value)

    def get(self, key: str) -> str | None:
        return self._values.get(key)

    def sizes(self) -> dict[str, int]:
        with self._lock:
            return {"seen": len(self._seen), "values": len(self._values), "windows": len(self._windows)}

    def _trim(self, entries: OrderedDict[str, Any]) -> None:
        while len(entries) > self._max:
            entries.popitem(last=False)
