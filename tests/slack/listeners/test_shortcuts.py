from __future__ import annotations

from slack_bolt import Ack

from bot.slack.listeners.shortcuts import on_shortcut
from tests.builders import cli_error
from tests.fakes.slack import TEAM_ID, FakeSlack
from tests.slack.listeners.conftest import TOKEN, MakeDeps


def test_the_shortcut_answers_the_message_privately_in_the_askers_language(
    slack: FakeSlack, make_deps: MakeDeps
) -> None:
    slack.state.locales["U0ASKER"] = "ja-JP"
    deps, client = make_deps()
    ack = Ack()
    shortcut = {"type": "message_action", "callback_id": "explain_aws_error", "team": {"id": TEAM_ID},
                "channel": {"id": "C0CHAN"}, "user": {"id": "U0ASKER"},
                "message": {"text": cli_error(TOKEN), "ts": "1700000000.000200"},
                "response_url": slack.response_url("shortcut")}
    on_shortcut(ack, shortcut, client, deps)
    assert ack.response is not None and ack.response.status == 200
    [answer] = [c.params for c in slack.state.of("response_url")]
    assert "iam:PassRole" in answer["text"] and "許可" in answer["text"]
