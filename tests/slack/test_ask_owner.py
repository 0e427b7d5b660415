"""Issue 28 end to end over HTTP and the fake Slack: "Ask the owner" on an answer (block_actions, views.open,
view_submission), the request card in the owners' channel (routed by the role's tag, by policy kind, by account,
by ARN pattern), decisions coming back to the thread and the asker (chat.update), two decisions at once, nobody to
ask, refusals, a restart between request and decision with DynamoDB (moto), the reminder and the expiry."""

from __future__ import annotations

import itertools
import json
import os
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from bot.core.asking import Ask
from bot.core.outcomes import FunctionLookups, LookupProblem
from bot.settings import Settings
from bot.slack.client import web_client
from bot.slack.owners import OWNER_TAG, Owners
from bot.state.dynamodb import DynamoStore
from bot.vocab import AttachKind, Decision, ProblemCode
from tests.builders import ACCOUNT, cli_error, decoded_message, make_token
from tests.fakes.accessanalyzer import FakeAccessAnalyzer
from tests.fakes.dynamodb import FakeDynamoDb
from tests.fakes.iam import FakeIam
from tests.fakes.slack import BOT_TOKEN, TEAM_ID, FakeSlack
from tests.fakes.sts import FakeSts
from tests.slack_harness import LiveBot, message_event

ROLE = f"arn:aws:iam::{ACCOUNT}:role/ci-deployer"
TOKEN = make_token(2828)
MISSING_ALLOW = decoded_message(action="s3:GetObject", resource="arn:aws:s3:::build-artifacts/app.zip",
                                principal_arn=f"arn:aws:sts::{ACCOUNT}:assumed-role/ci-deployer/run-7",
                                principal_name="ci-deployer", context={"aws:PrincipalArn": [ROLE]})
SCP_DENIAL = (f"User: arn:aws:sts::{ACCOUNT}:assumed-role/ci-deployer/run-9 is not authorized to perform: "
              "s3:PutObject on resource: arn:aws:s3:::prod-artifacts/app.zip with an explicit deny in a service "
              "control policy: arn:aws:organizations::111111111111:policy/o-a1b2c3d4e5/service_control_policy/p-deny12")
WORDS = "*Deploy* the release <!channel> <https://evil.example|now> please"
_triggers = itertools.count(1)


@pytest.fixture
def fakes() -> Iterator[tuple[FakeSlack, FakeSts, FakeIam, FakeAccessAnalyzer]]:
    slack, sts, iam, analyzer = FakeSlack().start(), FakeSts().start(), FakeIam().start(), FakeAccessAnalyzer().start()
    sts.state.messages[TOKEN] = MISSING_ALLOW
    iam.state.policies[ROLE] = []
    slack.state.members.update({"C0TAGGED1": ["U0OWNER", "U0OWNER2"], "C0SCPOWN1": ["U0OWNER", "U0OWNER2"],
                                "C0ROUTED1": ["U0OWNER"]})
    yield slack, sts, iam, analyzer
    for server in (slack, sts, iam, analyzer):
        server.stop()


def blocks_of(params: dict[str, Any]) -> list[dict[str, Any]]:
    blocks = params.get("blocks")
    return list(json.loads(blocks) if isinstance(blocks, str) else blocks or [])


def said(params: dict[str, Any]) -> str:
    return f"{params.get('text')}\n{json.dumps(blocks_of(params), ensure_ascii=False)}"


def button(params: dict[str, Any], action_id: str) -> dict[str, Any] | None:
    return next((element for block in blocks_of(params) if block["type"] == "actions"
                 for element in block["elements"] if element["action_id"] == action_id), None)


def press(bot: LiveBot, slack: FakeSlack, action_id: str, value: str, user: str, channel: str,
          thread: str | None = None, team: str = TEAM_ID) -> None:
    message = {"type": "message", "ts": f"{time.time():.6f}", "text": "…", **({"thread_ts": thread} if thread else {})}
    status, _, _ = bot.post_interactive({
        "type": "block_actions", "team": {"id": TEAM_ID}, "user": {"id": user, "team_id": team},
        "channel": {"id": channel}, "trigger_id": f"trigger-{next(_triggers)}", "response_url": slack.response_url(
            f"press-{user}"), "container": {"type": "message", "channel_id": channel, "message_ts": message["ts"]},
        "message": message, "actions": [{"action_id": action_id, "value": value, "type": "button", "block_id": "b",
                                         "action_ts": "1"}]})
    assert status == 200


