"""The in-memory Store: covers every thread of one process. Every structure is bounded in size and age."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from typing import Any

from bot.state.cache import ExpiringLru

LONGEST_TTL_SECONDS = 400 * 86_400  # what a value may be kept for when asked (a mute "until unmuted")


def lifetime(asked: float | None, ttl: float) -> float:
    """How long a value or a counter lives: the store's TTL, shorter or longer when asked (at most
    LONGEST_TTL_SECONDS)."""
    if asked is not None and asked > ttl:
        return min(asked, LONGEST_TTL_SECONDS)
    return min(asked or ttl, ttl)


class MemoryStore:
    """Thread-safe, bounded, expiring; the oldest entries go first when a structure is full."""

    def __init__(self, max_keys: int = 50_000, ttl_seconds: float = 24 * 3600, max_values: int = 5_000,
                 max_value_bytes: int = 64 * 1024 * 1024) -> None:
        self._seen: OrderedDict[str, float] = OrderedDict()
        # Values ("Show details" references) are far larger than keys: bounded in bytes as well as in count.
        self._values: ExpiringLru[tuple[float, str]] = ExpiringLru(max_values, ttl_seconds, max_value_bytes,
                                                                    lambda entry: len(entry[1]))
        self._windows: OrderedDict[str, deque[float]] = OrderedDict()
        # The few values kept longer than the store's time-to-live on purpose (mutes of the denial watch).
        self._kept: ExpiringLru[tuple[float, str]] = ExpiringLru(1_000, LONGEST_TTL_SECONDS)
        self._counters: OrderedDict[str, tuple[float, int]] = OrderedDict()  # key -> (expires, value)
        self._turns: OrderedDict[str, float] = OrderedDict()  # key -> when its last turn was taken
        self._max = max_keys
        self._ttl = ttl_seconds
        self._lock = threading.Lock()

    shared = False

    def init(self) -> str:
        return "nothing to create: state lives in this process's memory (STATE_BACKEND=memory)"

    def check(self) -> str:
        return "in this process's memory (run one process, or set STATE_BACKEND=dynamodb)"

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

    def turn(self, key: str, gap_seconds: float) -> bool:
        now = time.monotonic()
        with self._lock:
            last = self._turns.get(key)
            if last is not None and now - last < gap_seconds:
                return False
            self._turns[key] = now
            self._turns.move_to_end(key)
            self._trim(self._turns)
            return True

    def add(self, key: str, amount: int = 1, ttl_seconds: float | None = None) -> int:
        now = time.monotonic()
        with self._lock:
            expires, value = self._counters.get(key, (0.0, 0))
            value = (value if now < expires else 0) + amount
            self._counters[key] = (now + lifetime(ttl_seconds, self._ttl), value)
            self._counters.move_to_end(key)
            self._trim(self._counters)
            return value

    def put(self, key: str, value: str, ttl_seconds: float | None = None) -> None:
        if ttl_seconds is not None and ttl_seconds > self._ttl:  # kept longer on purpose (a 7-day mute)
            self._kept.put(key, (time.monotonic() + min(ttl_seconds, LONGEST_TTL_SECONDS), value))
            return
        if self._kept.get(key) is not None:  # a long-lived value written again briefly: the brief one counts
            self._kept.put(key, (0.0, value))
        self._values.put(key, (time.monotonic() + min(ttl_seconds or self._ttl, self._ttl), value))

    def get(self, key: str) -> str | None:
        kept = self._kept.get(key)
        if kept and time.monotonic() < kept[0]:
            return kept[1]
        entry = self._values.get(key)
        return entry[1] if entry and time.monotonic() < entry[0] else None

    def sizes(self) -> dict[str, int]:
        with self._lock:
            return {"seen": len(self._seen), "values": len(self._values), "value_bytes": self._values.bytes,
                    "windows": len(self._windows)}

    def _trim(self, entries: OrderedDict[str, Any]) -> None:
        while len(entries) > self._max:
            entries.popitem(last=False)
