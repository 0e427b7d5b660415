"""Issue 25 in Slack, end to end over HTTP: the level badge under the statement, "checking…" edited in place with
chat.update when AWS's checks take longer than FIX_CHECK_WAIT_SECONDS, and a private answer that says the checks
were late instead of waiting."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.builders import ACCOUNT, cli_error, decoded_message, make_token
from tests.fakes.accessanalyzer import FakeAccessAnalyzer
from tests.fakes.iam import FakeIam
from tests.fakes.slack import FakeSlack
from tests.fakes.sts import FakeSts
from tests.slack_harness import LiveBot, message_event

ROLE = f"arn:aws:iam::{ACCOUNT}:role/ci-deployer"
TOKEN = make_token(2551)
MESSAGE = decoded_message(action="s3:GetObject", resource="arn:aws:s3:::build-artifacts/app.zip",
                          principal_arn=f"arn:aws:sts::{ACCOUNT}:assumed-role/ci-deployer/run-7",
                          principal_name="ci-deployer", context={"aws:PrincipalArn": [ROLE]})
PROVEN = "Proven on this request by IAM's policy simulator"
CHECKING = "Checking with AWS"


@pytest.fixture
def fakes() -> Iterator[tuple[FakeSlack, FakeSts, FakeIam, FakeAccessAnalyzer]]:
    slack, sts, iam, analyzer = FakeSlack().start(), FakeSts().start(), FakeIam().start(), FakeAccessAnalyzer().start()
    sts.state.messages[TOKEN] = MESSAGE
    iam.state.policies[ROLE] = []
    yield slack, sts, iam, analyzer
    for server in (slack, sts, iam, analyzer):
        server.stop()


def _everything(params: dict[str, Any]) -> str:
    blocks = params.get("blocks")
    shown = json.loads(blocks) if isinstance(blocks, str) else blocks
    return f"{params.get('text')}\n{json.dumps(shown, ensure_ascii=False)}"


def test_fast_checks_are_in_the_first_post_and_nothing_is_edited(
        fakes: tuple[FakeSlack, FakeSts, FakeIam, FakeAccessAnalyzer]) -> None:
    slack, sts, iam, analyzer = fakes
    bot = LiveBot(slack, sts, iam=iam, analyzer=analyzer, FIX_CHECK_WAIT_SECONDS="5")
    try:
        event = message_event(cli_error(TOKEN, "GetObject"))
        bot.post_event(event)
        [reply] = slack.state.wait_for("chat.postMessage")
        assert reply.params["thread_ts"] == event["ts"]
        assert PROVEN in _everything(reply.params) and CHECKING not in _everything(reply.params)
        bot.idle()
        assert not slack.state.of("chat.update")
    finally:
        bot.stop()


def test_slow_checks_post_checking_then_edit_the_answer_in_place(
        fakes: tuple[FakeSlack, FakeSts, FakeIam, FakeAccessAnalyzer]) -> None:
    slack, sts, iam, analyzer = fakes
    iam.state.delay = 0.6  # two simulations: well past the wait
    bot = LiveBot(slack, sts, iam=iam, analyzer=analyzer, FIX_CHECK_WAIT_SECONDS="0.2")
    try:
        event = message_event(cli_error(TOKEN, "GetObject"))
        _, _, _ = bot.post_event(event)
        [reply] = slack.state.wait_for("chat.postMessage")
        first = _everything(reply.params)
        assert CHECKING in first and PROVEN not in first
        assert "Checked offline" in first  # the level already reached is shown while AWS checks
        [update] = slack.state.wait_for("chat.update")
        assert update.params["channel"] == event["channel"]
        assert update.at - reply.at >= 0.9  # after both simulations, not before
        edited = _everything(update.params)
        assert PROVEN in edited and CHECKING not in edited
        bot.idle()
        assert len(slack.state.of("chat.postMessage")) == 1  # edited, never a second answer
        # Pasted again, the checks come from the cache: no "checking…" and no edit.
        again = message_event(cli_error(TOKEN, "GetObject"))
        bot.post_event(again)
        replies = slack.state.wait_for("chat.postMessage", 2)
        assert PROVEN in _everything(replies[1].params)
        bot.idle()
        assert len(slack.state.of("chat.update")) == 1
        assert len(iam.state.simulations()) == 2
    finally:
        bot.stop()


def test_a_private_answer_is_not_held_for_slow_checks_and_says_so(
        fakes: tuple[FakeSlack, FakeSts, FakeIam, FakeAccessAnalyzer]) -> None:
    slack, sts, iam, analyzer = fakes
    analyzer.state.delay = 0.8
    bot = LiveBot(slack, sts, iam=iam, analyzer=analyzer, FIX_CHECK_WAIT_SECONDS="0.2")
    try:
        bot.post_command(cli_error(TOKEN, "GetObject"), slack.response_url("slow"))
        [answer] = slack.state.wait_for("response_url")
        said = _everything(answer.params)
        assert "AWS's checks did not finish in time" in said and CHECKING not in said
        assert "Checked offline" in said
        bot.idle()
        assert not slack.state.of("chat.update")
    finally:
        bot.stop()


def test_japanese_threads_get_the_badge_in_japanese(
        fakes: tuple[FakeSlack, FakeSts, FakeIam, FakeAccessAnalyzer]) -> None:
    slack, sts, iam, analyzer = fakes
    bot = LiveBot(slack, sts, iam=iam, analyzer=analyzer, DEFAULT_LANGUAGE="ja", FIX_CHECK_WAIT_SECONDS="5")
    try:
        bot.post_event(message_event(cli_error(TOKEN, "GetObject")))
        [reply] = slack.state.wait_for("chat.postMessage")
        assert "IAM のポリシーシミュレーターでこのリクエストについて証明済み" in _everything(reply.params)
        assert [call["locale"] for call in analyzer.state.calls] == ["JA"]
    finally:
        bot.stop()