def submit(bot: LiveBot, view: dict[str, Any], values: dict[str, dict[str, Any]], user: str) -> None:
    status, _, _ = bot.post_interactive({
        "type": "view_submission", "team": {"id": TEAM_ID}, "user": {"id": user, "team_id": TEAM_ID},
        "view": {**view, "id": f"V{next(_triggers)}", "state": {"values": {
            block: {"value": value} for block, value in values.items()}}}})
    assert status == 200


def opened_view(slack: FakeSlack, count: int) -> dict[str, Any]:
    opened = slack.state.wait_for("views.open", count)[count - 1]
    view = opened.params["view"]
    return dict(json.loads(view) if isinstance(view, str) else view)


def ask(bot: LiveBot, slack: FakeSlack, answer: dict[str, Any], channel: str, thread: str, views: int,
        user: str = "U0ASKER", urgency: str = "blocking") -> None:
    found = button(answer, "ask_owner")
    assert found is not None, said(answer)
    press(bot, slack, "ask_owner", found["value"], user, channel, thread)
    view = opened_view(slack, views)
    submit(bot, view, {"purpose": {"type": "plain_text_input", "value": WORDS},
                       "urgency": {"type": "static_select", "selected_option": {"value": urgency}}}, user)


def posted_to(slack: FakeSlack, channel: str, count: int = 1) -> list[dict[str, Any]]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = [c.params for c in slack.state.of("chat.postMessage") if c.params.get("channel") == channel]
        if len(found) >= count:
            return found
        time.sleep(0.05)
    raise AssertionError(f"{count} message(s) to {channel}: {[c.params for c in slack.state.calls][-5:]}")


def test_a_missing_allow_goes_to_the_channel_its_role_tag_names_and_the_decision_comes_back(
        fakes: tuple[FakeSlack, FakeSts, FakeIam, FakeAccessAnalyzer]) -> None:
    slack, sts, iam, analyzer = fakes
    iam.state.tags["ci-deployer"] = {OWNER_TAG: "C0TAGGED1", "team": "platform"}
    slack.state.locales["U0ASKER"] = "ja-JP"
    bot = LiveBot(slack, sts, iam=iam, analyzer=analyzer, OWNER_ROUTES="*=C0ROUTED1", FIX_CHECK_WAIT_SECONDS="5",
                  ACCESS_REQUEST_URL="https://access.example.com/new?account={account}&role={role}&action={action}")
    try:
        event = message_event(cli_error(TOKEN, "GetObject"))
        bot.post_event(event)
        [answer] = slack.state.wait_for("chat.postMessage")
        assert button(answer.params, "ask_owner") is not None  # the role's policy is not the asker's to change
        ask(bot, slack, answer.params, event["channel"], event["ts"], 1)
        assert opened_view(slack, 1)["title"]["text"] == "オーナーに依頼"  # the asker's language
        [card] = posted_to(slack, "C0TAGGED1")  # the role's own tag wins over OWNER_ROUTES
        shown = said(card)
        assert "Request to change a policy" in shown and "s3:GetObject" in shown and "ci-deployer" in shown
        assert "arn:aws:s3:::build-artifacts/app.zip" in shown and "Proven on this request" in shown
        assert {"type": "section", "text": {"type": "plain_text", "text": WORDS, "emoji": False}} in blocks_of(card)
        assert "It blocks my work" in shown and f"https://test.slack.com/archives/{event['channel']}/p" in shown
        assert "account=123456789012&role=ci-deployer&action=s3%3AGetObject" in shown
        assert button(card, "owner_change") and button(card, "owner_decline") and not button(card, "owner_expected")
        [mention] = [c for c in posted_to(slack, event["channel"], 2) if "asked the owners" in str(c.get("text"))]
        assert mention["thread_ts"] == event["ts"]
        told = slack.state.wait_for("response_url", 1)[-1]
        assert "C0TAGGED1" in told.params["text"] and "オーナーに依頼しました" in told.params["text"]

        request = button(card, "owner_change")["value"]  # type: ignore[index]
        press(bot, slack, "owner_change", request, "U0OWNER", "C0TAGGED1")
        note_view = opened_view(slack, 2)
        submit(bot, note_view, {"note": {"type": "plain_text_input", "value": "Adding it in PR 42"}}, "U0OWNER")
        [update] = slack.state.wait_for("chat.update")
        assert update.params["channel"] == "C0TAGGED1" and "<@U0OWNER> will change it" in said(update.params)
        assert not button(update.params, "owner_change")  # decided: no buttons left
        assert "Adding it in PR 42" in said(update.params)
        in_thread = [c for c in posted_to(slack, event["channel"], 3) if "U0OWNER" in said(c)]
        assert in_thread and in_thread[0]["thread_ts"] == event["ts"] and "変更します" in said(in_thread[0])
        [direct] = posted_to(slack, "U0ASKER")
        assert "変更します" in said(direct) and "Adding it in PR 42" in said(direct)
    finally:
        bot.stop()


