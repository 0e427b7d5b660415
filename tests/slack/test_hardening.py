"""Issue 11, end to end over HTTP against the running app: nothing in flight is lost, no fault silences it."""

from __future__ import annotations

import json
import signal
import socket
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from tests.builders import PASSROLE_MESSAGE, cli_error, make_token
from tests.fakes.slack import FakeSlack
from tests.fakes.sts import FakeSts
from tests.slack_harness import RunningBot, message_event


@pytest.fixture
def fakes() -> Iterator[tuple[FakeSlack, FakeSts]]:
    slack, sts = FakeSlack().start(), FakeSts().start()
    yield slack, sts
    slack.stop()
    sts.stop()


def _replies(slack: FakeSlack, ts: str, timeout: float = 10) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [c.params for c in slack.state.of("chat.postMessage") if c.params.get("thread_ts") == ts]
        if found:
            return found
        time.sleep(0.02)
    return []


def test_sigterm_finishes_acknowledged_answers_then_exits_0(fakes: tuple[FakeSlack, FakeSts]) -> None:
    slack, sts = fakes
    token = make_token(1501)
    sts.state.messages[token] = PASSROLE_MESSAGE
    sts.state.delay = 1.5  # the answer is still being worked on when the signal comes
    bot = RunningBot(slack, sts, SHUTDOWN_GRACE_SECONDS="10")
    try:
        event = message_event(cli_error(token))
        status, _, _ = bot.post_event(event)
        assert status == 200  # acknowledged: Slack will not send it again
        deadline = time.monotonic() + 5
        while not sts.state.decode_calls() and time.monotonic() < deadline:  # STS is working on it
            time.sleep(0.01)
        bot.process.send_signal(signal.SIGTERM)
        assert bot.process.wait(timeout=15) == 0
        assert _replies(slack, event["ts"], timeout=1), bot.logs()
    finally:
        bot.stop()


def test_an_answer_that_needs_no_aws_never_waits_behind_a_hanging_sts(fakes: tuple[FakeSlack, FakeSts]) -> None:
    slack, sts = fakes
    sts.state.delay = 5.0
    bot = RunningBot(slack, sts, LIMIT_USER_DECODES_PER_MINUTE="1000", LIMIT_CHANNEL_DECODES_PER_MINUTE="1000")
    try:
        for seed in range(20):  # more than all listener threads
            bot.post_event(message_event(cli_error(make_token(1600 + seed))))
        pasted = message_event(json.dumps({"DecodedMessage": PASSROLE_MESSAGE}))
        started = time.monotonic()
        bot.post_event(pasted)
        assert _replies(slack, pasted["ts"], timeout=3)
        assert time.monotonic() - started < 2.0
    finally:
        sts.state.delay = 0
        bot.stop()


def test_a_long_retry_after_is_not_obeyed_and_other_channels_keep_their_answers(
    fakes: tuple[FakeSlack, FakeSts]
) -> None:
    slack, sts = fakes
    bot = RunningBot(slack, sts, LIMIT_USER_DECODES_PER_MINUTE="1000")
    try:
        slack.state.fail_next("chat.postMessage", 429, times=16, retry_after=600)
        for seed in range(16):
            bot.post_event(message_event(json.dumps({"DecodedMessage": PASSROLE_MESSAGE}).replace(
                "test-user", f"user-{seed}"), channel=f"C0BUSY{seed:02d}"))
        slack.state.wait_for("chat.postMessage", 16)  # every answer has met its 429
        later = message_event(json.dumps({"DecodedMessage": PASSROLE_MESSAGE}), channel="C0CALM")
        bot.post_event(later)
        assert _replies(slack, later["ts"], timeout=5)
        assert "giving up" in bot.logs()
    finally:
        bot.stop()


