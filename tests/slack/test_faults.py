"""Faults inside the app itself: the real Bolt app behind waitress on loopback, with a decoder or renderer
that raises. The process keeps serving and the person still gets an answer where one is possible."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from bot.core.outcomes import Decoded, LookupOutcome
from bot.slack import answers as answer_module
from tests.builders import PASSROLE_MESSAGE, cli_error, make_token
from tests.fakes.slack import FakeSlack, running_slack
from tests.slack_harness import InProcessBot, message_event

GOOD = make_token(801)
BAD = make_token(802)


def flaky_decode(token: str) -> LookupOutcome:
    if token == BAD:
        raise RuntimeError("the decoder blew up")
    return Decoded(PASSROLE_MESSAGE)


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    yield from running_slack()


@pytest.fixture
def bot(slack: FakeSlack) -> Iterator[InProcessBot]:
    running = InProcessBot(slack, flaky_decode)
    yield running
    running.stop()


def _params(slack: FakeSlack, method: str) -> list[dict[str, Any]]:
    slack.state.wait_for(method)
    return [c.params for c in slack.state.of(method)]


def test_a_decoder_that_raises_costs_only_its_own_token(bot: InProcessBot, slack: FakeSlack) -> None:
    event = message_event(cli_error(BAD) + cli_error(GOOD))
    assert bot.post_event(event)[0] == 200
    [reply] = _params(slack, "chat.postMessage")
    assert "iam:PassRole" in reply["text"]
    assert "decode-bot failed while explaining this part" in reply["text"]


def test_a_renderer_that_raises_still_gets_the_person_a_note(
    bot: InProcessBot, slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("renderer bug")

    monkeypatch.setattr(answer_module, "reply_blocks", broken)
    event = message_event(cli_error(GOOD))
    assert bot.post_event(event)[0] == 200
    [note] = _params(slack, "chat.postEphemeral")
    assert note["user"] == "U0PERSON"
    assert "Something went wrong" in note["text"]
    monkeypatch.undo()
    later = message_event(cli_error(make_token(803)))
    assert bot.post_event(later)[0] == 200
    assert json.dumps(_params(slack, "chat.postMessage"))