def test_an_scp_deny_goes_by_kind_two_declines_at_once_give_one_and_the_reason_reaches_the_thread(
        fakes: tuple[FakeSlack, FakeSts, FakeIam, FakeAccessAnalyzer]) -> None:
    slack, sts, _, _ = fakes
    bot = LiveBot(slack, sts, OWNER_ROUTES=f"scp=C0SCPOWN1,{ACCOUNT}=C0ROUTED1", ADMIN_USERS="U0ADMIN")
    try:
        event = message_event(SCP_DENIAL)
        bot.post_event(event)
        [answer] = slack.state.wait_for("chat.postMessage")
        ask(bot, slack, answer.params, event["channel"], event["ts"], 1)
        [card] = posted_to(slack, "C0SCPOWN1")
        assert "service_control_policy/p-deny12" in said(card)
        bot.post_event({"type": "app_home_opened", "user": "U0ADMIN", "tab": "home"})  # what administrators see
        home = _home_with(slack, "Open requests (1)")
        assert "`scp` → <#C0SCPOWN1>" in home and f"`{ACCOUNT}` → <#C0ROUTED1>" in home and "s3:PutObject" in home
        request = button(card, "owner_decline")["value"]  # type: ignore[index]
        for owner in ("U0OWNER", "U0OWNER2"):
            press(bot, slack, "owner_decline", request, owner, "C0SCPOWN1")
        views = [opened_view(slack, 2), opened_view(slack, 3)]
        submissions = [threading.Thread(target=submit, args=(bot, view, {"note": {
            "type": "plain_text_input", "value": f"Prod artifacts are immutable ({owner})"}}, owner))
            for view, owner in zip(views, ("U0OWNER", "U0OWNER2"), strict=True)]
        for submission in submissions:
            submission.start()
        for submission in submissions:
            submission.join()
        [update] = slack.state.wait_for("chat.update")
        [stale] = slack.state.wait_for("chat.postEphemeral")
        bot.idle()
        assert len(slack.state.of("chat.update")) == 1  # one decision
        winner = "U0OWNER" if "<@U0OWNER> declined" in said(update.params) else "U0OWNER2"
        assert stale.params["user"] != winner and f"Already decided: <@{winner}> declined" in stale.params["text"]
        reply = [c for c in posted_to(slack, event["channel"], 3) if "declined" in said(c)]
        assert reply and f"Prod artifacts are immutable ({winner})" in said(reply[0])
        press(bot, slack, "owner_change", request, "U0OWNER", "C0SCPOWN1")  # a stale click says who decided first
        late = slack.state.wait_for("response_url", 2)[-1]
        assert f"Already decided: <@{winner}> declined" in late.params["text"]
    finally:
        bot.stop()


def _home_with(slack: FakeSlack, wanted: str) -> str:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        for call in slack.state.of("views.publish"):
            shown = json.dumps(call.params.get("view"), ensure_ascii=False)
            if wanted in shown:
                return shown
        time.sleep(0.1)
    raise AssertionError(f"no App Home with {wanted!r}")


def test_nobody_to_ask_is_said_plainly_with_whom_to_ask_instead(
        fakes: tuple[FakeSlack, FakeSts, FakeIam, FakeAccessAnalyzer]) -> None:
    slack, sts, iam, _ = fakes
    bot = LiveBot(slack, sts, iam=iam, ADMIN_USERS="U0ADMIN")
    try:
        event = message_event(cli_error(TOKEN, "GetObject"))
        bot.post_event(event)
        [answer] = slack.state.wait_for("chat.postMessage")
        ask(bot, slack, answer.params, event["channel"], event["ts"], 1)
        told = slack.state.wait_for("response_url")[-1].params["text"]
        assert "Nobody is set up to receive requests" in told and "Nothing was sent" in told and "<@U0ADMIN>" in told
        bot.idle()
        assert len(slack.state.of("chat.postMessage")) == 1  # the answer only: no card, nothing in the thread
    finally:
        bot.stop()


