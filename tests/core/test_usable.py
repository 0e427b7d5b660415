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


# Decoded messages: how the conditions of matched statements read ----------------------------------------------

ROLE = f"arn:aws:sts::{ACCOUNT}:assumed-role/ci-deployer/run-7"


def _deny(*statements: dict[str, Any], context: dict[str, list[str]],
          action: str = "ec2:RunInstances") -> str:
    return decoded_message(action=action, resource=f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/*", principal_arn=ROLE,
                           principal_name=None, explicit_deny=True, statements=list(statements),
                           context={"aws:Service": ["ec2"], **context})


def _both(paste: str) -> tuple[dict[str, Any], str, str]:
    [finding] = _findings(paste)
    return finding, run(["explain"], stdin=paste).stdout, run(["explain", "--lang", "ja"], stdin=paste).stdout


# 2. Multi-valued keys -------------------------------------------------------------------------------------

def test_tag_keys_partly_listed_blame_the_unlisted_ones_never_the_allowed_ones() -> None:
    allowed = ["Name", "Owner", "CostCenter", "Environment"]
    paste = _deny({"sid": "AllowedTagKeysOnly", "conditions": {"aws:TagKeys": allowed}},
                  context={"aws:TagKeys": ["Name", "owner_email"], "aws:RequestTag/Name": ["web-1"],
                           "aws:RequestTag/owner_email": ["a@example.com"]})
    finding, en, ja = _both(paste)
    [statement] = finding["matched_statements"]
    assert {r["key"]: r["reading"] for r in statement["readings"]} == {"aws:TagKeys": "partly"}
    assert "allows only the tag keys Name, Owner, CostCenter, Environment; owner_email is not among them" in en
    assert "Remove or rename the tag keys owner_email" in en
    assert "Remove the tag keys Name" not in en
    assert "owner_emailは含まれていません" in ja


# 3. Keys nobody sets on a request --------------------------------------------------------------------------

def test_a_source_ip_guardrail_through_a_vpc_endpoint_says_why_the_key_is_absent() -> None:
    paste = _deny({"sid": "DenyOutsideCorporateIps", "conditions": {"aws:SourceIp": ["192.0.2.0/24"]}},
                  context={"aws:SourceVpce": ["vpce-0abc1234"]})
    _, en, ja = _both(paste)
    assert "came through a VPC endpoint or an AWS service, which carries no source IP" in en
    assert "aws:SourceVpce (your VPC endpoint) or aws:ViaAWSService" in en
    assert "Setting aws:SourceIp" not in en and "送信元 IP のない VPC" in ja


@pytest.mark.parametrize(("key", "values", "expected_en", "expected_ja"), [
    ("aws:CalledVia", ["cloudformation.amazonaws.com"], "deploy it as a stack", "スタックとしてデプロイ"),
    ("aws:PrincipalTag/Team", ["platform"], "a tag on your role, user or session, not on the request",
     "プリンシパルタグ Team"),
])
def test_keys_from_the_calling_service_or_the_principal_are_not_set_on_the_request(
        key: str, values: list[str], expected_en: str, expected_ja: str) -> None:
    paste = _deny({"sid": "Guardrail", "conditions": {key: values}}, context={"aws:Region": ["us-east-1"]})
    _, en, ja = _both(paste)
    assert expected_en in en and expected_ja in ja and f"Setting {key}" not in en


# 4. Policy variables ----------------------------------------------------------------------------------------

def test_a_policy_variable_is_resolved_from_the_request_or_said_in_words() -> None:
    abac = {"sid": "SameProjectOnly", "conditions": {"aws:RequestTag/Project": ["${aws:PrincipalTag/Project}"]}}
    unresolved = _deny(abac, context={"aws:RequestTag/Project": ["apollo"]})
    _, en, ja = _both(unresolved)
    assert "requires the tag Project to equal your own principal tag Project; this request set apollo" in en
    assert "Set the tag Project to one of ${aws:PrincipalTag/Project}" not in en
    assert "プリンシパルタグ Project" in ja
    resolved = _deny(abac, context={"aws:RequestTag/Project": ["apollo"], "aws:PrincipalTag/Project": ["gemini"]})
    _, en, _ = _both(resolved)
    assert "Set the tag Project to one of gemini" in en and "${" not in en.split("Details")[0]


# 5. Statements IAM would accept ------------------------------------------------------------------------------

@pytest.mark.parametrize(("action", "resource", "expected"), [
    ("secretsmanager:GetSecretValue", "mysec", f"arn:aws:secretsmanager:REGION:{ACCOUNT}:secret:mysec-??????"),
    ("ssm:GetParameter", "/app/settings", f"arn:aws:ssm:REGION:{ACCOUNT}:parameter/app/settings"),
    ("iam:PassRole", f"arn:aws:iam::{ACCOUNT}:role/<target-role>", f"arn:aws:iam::{ACCOUNT}:role/ROLE-NAME-WITH-PATH"),
    ("iam:PassRole", "arn:aws:iam::***:role/deployer", f"arn:aws:iam::{ACCOUNT}:role/ROLE-NAME-WITH-PATH"),
    ("ec2:DescribeInstances", "*", "*"),
])
def test_bare_names_and_redactions_become_arns_or_labelled_placeholders(action: str, resource: str,
                                                                        expected: str) -> None:
    paste = (f"User: {ROLE} is not authorized to perform: {action} on resource: {resource} because no "
             f"identity-based policy allows the {action} action")
    [finding] = _findings(paste)
    [statement] = finding["fix"]["policy"]["Statement"]
    assert statement["Resource"] == expected
    placeholders = [part for part in ("REGION", "ROLE-NAME-WITH-PATH") if part in expected]
    for placeholder in placeholders:
        assert any(f"replace {placeholder}" in note or placeholder in note for note in finding["fix"]["notes"])


def test_a_kms_key_the_message_does_not_name_gets_a_placeholder_and_how_to_find_it() -> None:
    paste = (f"User: {ROLE} is not authorized to perform: kms:Decrypt on the resource associated with this "
             "ciphertext because the resource does not exist in this Region, no resource-based policies allow access, "
             "or a resource-based policy explicitly denies access")
    [finding] = _findings(paste)
    [statement] = finding["fix"]["policy"]["Statement"]
    assert statement["Resource"] == f"arn:aws:kms:REGION:{ACCOUNT}:key/KEY-ID"
    assert "--query SSEKMSKeyId" in " ".join(finding["fix"]["notes"])


# 7. Two matched Deny statements -----------------------------------------------------------------------------

def test_two_matched_deny_statements_put_both_ways_past_on_the_first_screen() -> None:
    paste = _deny({"sid": "RegionGuardrail", "conditions": {"aws:RequestedRegion": ["us-east-1", "us-west-2"]}},
                  {"sid": "RequireOwnerTag", "conditions": {"aws:RequestTag/Owner": ["true"]}},
                  context={"aws:Region": ["eu-west-1"]})
    _, en, ja = _both(paste)
    first_screen = en.split("\nDetails")[0]
    assert "2 Deny statements match this request" in first_screen
    assert "Run it in an allowed Region (us-east-1, us-west-2)" in first_screen
    assert "And: Add the tag Owner to what you create" in first_screen
    assert "さらに:" in ja
