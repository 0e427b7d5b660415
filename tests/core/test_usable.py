"""Issue 22: every statement usable as written and every condition read right, from realistic pastes, through the
CLI in both languages and the JSON contract."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.builders import cli_error, decoded_message, make_token
from tests.conftest import aws_env_for
from tests.fakes.sts import FakeSts
from tests.terminal import run

ACCOUNT = "111122223333"
SCP = "arn:aws:organizations::999988887777:policy/o-abcd1234/service_control_policy/p-abcd1234"


def _findings(paste: str, lang: str = "en", env: dict[str, str] | None = None) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(run(["explain", "--format", "json", "--lang", lang], stdin=paste,
                                                 env=env).stdout)["findings"]
    return found


def _ec2_error(token: str) -> str:
    return ("UnauthorizedOperation: You are not authorized to perform this operation. User: arn:aws:sts::"
            f"{ACCOUNT}:assumed-role/ci/run-2 is not authorized to perform: ec2:RunInstances on resource: "
            f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/* with an explicit deny in a service control policy: {SCP}. "
            + cli_error(token).split(": ", 1)[1])


# 1. The text beside a token that cannot be decoded ----------------------------------------------------------------

def test_the_text_beside_an_undecodable_token_is_explained_and_says_what_decoding_would_add() -> None:
    token = make_token(2201)
    paste = _ec2_error(token)
    [finding] = _findings(paste)  # no AWS credentials here: the token cannot be decoded
    assert finding["ok"] and finding["input"] == "encoded" and finding["source"] == "pasted"
    assert finding["decision"] == "explicit_deny" and finding["error"]["code"] == "no_credentials"
    assert finding["reason"] == {"code": "explicit_scp", "policy_arn": SCP}
    assert finding["layer"]["kind"] == "service_control_policy"
    text = run(["explain"], stdin=paste).stdout
    assert f"quoting policy {SCP}" in text and "comes from the error text alone" in text
    assert "Token " in text.splitlines()[0]
    assert "エラーテキストだけに基づいています" in run(["explain", "--lang", "ja"], stdin=paste).stdout
    scanned = json.loads(run(["scan", "--format", "json"], stdin=paste).stdout)
    [denial] = scanned["denials"]
    assert denial["reason"] == "explicit_scp" and denial["token"] == finding["token"]


def test_a_decoded_token_with_its_text_says_which_parts_came_from_where(fake_sts: FakeSts) -> None:
    token = make_token(2202)
    fake_sts.state.messages[token] = decoded_message(action="ec2:RunInstances",
                                                     resource=f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/*")
    paste = _ec2_error(token).replace("with an explicit deny in a service control policy: " + SCP,
                                      "because no identity-based policy allows the ec2:RunInstances action")
    [finding] = _findings(paste, env=aws_env_for(fake_sts))
    assert finding["source"] == "sts" and finding["error"] is None
    text = run(["explain"], stdin=paste, env=aws_env_for(fake_sts)).stdout
    assert "verdict and policy kind from the error text; statement and request values from AWS" in text


# 9. Unknown actions and headlines -----------------------------------------------------------------------------

def test_an_action_that_does_not_exist_gets_no_allow_and_the_closest_real_ones() -> None:
    paste = (f"User: arn:aws:iam::{ACCOUNT}:user/dev is not authorized to perform: ec2:CreateRole on resource: "
             f"arn:aws:iam::{ACCOUNT}:role/x because no identity-based policy allows the ec2:CreateRole action")
    [finding] = _findings(paste)
    assert finding["fix"] is None and "iam:CreateRole" in finding["next_steps"][0]
    assert "is not an action of ec2" in run(["explain"], stdin=paste).stdout
    assert "アクションではありません" in run(["explain", "--lang", "ja"], stdin=paste).stdout


def test_the_heading_says_token_only_when_there_was_one() -> None:
    text = (f"User: arn:aws:iam::{ACCOUNT}:user/dev is not authorized to perform: s3:GetObject on resource: "
            "arn:aws:s3:::b/k because no identity-based policy allows the s3:GetObject action")
    assert " — ref " in run(["explain"], stdin=text).stdout.splitlines()[0]
    assert "トークン" not in run(["explain", "--lang", "ja"], stdin=text).stdout.splitlines()[0]
    assert " — Token " in run(["explain"], stdin=_ec2_error(make_token(2203))).stdout.splitlines()[0]


# 10. S3's bare "Access Denied" --------------------------------------------------------------------------------

@pytest.mark.parametrize(("paste", "action", "resource"), [
    ("upload failed: ./app.zip to s3://builds-bucket/app.zip An error occurred (AccessDenied) when calling the "
     "PutObject operation: Access Denied", "s3:PutObject", "arn:aws:s3:::builds-bucket/app.zip"),
    ("fatal error: An error occurred (403) when calling the HeadObject operation: Forbidden", "s3:GetObject", ""),
    ("An error occurred (AccessDenied) when calling the ListObjectsV2 operation: Access Denied\n$ aws s3 ls "
     "s3://reports-bucket/2026/", "s3:ListBucket", "arn:aws:s3:::reports-bucket"),
])
def test_s3s_bare_access_denied_gets_the_checks_in_order_and_how_to_learn_which(paste: str, action: str,
                                                                               resource: str) -> None:
    [finding] = _findings(paste)
    assert finding["input"] == "refusal" and finding["reason"]["code"] == "s3_no_reason"
    assert finding["decision"] == "denied" and finding["fix"] is None
    assert (finding["action"], finding["resource"]) == (action, resource)
    text = run(["explain"], stdin=paste).stdout
    assert "Check in this order: the caller's own policies" in text and "S3 data events" in text
    assert "No encoded authorization failure message" not in text and "the statement below" not in text
    assert ("the key does not exist" in text) is (action == "s3:GetObject")
    assert "データイベント" in run(["explain", "--lang", "ja"], stdin=paste).stdout