def test_an_owners_channel_the_bot_is_not_in_is_said_and_nothing_is_lost_silently(
        fakes: tuple[FakeSlack, FakeSts, FakeIam, FakeAccessAnalyzer]) -> None:
    slack, sts, _, _ = fakes
    bot = LiveBot(slack, sts, OWNER_CHANNEL="C0NOTJOIN")
    try:
        event = message_event(SCP_DENIAL)
        bot.post_event(event)
        [answer] = slack.state.wait_for("chat.postMessage")
        slack.state.refuse_next("chat.postMessage", "not_in_channel")
        ask(bot, slack, answer.params, event["channel"], event["ts"], 1)
        told = slack.state.wait_for("response_url")[-1].params["text"]
        assert "could not be posted in the owners' channel" in told and "not_in_channel" in told
        bot.idle()
        assert not [c for c in slack.state.of("chat.postMessage") if "asked the owners" in str(c.params.get("text"))]
    finally:
        bot.stop()


def test_people_from_another_organization_cannot_ask_and_outsiders_cannot_decide(
        fakes: tuple[FakeSlack, FakeSts, FakeIam, FakeAccessAnalyzer]) -> None:
    slack, sts, _, _ = fakes
    bot = LiveBot(slack, sts, OWNER_CHANNEL="C0ROUTED1", ALLOW_EXTERNAL_USERS="true",
                  ALLOWED_USERS="U0ASKER,U0GUEST,U0OWNER,U0STRANGER")
    try:
        event = message_event(SCP_DENIAL)
        bot.post_event(event)
        [answer] = slack.state.wait_for("chat.postMessage")
        found = button(answer.params, "ask_owner")
        assert found is not None
        press(bot, slack, "ask_owner", found["value"], "U0GUEST", event["channel"], event["ts"], team="T0OTHER")
        refused = slack.state.wait_for("response_url")[-1].params["text"]
        assert "another organization cannot ask" in refused and not slack.state.of("views.open")
        press(bot, slack, "ask_owner", found["value"], "U0NOBODY", event["channel"], event["ts"])  # not allowed
        refused = slack.state.wait_for("response_url", 2)[-1].params["text"]
        assert "only to the people your administrators allowed" in refused
        assert not slack.state.of("views.open")
        ask(bot, slack, answer.params, event["channel"], event["ts"], 1)
        [card] = posted_to(slack, "C0ROUTED1")
        press(bot, slack, "owner_change", button(card, "owner_change")["value"],  # type: ignore[index]
              "U0STRANGER", "C0ROUTED1")
        told = slack.state.wait_for("response_url", 4)[-1].params["text"]
        assert "Only members of the owners' channel" in told
        bot.idle()
        assert not slack.state.of("chat.update") and len(slack.state.of("views.open")) == 1
    finally:
        bot.stop()


