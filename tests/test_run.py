"""`decode-bot run` start-up checks: one clear line per problem, exit 2, never a traceback."""

from __future__ import annotations

import pytest

from tests.fakes.slack import BOT_TOKEN, FakeSlack
from tests.terminal import run


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, ["SLACK_BOT_TOKEN: missing", "SLACK_SIGNING_SECRET: missing", "To see what it answers before Slack"]),
        ({"SLACK_BOT_TOKEN": "xoxp-user", "SLACK_SIGNING_SECRET": "s"}, ["SLACK_BOT_TOKEN: must start with xoxb-"]),
        ({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": "xoxb-wrong"}, ["SLACK_APP_TOKEN: must start with xapp-"]),
        ({"SLACK_BOT_TOKEN": BOT_TOKEN}, ["SLACK_SIGNING_SECRET: missing"]),
        ({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": "s", "PORT": "http"}, ["PORT: 'http' is not a number"]),
    ],
)
def test_configuration_problems(env: dict[str, str], expected: list[str], tmp_path: object) -> None:
    result = run(["run"], env=env, cwd=tmp_path)  # type: ignore[arg-type]
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(expected)
    for line, start in zip(lines, expected, strict=True):
        assert line.startswith(f"decode-bot: {start}"), result.stderr
    assert "Traceback" not in result.stderr


def test_socket_mode_forced_without_an_app_token(tmp_path: object) -> None:
    result = run(["run", "--mode", "socket"], env={"SLACK_BOT_TOKEN": BOT_TOKEN}, cwd=tmp_path)  # type: ignore[arg-type]
    assert result.returncode == 2
    assert "SLACK_APP_TOKEN: missing" in result.stderr


def test_a_bot_token_that_slack_rejects(tmp_path: object) -> None:
    slack = FakeSlack().start()
    try:
        env = {"SLACK_BOT_TOKEN": "xoxb-revoked", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": slack.api_url,
               "SLACK_CLIENT_ID": "123.456", "SLACK_CLIENT_SECRET": "not-used"}
        result = run(["run"], env=env, cwd=tmp_path)  # type: ignore[arg-type]
    finally:
        slack.stop()
    assert result.returncode == 2
    assert "decode-bot: SLACK_BOT_TOKEN: Slack rejected the bot token (invalid_auth)" in result.stderr
    assert "SLACK_CLIENT_ID is set but not used" in result.stderr
    assert "Traceback" not in result.stderr


def test_allow_list_names_stop_start_up_with_the_id_to_use(tmp_path: object) -> None:
    slack = FakeSlack().start()
    slack.state.channels.update({"general": "C0GENERAL1", "aws-errors": "C0AWSERRS1"})
    slack.state.people["U0ALICE01"] = ("alice", "alice@example.com")
    slack.state.group_handles["platform"] = "S0PLATFORM"
    try:
        env = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": slack.api_url,
               "ALLOWED_CHANNELS": "#aws-errors,C0OKAY0001,#nowhere", "ALLOWED_USERS": "alice@example.com,@alice",
               "ALLOWED_USERGROUPS": "@platform"}
        result = run(["run"], env=env, cwd=tmp_path)  # type: ignore[arg-type]
        doctor = run(["doctor"], env=env, cwd=tmp_path)  # type: ignore[arg-type]
    finally:
        slack.stop()
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines == [
        "decode-bot: ALLOWED_CHANNELS: #aws-errors is a name, not a Slack ID, and would match nobody; use its ID, "
        "C0AWSERRS1.",
        "decode-bot: ALLOWED_CHANNELS: #nowhere is a name, not a Slack ID, and would match nobody; use its ID "
        "instead: in Slack, open the channel's details: its ID (C…) is at the bottom.",
        "decode-bot: ALLOWED_USERS: @alice is a name, not a Slack ID, and would match nobody; use its ID, U0ALICE01.",
        "decode-bot: ALLOWED_USERS: alice@example.com is a name, not a Slack ID, and would match nobody; use its ID, "
        "U0ALICE01.",
        "decode-bot: ALLOWED_USERGROUPS: @platform is a name, not a Slack ID, and would match nobody; use its ID, "
        "S0PLATFORM.",
    ]
    assert "FAIL  allow-lists: ALLOWED_CHANNELS: #aws-errors is a name" in doctor.stdout
    assert "fix: use its ID, C0AWSERRS1." in doctor.stdout
