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
    assert "send them this thread (policy p-abcd1234)" in text and "comes from the error text alone" in text
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
    assert "REGION, KEY-IDを" in " ".join(_findings(paste, "ja")[0]["fix"]["notes"])


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


# Every statement decode-bot writes, over many realistic pastes ---------------------------------------------------

_PRINCIPALS = [f"arn:aws:iam::{ACCOUNT}:user/dev", ROLE, "arn:aws:sts::***:assumed-role/ci/run-1",
               f"arn:aws:sts::{ACCOUNT}:assumed-role/AWSReservedSSO_Dev_0a1b2c3d4e5f6789/ana",
               "arn:aws:iam::user/nico", "<role>", "ecs-tasks.amazonaws.com"]
_REQUESTS = [
    ("iam:PassRole", f"arn:aws:iam::{ACCOUNT}:role/app"), ("iam:PassRole", "*"), ("iam:PassRole", "role app"),
    ("ec2:RunInstances", f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/*"),
    ("ec2:CreateSnapshot", f"arn:aws:ec2:us-east-1:{ACCOUNT}:volume/vol-1"),
    ("ec2:CreateTags", f"arn:aws:ec2:us-east-1:{ACCOUNT}:volume/*"),
    ("secretsmanager:GetSecretValue", "mysec"), ("ssm:GetParameter", "/app/settings"),
    ("kms:Decrypt", ""), ("kms:Decrypt", "arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
    ("s3:GetObject", "arn:aws:s3:::reports/q3.csv"), ("s3:PutObject", "arn:aws:s3:::***/x"),
    ("sts:AssumeRole", "arn:aws:iam::444455556666:role/Deployer"), ("sts:TagSession", f"arn:aws:iam::{ACCOUNT}:role/x"),
    ("sqs:SendMessage", "arn:aws:sqs:us-east-1:444455556666:jobs"), ("lambda:InvokeFunction", "<function-arn>"),
    ("dynamodb:GetItem", f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/orders"), ("ec2:DescribeInstances", "*"),
    ("bedrock:InvokeModel", f"arn:aws:bedrock:us-east-1:{ACCOUNT}:inference-profile/eu.meta.llama3-8b-instruct-v1:0"),
    ("logs:CreateLogGroup", "..."),
]
_REASONS = ["", "with an explicit deny in a resource-based policy",
            *(f"because no {kind} allows the {{a}} action" for kind in (
                "identity-based policy", "resource-based policy", "role trust policy", "VPC endpoint policy",
                "permissions boundary", "service control policy"))]


def _arn_usable(value: str) -> bool:
    if value == "*":
        return True
    parts = value.split(":", 5)
    return len(parts) == 6 and parts[0] == "arn" and all(parts[i] for i in (1, 2, 5)) and "<" not in value \
        and "***" not in value and "..." not in value


@pytest.mark.parametrize("principal", _PRINCIPALS)
def test_every_statement_written_is_usable_as_written(principal: str) -> None:
    from bot.core import iam
    from bot.core.pipeline import explain_text
    from bot.render.text import render_text

    for action, resource in _REQUESTS:
        for reason in _REASONS:
            on = f" on resource: {resource}" if resource else " on the resource associated with this ciphertext"
            paste = f"User: {principal} is not authorized to perform: {action}{on} {reason.format(a=action)}"
            for finding in explain_text(paste):
                explanation = finding.explanation
                assert explanation is not None, paste
                fix = explanation.fix
                texts = render_text([finding], "en") + render_text([finding], "ja")
                if fix is None:
                    assert "statement below" not in texts and "以下のステートメント" not in texts, paste
                    continue
                assert fix.verification.level == "offline", (paste, fix.verification.to_dict())  # issue 25
                for policy in (fix.policy, *(side.policy for side in fix.also)):
                    for statement in policy["Statement"]:
                        named_actions = statement["Action"]
                        actions = named_actions if isinstance(named_actions, list) else [named_actions]
                        assert all(iam.describe(a, "", {}) is not None for a in actions), (paste, statement)
                        resources = statement.get("Resource", [])
                        for value in resources if isinstance(resources, list) else [resources]:
                            assert _arn_usable(value), (paste, value)
                        named = statement.get("Principal", {})
                        for value in (named.values() if isinstance(named, dict) else [named]):
                            assert _arn_usable(value) or value.endswith(".amazonaws.com") or value == "CALLER-ARN", \
                                (paste, value)


# 6. Inferred services and resource types --------------------------------------------------------------------

@pytest.mark.parametrize(("operation", "service"), [("CreateFunction", "lambda.amazonaws.com"),
                                                    ("RunTask", "ecs-tasks.amazonaws.com"),
                                                    ("CreateTrainingJob", "sagemaker.amazonaws.com"),
                                                    ("RunInstances", "ec2.amazonaws.com")])
def test_pass_role_names_the_service_the_operation_passes_it_to(operation: str, service: str) -> None:
    paste = (f"An error occurred (AccessDeniedException) when calling the {operation} operation: User: {ROLE} is not "
             f"authorized to perform: iam:PassRole on resource: arn:aws:iam::{ACCOUNT}:role/app-exec because no "
             "identity-based policy allows the iam:PassRole action")
    [finding] = _findings(paste)
    [statement] = finding["fix"]["policy"]["Statement"]
    assert statement["Condition"] == {"StringEquals": {"iam:PassedToService": service}}


def test_pass_role_from_terraform_names_the_service_of_the_go_sdks_operation() -> None:
    paste = ("Error: creating Glue Job (etl): operation error Glue: CreateJob, https response error StatusCode: 400, "
             f"api error AccessDeniedException: User: {ROLE} is not authorized to perform: iam:PassRole on resource: "
             f"arn:aws:iam::{ACCOUNT}:role/glue-etl because no identity-based policy allows the iam:PassRole action")
    [statement] = _findings(paste)[0]["fix"]["policy"]["Statement"]
    assert statement["Condition"] == {"StringEquals": {"iam:PassedToService": "glue.amazonaws.com"}}
    mediaconvert = paste.replace("Glue Job (etl): operation error Glue: CreateJob",
                                 "job: An error occurred when calling the CreateJob operation")
    [statement] = _findings(mediaconvert)[0]["fix"]["policy"]["Statement"]
    assert "Condition" not in statement  # CreateJob alone could be MediaConvert's: the service is not guessed


@pytest.mark.parametrize(("action", "resource", "expected"), [
    ("ec2:CreateSnapshot", f"arn:aws:ec2:us-east-1:{ACCOUNT}:volume/vol-0abc",
     [f"arn:aws:ec2:us-east-1:{ACCOUNT}:volume/vol-0abc", "arn:aws:ec2:us-east-1::snapshot/*"]),
    ("ec2:AttachVolume", f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/i-0abc",
     [f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/i-0abc", f"arn:aws:ec2:us-east-1:{ACCOUNT}:volume/*"]),
    ("ec2:CopySnapshot", "arn:aws:ec2:us-west-2::snapshot/snap-0abc",
     ["arn:aws:ec2:us-west-2::snapshot/snap-0abc", "arn:aws:ec2:*::snapshot/*"]),
    ("bedrock:InvokeModel", f"arn:aws:bedrock:us-east-1:{ACCOUNT}:inference-profile/us.amazon.nova-pro-v1:0",
     [f"arn:aws:bedrock:us-east-1:{ACCOUNT}:inference-profile/us.amazon.nova-pro-v1:0",
      "arn:aws:bedrock:*::foundation-model/amazon.nova-pro-v1:0"]),
])
def test_actions_checked_against_several_resources_get_them_all(action: str, resource: str,
                                                                 expected: list[str]) -> None:
    paste = (f"User: {ROLE} is not authorized to perform: {action} on resource: {resource} because no identity-based "
             f"policy allows the {action} action")
    [finding] = _findings(paste)
    [statement] = finding["fix"]["policy"]["Statement"]
    assert statement["Resource"] == expected
    notes = " ".join(_findings(paste, "ja")[0]["fix"]["notes"])
    assert "すべてを含めています" in notes or "クロスリージョン推論プロファイル" in notes


def test_a_redacted_principal_account_takes_the_resources() -> None:
    paste = ("User: arn:aws:sts::***:assumed-role/ci/run-1 is not authorized to perform: ec2:RunInstances on resource: "
             f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/* because no identity-based policy allows the "
             "ec2:RunInstances action")
    [finding] = _findings(paste)
    resources = finding["fix"]["policy"]["Statement"][0]["Resource"]
    assert f"arn:aws:ec2:us-east-1:{ACCOUNT}:subnet/*" in resources and not any("***" in r for r in resources)


# 8. Plain-text parsing --------------------------------------------------------------------------------------

def _denials(paste: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(run(["scan", "--format", "json"], stdin=paste).stdout)["denials"]
    return found


def test_two_messages_on_one_line_without_a_reason_are_two_denials() -> None:
    one = (f"User: arn:aws:iam::{ACCOUNT}:user/a is not authorized to perform: s3:GetObject on resource: "
           "arn:aws:s3:::b/k")
    two = one.replace("user/a", "user/b").replace("GetObject", "PutObject")
    assert [(d["principal"], d["resource"]) for d in _denials(f"{one} {two}")] == [
        (f"arn:aws:iam::{ACCOUNT}:user/a", "arn:aws:s3:::b/k"), (f"arn:aws:iam::{ACCOUNT}:user/b", "arn:aws:s3:::b/k")]


@pytest.mark.parametrize("mark", ["#", "//", "--", ">"])
def test_a_message_in_comment_lines_wrapped_anywhere_is_read(mark: str) -> None:
    paste = (f"{mark} User: arn:aws:iam::{ACCOUNT}:user/x is not authorized to perform:\n{mark} s3:GetObject on "
             f"resource: arn:aws:s3:::b/k because no identity-based\n{mark} policy allows the s3:GetObject action\n")
    [denial] = _denials(paste)
    assert (denial["action"], denial["resource"], denial["reason"]) == ("s3:GetObject", "arn:aws:s3:::b/k",
                                                                        "no_identity_allow")


def test_a_cloudtrail_fragment_with_a_redacted_principal_is_still_a_denial_and_templates_are_not() -> None:
    fragment = ('"errorMessage": "User: <role> is not authorized to perform: s3:PutObject on resource: '
                '\\"arn:aws:s3:::bucket/key\\" because no identity-based policy allows the s3:PutObject action"')
    [denial] = _denials(fragment)
    assert denial["principal"] == "<role>" and denial["resource"] == "arn:aws:s3:::bucket/key"
    template = ("User: {user_arn} is not authorized to perform: s3:DeleteObject on resource: "
                '"arn:aws:s3:::{bucket}/{key}" with an explicit deny in a resource-based policy')
    assert _denials(template) == []


def test_an_oddly_named_principal_is_shown_as_pasted_and_emphasis_is_read_through() -> None:
    odd = ("User: arn:aws:iam::user/nico is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k "
           "because no identity-based policy allows the s3:GetObject action")
    text = run(["explain"], stdin=odd).stdout
    assert "arn:aws:iam::user/nico" in text and "(?)" not in text
    bold = (f"User: arn:aws:iam::{ACCOUNT}:user/x is not authorized to perform: **ec2:RunInstances** on resource: "
            f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/*")
    assert [d["action"] for d in _denials(bold)] == ["ec2:RunInstances"]


# Issue 24, point 1: decode it yourself -------------------------------------------------------------------------

def test_decode_it_yourself_is_a_command_block_and_the_token_only_in_private_views() -> None:
    from bot.core.outcomes import FunctionLookups, LookupProblem
    from bot.core.pipeline import explain_text
    from bot.render.blocks import details_blocks, reply_blocks
    from bot.vocab import Disclosure, ProblemCode

    token = make_token(2424)
    paste = "User: arn:aws:iam::444455556666:user/ci is not authorized. " + cli_error(token)
    findings = explain_text(paste, FunctionLookups(lambda _: LookupProblem(ProblemCode.INVALID_TOKEN)))
    for disclosure in Disclosure:
        fallback, blocks = reply_blocks(findings, "en", 0, disclosure, "ref-1")
        thread = json.dumps(blocks)
        assert token not in thread and token not in fallback, disclosure
        assert 'decode-authorization-message --encoded-message \\"$MSG\\"' in thread
        assert "The error names account `444455556666`: decode it there." in thread
        assert ("show_details" in thread) is (disclosure is not Disclosure.FULL)
    _, details = details_blocks(findings, "ja")
    assert f"MSG='{token}'" in json.dumps(details, ensure_ascii=False)
    assert "自分でデコードする" in json.dumps(reply_blocks(findings, "ja")[1], ensure_ascii=False)
    assert f"MSG='{token}'" in run(["explain"], stdin=paste).stdout  # a terminal is private


# Issue 24, point 7: policies and commands to copy ------------------------------------------------------------

def test_the_thread_holds_both_sides_one_resource_per_line_and_what_to_replace() -> None:
    from bot.render.document import compact

    both = (f"User: {ROLE} is not authorized to perform: sts:AssumeRole on resource: "
            "arn:aws:iam::444455556666:role/Deployer")
    first_screen = run(["explain"], stdin=both).stdout.split("\nDetails")[0]
    assert '"Principal": {"AWS": "arn:aws:iam::111122223333:role/ci-deployer"}' in first_screen  # the trust side
    assert '"Resource": "arn:aws:iam::444455556666:role/Deployer"' in first_screen  # and the caller's, in the thread
    assert "If you cannot edit IAM" not in first_screen  # the trust policy is another account's, not your IAM
    resources = ["arn:aws:ec2:*:1:subnet/*", "arn:aws:ec2:*::image/*"]
    policy = {"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "ec2:RunInstances",
                                                      "Resource": resources}]}
    assert json.loads(compact(policy)) == policy and compact(policy).count("\n") == 3
    unnamed = (f"User: {ROLE} is not authorized to perform: kms:Decrypt on the resource associated with this "
               "ciphertext because no identity-based policy allows the kms:Decrypt action")
    text = run(["explain"], stdin=unnamed).stdout
    assert "Replace REGION, KEY-ID before using it." in text and " on *" not in text
    assert "a resource the message does not name" in text
    assert "IAM console → Roles → ci-deployer → Add permissions" in text
    assert "REGION, KEY-IDを置き換えてください" in run(["explain", "--lang", "ja"], stdin=unnamed).stdout


# Issue 24, point 3: Show details adds only what the thread does not show ---------------------------------------

def test_show_details_adds_only_what_the_thread_does_not_show() -> None:
    from bot.core.pipeline import explain_text
    from bot.render.blocks import details_blocks, reply_blocks
    from bot.vocab import Disclosure

    guardrail = _deny({"sid": "RegionGuardrail", "conditions": {"aws:RequestedRegion": ["eu-west-1"]}},
                      context={"aws:Region": ["us-east-1"], "ec2:InstanceType": ["t3.micro"]})
    findings = explain_text(guardrail)
    _, thread = reply_blocks(findings, "en", 0, Disclosure.STANDARD, "ref")
    _, details = details_blocks(findings, "en", Disclosure.STANDARD)
    shown, added = json.dumps(thread), json.dumps(details)
    assert "Run it in an allowed Region" in shown and "Run it in an allowed Region" not in added
    assert "RegionGuardrail" in added and "arn:aws:sts::111122223333:assumed-role/ci-deployer/run-7" in added
    assert "t3.micro" not in added  # a key the statement did not test
    missing = (f"User: {ROLE} is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k because no "
               "identity-based policy allows the s3:GetObject action")
    findings = explain_text(missing)
    standard = json.dumps(details_blocks(findings, "en", Disclosure.STANDARD)[1])
    summary = json.dumps(details_blocks(findings, "en", Disclosure.SUMMARY)[1])
    assert "Suggested policy statement" not in standard  # the thread showed it
    assert "Suggested policy statement" in summary  # a summary thread did not
    assert "(only you can see this)" in details_blocks(findings, "en")[0]


# Issue 24, point 2: several errors in one paste ----------------------------------------------------------------

def test_several_errors_get_a_count_line_numbers_labels_and_one_button_each() -> None:
    from bot.core.outcomes import FunctionLookups, LookupProblem
    from bot.core.pipeline import explain_text
    from bot.render.blocks import reply_blocks
    from bot.vocab import Disclosure, ProblemCode

    token = make_token(2402)
    paste = ("│ Error: creating EC2 Instance: UnauthorizedOperation: You are not authorized to perform this operation. "
             f"Encoded authorization failure message: {token}\n│ \n│   with aws_instance.web,\n│   on main.tf\n\n"
             "An error occurred (AccessDenied) when calling the PutObject operation: User: "
             f"{ROLE} is not authorized to perform: s3:PutObject on resource: \"arn:aws:s3:::builds/app.zip\" "
             "because no identity-based policy allows the s3:PutObject action\n\n"
             "An error occurred (AccessDenied) when calling the GetObject operation: User: "
             f"{ROLE} is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::builds/b.zip\" because no "
             "identity-based policy allows the s3:GetObject action\n")
    findings = explain_text(paste, FunctionLookups(lambda _: LookupProblem(ProblemCode.INVALID_TOKEN)))
    references = {finding.position: f"ref-{n}" for n, finding in enumerate(findings)}
    fallback, blocks = reply_blocks(findings, "en", 0, Disclosure.STANDARD, references)
    shown = json.dumps(blocks, ensure_ascii=False)
    assert fallback.startswith("3 errors in this paste — 1 not explainable here, 2 missing permission")
    assert "1. `aws_instance.web` — Could not explain" in shown
    assert "2. `PutObject` — Missing permission" in shown and "3. `GetObject` — Missing permission" in shown
    assert shown.count("If you cannot edit IAM") == 1  # identical guidance said once
    buttons = [e["value"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["ref-0", "ref-1", "ref-2"]
    ja = reply_blocks(findings, "ja", 0, Disclosure.STANDARD, references)[0]
    assert ja.startswith("この貼り付けには 3件のエラーがあります") and "1件、アクセス許可の不足 2件" in ja


# Issue 24, point 10: notifications and private answers ----------------------------------------------------------

def test_the_notification_text_is_plain_verdict_first_and_still_escaped() -> None:
    from bot.core.pipeline import explain_text
    from bot.render.blocks import reply_blocks

    paste = (f"User: {ROLE} is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/<!here> because "
             "no identity-based policy allows the s3:GetObject action")
    fallback, _ = reply_blocks(explain_text(paste), "en")
    assert fallback.startswith("Missing permission (implicit deny): ")
    assert "`" not in fallback and "<!here>" not in fallback and "&lt;!here&gt;" in fallback


# Issue 24, point 5: sentences ---------------------------------------------------------------------------------

def test_sentences_start_with_the_principal_and_name_the_statement_not_an_unnamed_policy() -> None:
    missing = (f"User: {ROLE} is not authorized to perform: ec2:RunInstances on resource: "
               f"arn:aws:ec2:us-east-1:{ACCOUNT}:subnet/subnet-0f1e2d3c because no identity-based policy allows the "
               "ec2:RunInstances action")
    cause = run(["explain"], stdin=missing).stdout.splitlines()[1]
    assert cause == ("IAM role ci-deployer (session run-7) has no permission for ec2:RunInstances on "
                     "subnet/subnet-0f1e2d3c.")
    assert "ロール ci-deployerのセッション run-7" in run(["explain", "--lang", "ja"], stdin=missing).stdout
    guardrail = _deny({"sid": "DenyOutsideApprovedRegions", "conditions": {"aws:RequestedRegion": ["eu-west-1"]}},
                      context={"aws:Region": ["us-east-1"]})
    cause = run(["explain"], stdin=guardrail).stdout.splitlines()[1]
    assert "statement DenyOutsideApprovedRegions" in cause and "does not name" not in cause


def test_mfa_commands_come_complete_in_their_own_block() -> None:
    require_mfa = {"sid": "RequireMFA", "conditions": {"aws:MultiFactorAuthPresent": ["false"]}}
    paste = decoded_message(principal_arn=f"arn:aws:sts::{ACCOUNT}:assumed-role/admin/alice", principal_name=None,
                            explicit_deny=True, statements=[require_mfa],
                            context={"aws:MultiFactorAuthPresent": ["false"]})
    text = run(["explain"], stdin=paste).stdout
    assert ("Run this:\n    aws sts assume-role --role-arn arn:aws:iam::111122223333:role/admin "
            "--role-session-name alice --serial-number arn:aws:iam::111122223333:mfa/YOUR-MFA-DEVICE "
            "--token-code 123456") in text
    user = decoded_message(principal_arn=f"arn:aws:iam::{ACCOUNT}:user/dev", principal_name="dev", explicit_deny=True,
                           statements=[require_mfa], context={"aws:MultiFactorAuthPresent": ["false"]})
    assert "aws sts get-session-token --serial-number" in run(["explain", "--lang", "ja"], stdin=user).stdout
    assert "実行するコマンド" in run(["explain", "--lang", "ja"], stdin=user).stdout



# Issue 25, in part: the offline level ---------------------------------------------------------------------------

def test_every_fix_written_for_the_samples_examples_and_gallery_passes_the_offline_checks() -> None:
    from pathlib import Path

    from bot.core.pipeline import explain_text
    from tests.builders import SHARED

    root = Path(__file__).resolve().parents[2]
    texts = [p.read_text() for p in sorted((root / "examples").glob("*")) if p.is_file()]
    for folder in ("decoded", "access-denied"):
        texts += [p.read_text() for p in sorted((SHARED / "samples" / folder).glob("0*"))]
    import importlib.util

    from bot.core.outcomes import FunctionLookups

    spec = importlib.util.spec_from_file_location("gallery", root / "scripts" / "gallery.py")
    assert spec and spec.loader
    gallery = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gallery)
    lookups = FunctionLookups(gallery._decode)
    texts += [case["paste"].format(token=case["token"], account=gallery.ACCOUNT) for case in gallery.CASES]
    checked = 0
    for paste in texts:
        for finding in explain_text(paste, lookups):
            fix = finding.explanation.fix if finding.explanation else None
            if fix:
                checked += 1
                assert fix.verification.level == "offline", (paste[:200], fix.verification.to_dict())
    assert checked >= (12 if SHARED.exists() else 7)


def test_a_statement_failing_the_offline_checks_is_withheld_and_the_json_says_which_check() -> None:
    from bot.core.model import AuthorizationFailure, Principal
    from bot.core.verify import offline

    failure = AuthorizationFailure(False, False, Principal(f"arn:aws:iam::{ACCOUNT}:user/dev", None, None),
                                   "ec2:RunInstances", "", {}, ())
    bad = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/*"},
        {"Effect": "Allow", "Action": "ec2:CreateRole", "Resource": "*"},
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws-cn:s3:::b/k",
         "Condition": {"StringEquals": {"s3:MadeUpKey": "x"}}}]}
    verification = offline([bad], failure)
    assert verification.level == "withheld"
    assert {c.check for c in verification.failed} == {"actions_exist", "condition_keys_known", "partition",
                                                      "companions"}
    text = run(["explain"], stdin=(f"User: arn:aws:iam::{ACCOUNT}:user/dev is not authorized to perform: "
                                   "s3:GetObject on resource: arn:aws:s3:::b/k because no identity-based policy "
                                   "allows the s3:GetObject action")).stdout
    assert "Checked offline: actions, resource formats and condition keys" in text


def test_a_withheld_fix_is_said_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.core import fixes
    from bot.core.pipeline import explain_text
    from bot.core.verify import CheckOutcome, Verification
    from bot.render.data import finding_to_dict
    from bot.render.text import render_text

    monkeypatch.setattr(fixes, "offline", lambda policies, failure: Verification(
        "withheld", (CheckOutcome("resources_match", "fail", "arn:aws:s3:::b/k"),)))
    paste = (f"User: {ROLE} is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k because no "
             "identity-based policy allows the s3:GetObject action")
    [finding] = explain_text(paste)
    text, data = render_text([finding], "en"), finding_to_dict(finding, "en")
    assert '"Effect": "Allow"' not in text and "statement below" not in text
    assert "withheld it: it failed decode-bot's own checks (resources_match (arn:aws:s3:::b/k))" in text
    assert data["fix"]["policy"] is None and data["fix"]["verification"]["level"] == "withheld"
    assert data["fix"]["verification"]["checks"] == [{"check": "resources_match", "result": "fail",
                                                      "detail": "arn:aws:s3:::b/k"}]
    assert "不具合" in render_text([finding], "ja")
