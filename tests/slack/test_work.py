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
