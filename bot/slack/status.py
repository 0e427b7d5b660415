"""The status App Home shows: the last `decode-bot doctor` sweep, one sweep at a time, on a thread of its own."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from bot.ops.doctor import Check

log = logging.getLogger(__name__)

STATUS_SECONDS = 300


class StatusBoard:
    """The last `doctor` sweep for App Home, at most one running at a time, each at most every STATUS_SECONDS."""

    def __init__(self, sweep: Callable[[], list[Check]], fresh_seconds: float = STATUS_SECONDS) -> None:
        self._sweep = sweep
        self._fresh = fresh_seconds
        self._lock = threading.Lock()
        self._last: tuple[float, list[Check]] | None = None
        self._running: threading.Thread | None = None
        self._waiting: set[str] = set()

    def last(self) -> tuple[float, list[Check]] | None:
        with self._lock:
            return self._last

    def refresh(self, user: str, then: Callable[[set[str]], object]) -> None:
        """Sweep again unless the last sweep is fresh; `then(people)` when it is done, for those who waited."""
        with self._lock:
            if self._last is not None and time.monotonic() - self._last[0] < self._fresh:
                return
            self._waiting.add(user)
            if self._running is not None:
                return
            self._running = threading.Thread(target=self._run, args=(then,), name="home-status", daemon=True)
            self._running.start()

    def wait(self, timeout: float = 30.0) -> None:
        """For tests and shutdown: until the running sweep, if any, is done."""
        with self._lock:
            running = self._running
        if running is not None:
            running.join(timeout)

    def _run(self, then: Callable[[set[str]], object]) -> None:
        try:
            checks = self._sweep()
        except Exception as exc:  # a status page must never take the tab down
            log.error("the status checks failed: %s", type(exc).__name__)
            checks = [Check("status", False, type(exc).__name__)]
        with self._lock:
            self._last = (time.monotonic(), checks)
            waiting, self._waiting = self._waiting, set()
            self._running = None
        try:
            then(waiting)
        except Exception as exc:  # in a background thread: said in the log, never an unhandled traceback
            log.error("publishing the status failed: %s", type(exc).__name__)
