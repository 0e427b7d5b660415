from __future__ import annotations

import json
import threading
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
from tests.fakes.sts import FakeSts
from tests.slack.listeners.conftest import TOKEN, MakeDeps


def _home(slack: FakeSlack, user: str | None = None) -> str:
    """The last App Home view published (for that user)."""
    published = [c.params for c in slack.state.of("views.publish") if user in (None, c.params.get("user_id"))]
    view = published[-1]["view"]
    return view if isinstance(view, str) else json.dumps(view, ensure_ascii=False)


def test_app_home_shows_usage_languages_and_status_to_allowed_people(slack: FakeSlack,
                                                                      make_deps: MakeDeps) -> None:
    deps, client = make_deps(ALLOWED_USERS="U0ADMIN")
    on_home_opened({"type": "app_home_opened", "user": "U0ADMIN", "tab": "home"}, client, deps)
    assert "being checked now" in _home(slack)  # at once, while the sweep runs on its own thread
    deps.status.wait()
    home = _home(slack)  # published again when the sweep is done
    assert "/decode" in home and "English or Japanese" in home
    assert "decode-bot doctor" in home and "AWS credentials" in home
    slack.state.calls.clear()
    slack.state.locales["U0OTHER"] = "ja-JP"
    on_home_opened({"type": "app_home_opened", "user": "U0OTHER", "tab": "home"}, client, deps)
    home = _home(slack)
    assert "AWS credentials" not in home and "利用を許可された人にだけ" in home


def test_many_openers_cost_one_sweep_off_the_listener_threads_and_only_admins_see_identities(
    slack: FakeSlack, make_deps: MakeDeps, fake_sts: FakeSts, aws_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.ops import doctor

    gate, real = threading.Event(), doctor.run_checks
    monkeypatch.setattr(doctor, "run_checks", lambda *args: gate.wait(10) and real(*args))  # a sweep held open
    deps, client = make_deps(ADMIN_USERS="U0ADMIN00")
    openers = ["U0ADMIN00", *(f"U0PERSON{i:02d}" for i in range(15))]
    threads = [threading.Thread(target=on_home_opened, args=({"type": "app_home_opened", "user": user,
                                                               "tab": "home"}, client, deps)) for user in openers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    # Every opener got its tab while the one sweep was still held: none waited for it.
    assert deps.status.last() is None and len(slack.state.of("views.publish")) == len(openers)
    gate.set()
    deps.status.wait()
    assert len([c for c in fake_sts.state.calls if c.action == "GetCallerIdentity"]) == 1  # one sweep for all
    assert len(slack.state.of("views.publish")) == 2 * len(openers)  # each got the fresh status too
    assert "arn:aws:iam::123456789012:user/decode-bot-base" in _home(slack, "U0ADMIN00")
    everyone = _home(slack, "U0PERSON07")
    assert "AWS credentials" in everyone and "decode-bot-base" not in everyone


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


def test_the_explain_button_opens_the_form_in_the_persons_language_and_fixes_are_for_admins(
        slack: FakeSlack, make_deps: MakeDeps) -> None:
    from slack_bolt import Ack

    from bot.slack.listeners.home import EXPLAIN_BUTTON, on_explain_pressed

    deps, client = make_deps(ADMIN_USERS="U0ADMIN", ALLOWED_USERS="U0ADMIN,U0PERSON")
    on_home_opened({"type": "app_home_opened", "user": "U0ADMIN", "tab": "home"}, client, deps)
    deps.status.wait()
    admin = _home(slack, "U0ADMIN")
    assert EXPLAIN_BUTTON in admin and '"style": "primary"' in admin and "Explain an AWS error" in admin
    assert "To fix:" in admin  # no AWS credentials here: the failing check says how to fix it, to an admin
    on_home_opened({"type": "app_home_opened", "user": "U0PERSON", "tab": "home"}, client, deps)
    assert "To fix:" not in _home(slack, "U0PERSON")  # fixes name the bot's identity: administrators only
    slack.state.locales["U0JA"] = "ja-JP"
    ack = Ack()
    on_explain_pressed(ack, {"type": "block_actions", "user": {"id": "U0JA", "team_id": TEAM_ID},
                             "trigger_id": "trigger-1"}, client, deps)
    assert ack.response is not None
    [opened] = slack.state.of("views.open")
    view = opened.params["view"] if isinstance(opened.params["view"], str) else json.dumps(opened.params["view"],
                                                                                         ensure_ascii=False)
    assert "decode_form" in view and "あなただけに表示" in view


def test_slack_gone_while_the_status_is_checked_is_logged_never_a_thread_traceback(
        slack: FakeSlack, make_deps: MakeDeps, caplog: pytest.LogCaptureFixture) -> None:
    deps, client = make_deps(ALLOWED_USERS="U0ADMIN", ADMIN_USERS="U0ADMIN", OWNER_CHANNEL="C0OWNERS1")
    slack.state.stall_next("views.publish", 0.01)  # the first publish: the connection drops
    on_home_opened({"type": "app_home_opened", "user": "U0ADMIN", "tab": "home"}, client, deps)
    slack.stop()  # Slack unreachable when the sweep publishes the tab again
    with caplog.at_level("ERROR"):
        deps.status.wait()
        time.sleep(0.5)
    assert "could not publish the App Home tab" in caplog.text
