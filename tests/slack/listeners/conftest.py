"""Listener unit tests: each listener function called directly, with Bolt's own Ack, a real Answerer and a
WebClient talking to the fake Slack over loopback HTTP."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from slack_sdk import WebClient

from bot.core.outcomes import Decoded, FunctionLookups, LookupOutcome, LookupProblem
from bot.settings import Settings
from bot.slack.app import build_deps
from bot.slack.client import web_client
from bot.slack.deps import SlackDeps
from bot.slack.work import Work
from bot.state.memory import MemoryStore
from bot.vocab import ProblemCode
from tests.builders import PASSROLE_MESSAGE, SCP_DENY_MESSAGE, make_token
from tests.fakes.slack import BOT_TOKEN, FakeSlack, running_slack

TOKEN = make_token(1101)
SCP_TOKEN = make_token(1102)
MESSAGES = {TOKEN: PASSROLE_MESSAGE, SCP_TOKEN: SCP_DENY_MESSAGE}


def decode(token: str) -> LookupOutcome:
    message = MESSAGES.get(token)
    return Decoded(message) if message else LookupProblem(ProblemCode.INVALID_TOKEN)


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    yield from running_slack()


MakeDeps = Callable[..., tuple[SlackDeps, WebClient]]


@pytest.fixture
def make_deps(slack: FakeSlack) -> MakeDeps:
    def make(**env: str) -> tuple[SlackDeps, WebClient]:
        settings = Settings.from_env({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_API_URL": slack.api_url, **env})
        deps = build_deps(settings, FunctionLookups(decode), MemoryStore(), Work(inline=True))
        return deps, web_client(settings.slack)

    return make
