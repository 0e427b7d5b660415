"""One access decision for every surface (issue 11, point 1): someone outside ALLOWED_USERS gets a note and
never the decode, wherever they ask; channel surfaces follow ALLOWED_CHANNELS."""

from __future__ import annotations

import json
from typing import Any

import pytest
from slack_bolt import Ack

from bot.slack.listeners.actions import on_show_details
from bot.slack.listeners.commands import on_decode
from bot.slack.listeners.home import on_home_opened
from bot.slack.listeners.mentions import on_mention
from bot.slack.listeners.messages import on_message
from bot.slack.listeners.shortcuts import on_shortcut
from tests.builders import cli_error
from tests.fakes.slack import TEAM_ID, FakeSlack
from tests.slack.listeners.conftest import TOKEN, MakeDeps

STRANGER = "U0STRANGER"
ENV = {"ALLOWED_USERS": "U0INSIDER", "ALLOWED_CHANNELS": "C0ALLOWED"}


def _everything(slack: FakeSlack) -> str:
    return json.dumps([c.params for c in slack.state.calls])


def _message(channel: str, channel_type: str, ts: str) -> dict[str, Any]:
    return {"type": "message", "channel": channel, "channel_type": channel_type, "user": STRANGER,
            "text": cli_error(TOKEN), "ts": ts}


@pytest.mark.parametrize(("surface", "channel", "channel_type"), [
    ("direct message", "D0DM", "im"), ("group direct message", "G0GROUPDM", "mpim")])
def test_direct_messages_refuse_people_outside_the_list(slack: FakeSlack, make_deps: MakeDeps, surface: str,
                                                        channel: str, channel_type: str) -> None:
    deps, client = make_deps(**ENV)
    on_message(_message(channel, channel_type, "1700000001.000100"), {"team_id": TEAM_ID}, client, deps)
    assert "iam:PassRole" not in _everything(slack), surface
    [note] = [c.params for c in slack.state.of("chat.postEphemeral")]
    assert note["user"] == STRANGER and "administrators allowed" in note["text"]


def test_the_command_the_shortcut_and_the_button_refuse_them(slack: FakeSlack, make_deps: MakeDeps) -> None:
    deps, client = make_deps(**ENV)
    on_decode(Ack(), {"team_id": TEAM_ID, "channel_id": "C0ALLOWED", "user_id": STRANGER, "text": cli_error(TOKEN),
                      "response_url": slack.response_url("c")}, client, deps)
    on_shortcut(Ack(), {"team": {"id": TEAM_ID}, "channel": {"id": "C0ALLOWED"}, "user": {"id": STRANGER},
                        "message": {"text": cli_error(TOKEN)}, "response_url": slack.response_url("s")}, client, deps)
    on_show_details(Ack(), {"team": {"id": TEAM_ID}, "channel": {"id": "C0ALLOWED"}, "user": {"id": STRANGER},
                            "response_url": slack.response_url("b")}, {"value": "anything"}, client, deps)
    answers = [c.params for c in slack.state.of("response_url")]
    assert len(answers) == 3 and all("administrators allowed" in a["text"] for a in answers)
    assert "iam:PassRole" not in _everything(slack)


def test_app_home_shows_them_no_status(slack: FakeSlack, make_deps: MakeDeps) -> None:
    deps, client = make_deps(**ENV)
    on_home_opened({"type": "app_home_opened", "user": STRANGER, "tab": "home"}, client, deps)
    assert "AWS credentials" not in _everything(slack)


def test_channel_surfaces_follow_the_channel_list(slack: FakeSlack, make_deps: MakeDeps) -> None:
    deps, client = make_deps(**ENV)
    on_mention({**_message("C0ELSEWHERE", "channel", "1700000001.000200"), "type": "app_mention"},
               {"team_id": TEAM_ID}, client, deps)
    assert slack.state.of("chat.postMessage") == []
    [note] = [c.params for c in slack.state.of("chat.postEphemeral")]
    assert "does not answer in this channel" in note["text"]
    on_message(_message("C0ALLOWED", "channel", "1700000001.000300"), {"team_id": TEAM_ID}, client, deps)
    [reply] = [c.params for c in slack.state.of("chat.postMessage")]
    assert reply["channel"] == "C0ALLOWED"  # a thread in an allowed channel is for everyone in it