def test_a_restart_between_request_and_decision_loses_nothing_then_one_reminder_and_the_expiry(
        fakes: tuple[FakeSlack, FakeSts, FakeIam, FakeAccessAnalyzer]) -> None:
    slack, sts, _, _ = fakes
    moto = FakeDynamoDb().start()
    table = f"decode-bot-ask-{time.time_ns()}"
    env = {**moto.env(), "STATE_TABLE": table, "OWNER_CHANNEL": "C0ROUTED1", "OWNER_REMIND_HOURS": "24",
           "OWNER_EXPIRE_DAYS": "7"}
    saved = dict(os.environ)
    try:
        os.environ.update(moto.env())
        assert DynamoStore(table, "us-east-1", secret=BOT_TOKEN).init() == "created"
        os.environ.clear()
        os.environ.update(saved)
        bot = LiveBot(slack, sts, **env)
        try:
            for n in (1, 2):
                event = message_event(SCP_DENIAL.replace("run-9", f"run-{n}"))
                bot.post_event(event)
                answer = slack.state.wait_for("chat.postMessage", 3 * n - 2)[-1]
                ask(bot, slack, answer.params, event["channel"], event["ts"], n)
                posted_to(slack, "C0ROUTED1", n)
            bot.idle()
        finally:
            bot.stop()
        first, _ = posted_to(slack, "C0ROUTED1", 2)
        restarted = LiveBot(slack, sts, **env)  # a new process: the requests are in the table
        try:
            # Not on the card (the watch is off): a forged "Expected, mute" decides nothing.
            press(restarted, slack, "owner_expected", button(first, "owner_change")["value"],  # type: ignore[index]
                  "U0OWNER", "C0ROUTED1")
            press(restarted, slack, "owner_decline", button(first, "owner_decline")["value"],  # type: ignore[index]
                  "U0OWNER", "C0ROUTED1")
            decline = opened_view(slack, 3)
            submit(restarted, decline, {"note": {"type": "plain_text_input", "value": "Not in prod"}}, "U0OWNER")
            [update] = slack.state.wait_for("chat.update")
            assert "<@U0OWNER> declined" in said(update.params)
        finally:
            restarted.stop()
        os.environ.update(moto.env())
        settings = Settings.from_env({**moto.env(), **env, "SLACK_BOT_TOKEN": BOT_TOKEN,
                                      "SLACK_API_URL": slack.api_url})
        store = DynamoStore(table, "us-east-1", secret=BOT_TOKEN)
        now = time.time()

        def owners_at(hours: float) -> Owners:
            return Owners(settings, store, web_client(settings.slack), None, clock=lambda: now + hours * 3600)

        assert owners_at(1).sweep() == (0, 0)
        assert owners_at(25).sweep() == (1, 0) and owners_at(26).sweep() == (0, 0)  # one reminder
        reminder = [c.params for c in slack.state.of("chat.postMessage") if c.params.get("reply_broadcast")]
        assert len(reminder) == 1 and reminder[0]["channel"] == "C0ROUTED1" and "still waiting" in reminder[0]["text"]
        assert owners_at(7 * 24 + 1).sweep() == (0, 1) and owners_at(7 * 24 + 2).sweep() == (0, 0)
        expired = slack.state.wait_for("chat.update", 2)[-1]
        assert "this request expired" in said(expired.params) and expired.params["ts"]
        assert any("this request expired" in said(c) for c in posted_to(slack, "U0ASKER", 2))
        assert owners_at(7 * 24 + 3).open_requests() == []
    finally:
        os.environ.clear()
        os.environ.update(saved)
        moto.stop()


def test_a_private_answer_asks_too_and_the_decision_goes_to_the_asker_alone(
        fakes: tuple[FakeSlack, FakeSts, FakeIam, FakeAccessAnalyzer]) -> None:
    slack, sts, _, _ = fakes
    bot = LiveBot(slack, sts, OWNER_CHANNEL="C0ROUTED1")
    try:
        bot.post_command(SCP_DENIAL, slack.response_url("private"))
        answer = slack.state.wait_for("response_url")[-1].params
        found = button(answer, "ask_owner")
        assert found is not None
        status, _, _ = bot.post_interactive({  # pressed in the ephemeral answer: no message, no thread
            "type": "block_actions", "team": {"id": TEAM_ID}, "user": {"id": "U0ASKER", "team_id": TEAM_ID},
            "channel": {"id": "C0NOTIN"}, "trigger_id": "trigger-private", "response_url": slack.response_url("p2"),
            "container": {"type": "message", "channel_id": "C0NOTIN", "is_ephemeral": True},
            "actions": [{"action_id": "ask_owner", "value": found["value"], "type": "button", "block_id": "b"}]})
        assert status == 200
        submit(bot, opened_view(slack, 1), {"purpose": {"type": "plain_text_input", "value": "release"}}, "U0ASKER")
        [card] = posted_to(slack, "C0ROUTED1")
        assert "The original thread" not in said(card) and "urgency: Needed this week" in said(card)
        told = slack.state.wait_for("response_url", 2)[-1].params["text"]
        assert "sent to you here" in told
        press(bot, slack, "owner_change", button(card, "owner_change")["value"],  # type: ignore[index]
              "U0OWNER", "C0ROUTED1")
        submit(bot, opened_view(slack, 2), {"note": {"type": "plain_text_input", "value": ""}}, "U0OWNER")
        [direct] = posted_to(slack, "U0ASKER")
        assert "<@U0OWNER> will change it" in said(direct)
        bot.idle()
        assert [c.params["channel"] for c in slack.state.of("chat.postMessage")] == ["C0ROUTED1", "U0ASKER"]
    finally:
        bot.stop()


