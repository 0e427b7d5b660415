"""The "Show details" button, and the defect it had: details that contradicted the thread's summary."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack

from bot.slack.listeners.actions import on_show_details
from bot.slack.listeners.messages import on_message
from tests.builders import cli_error
from tests.fakes.slack import TEAM_ID, FakeSlack
from tests.slack.listeners.conftest import SCP_TOKEN, MakeDeps

SCP_ERROR = (
    "User: arn:aws:sts::123456789012:assumed-role/ci-deployer/gitlab-42 is not authorized to perform: "
    "ec2:RunInstances on resource: arn:aws:ec2:us-east-1:123456789012:instance/* with an explicit deny in a "
    "service control policy\n" + cli_error(SCP_TOKEN)
)


def _press(slack: FakeSlack, reference: str, user: str = "U0PERSON") -> dict[str, Any]:
    return {"type": "block_actions", "team": {"id": TEAM_ID}, "channel": {"id": "C0CHAN"}, "user": {"id": user},
            "response_url": slack.response_url("details"), "actions": [{"action_id": "show_details",
                                                                         "value": reference}]}


def _summary_reference(slack: FakeSlack) -> str:
    [summary] = [c.params for c in slack.state.of("chat.postMessage")]
    blocks = json.loads(summary["blocks"]) if isinstance(summary["blocks"], str) else summary["blocks"]
    [button] = [e for b in blocks if b["type"] == "actions" for e in b["elements"] if e["action_id"] == "show_details"]
    return str(button["value"])


def test_details_name_the_same_policy_kind_as_the_summary_and_cost_no_second_decode(
    slack: FakeSlack, make_deps: MakeDeps
) -> None:
    deps, client = make_deps(DISCLOSURE="summary", LIMIT_USER_DECODES_PER_MINUTE="1")
    on_message({"type": "message", "channel": "C0CHAN", "user": "U0PERSON", "text": SCP_ERROR,
                "ts": "1700000000.000300"}, {"team_id": TEAM_ID}, client, deps)
    assert "service control policy" in str(slack.state.of("chat.postMessage")[0].params["text"])
    body = _press(slack, _summary_reference(slack))
    ack = Ack()
    on_show_details(ack, body, body["actions"][0], client, deps)
    assert ack.response is not None
    [details] = [c.params for c in slack.state.of("response_url")]
    assert "many decodes" not in details["text"]  # the summary already counted this decode
    assert "service control policy" in json.dumps(details["blocks"])
    assert "does not name" not in json.dumps(details["blocks"])


def test_an_unknown_reference_says_the_details_expired(slack: FakeSlack, make_deps: MakeDeps) -> None:
    deps, client = make_deps(DISCLOSURE="summary")
    body = _press(slack, "no-such-reference")
    on_show_details(Ack(), body, body["actions"][0], client, deps)
    [details] = [c.params for c in slack.state.of("response_url")]
    assert "no longer available" in details["text"]


def test_details_are_refused_to_someone_outside_the_user_list(slack: FakeSlack, make_deps: MakeDeps) -> None:
    deps, client = make_deps(DISCLOSURE="summary", ALLOWED_USERS="U0PERSON")
    on_message({"type": "message", "channel": "C0CHAN", "user": "U0PERSON", "text": SCP_ERROR,
                "ts": "1700000000.000400"}, {"team_id": TEAM_ID}, client, deps)
    body = _press(slack, _summary_reference(slack), user="U0STRANGER")
    on_show_details(Ack(), body, body["actions"][0], client, deps)
    [details] = [c.params for c in slack.state.of("response_url")]
    assert "administrators allowed" in details["text"] and "DenyOutsideApprovedRegions" not in details["text"]
