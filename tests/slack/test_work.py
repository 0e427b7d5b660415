from __future__ import annotations

import threading

from bot.slack.work import Work


def test_answers_beyond_the_aws_queue_are_shed_with_a_note_and_drain_waits_for_the_rest() -> None:
    work = Work(aws_threads=1, max_aws_queue=2)
    release = threading.Event()
    done: list[int] = []
    shed: list[int] = []

    def job(number: int) -> None:
        release.wait(5)
        done.append(number)

    for number in range(5):
        work.with_aws(lambda n=number: job(n), lambda n=number: shed.append(n))
    assert len(shed) >= 2  # one running, two waiting, the rest shed at once
    assert not work.drain(0.1)  # still in flight: drain reports it
    release.set()
    assert work.drain(5) and work.in_flight == 0
    assert sorted(done + shed) == [0, 1, 2, 3, 4]


def test_timed_calls_run_in_due_order_on_one_thread_and_a_failing_one_stops_none() -> None:
    from bot.slack.work import Timers

    timers = Timers()
    ran: list[tuple[str, str]] = []
    done = threading.Event()

    def record(name: str) -> None:
        ran.append((name, threading.current_thread().name))
        if name == "last":
            done.set()

    def fail() -> None:
        raise RuntimeError("boom")

    timers.call_later(0.06, lambda: record("last"))
    timers.call_later(0.02, fail)
    timers.call_later(0.01, lambda: record("first"))
    assert done.wait(2)
    assert [name for name, _ in ran] == ["first", "last"]
    assert {thread for _, thread in ran} == {"timers"}


def test_a_cancelled_call_never_runs_and_cancelling_a_running_one_waits_for_it() -> None:
    from bot.slack.work import Timers

    timers = Timers()
    ran: list[str] = []
    started, finish = threading.Event(), threading.Event()

    def slow() -> None:
        started.set()
        finish.wait(2)
        ran.append("slow")

    timers.call_later(0.05, lambda: ran.append("cancelled")).cancel()
    running = timers.call_later(0.0, slow)
    assert started.wait(2)
    threading.Timer(0.1, finish.set).start()
    running.cancel()  # returns only once slow() has finished
    assert ran == ["slow"]
    after = threading.Event()
    timers.call_later(0.06, after.set)  # due after the cancelled call: calls run in order, so it would have run
    assert after.wait(2) and ran == ["slow"]
