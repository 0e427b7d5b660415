from __future__ import annotations

import json
import time

import pytest

from bot.core.outcomes import Decoded, FunctionLookups, LookupOutcome
from bot.settings import Settings
from bot.slack.app import build_deps
from bot.slack.client import web_client
from bot.slack.listeners import messages
from bot.slack.listeners.home import on_home_opened
from bot.slack.work import Work
from bot.state.memory import MemoryStore
from tests.builders import PASSROLE_MESSAGE, cli_error
from tests.fakes.slack import BOT_TOKEN, TEAM_ID, FakeSlack
from tests.slack.listeners.conftest import TOKEN, MakeDeps


def _home(slack: FakeSlack) -> str:
    [published] = [c.params for c in slack.state.of("views.publish")]
    view = published["view"]
    return view if isinstance(view, str) else json.dumps(view, ensure_ascii=False)


def test_app_home_shows_usage_languages_and_status_to_allowed_people(slack: FakeSlack,
                                                                      make_deps: MakeDeps) -> None:
    deps, client = make_deps(ALLOWED_USERS="U0ADMIN")
    on_home_opened({"type": "app_home_opened", "user": "U0ADMIN", "tab": "home"}, client, deps)
    home = _home(slack)
    assert "/decode" in home and "English or Japanese" in home
    assert "decode-bot doctor" in home and "AWS credentials" in home
    slack.state.calls.clear()
    slack.state.locales["U0OTHER"] = "ja-JP"
    on_home_opened({"type": "app_home_opened", "user": "U0OTHER", "tab": "home"}, client, deps)
    home = _home(slack)
    assert "AWS credentials" not in home and "利用を許可された人にだけ" in home


def test_a_slow_decode_shows_a_reaction_that_the_answer_removes(slack: FakeSlack,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(messages, "SLOW_SECONDS", 0.05)

    def slow(token: str) -> LookupOutcome:
        time.sleep(0.4)
        return Decoded(PASSROLE_MESSAGE)

    settings = Settings.from_env({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_API_URL": slack.api_url})
    deps = build_deps(settings, FunctionLookups(slow), MemoryStore(), Work(inline=True))
    event = {"type": "message", "channel": "C0CHAN", "user": "U0PERSON", "text": cli_error(TOKEN),
             "ts": "1700000000.000900"}
    messages.on_message(event, {"team_id": TEAM_ID}, web_client(settings.slack), deps)
    order = [c.method for c in slack.state.calls if c.method.startswith(("reactions.", "chat.postMessage"))]
    assert order == ["reactions.add", "chat.postMessage", "reactions.remove"]
    added = slack.state.of("reactions.add")[0].params
    assert added["timestamp"] == "1700000000.000900" and added["name"] == "hourglass_flowing_sand"


def test_a_fast_answer_shows_no_reaction(slack: FakeSlack, make_deps: MakeDeps) -> None:
    deps, client = make_deps()
    messages.on_message({"type": "message", "channel": "C0CHAN", "user": "U0PERSON", "text": cli_error(TOKEN),
                         "ts": "1700000000.000901"}, {"team_id": TEAM_ID}, client, deps)
    assert slack.state.of("reactions.add") == []
