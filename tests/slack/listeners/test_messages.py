from __future__ import annotations

from typing import Any

from bot.slack.listeners.mentions import on_mention
from bot.slack.listeners.messages import on_message
from tests.builders import cli_error
from tests.fakes.slack import TEAM_ID, FakeSlack
from tests.slack.listeners.conftest import TOKEN, MakeDeps


def _event(text: str, channel: str = "C0CHAN", **extra: Any) -> dict[str, Any]:
    return {"type": "message", "channel": channel, "user": "U0PERSON", "text": text, "ts": "1700000000.000100",
            **extra}


def test_a_paste_in_a_channel_is_answered_in_its_thread(slack: FakeSlack, make_deps: MakeDeps) -> None:
    deps, client = make_deps()
    on_message(_event(cli_error(TOKEN)), {"team_id": TEAM_ID}, client, deps)
    [reply] = [c.params for c in slack.state.of("chat.postMessage")]
    assert reply["thread_ts"] == "1700000000.000100" and reply["channel"] == "C0CHAN"
    assert "iam:PassRole" in reply["text"]


def test_a_message_without_anything_to_explain_is_left_alone(slack: FakeSlack, make_deps: MakeDeps) -> None:
    deps, client = make_deps()
    on_message(_event("good morning"), {"team_id": TEAM_ID}, client, deps)
    assert slack.state.calls == []


def test_the_mention_and_the_message_of_one_paste_get_one_answer(slack: FakeSlack, make_deps: MakeDeps) -> None:
    deps, client = make_deps()
    event = _event(f"<@UBOT0001> {cli_error(TOKEN)}")
    on_mention({**event, "type": "app_mention"}, {"team_id": TEAM_ID}, client, deps)
    on_message(event, {"team_id": TEAM_ID}, client, deps)
    assert len(slack.state.of("chat.postMessage")) == 1


def test_a_direct_message_obeys_the_user_list(slack: FakeSlack, make_deps: MakeDeps) -> None:
    deps, client = make_deps(ALLOWED_USERS="U0SOMEONEELSE", ALLOWED_CHANNELS="C0ONLY")
    on_message(_event(cli_error(TOKEN), channel="D0DIRECT", channel_type="im"), {"team_id": TEAM_ID}, client, deps)
    assert slack.state.of("chat.postMessage") == []
    [note] = [c.params for c in slack.state.of("chat.postEphemeral")]
    assert note["user"] == "U0PERSON" and "only to the people your administrators allowed" in note["text"]


def test_a_direct_message_from_an_allowed_person_is_answered_whatever_the_channel_list(
    slack: FakeSlack, make_deps: MakeDeps
) -> None:
    deps, client = make_deps(ALLOWED_USERS="U0PERSON", ALLOWED_CHANNELS="C0ONLY", DISCLOSURE="summary")
    on_message(_event(cli_error(TOKEN), channel="D0DIRECT", channel_type="im"), {"team_id": TEAM_ID}, client, deps)
    [reply] = [c.params for c in slack.state.of("chat.postMessage")]
    assert "iam:PassedToService" in str(reply["blocks"])  # private: the answer with its statement, not a summary
