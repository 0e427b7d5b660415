from __future__ import annotations

from slack_bolt import Ack

from bot.slack.listeners.commands import on_decode
from tests.builders import cli_error
from tests.fakes.slack import TEAM_ID, FakeSlack
from tests.slack.listeners.conftest import TOKEN, MakeDeps


def _command(slack: FakeSlack, text: str, user: str = "U0ASKER") -> dict[str, str]:
    return {"team_id": TEAM_ID, "channel_id": "C0ANY", "user_id": user, "command": "/decode", "text": text,
            "response_url": slack.response_url("decode")}


def test_help_is_acknowledged_at_once_then_sent_privately_in_the_persons_language(slack: FakeSlack,
                                                                                   make_deps: MakeDeps) -> None:
    deps, client = make_deps()
    ack = Ack()
    on_decode(ack, _command(slack, "help"), client, deps)
    assert ack.response is not None and ack.response.status == 200
    [answer] = [c.params for c in slack.state.of("response_url")]
    assert answer["response_type"] == "ephemeral" and "/decode" in answer["text"]
    assert "Longer than 3,000 characters?" in answer["text"]  # how to explain longer pastes


def test_a_paste_is_acknowledged_then_answered_privately(slack: FakeSlack, make_deps: MakeDeps) -> None:
    deps, client = make_deps()
    ack = Ack()
    on_decode(ack, _command(slack, cli_error(TOKEN)), client, deps)
    assert ack.response is not None and ack.response.status == 200
    [answer] = [c.params for c in slack.state.of("response_url")]
    assert answer["response_type"] == "ephemeral" and "iam:PassRole" in answer["text"]


def test_nothing_to_explain_says_so(slack: FakeSlack, make_deps: MakeDeps) -> None:
    deps, client = make_deps()
    on_decode(Ack(), _command(slack, "it broke"), client, deps)
    [answer] = [c.params for c in slack.state.of("response_url")]
    assert "I found no encoded authorization failure message" in answer["text"]


def test_someone_outside_the_user_list_is_refused(slack: FakeSlack, make_deps: MakeDeps) -> None:
    deps, client = make_deps(ALLOWED_USERS="U0ALLOWED")
    on_decode(Ack(), _command(slack, cli_error(TOKEN), user="U0STRANGER"), client, deps)
    [answer] = [c.params for c in slack.state.of("response_url")]
    assert "iam:PassRole" not in answer["text"] and "administrators allowed" in answer["text"]
