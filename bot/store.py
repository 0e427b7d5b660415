"""Short-lived shared state: which events and answers were already handled.

In memory by default, which covers every thread of the one process the Procfile starts per mode (HTTP or
Socket Mode). Another backend (Redis, DynamoDB) needs only these methods.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Protocol


class Store(Protocol):
    def first_time(self, key: str) -> bool:
        """Record key; True only for the first caller within the store's time-to-live."""

    def forget(self, key: str) -> None:
        """Drop key, so that a later attempt counts as the first again."""


class MemoryStore:
    """Bounded, thread-safe set with expiry: the oldest keys go first when it is full."""

    def __init__(self, max_keys: int = 50_000, ttl_seconds: float = 3600) -> None:
        self._keys: OrderedDict[str, float] = OrderedDict()
        self._max = max_keys
        self._ttl = ttl_seconds
        self._lock = threading.Lock()

    def first_time(self, key: str) -> bool:
        now = time.monotonic()
        with self._lock:
            stored = self._keys.get(key)
            if stored is not None and now - stored < self._ttl:
                return False
            self._keys[key] = now
            self._keys.move_to_end(key)
            while len(self._keys) > self._max:
                self._keys.popitem(last=False)
            return True

    def forget(self, key: str) -> None:
        with self._lock:
            self._keys.pop(key, None)

    def __len__(self) -> int:
        return len(self._keys)