def test_pasted_decoded_output_counts_against_the_limits_too(slack: FakeSlack, make_deps: MakeDeps) -> None:
    from tests.builders import PASSROLE_MESSAGE

    deps, client = make_deps(LIMIT_USER_DECODES_PER_MINUTE="1")
    for ts in ("1700000001.000400", "1700000001.000500"):
        on_message({"type": "message", "channel": "C0ANY", "user": "U0PASTER", "ts": ts,
                    "text": json.dumps({"DecodedMessage": PASSROLE_MESSAGE})}, {"team_id": TEAM_ID}, client, deps)
    assert len(slack.state.of("chat.postMessage")) == 1
    [note] = [c.params for c in slack.state.of("chat.postEphemeral")]
    assert "at most 1 a minute" in note["text"]


def test_people_of_another_organisation_are_refused_by_decode_and_see_no_status_in_app_home(
    slack: FakeSlack, make_deps: MakeDeps
) -> None:
    slack.state.user_teams["U0GUEST"] = "T0OTHERORG"  # a Slack Connect guest: /decode's payload does not say so
    deps, client = make_deps()
    on_decode(Ack(), {"team_id": TEAM_ID, "channel_id": "C0SHARED", "user_id": "U0GUEST", "text": cli_error(TOKEN),
                      "response_url": slack.response_url("guest")}, client, deps)
    [note] = [c.params for c in slack.state.of("response_url")]
    assert "organization" in note["text"] and "iam:PassRole" not in _everything(slack)
    on_home_opened({"type": "app_home_opened", "user": "U0GUEST", "tab": "home"}, client, deps)
    [home] = [c.params for c in slack.state.of("views.publish")]
    assert "AWS credentials" not in json.dumps(home) and not deps.status.last()
    # Someone of this workspace still gets both.
    on_decode(Ack(), {"team_id": TEAM_ID, "channel_id": "C0SHARED", "user_id": "U0MEMBER", "text": cli_error(TOKEN),
                      "response_url": slack.response_url("member")}, client, deps)
    assert "iam:PassRole" in _everything(slack)


def test_a_channel_that_is_not_allowed_is_never_scanned(slack: FakeSlack, make_deps: MakeDeps,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.slack import answers

    scanned: list[str] = []
    monkeypatch.setattr(answers, "_scanned", lambda text: scanned.append(text) or answers.scan(text))
    deps, client = make_deps(**ENV)
    message = {"type": "message", "channel": "C0CLOSED", "channel_type": "channel", "user": "U0INSIDER",
               "text": cli_error(TOKEN), "ts": "1700000009.000100"}
    on_message(message, {"team_id": TEAM_ID}, client, deps)
    on_message({**message, "text": cli_error(TOKEN) + " (edited)"}, {"team_id": TEAM_ID}, client, deps)
    notes = [c.params for c in slack.state.of("chat.postEphemeral")]
    assert len(notes) == 1 and "does not answer in this channel" in notes[0]["text"]  # once per message
    assert scanned == [] and "iam:PassRole" not in _everything(slack)


def test_long_chatter_in_a_channel_that_is_not_allowed_gets_no_note(slack: FakeSlack, make_deps: MakeDeps) -> None:
    deps, client = make_deps(**ENV)
    chatter = "Release notes for this week, with thanks to everyone who helped. " * 20
    on_message({"type": "message", "channel": "C0CLOSED", "channel_type": "channel", "user": "U0INSIDER",
                "text": chatter, "ts": "1700000010.000100"}, {"team_id": TEAM_ID}, client, deps)
    assert not slack.state.of("chat.postEphemeral") and not slack.state.of("chat.postMessage")
