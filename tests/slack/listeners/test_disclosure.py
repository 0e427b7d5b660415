"""Issue 10, points 4 and 5: what a thread shows at each disclosure, Slack Connect channels, ADMIN_CHANNEL."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack

from bot.core.outcomes import FunctionLookups, LookupProblem
from bot.settings import Settings
from bot.slack.app import build_deps
from bot.slack.client import web_client
from bot.slack.listeners.actions import on_show_details
from bot.slack.listeners.commands import on_decode
from bot.slack.listeners.messages import on_message
from bot.slack.work import Work
from bot.state.memory import MemoryStore
from bot.vocab import ProblemCode
from tests.builders import cli_error
from tests.fakes.slack import BOT_TOKEN, TEAM_ID, FakeSlack
from tests.slack.listeners.conftest import SCP_TOKEN, TOKEN, MakeDeps

EXTERNAL_TEAM = "T0OTHERORG"


def _message(text: str, ts: str = "1700000000.000500", **extra: Any) -> dict[str, Any]:
    return {"type": "message", "channel": "C0SHARED", "user": "U0PERSON", "text": text, "ts": ts, **extra}


def _blocks(params: dict[str, Any]) -> str:
    blocks = params.get("blocks")
    return blocks if isinstance(blocks, str) else json.dumps(blocks)


def test_standard_full_and_summary_threads(slack: FakeSlack, make_deps: MakeDeps) -> None:
    shown = {}
    for disclosure in ("standard", "full", "summary"):
        slack.state.calls.clear()
        deps, client = make_deps(DISCLOSURE=disclosure)
        on_message(_message(cli_error(SCP_TOKEN)), {"team_id": TEAM_ID}, client, deps)
        [reply] = [c.params for c in slack.state.of("chat.postMessage")]
        shown[disclosure] = _blocks(reply)
    assert "eu-west-1" in shown["standard"] and "show_details" in shown["standard"]
    assert "Who and what" not in shown["standard"]
    assert "Who and what" in shown["full"] and "show_details" not in shown["full"]
    assert "t3.micro" not in shown["full"]  # only the values the statement tested, not every key of the request
    assert "eu-west-1" not in shown["summary"] and "show_details" in shown["summary"]


def test_a_slack_connect_thread_never_carries_condition_values(slack: FakeSlack, make_deps: MakeDeps) -> None:
    deps, client = make_deps(DISCLOSURE="full")
    on_message(_message(cli_error(SCP_TOKEN), user_team=EXTERNAL_TEAM),
               {"team_id": TEAM_ID, "is_ext_shared_channel": True}, client, deps)
    [reply] = [c.params for c in slack.state.of("chat.postMessage")]
    assert "eu-west-1" not in _blocks(reply) and "DenyOutsideApprovedRegions" not in _blocks(reply)
    assert "show_details" in _blocks(reply)


def test_people_of_another_organisation_cannot_use_the_private_surfaces(slack: FakeSlack,
                                                                       make_deps: MakeDeps) -> None:
    deps, client = make_deps()
    on_message(_message(cli_error(SCP_TOKEN), user_team=EXTERNAL_TEAM),
               {"team_id": TEAM_ID, "is_ext_shared_channel": True}, client, deps)
    [summary] = [c.params for c in slack.state.of("chat.postMessage")]
    reference = next(e["value"] for b in json.loads(_blocks(summary)) if b["type"] == "actions" for e in b["elements"])
    body = {"type": "block_actions", "team": {"id": TEAM_ID}, "channel": {"id": "C0SHARED"},
            "user": {"id": "U0GUEST", "team_id": EXTERNAL_TEAM}, "response_url": slack.response_url("x")}
    on_show_details(Ack(), body, {"value": reference}, client, deps)
    [answer] = [c.params for c in slack.state.of("response_url")]
    assert "own organization" in answer["text"] and "DenyOutsideApprovedRegions" not in answer["text"]
    slack.state.calls.clear()
    allowed, client = make_deps(ALLOW_EXTERNAL_USERS="true")
    on_message(_message(cli_error(SCP_TOKEN), ts="1700000000.000600", user_team=EXTERNAL_TEAM),
               {"team_id": TEAM_ID, "is_ext_shared_channel": True}, client, allowed)
    [summary] = [c.params for c in slack.state.of("chat.postMessage")]
    reference = next(e["value"] for b in json.loads(_blocks(summary)) if b["type"] == "actions" for e in b["elements"])
    on_show_details(Ack(), body, {"value": reference}, client, allowed)
    [answer] = [c.params for c in slack.state.of("response_url")]
    assert "DenyOutsideApprovedRegions" in _blocks(answer)


def _denied_deps(slack: FakeSlack, **env: str) -> Any:
    settings = Settings.from_env({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_API_URL": slack.api_url, **env})
    lookups = FunctionLookups(lambda token: LookupProblem(ProblemCode.ACCESS_DENIED, "arn:aws:iam::1:role/bot"))
    return build_deps(settings, lookups, MemoryStore(), Work(inline=True)), web_client(settings.slack)


def test_admin_problems_go_to_the_admin_channel_once_an_hour_and_the_note_says_so(slack: FakeSlack) -> None:
    deps, client = _denied_deps(slack, ADMIN_CHANNEL="C0ADMINS")
    for ts in ("1700000000.000701", "1700000000.000702"):
        on_message(_message(cli_error(TOKEN), ts=ts), {"team_id": TEAM_ID}, client, deps)
    posts = [c.params for c in slack.state.of("chat.postMessage")]
    admin = [p for p in posts if p["channel"] == "C0ADMINS"]
    assert len(admin) == 1 and "sts:DecodeAuthorizationMessage" in admin[0]["text"]
    replies = [p for p in posts if p["channel"] == "C0SHARED"]
    assert len(replies) == 2 and all("administrators have been told" in p["text"] for p in replies)


def test_without_an_admin_channel_the_note_says_whom_to_tell(slack: FakeSlack) -> None:
    deps, client = _denied_deps(slack)
    on_decode(Ack(), {"team_id": TEAM_ID, "channel_id": "C0ANY", "user_id": "U0ASKER", "text": cli_error(TOKEN),
                      "response_url": slack.response_url("d")}, client, deps)
    [answer] = [c.params for c in slack.state.of("response_url")]
    assert "have been told" not in answer["text"] and "decode-bot doctor" in answer["text"]
