"""The Store protocol: short-lived state shared by every thread (and, with a shared backend, every process).

Handled events, answered inputs, rate-limit windows and "Show details" references, shared lookups.
Backends: memory (one process) and DynamoDB (every process).
"""

from __future__ import annotations

from typing import Protocol


class StateProblem(Exception):
    """The state backend works but is set up unsafely (check() says what to change)."""


class Store(Protocol):
    @property
    def shared(self) -> bool:
        """Whether every process sees the same state (a replica, a Lambda invocation, after a restart)."""
        ...

    def init(self) -> str:
        """Create what the backend needs (`decode-bot state init`); safe to run again. Returns what it did."""
        ...

    def check(self) -> str:
        """What `decode-bot doctor` reports: where the state lives, after a round trip where there is one. Raises
        the backend's own errors."""
        ...

    def first_time(self, key: str) -> bool:
        """Record key; True only for the first caller within the store's time-to-live."""

    def forget(self, key: str) -> None:
        """Drop key, so that a later attempt counts as the first again."""

    def allow(self, key: str, limit: int, window_seconds: float, cost: int = 1) -> bool:
        """Count `cost` events for key; False (and nothing counted) when that would exceed limit per window."""

    def turn(self, key: str, gap_seconds: float) -> bool:
        """Take key's turn: True (and the turn is taken now) only when the last was at least gap_seconds ago, so
        that turns are spaced by the gap, not counted in fixed windows."""

    def add(self, key: str, amount: int = 1, ttl_seconds: float | None = None) -> int:
        """Add to a counter atomically (every process sees one count); returns its new value. It lives ttl_seconds
        after this addition: the store's time-to-live by default, longer only when asked (numbering that must
        outlive it, such as the requests to policy owners)."""

    def put(self, key: str, value: str, ttl_seconds: float | None = None) -> None:
        """Keep a value for ttl_seconds (the store's time-to-live by default; longer only when asked, for the few
        values that must outlive it, such as a mute)."""

    def get(self, key: str) -> str | None:
        """A value kept by put(), or None when it expired or was pushed out."""
