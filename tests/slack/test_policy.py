"""Trust and safety, end to end: access lists, summary disclosure, masking, audit, abuse limits, faults."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.builders import PASSROLE_MESSAGE, cli_error, decoded_message, make_token
from tests.fakes.slack import FakeSlack
from tests.fakes.sts import FakeSts
from tests.slack_harness import LiveBot, library_records_below_warning, message_event

TOKEN = make_token(201)
MASKED = make_token(202)
SECRET_IP = "203.0.113.77"
CHANNELS = [f"C0OPEN{i}" for i in range(1, 10)]


@pytest.fixture(scope="module")
def fakes() -> Iterator[tuple[FakeSlack, FakeSts]]:
    slack, sts = FakeSlack().start(), FakeSts().start()
    sts.state.messages[TOKEN] = PASSROLE_MESSAGE
    sts.state.messages[MASKED] = decoded_message(
        explicit_deny=True,
        statements=[{"sid": "DenyOutsideOffice", "conditions": {"aws:SourceIp": ["198.51.100.0/24"]}}],
        context={"aws:SourceIp": [SECRET_IP], "aws:Service": ["ec2"]},
    )
    slack.state.usergroups["S0PLATFORM"] = ["U0GROUPIE"]
    yield slack, sts
    slack.stop()
    sts.stop()


@pytest.fixture(scope="module")
def bot(fakes: tuple[FakeSlack, FakeSts]) -> Iterator[LiveBot]:
    running = LiveBot(
        *fakes,
        ALLOWED_CHANNELS=",".join(CHANNELS),
        ALLOWED_USERS="U0ALLOWED",
        ALLOWED_USERGROUPS="S0PLATFORM",
        DISCLOSURE="summary",
        MASK_CONDITION_KEYS="aws:SourceIp",
        LIMIT_USER_DECODES_PER_MINUTE="3",
        LIMIT_CHANNEL_DECODES_PER_MINUTE="5",
        LIMIT_TOKENS_PER_MESSAGE="2",
        LIMIT_CHARS_PER_MESSAGE="20000",
        LIMIT_SNIPPET_BYTES="5000",
        SLACK_TIMEOUT_SECONDS="1",
    )
    yield running
    running.stop()


@pytest.fixture
def sts(fakes: tuple[FakeSlack, FakeSts]) -> Iterator[FakeSts]:
    yield fakes[1]
    fakes[1].state.failures.clear()
    fakes[1].state.deny_decode = False


def posted(slack: FakeSlack, method: str, count: int = 1, timeout: float = 10) -> list[dict[str, Any]]:
    slack.state.wait_for(method, count, timeout)
    return [c.params for c in slack.state.of(method) if not c.params.get("_answered_with_error")]


def content(params: dict[str, Any]) -> str:
    return str(params.get("text")) + json.dumps(params.get("blocks"), ensure_ascii=False)


def in_channel(channel: str, text: str, user: str) -> dict[str, Any]:
    return message_event(text, channel=channel, user=user)


# --- access ----------------------------------------------------------------------------------------


def test_a_channel_that_is_not_allowed_gets_a_private_note_and_nothing_is_decoded(
    bot: LiveBot, slack: FakeSlack, sts: FakeSts
) -> None:
    before = len(sts.state.decode_calls())
    event = in_channel("C0CLOSED", cli_error(TOKEN), "U0WHOEVER")
    assert bot.post_event(event)[0] == 200
    [note] = posted(slack, "chat.postEphemeral")
    assert note["user"] == "U0WHOEVER" and note["channel"] == "C0CLOSED"
    assert "does not answer in this channel" in note["text"]
    assert not slack.state.of("chat.postMessage")
    assert len(sts.state.decode_calls()) == before


def test_chatter_in_a_closed_channel_gets_no_note(bot: LiveBot, slack: FakeSlack) -> None:
    bot.post_event(in_channel("C0CLOSED", "hello all", "U0WHOEVER"))
    bot.idle()
    assert not slack.state.of("chat.postEphemeral")


def test_decode_command_only_for_allowed_users_and_groups(bot: LiveBot, slack: FakeSlack) -> None:
    bot.post_command(cli_error(TOKEN), slack.response_url("stranger"))
    [refused] = posted(slack, "response_url")
    assert "only to the people your administrators allowed" in refused["text"]
    assert "iam:PassRole" not in content(refused)
    assert slack.state.of("usergroups.users.list")  # the stranger was looked up in the allowed group
    slack.state.calls.clear()
    for user in ("U0ALLOWED", "U0GROUPIE"):
        assert _command_as(bot, slack, cli_error(TOKEN), user) == 200
    answers = posted(slack, "response_url", 2)
    assert len(answers) == 2 and all("iam:PassRole" in content(a) for a in answers)


def _command_as(bot: LiveBot, slack: FakeSlack, text: str, user: str) -> int:
    from urllib.parse import urlencode

    form = {"team_id": "T0001", "channel_id": "C0ANY", "user_id": user, "command": "/decode", "text": text,
            "response_url": slack.response_url(user), "trigger_id": "1"}
    return bot.post(urlencode(form).encode(), "application/x-www-form-urlencoded")[0]


def test_shortcut_refused_for_people_not_allowed(bot: LiveBot, slack: FakeSlack) -> None:
    payload = {"type": "message_action", "callback_id": "explain_aws_error", "trigger_id": "1",
               "team": {"id": "T0001"}, "user": {"id": "U0STRANGER"}, "channel": {"id": "C0OPEN1"},
               "message": {"type": "message", "text": cli_error(TOKEN), "ts": "1.2"},
               "response_url": slack.response_url("shortcut-stranger")}
    bot.post_interactive(payload)
    [refused] = posted(slack, "response_url")
    assert "only to the people your administrators allowed" in refused["text"]


# --- disclosure and masking ------------------------------------------------------------------------


def test_summary_in_the_thread_and_details_privately_for_allowed_people(bot: LiveBot, slack: FakeSlack) -> None:
    event = in_channel("C0OPEN2", cli_error(MASKED), "U0AUTHOR")
    bot.post_event(event)
    [reply] = posted(slack, "chat.postMessage")
    thread = content(reply)
    assert "ec2:RunInstances" in thread and "Explicit deny" in thread
    assert "arn:aws:iam::123456789012:user/test-user" not in thread  # no principal in summary mode
    assert "DenyOutsideOffice" not in thread  # nor the statement
    [button] = [e for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"]
                if e["action_id"] == "show_details"]
    assert button["action_id"] == "show_details"
    assert TOKEN not in button["value"] and MASKED not in button["value"]

    press = {"type": "block_actions", "team": {"id": "T0001"}, "user": {"id": "U0STRANGER"},
             "channel": {"id": "C0OPEN2"}, "trigger_id": "1", "response_url": slack.response_url("press-1"),
             "container": {"type": "message", "message_ts": "1.1", "channel_id": "C0OPEN2"},
             "actions": [{"action_id": "show_details", "block_id": "b", "value": button["value"],
                          "type": "button", "action_ts": "1"}]}
    bot.post_interactive(press)
    [refused] = posted(slack, "response_url")
    assert "DenyOutsideOffice" not in content(refused)

    slack.state.calls.clear()
    press["user"] = {"id": "U0ALLOWED"}
    bot.post_interactive(press)
    [details] = posted(slack, "response_url")
    assert details["response_type"] == "ephemeral"
    assert "DenyOutsideOffice" in content(details)
    assert "arn:aws:iam::123456789012:user/test-user" in content(details)
    assert SECRET_IP not in content(details)  # masked even in details
    assert "•••" in content(details)


def test_a_details_reference_works_only_where_its_answer_was_posted(bot: LiveBot, slack: FakeSlack) -> None:
    event = in_channel("C0OPEN3", cli_error(MASKED), "U0AUTHOR")
    bot.post_event(event)
    [reply] = posted(slack, "chat.postMessage")
    [button] = [e for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"]
                if e["action_id"] == "show_details"]

    def press(channel: str, user: str, name: str) -> dict[str, Any]:
        slack.state.calls.clear()
        bot.post_interactive({"type": "block_actions", "team": {"id": "T0001"}, "user": {"id": user},
                              "channel": {"id": channel}, "response_url": slack.response_url(name),
                              "actions": [{"action_id": "show_details", "value": button["value"], "type": "button",
                                           "block_id": "b", "action_ts": "1"}]})
        [answer] = posted(slack, "response_url")
        return answer

    elsewhere = press("C0OPEN4", "U0ALLOWED", "elsewhere")  # an allowed person, the reference copied elsewhere
    assert "another conversation" in elsewhere["text"] and "DenyOutsideOffice" not in content(elsewhere)
    assert "DenyOutsideOffice" in content(press("C0OPEN3", "U0ALLOWED", "here"))
    # An answer only its asker saw (/decode) opens its details for that person alone.
    slack.state.calls.clear()
    _command_as(bot, slack, cli_error(MASKED), "U0ALLOWED")
    [private] = posted(slack, "response_url")
    [button] = [e for b in private["blocks"] if b["type"] == "actions" for e in b["elements"]
                if e["action_id"] == "show_details"]
    assert "another conversation" in press("C0ANY", "U0GROUPIE", "other-person")["text"]
    assert "DenyOutsideOffice" in content(press("C0ANY", "U0ALLOWED", "same-person"))


def test_unknown_details_reference_gets_a_friendly_note(bot: LiveBot, slack: FakeSlack) -> None:
    press = {"type": "block_actions", "team": {"id": "T0001"}, "user": {"id": "U0ALLOWED"},
             "channel": {"id": "C0OPEN2"}, "trigger_id": "1", "response_url": slack.response_url("press-2"),
             "actions": [{"action_id": "show_details", "value": "gone", "type": "button", "block_id": "b",
                          "action_ts": "1"}]}
    bot.post_interactive(press)
    [note] = posted(slack, "response_url")
    assert "no longer available" in note["text"]


# --- abuse limits ----------------------------------------------------------------------------------


def test_user_rate_limit(bot: LiveBot, slack: FakeSlack) -> None:
    for i in range(4):
        bot.post_event(in_channel("C0OPEN3", cli_error(make_token(300 + i)), "U0HASTY"))
    notes = posted(slack, "chat.postEphemeral")
    assert any("at most 3 a minute" in n["text"] for n in notes)
    assert len(posted(slack, "chat.postMessage", 3)) == 3


def test_channel_rate_limit(bot: LiveBot, slack: FakeSlack) -> None:
    for i in range(6):
        bot.post_event(in_channel("C0OPEN4", cli_error(make_token(400 + i)), f"U0BUSY{i}"))
    notes = posted(slack, "chat.postEphemeral")
    assert any("This channel has asked for many decodes" in n["text"] and "/decode" in n["text"] for n in notes)
    assert len(posted(slack, "chat.postMessage", 5)) == 5


def test_tokens_per_message_limit(bot: LiveBot, slack: FakeSlack) -> None:
    event = in_channel("C0OPEN5", "".join(cli_error(make_token(500 + i)) for i in range(3)), "U0MANY")
    bot.post_event(event)
    [reply] = posted(slack, "chat.postMessage")
    assert "1 more errors in this message" in content(reply)


def test_characters_per_message_limit(bot: LiveBot, slack: FakeSlack) -> None:
    text = cli_error(TOKEN) + "x" * 30_000 + cli_error(make_token(601))
    bot.post_event(in_channel("C0OPEN6", text, "U0VERBOSE"))
    [note] = posted(slack, "chat.postEphemeral")
    assert "only its first 20,000 characters were read" in note["text"]
    [reply] = posted(slack, "chat.postMessage")
    assert "more errors in this message" not in content(reply)


def test_snippet_size_limit(bot: LiveBot, slack: FakeSlack) -> None:
    slack.state.files["F0BIG"] = b"x" * 6000
    event = in_channel("C0OPEN7", cli_error(TOKEN), "U0SNIPPY")
    event.update(subtype="file_share", files=[{"id": "F0BIG", "name": "huge.log", "mimetype": "text/plain",
                                               "size": 6000, "url_private": slack.file_url("F0BIG")}])
    bot.post_event(event)
    posted(slack, "chat.postMessage")
    [note] = posted(slack, "chat.postEphemeral")
    assert "`huge.log` is larger than 5,000 bytes" in note["text"]
    assert not slack.state.of("files.download")


def test_a_snippet_in_a_channel_that_is_not_allowed_is_never_downloaded(bot: LiveBot, slack: FakeSlack) -> None:
    slack.state.files["F0CLOSED"] = cli_error(TOKEN).encode()
    event = in_channel("C0CLOSED", "", "U0SNIPPY2")
    event.update(subtype="file_share", files=[{"id": "F0CLOSED", "name": "error.log", "mimetype": "text/plain",
                                               "size": 900, "url_private": slack.file_url("F0CLOSED")}])
    bot.post_event(event)
    bot.idle()
    assert not slack.state.of("files.download") and not slack.state.of("chat.postMessage")


# --- faults ----------------------------------------------------------------------------------------


def test_slack_timeout_on_the_reply_is_retried_and_delivered(bot: LiveBot, slack: FakeSlack) -> None:
    slack.state.stall_next("chat.postMessage", 2.0)
    event = in_channel("C0OPEN8", cli_error(TOKEN), "U0PATIENT")
    bot.post_event(event)
    bot.idle(15)
    replies = posted(slack, "chat.postMessage", 1)
    assert len([r for r in replies if r.get("thread_ts") == event["ts"]]) >= 1


def test_response_url_429_is_retried(bot: LiveBot, slack: FakeSlack) -> None:
    slack.state.fail_next("response_url", 429, retry_after=1)
    _command_as(bot, slack, cli_error(TOKEN), "U0ALLOWED")
    answers = posted(slack, "response_url", 2)
    assert len(answers) == 1 and "iam:PassRole" in content(answers[0])


@pytest.mark.parametrize(
    ("failure", "expected"),
    [(("Throttling", 400), "is throttling decode-bot's requests"),
     (("AccessDenied", 403), "not allowed to decode messages")],
)
def test_sts_faults_give_a_clear_reply(bot: LiveBot, slack: FakeSlack, sts: FakeSts, failure: tuple[str, int],
                                       expected: str) -> None:
    sts.state.failures = [failure] * 3
    event = in_channel("C0OPEN9", cli_error(make_token(700 + len(failure[0]))), "U0UNLUCKY" + failure[0])
    bot.post_event(event)
    [reply] = posted(slack, "chat.postMessage", timeout=20)
    assert expected in reply["text"]


@pytest.mark.parametrize(
    "body",
    [
        {"type": "event_callback", "event_id": "EvBROKEN1"},  # no event at all
        {"type": "event_callback", "event_id": "EvBROKEN2", "event": {"type": "message", "text": 42}},
        {"type": "event_callback", "event_id": "EvBROKEN3", "event": {"type": "message", "channel": ["C"],
                                                                      "ts": {"x": 1}, "text": cli_error(TOKEN)}},
        {"type": "event_callback", "event_id": "EvBROKEN4", "event": {"type": "message", "subtype":
                                                                      "message_changed", "message": "oops"}},
        {"type": "event_callback", "event_id": "EvBROKEN5", "event": {"type": "brand_new_event_type"}},
        {"type": "something_else_entirely"},
        [],
        "just a string",
    ],
)
def test_malformed_payloads_are_answered_without_crashing(bot: LiveBot, body: object) -> None:
    status, _, _ = bot.post(json.dumps(body).encode(), "application/json")
    assert 200 <= status < 500
    assert bot.alive


def test_malformed_interactive_and_command_bodies(bot: LiveBot) -> None:
    for raw, kind in [(b"payload=%7Bnot-json", "application/x-www-form-urlencoded"),
                      (b"command=%2Fdecode", "application/x-www-form-urlencoded"),
                      (b"\xff\xfe\x00garbage", "application/octet-stream"),
                      (b"{", "application/json")]:
        status, _, _ = bot.post(raw, kind)
        assert 200 <= status < 500, raw
    assert bot.alive


def test_huge_body_is_refused_without_harm(bot: LiveBot) -> None:
    body = json.dumps({"type": "event_callback", "event_id": "EvHUGE", "event": {
        "type": "message", "channel": "C0OPEN1", "ts": "1.1", "text": "x" * 6_000_000}}).encode()
    try:
        status, _, _ = bot.post(body, "application/json")
        assert status == 413
    except OSError:
        pass  # waitress answers 413 and closes while the client is still sending: refused either way
    assert bot.alive
    assert bot.post_event(message_event("still here"))[0] == 200


def test_audit_log_has_one_line_per_attempt_and_no_secrets(bot: LiveBot) -> None:
    lines = [json.loads(line.split(" decode_bot.audit ", 1)[1]) for line in bot.logs().splitlines()
             if " decode_bot.audit " in line]
    assert lines, "no audit lines"
    fields = {"time", "team", "channel", "user", "surface", "token", "account", "principal", "action", "outcome",
              "decision", "source"}
    assert all(set(entry) == fields for entry in lines)
    outcomes = {entry["outcome"] for entry in lines}
    assert {"explained", "channel_not_allowed", "rate_limited_user", "rate_limited_channel"} <= outcomes
    surfaces = {entry["surface"] for entry in lines}
    assert {"thread", "command", "details"} <= surfaces
    explained = next(e for e in lines if e["outcome"] == "explained" and e["action"] == "iam:PassRole")
    assert explained["principal"] == "arn:aws:iam::123456789012:user/test-user"
    assert explained["account"] == "123456789012"
    assert len(explained["token"]) == 12


def test_logs_never_hold_tokens_decoded_bodies_or_secrets(bot: LiveBot) -> None:
    logs = bot.logs()
    for secret in (TOKEN, MASKED, SECRET_IP, "DenyOutsideOffice", "EC2_instance_Profile_role", "198.51.100.0/24",
                   "xoxb-1111-2222-decodebottest", "8f742231b10e8888abcd99yyyzzz85a5", "fakeBaseSecret"):
        assert secret not in logs, secret


def test_nothing_leaks_at_debug_level_either(fakes: tuple[FakeSlack, FakeSts]) -> None:
    slack, _ = fakes
    debug_bot = LiveBot(*fakes, LOG_LEVEL="DEBUG", DISCLOSURE="full")
    try:
        slack.state.calls.clear()
        event = message_event(cli_error(MASKED), channel="C0DEBUG", user="U0DEBUG")
        debug_bot.post_event(event)
        posted(slack, "chat.postMessage")
        debug_bot.post_command(cli_error(TOKEN), slack.response_url("debug"))
        posted(slack, "response_url")
    finally:
        debug_bot.stop()
    logs = debug_bot.logs()
    assert "decode_bot.audit" in logs
    assert not library_records_below_warning(logs)  # Bolt copies DEBUG onto its loggers: its bodies stay out
    for secret in (TOKEN, MASKED, "DenyOutsideOffice", "EC2_instance_Profile_role", "xoxb-1111-2222-decodebottest",
                   "8f742231b10e8888abcd99yyyzzz85a5", "fakeBaseSecret"):
        assert secret not in logs, secret