def test_expected_mutes_the_watchs_cause_of_the_same_denial(
        fakes: tuple[FakeSlack, FakeSts, FakeIam, FakeAccessAnalyzer]) -> None:
    from bot.core import trail
    from bot.core.causes import cause_of, finding_cause
    from bot.core.outcomes import Decoded
    from bot.core.pipeline import explain_text
    from tests.core.test_cloudtrail import DENIED

    slack, sts, iam, analyzer = fakes
    bot = LiveBot(slack, sts, iam=iam, analyzer=analyzer, OWNER_CHANNEL="C0ROUTED1", WATCH_CHANNEL="C0WATCH01",
                  ADMIN_USERS="U0ADMIN")
    try:
        event = message_event(cli_error(TOKEN, "GetObject"))
        bot.post_event(event)
        [answer] = slack.state.wait_for("chat.postMessage")
        ask(bot, slack, answer.params, event["channel"], event["ts"], 1)
        [card] = posted_to(slack, "C0ROUTED1")
        expected = button(card, "owner_expected")
        assert expected is not None  # the watch is on and knows this cause
        press(bot, slack, "owner_expected", expected["value"], "U0OWNER", "C0ROUTED1")
        [update] = slack.state.wait_for("chat.update")
        assert "<@U0OWNER> says this denial is expected" in said(update.params)
        [muted] = slack.state.wait_for("chat.postEphemeral")
        assert "stays quiet about this cause" in muted.params["text"]
        bot.post_event({"type": "app_home_opened", "user": "U0ADMIN", "tab": "home"})
        assert "Unmute" in _home_with(slack, "muted until")
    finally:
        bot.stop()
    # The cause muted is the one the watch gives CloudTrail's record of the same denial.
    record = {**DENIED, "eventSource": "s3.amazonaws.com", "eventName": "GetObject", "recipientAccountId": ACCOUNT,
              "userIdentity": {**DENIED["userIdentity"], "accountId": ACCOUNT,
                               "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/ci-deployer/run-8",
                               "sessionContext": {"sessionIssuer": {"type": "Role", "arn": ROLE}}},
              "errorCode": "AccessDenied", "requestParameters": {"bucketName": "build-artifacts", "key": "app.zip"},
              "errorMessage": f"User: arn:aws:sts::{ACCOUNT}:assumed-role/ci-deployer/run-8 is not authorized to "
                              "perform: s3:GetObject on resource: \"arn:aws:s3:::build-artifacts/app.zip\" because no "
                              "identity-based policy allows the s3:GetObject action"}
    key, _, _ = cause_of(trail.event_of(record))
    [finding] = explain_text(cli_error(TOKEN, "GetObject"), FunctionLookups(lambda token: Decoded(MISSING_ALLOW)))
    assert finding_cause(finding) == key


def test_owners_are_found_by_tag_then_kind_account_and_pattern_in_order_else_the_default() -> None:
    tags = {"tagged": {OWNER_TAG: "C0TAGGED1"}, "bad-tag": {OWNER_TAG: "#platform"}}
    lookups = FunctionLookups(lambda token: LookupProblem(ProblemCode.UNEXPECTED),
                              role_tags_of=lambda role: tags.get(role))

    def denial(role: str, kind: str | None = "identity", account: str = ACCOUNT) -> Ask:
        return Ask(Decision.IMPLICIT_DENY, AttachKind.ROLE, kind, f"arn:aws:sts::{account}:assumed-role/{role}/s",
                   f"arn:aws:iam::{account}:role/{role}", role, account, account, "s3:GetObject", "*", None, None)

    settings = Settings.from_env({"OWNER_ROUTES": "boundary=C0BOUNDARY,222222222222=C0ACCOUNT,"
                                                  "arn:aws:iam::*:role/ci-*=C0CIROLES1", "OWNER_CHANNEL": "C0DEFAULT"})
    owners = Owners(settings, None, None, lookups)  # type: ignore[arg-type]
    assert owners.owner_of(denial("tagged", "boundary")) == "C0TAGGED1"
    assert owners.owner_of(denial("bad-tag", "boundary")) == "C0BOUNDARY"  # a tag that is not a channel ID
    assert owners.owner_of(denial("app", account="222222222222")) == "C0ACCOUNT"
    assert owners.owner_of(denial("ci-deployer")) == "C0CIROLES1"
    assert owners.owner_of(denial("app")) == "C0DEFAULT"
    assert owners.owner_of(denial("app", None)) == "C0DEFAULT"
