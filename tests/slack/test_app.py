"""decode-bot's Slack app end to end: the app `decode-bot run` serves, signed requests over HTTP, fake Slack and STS."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.builders import (
    AUTHORIZATION_ID,
    PASSROLE_MESSAGE,
    SCP_DENY_MESSAGE,
    SCP_DETAILS_PAGES,
    SHARED,
    authorization_id_error,
    cli_error,
    decoded_message,
    make_token,
    read_manifest,
)
from tests.fakes.slack import BOT_ID, FakeSlack
from tests.fakes.sts import FakeSts
from tests.fakes.toolbox import FakeToolbox
from tests.slack_harness import LiveBot, message_event, unique_ts

TOKEN = make_token(31)
SECOND = make_token(32, 900)


@pytest.fixture(scope="module")
def toolbox() -> Iterator[FakeToolbox]:
    fake = FakeToolbox().start()
    fake.state.pages[AUTHORIZATION_ID] = SCP_DETAILS_PAGES
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def fakes() -> Iterator[tuple[FakeSlack, FakeSts]]:
    slack, sts = FakeSlack().start(), FakeSts().start()
    sts.state.messages[TOKEN] = PASSROLE_MESSAGE
    sts.state.messages[SECOND] = SCP_DENY_MESSAGE
    yield slack, sts
    slack.stop()
    sts.stop()


@pytest.fixture(scope="module")
def bot(fakes: tuple[FakeSlack, FakeSts], toolbox: FakeToolbox) -> Iterator[LiveBot]:
    running = LiveBot(*fakes, toolbox, LIMIT_USER_DECODES_PER_MINUTE="10000",
                         LIMIT_CHANNEL_DECODES_PER_MINUTE="10000")
    yield running
    running.stop()


@pytest.fixture
def sts(fakes: tuple[FakeSts, FakeSts]) -> Iterator[FakeSts]:
    fakes[1].state.delay = 0
    yield fakes[1]  # type: ignore[misc]
    fakes[1].state.delay = 0


def replies_to(slack: FakeSlack, ts: str, wait: float = 10.0, count: int = 1) -> list[dict[str, Any]]:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        found = [c.params for c in slack.delivered("chat.postMessage") if c.params.get("thread_ts") == ts]
        if len(found) >= count:
            return found
        slack.state.wait_for("chat.postMessage", len(slack.state.of("chat.postMessage")) + 1, timeout=0.1)
    return [c.params for c in slack.delivered("chat.postMessage") if c.params.get("thread_ts") == ts]


def no_reply(bot: LiveBot, slack: FakeSlack, ts: str) -> bool:
    """Nothing was posted in the thread once the bot has handled everything it received."""
    bot.idle()
    return not [c for c in slack.state.of("chat.postMessage") if c.params.get("thread_ts") == ts]


def reply_text(reply: dict[str, Any]) -> str:
    return reply["text"] + json.dumps(reply["blocks"])


def test_pasted_error_gets_a_thread_reply_naming_principal_action_and_resource(
    bot: LiveBot, slack: FakeSlack
) -> None:
    event = message_event("deploy broke:\n```" + cli_error(TOKEN) + "```")
    status, _, elapsed = bot.post_event(event)
    assert status == 200 and elapsed < 1.0
    [reply] = replies_to(slack, event["ts"])
    assert reply["channel"] == "C0CHAN"
    content = reply_text(reply)
    assert "test-user" in content and "account `123456789012`" in content  # the full ARN is in the details
    assert "iam:PassRole" in content
    assert "arn:aws:iam::123456789012:role/EC2_instance_Profile_role" in content
    assert "iam:PassedToService" in content
    assert TOKEN not in content
    assert len(reply["blocks"]) <= 50


def test_reply_goes_into_the_existing_thread(bot: LiveBot, slack: FakeSlack) -> None:
    parent = unique_ts()
    event = message_event(cli_error(TOKEN), thread_ts=parent)
    bot.post_event(event)
    [reply] = replies_to(slack, parent)
    assert reply["thread_ts"] == parent


def test_edit_that_adds_a_token_is_answered_once(bot: LiveBot, slack: FakeSlack) -> None:
    original = message_event("it fails, error below")
    bot.post_event(original)
    edited = {
        "type": "message", "subtype": "message_changed", "channel": "C0CHAN", "hidden": True, "ts": unique_ts(),
        "message": {"type": "message", "user": "U0PERSON", "text": "it fails: " + cli_error(TOKEN),
                    "ts": original["ts"], "edited": {"user": "U0PERSON", "ts": unique_ts()}},
        "previous_message": {"type": "message", "user": "U0PERSON", "text": original["text"], "ts": original["ts"]},
    }
    bot.post_event(edited)
    assert len(replies_to(slack, original["ts"])) == 1
    edited_again = json.loads(json.dumps(edited))
    edited_again["message"]["text"] += " (typo fixed)"
    bot.post_event(edited_again)
    assert no_reply(bot, slack, "unused") and len(replies_to(slack, original["ts"], wait=1)) == 1


def test_several_tokens_get_one_reply_covering_each(bot: LiveBot, slack: FakeSlack) -> None:
    event = message_event(cli_error(TOKEN) + "\nand then\n" + cli_error(SECOND))
    bot.post_event(event)
    [reply] = replies_to(slack, event["ts"])
    content = reply_text(reply)
    assert "iam:PassRole" in content and "DenyOutsideApprovedRegions" in content


def test_too_many_tokens_are_capped_with_a_count(bot: LiveBot, slack: FakeSlack) -> None:
    tokens = [make_token(100 + i) for i in range(7)]
    event = message_event("".join(cli_error(t) for t in tokens))
    bot.post_event(event)
    [reply] = replies_to(slack, event["ts"])
    assert "2 more errors in this message" in reply_text(reply)


def test_slack_retry_does_not_duplicate_the_reply(bot: LiveBot, slack: FakeSlack) -> None:
    event = message_event(cli_error(TOKEN))
    bot.post_event(event, event_id="EvRETRY0001")
    status, _, _ = bot.post_event(event, event_id="EvRETRY0001", retry_num=1)
    assert status == 200
    replies_to(slack, event["ts"])
    assert no_reply(bot, slack, "unused")
    assert len(replies_to(slack, event["ts"], wait=0.5)) == 1


def test_retry_whose_first_delivery_never_arrived_is_answered(bot: LiveBot, slack: FakeSlack) -> None:
    event = message_event(cli_error(TOKEN))
    status, _, _ = bot.post_event(event, event_id="EvLOSTFIRST1", retry_num=1)
    assert status == 200
    assert len(replies_to(slack, event["ts"])) == 1


def test_bad_signature_and_stale_timestamp_are_rejected(bot: LiveBot, slack: FakeSlack) -> None:
    event = message_event(cli_error(TOKEN))
    assert bot.post_event(event, secret="not-the-secret")[0] == 401
    assert bot.post_event(event, signed=False)[0] == 401
    assert bot.post_event(event, timestamp=int(time.time()) - 600)[0] == 401
    assert no_reply(bot, slack, event["ts"])


def test_own_and_other_bots_messages_are_ignored(bot: LiveBot, slack: FakeSlack) -> None:
    own = message_event(cli_error(TOKEN), bot_id=BOT_ID, user="UBOT0001")
    other = message_event(cli_error(TOKEN), bot_id="B0OTHER", subtype="bot_message")
    modern = message_event(cli_error(TOKEN), bot_id="B0MODERN")  # bot posts without a subtype
    for event in (own, other, modern):
        assert bot.post_event(event)[0] == 200
    assert all(no_reply(bot, slack, e["ts"]) for e in (own, other, modern))


def test_chatter_is_acknowledged_without_a_reply(bot: LiveBot, slack: FakeSlack) -> None:
    event = message_event("anyone up for lunch?")
    status, body, elapsed = bot.post_event(event)
    assert (status, body) == (200, b"")
    assert elapsed < 1.0
    assert no_reply(bot, slack, event["ts"])


def test_decode_command_acks_fast_and_answers_privately(bot: LiveBot, slack: FakeSlack) -> None:
    status, _, elapsed = bot.post_command(cli_error(TOKEN), slack.response_url("cmd1"))
    assert status == 200
    assert elapsed < 1.0
    [call] = slack.state.wait_for("response_url")
    assert call.params["response_type"] == "ephemeral"
    assert "iam:PassRole" in call.params["text"] + json.dumps(call.params["blocks"])
    assert "Only you can see this answer." in json.dumps(call.params["blocks"])  # said, not only Slack's grey label
    assert not slack.state.of("chat.postMessage")


def test_decode_help_shows_usage(bot: LiveBot, slack: FakeSlack) -> None:
    status, _, _ = bot.post_command("help", slack.response_url("help"))
    assert status == 200
    [answer] = slack.state.wait_for("response_url")
    assert "/decode" in answer.params["text"] and answer.params["response_type"] == "ephemeral"


def test_decode_alone_opens_a_form_whose_paste_is_answered_privately(bot: LiveBot, slack: FakeSlack) -> None:
    status, _, _ = bot.post_command("", slack.response_url("form"))
    assert status == 200
    [opened] = slack.state.wait_for("views.open")
    view = json.loads(opened.params["view"]) if isinstance(opened.params["view"], str) else opened.params["view"]
    assert view["blocks"][0]["element"]["multiline"] is True
    assert "only to you" in view["blocks"][0]["hint"]["text"] and "3,000" in view["blocks"][0]["hint"]["text"]
    submission = {"type": "view_submission", "team": {"id": "T0001"}, "user": {"id": "U0ASKER", "team_id": "T0001"},
                  "view": {**view, "id": "V1", "state": {"values": {"paste": {"text": {
                      "type": "plain_text_input", "value": cli_error(TOKEN)}}}}}}
    status, _, _ = bot.post_interactive(submission)
    assert status == 200
    [answer] = slack.state.wait_for("chat.postEphemeral")
    assert answer.params["user"] == "U0ASKER" and answer.params["channel"] == "C0NOTIN"
    assert "iam:PassRole" in answer.params["text"]


def test_decode_command_with_nothing_to_decode_says_so(bot: LiveBot, slack: FakeSlack) -> None:
    bot.post_command("my instance will not start", slack.response_url("none"))
    [call] = slack.state.wait_for("response_url")
    assert "found no encoded authorization failure message" in call.params["text"]


def test_message_shortcut_answers_privately(bot: LiveBot, slack: FakeSlack) -> None:
    payload = {
        "type": "message_action", "callback_id": "explain_aws_error", "trigger_id": "1.2.3",
        "team": {"id": "T0001", "domain": "test"}, "user": {"id": "U0ASKER", "name": "asker"},
        "channel": {"id": "C0CHAN", "name": "deploys"}, "message_ts": "1.1",
        "message": {"type": "message", "user": "U0PERSON", "ts": "1.1", "text": cli_error(SECOND)},
        "response_url": slack.response_url("shortcut"),
    }
    status, _, elapsed = bot.post_interactive(payload)
    assert status == 200 and elapsed < 1.0
    [call] = slack.state.wait_for("response_url")
    assert call.params["response_type"] == "ephemeral"
    assert "DenyOutsideApprovedRegions" in json.dumps(call.params["blocks"])


def test_snippet_is_fetched_with_the_bot_token_and_answered(bot: LiveBot, slack: FakeSlack) -> None:
    slack.state.files["F0SNIP"] = ("terraform apply output\n" * 200 + cli_error(SECOND)).encode()
    event = message_event("here is the log", subtype="file_share", files=[{
        "id": "F0SNIP", "name": "log.txt", "mimetype": "text/plain", "filetype": "text", "mode": "snippet",
        "size": len(slack.state.files["F0SNIP"]), "url_private": slack.file_url("F0SNIP"),
        "url_private_download": slack.file_url("F0SNIP"),
    }])
    bot.post_event(event)
    [reply] = replies_to(slack, event["ts"])
    assert "DenyOutsideApprovedRegions" in reply_text(reply)
    assert slack.state.of("files.download")


def test_slow_sts_still_acks_at_once_and_the_answer_arrives(bot: LiveBot, slack: FakeSlack, sts: FakeSts) -> None:
    sts.state.delay = 4.0
    token = make_token(41)
    sts.state.messages[token] = PASSROLE_MESSAGE
    event = message_event(cli_error(token))
    status, _, elapsed = bot.post_event(event)
    assert status == 200 and elapsed < 1.0
    assert len(replies_to(slack, event["ts"], wait=12)) == 1


def test_slack_429_on_the_reply_is_retried_and_delivered_once(bot: LiveBot, slack: FakeSlack) -> None:
    slack.state.fail_next("chat.postMessage", 429, retry_after=1)
    event = message_event(cli_error(TOKEN))
    bot.post_event(event)
    assert len(replies_to(slack, event["ts"])) == 1
    attempts = [c for c in slack.state.of("chat.postMessage") if c.params.get("thread_ts") == event["ts"]]
    assert len(attempts) == 2
    assert attempts[1].at - attempts[0].at >= 0.9  # Retry-After was honoured


def test_slack_500_on_the_reply_is_retried(bot: LiveBot, slack: FakeSlack) -> None:
    slack.state.fail_next("chat.postMessage", 500)
    event = message_event(cli_error(TOKEN))
    bot.post_event(event)
    assert len(replies_to(slack, event["ts"])) == 1


def test_undecodable_token_gets_a_clear_reply(bot: LiveBot, slack: FakeSlack) -> None:
    event = message_event(cli_error(make_token(51)))
    bot.post_event(event)
    [reply] = replies_to(slack, event["ts"])
    assert "could not decode this message" in reply["text"]


def test_cut_token_gets_a_clear_reply_without_calling_sts(bot: LiveBot, slack: FakeSlack, sts: FakeSts) -> None:
    before = len(sts.state.decode_calls())
    event = message_event("Encoded authorization failure message: " + make_token(52, 200) + "...")
    bot.post_event(event)
    [reply] = replies_to(slack, event["ts"])
    assert "cut short" in reply["text"]
    assert len(sts.state.decode_calls()) == before


def test_decoded_message_pasted_in_a_channel_is_explained(bot: LiveBot, slack: FakeSlack) -> None:
    event = message_event("```" + json.dumps({"DecodedMessage": PASSROLE_MESSAGE}, indent=2).replace(
        "&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "```")
    bot.post_event(event)
    [reply] = replies_to(slack, event["ts"])
    assert "iam:PassRole" in reply["text"]


def test_mention_and_message_for_the_same_paste_are_answered_once(bot: LiveBot, slack: FakeSlack) -> None:
    event = message_event("<@UBOT0001> " + cli_error(TOKEN))
    mention = dict(event, type="app_mention")
    bot.post_event(mention)
    bot.post_event(event)
    replies_to(slack, event["ts"])
    assert no_reply(bot, slack, "unused")
    assert len(replies_to(slack, event["ts"], wait=0.2)) == 1


def test_huge_reply_stays_inside_block_kit_limits(bot: LiveBot, slack: FakeSlack, sts: FakeSts) -> None:
    token = make_token(61)
    statements = [{"sid": f"Deny{i}", "actions": [f"ec2:Action{j}" for j in range(60)],
                   "conditions": {f"aws:RequestTag/k{i}": ["v" * 300]}} for i in range(8)]
    sts.state.messages[token] = decoded_message(explicit_deny=True, statements=statements,
                                                context={f"ec2:Key{i}": ["x" * 400] for i in range(40)})
    event = message_event(cli_error(token) + cli_error(SECOND) + cli_error(TOKEN))
    bot.post_event(event)
    [reply] = replies_to(slack, event["ts"])
    assert len(reply["blocks"]) <= 50
    assert len(json.dumps(reply["blocks"])) <= 13_000
    for block in reply["blocks"]:
        if block["type"] == "section" and "text" in block:
            assert len(block["text"]["text"]) <= 3000


_PAYLOAD_DIR = SHARED / "slack-payloads"
_payloads = read_manifest(_PAYLOAD_DIR)


@pytest.mark.skipif(not _payloads, reason="../shared/slack-payloads is not beside this checkout")
@pytest.mark.parametrize("entry", _payloads, ids=lambda e: f"{e['file']}-{e['kind']}")
def test_every_real_slack_payload_is_acknowledged(bot: LiveBot, slack: FakeSlack, entry: dict[str, Any]) -> None:
    from urllib.parse import urlencode

    body = json.loads((_PAYLOAD_DIR / entry["file"]).read_text())
    kind = entry["kind"]
    if kind == "slash_command":
        status, response, _ = bot.post(urlencode(body).encode(), "application/x-www-form-urlencoded")
    elif kind in ("event_callback", "url_verification", "app_rate_limited"):
        if kind == "event_callback":
            body["event_id"] = f"{body.get('event_id', 'Ev')}-{entry['file']}"  # the module's bot dedupes
        status, response, _ = bot.post(json.dumps(body).encode(), "application/json")
    else:
        status, response, _ = bot.post(urlencode({"payload": json.dumps(body)}).encode(),
                                       "application/x-www-form-urlencoded")
    assert status == 200, response
    if kind == "url_verification":
        assert body["challenge"].encode() in response
    assert bot.alive
    assert "Traceback" not in bot.logs()


def test_logs_hold_no_token_no_decoded_content_and_no_secret(bot: LiveBot) -> None:
    logs = bot.logs()
    for secret in (TOKEN, SECOND, "xoxb-1111-2222-decodebottest", "8f742231b10e8888abcd99yyyzzz85a5",
                   "fakeBaseSecret", "EC2_instance_Profile_role", "DenyOutsideApprovedRegions"):
        assert secret not in logs


def test_private_answers_follow_the_askers_slack_locale(bot: LiveBot, slack: FakeSlack) -> None:
    from urllib.parse import urlencode

    slack.state.locales["U0JAPAN"] = "ja-JP"
    form = {"team_id": "T0001", "channel_id": "C0ANY", "user_id": "U0JAPAN", "command": "/decode",
            "text": cli_error(TOKEN), "response_url": slack.response_url("ja"), "trigger_id": "1"}
    bot.post(urlencode(form).encode(), "application/x-www-form-urlencoded")
    [answer] = slack.state.wait_for("response_url")
    assert "暗黙的な拒否" in json.dumps(answer.params["blocks"], ensure_ascii=False)
    assert slack.state.of("users.info")[0].params.get("include_locale") in (True, "true", "1")
    event = message_event(cli_error(TOKEN))  # channel replies keep DEFAULT_LANGUAGE (en here)
    bot.post_event(event)
    [reply] = replies_to(slack, event["ts"])
    assert "(implicit deny)" in json.dumps(reply["blocks"])


def test_authorization_id_error_is_looked_up_and_explained_in_the_thread(bot: LiveBot, slack: FakeSlack) -> None:
    event = message_event(authorization_id_error())
    bot.post_event(event)
    [reply] = replies_to(slack, event["ts"])
    content = reply_text(reply)
    assert "DenyGpuInstances" in content
    assert "service control policy (SCP)" in content  # the kind named by the decisive check
    assert "show_details" in content  # the checks IAM made are one press away
    assert "organization" in content


def test_app_homes_explain_button_opens_the_form_through_the_real_app(bot: LiveBot, slack: FakeSlack) -> None:
    press = {"type": "block_actions", "team": {"id": "T0001"}, "user": {"id": "U0HOME", "team_id": "T0001"},
             "trigger_id": "trigger-home", "container": {"type": "view", "view_id": "V0HOME"},
             "actions": [{"action_id": "home_explain", "block_id": "b", "type": "button", "action_ts": "1"}]}
    status, _, _ = bot.post_interactive(press)
    assert status == 200
    [opened] = slack.state.wait_for("views.open")
    assert opened.params["trigger_id"] == "trigger-home"
