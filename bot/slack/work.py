"""Where listener work runs, so that nothing in flight is lost and no slow thing stalls the rest.

- Bolt's listeners run on `listeners` (an executor that counts what is in flight).
- Answers that need AWS run on their own bounded pool: a hanging STS holds only those threads, and answers
  that need no AWS call (pasted decoded output) never wait behind it. When that pool's queue is full, new
  work is shed with a short note instead of waiting without end.
- On shutdown, `drain()` waits (for a bounded grace period) until everything acknowledged is answered.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from bot.concurrency import ANSWER_THREADS, LISTENER_THREADS

log = logging.getLogger(__name__)

MAX_AWS_QUEUE = 1000  # answers waiting for an AWS thread (a minute of work); beyond this, new ones are shed


class _Counted(ThreadPoolExecutor):
    """A thread pool that counts submitted work until it has run."""

    def __init__(self, work: Work, threads: int, name: str) -> None:
        super().__init__(max_workers=threads, thread_name_prefix=name)
        self._work = work

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self._work.started()
        try:
            future = super().submit(fn, *args, **kwargs)
        except RuntimeError:  # shut down: nothing will run it
            self._work.finished()
            raise
        future.add_done_callback(lambda _: self._work.finished())
        return future


class Scheduled:
    """A call waiting on the shared timer thread."""

    def __init__(self, call: Callable[[], None]) -> None:
        self._call = call
        self._lock = threading.Lock()
        self._state = "waiting"
        self._done = threading.Event()

    def run(self) -> None:
        with self._lock:
            if self._state != "waiting":
                return
            self._state = "running"
        try:
            self._call()
        finally:
            self._done.set()

    def cancel(self) -> None:
        """Keep it from running; if it has begun, wait until it has finished."""
        with self._lock:
            if self._state == "waiting":
                self._state = "cancelled"
                return
        self._done.wait()


class Timers:
    """Calls to make later, all on one thread: starting a thread for each answer cost more than most answers'
    own work. A call that waits behind a slow one runs late, never early."""

    def __init__(self) -> None:
        self._due: list[tuple[float, int, Scheduled]] = []
        self._order = itertools.count()
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None

    def call_later(self, delay: float, call: Callable[[], None]) -> Scheduled:
        scheduled = Scheduled(call)
        with self._changed:
            heapq.heappush(self._due, (time.monotonic() + delay, next(self._order), scheduled))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="timers", daemon=True)
                self._thread.start()
            self._changed.notify()
        return scheduled

    def _run(self) -> None:
        while True:
            with self._changed:
                while not self._due or self._due[0][0] > time.monotonic():
                    self._changed.wait(self._due[0][0] - time.monotonic() if self._due else None)
                _, _, scheduled = heapq.heappop(self._due)
            try:
                scheduled.run()
            except Exception:  # one failed call must not stop the rest
                log.exception("a timed call failed")


class Work:
    def __init__(self, listener_threads: int = LISTENER_THREADS, aws_threads: int = ANSWER_THREADS,
                 max_aws_queue: int = MAX_AWS_QUEUE, inline: bool = False) -> None:
        """`inline` runs AWS work in the calling thread: for unit tests that call a listener and then look."""
        self._inline = inline
        self._in_flight = 0
        self._aws_waiting = 0
        self._max_aws_queue = max_aws_queue
        self._changed = threading.Condition()
        self.listeners = _Counted(self, listener_threads, "listener")
        self.timers = Timers()
        self._aws = _Counted(self, aws_threads, "aws")

    def started(self) -> None:
        with self._changed:
            self._in_flight += 1

    def finished(self) -> None:
        with self._changed:
            self._in_flight -= 1
            self._changed.notify_all()

    @property
    def in_flight(self) -> int:
        with self._changed:
            return self._in_flight

    def with_aws(self, job: Callable[[], None], shed: Callable[[], None]) -> None:
        """Run a job that calls AWS on its own pool; `shed` (a short note) when too many already wait."""
        if self._inline:
            job()
            return
        with self._changed:
            full = self._aws_waiting >= self._max_aws_queue
            if not full:
                self._aws_waiting += 1
        if full:
            log.warning("too many answers wait for AWS; shedding one")
            shed()
            return

        def run() -> None:
            with self._changed:
                self._aws_waiting -= 1
            job()

        self._aws.submit(run)

    def drain(self, grace_seconds: float) -> bool:
        """Wait until all accepted work has run, at most grace_seconds; True when nothing was left."""
        deadline = time.monotonic() + grace_seconds
        with self._changed:
            while self._in_flight > 0:
                left = deadline - time.monotonic()
                if left <= 0:
                    log.error("shutting down with %d answers unfinished", self._in_flight)
                    return False
                self._changed.wait(left)
        return True