def test_start_up_retries_slack_failing_and_exits_1_when_it_never_recovers(fakes: tuple[FakeSlack, FakeSts],
                                                                            tmp_path: Any) -> None:
    slack, sts = fakes
    slack.state.fail_next("auth.test", 503, times=2)
    bot = RunningBot(slack, sts)  # two 503s, then a working auth.test: it starts
    bot.stop()
    from tests.terminal import run

    slack.state.refuse_next("auth.test", "ratelimited", times=1000)
    env = {"SLACK_BOT_TOKEN": "xoxb-1111-2222-decodebottest", "SLACK_SIGNING_SECRET": "s",
           "SLACK_API_URL": slack.api_url, "SLACK_TIMEOUT_SECONDS": "1"}
    result = run(["run"], env={**env, "SLACK_STARTUP_SECONDS": "3"}, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "could not reach Slack's Web API" in result.stderr and "Traceback" not in result.stderr


def test_idle_connections_are_closed_and_never_lock_out_slack(fakes: tuple[FakeSlack, FakeSts]) -> None:
    slack, sts = fakes
    bot = RunningBot(slack, sts, HTTP_MAX_CONNECTIONS="20", HTTP_IDLE_TIMEOUT_SECONDS="1")
    idle = []
    try:
        for _ in range(40):
            idle.append(socket.create_connection(("127.0.0.1", bot.port), timeout=2))
        time.sleep(2.5)  # the idle timeout and a cleanup pass
        with urllib.request.urlopen(bot.url + "/healthz", timeout=3) as response:
            assert response.status == 200
        event = message_event(json.dumps({"DecodedMessage": PASSROLE_MESSAGE}))
        assert bot.post_event(event)[0] == 200
    finally:
        for sock in idle:
            sock.close()
        bot.stop()


def test_a_deeply_nested_body_gets_400_and_the_app_keeps_serving(fakes: tuple[FakeSlack, FakeSts]) -> None:
    slack, sts = fakes
    bot = RunningBot(slack, sts)
    try:
        deep = b"[" * 200_000 + b"]" * 200_000
        status, body, _ = bot.post(deep, "application/json", signed=False)
        assert status in (400, 401) and b"Traceback" not in body
        status, _, _ = bot.post(deep, "application/json")
        assert status == 400
        nested = "Encoded authorization failure message: " + make_token(1700) + "\n" + "{" * 50_000
        event = message_event(json.dumps({"DecodedMessage": PASSROLE_MESSAGE}) + "\n" + nested)
        assert bot.post_event(event)[0] == 200
        assert _replies(slack, event["ts"])
        assert "Traceback" not in bot.logs()
    finally:
        bot.stop()


def test_slow_clients_trickling_headers_cannot_hold_every_connection(fakes: tuple[FakeSlack, FakeSts]) -> None:
    from tests.slack_harness import LiveBot

    slack, sts = fakes
    bot = LiveBot(slack, sts, HTTP_MAX_CONNECTIONS="4", HTTP_IDLE_TIMEOUT_SECONDS="30", HTTP_REQUEST_SECONDS="1")
    slow = [socket.create_connection(("127.0.0.1", bot.port), timeout=2) for _ in range(4)]
    try:
        for sock in slow:
            sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\n")
        deadline = time.monotonic() + 6
        closed: set[int] = set()
        while len(closed) < len(slow) and time.monotonic() < deadline:
            for index, sock in enumerate(slow):  # a header line every 0.2 s: never idle, never whole
                if index in closed:
                    continue
                try:
                    sock.sendall(b"X-Slow: 1\r\n")
                    sock.settimeout(0.01)
                    if sock.recv(1) == b"":
                        closed.add(index)
                except (TimeoutError, BlockingIOError):
                    pass
                except OSError:
                    closed.add(index)
            time.sleep(0.2)
        assert len(closed) == len(slow), "slow requests still hold their connections"
        event = message_event(json.dumps({"DecodedMessage": PASSROLE_MESSAGE}))
        assert bot.post_event(event)[0] == 200  # and Slack gets through again
    finally:
        for sock in slow:
            sock.close()
        bot.stop()
