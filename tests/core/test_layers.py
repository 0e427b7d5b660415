"""Issue 21: every layer of AWS authorization reasoned right (bot/core/layers.py), from realistic pastes, through the
CLI in both languages and the JSON contract (`layer`, `fix.attach_to`, `fix.also`)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.vocab import ReasonCode
from tests.builders import SHARED
from tests.terminal import run

CALLER = "arn:aws:sts::111122223333:assumed-role/ci-runner/gh-42"
SSO = "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_DataEngineer_5e6f7a8b9c0d1e2f/maria@example.com"


def _finding(paste: str, lang: str = "en") -> dict[str, Any]:
    result = run(["explain", "--format", "json", "--lang", lang], stdin=paste)
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["ok"], finding
    found: dict[str, Any] = finding
    return found


def _text(paste: str, lang: str = "en") -> str:
    return run(["explain", "--lang", lang], stdin=paste).stdout


def _denial(action: str, resource: str, reason: str = "", principal: str = CALLER) -> str:
    return f"User: {principal} is not authorized to perform: {action} on resource: {resource} {reason}".rstrip()


def _statement(policy: dict[str, Any]) -> dict[str, Any]:
    [statement] = policy["Statement"]
    found: dict[str, Any] = statement
    return found


def test_assume_role_across_accounts_names_the_trust_policy_and_both_sides() -> None:
    paste = ("$ aws sts assume-role --role-arn arn:aws:iam::444455556666:role/Deployer --role-session-name t\n"
             "An error occurred (AccessDenied) when calling the AssumeRole operation: "
             + _denial("sts:AssumeRole", "arn:aws:iam::444455556666:role/Deployer"))
    finding = _finding(paste)
    assert finding["layer"] == {"kind": "trust_policy", "owner": "resource_account", "crossing": "account",
                                "own_admins": False, "target": finding["fix"]["attach_to"]}
    fix = finding["fix"]
    assert fix["attach_to"] == {"kind": "trust_policy", "name": "Deployer", "arn": "arn:aws:iam::444455556666:role/"
                                "Deployer", "account": "444455556666"}
    trust = _statement(fix["policy"])
    assert trust["Principal"] == {"AWS": "arn:aws:iam::111122223333:role/ci-runner"} and "Resource" not in trust
    [first, second] = fix["also"]
    assert first["attach_to"] == fix["attach_to"] and first["policy"] == fix["policy"]
    assert second["attach_to"]["kind"] == "role" and second["attach_to"]["name"] == "ci-runner"
    caller_side = _statement(second["policy"])
    assert "Principal" not in caller_side and caller_side["Resource"] == "arn:aws:iam::444455556666:role/Deployer"
    en = _text(paste)
    assert "could not assume role Deployer" in en and "trust policy of role Deployer" in en
    assert "only the administrators of account 444455556666" in en and "both sides must allow it" in en
    assert "The policy of * does not allow" not in en
    ja = _text(paste, "ja")
    assert "ロール Deployerの信頼ポリシー" in ja and "両側で許可する必要があります" in ja


def test_assume_role_within_one_account_gets_the_trust_statement_alone() -> None:
    paste = _denial("sts:AssumeRole", "arn:aws:iam::111122223333:role/deployer",
                    "because no role trust policy allows the sts:AssumeRole action")
    finding = _finding(paste)
    assert finding["decision"] == "implicit_deny" and finding["fix"]["also"] == []
    assert finding["layer"]["crossing"] == "none" and finding["layer"]["own_admins"] is True
    assert "The trust policy of role deployer does not let" in _text(paste)
    assert "your account's administrators can make this change" in _text(paste)


def test_a_cross_account_kms_key_needs_the_key_policy_and_the_callers_allow() -> None:
    key = "arn:aws:kms:eu-west-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    paste = _denial("kms:Decrypt", key, "because no resource-based policy allows the kms:Decrypt action")
    fix = _finding(paste)["fix"]
    assert fix["attach_to"] == {"kind": "key_policy", "name": key, "arn": key, "account": "444455556666"}
    assert _statement(fix["policy"])["Principal"] == {"AWS": "arn:aws:iam::111122223333:role/ci-runner"}
    assert [side["attach_to"]["kind"] for side in fix["also"]] == ["key_policy", "role"]
    assert "Add the statement below to the key policy of" in _text(paste)
    assert "のキーポリシーに追加してください" in _text(paste, "ja")


def test_a_bucket_policy_names_an_identity_center_role_by_its_path_through_aws_principal_arn() -> None:
    paste = _denial("s3:GetObject", '"arn:aws:s3:::partner-reports/q3.csv"',
                    "because no resource-based policy allows the s3:GetObject action", SSO)
    finding = _finding(paste)
    fix = finding["fix"]
    assert fix["attach_to"]["kind"] == "bucket_policy" and fix["attach_to"]["arn"] == "arn:aws:s3:::partner-reports"
    statement = _statement(fix["policy"])
    assert statement["Principal"] == {"AWS": "arn:aws:iam::111122223333:root"}
    assert statement["Condition"] == {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/aws-reserved/"
                                                  "sso.amazonaws.com/*AWSReservedSSO_DataEngineer_*"}}
    assert finding["layer"]["crossing"] == "account"  # the reason says so: an S3 ARN names no account
    assert [side["attach_to"]["kind"] for side in fix["also"]] == ["bucket_policy", "permission_set"]
    en = _text(paste)
    assert "administrators of the account that owns it" in en and "aws-reserved/sso.amazonaws.com/" in en


def test_an_explicit_bucket_policy_deny_lists_the_usual_reasons() -> None:
    paste = _denial("s3:PutObject", "arn:aws:s3:::builds/app.zip", "with an explicit deny in a resource-based policy")
    finding = _finding(paste)
    assert finding["fix"] is None and finding["layer"]["kind"] == "bucket_policy"
    assert "aws:SecureTransport" in _text(paste) and "s3:x-amz-server-side-encryption" in _text(paste, "ja")
    assert "The Deny is in the bucket policy of builds" in _text(paste)
    trust = _denial("sts:AssumeRole", "arn:aws:iam::444455556666:role/Deployer",
                    "with an explicit deny in a role trust policy")
    assert "The Deny is in the trust policy of role Deployer (account 444455556666): only the administrators of " \
        "account 444455556666" in _text(trust)


def test_a_vpc_endpoint_policy_statement_names_everyone_narrowed_to_the_caller() -> None:
    paste = _denial("s3:GetObject", "arn:aws:s3:::prod-us-east-1-starport-layer-bucket/docker/layer",
                    "because no VPC endpoint policy allows the s3:GetObject action")
    fix = _finding(paste)["fix"]
    assert fix["attach_to"]["kind"] == "vpc_endpoint_policy"
    statement = _statement(fix["policy"])
    assert statement["Principal"] == "*"
    assert statement["Condition"] == {"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/ci-runner"}}
    notes = " ".join(fix["notes"])
    assert "whoever runs the network" in notes and "Amazon ECR keeps image layers" in notes
    assert "vpcEndpointId" in notes
    ja = " ".join(_finding(paste, "ja")["fix"]["notes"])
    assert "VPC エンドポイント" in ja and "aws:PrincipalArn" in ja


@pytest.mark.parametrize(("reason", "kind"), [
    ("because no permissions boundary allows the s3:GetObject action", "permissions_boundary"),
    ("because no service control policy allows the s3:GetObject action", "service_control_policy"),
    ("because no session policy allows the s3:GetObject action", "session_policy"),
])
def test_a_missing_allow_in_a_limiting_layer_is_never_attached_to_the_identity(reason: str, kind: str) -> None:
    fix = _finding(_denial("s3:GetObject", "arn:aws:s3:::reports/q3.csv", reason))["fix"]
    assert fix["attach_to"]["kind"] == kind and fix["also"] == []


def test_no_statement_is_ever_attached_where_it_changes_nothing() -> None:
    identity = {"user", "role", "permission_set"}
    for reason in ReasonCode:
        kind = reason.policy_kind
        if reason.explicit or kind is None or kind == "identity_policy":
            continue
        phrase = {"resource_policy": "resource-based policy", "permissions_boundary": "permissions boundary",
                  "session_policy": "session policy", "vpc_endpoint_policy": "VPC endpoint policy",
                  "service_control_policy": "service control policy",
                  "resource_control_policy": "resource control policy"}[kind]
        if reason is ReasonCode.NO_TRUST_ALLOW:
            paste = _denial("sts:AssumeRole", "arn:aws:iam::111122223333:role/x",
                            "because no role trust policy allows the sts:AssumeRole action")
        else:
            paste = _denial("sqs:SendMessage", "arn:aws:sqs:us-east-1:111122223333:jobs",
                            f"because no {phrase} allows the sqs:SendMessage action")
        finding = _finding(paste)
        assert finding["reason"]["code"] == reason
        if finding["fix"]:
            assert finding["fix"]["attach_to"]["kind"] not in identity, reason
        else:
            assert reason is ReasonCode.NO_RCP_ALLOW  # only RCPFullAWSAccess allows: no statement to add


def test_an_rcp_without_a_policy_arn_belongs_to_the_resource_owners_organization() -> None:
    other = _denial("s3:GetObject", "arn:aws:s3:::vendor-data/x.csv", "with an explicit deny in a resource control "
                    "policy")
    finding = _finding(other)
    assert finding["layer"]["crossing"] == "organization" and finding["layer"]["own_admins"] is False
    en = _text(other)
    assert "most likely belongs to the organization that owns" in en and "aws:PrincipalOrgID" in en
    assert "Only the organization's administrators can change it" not in en
    assert "組織のものである可能性が高く" in _text(other, "ja")
    own = other + ": arn:aws:organizations::999988887777:policy/o-abcd1234/resource_control_policy/p-rcp1"
    assert _finding(own)["layer"]["own_admins"] is True
    assert "most likely belongs" not in _text(own)


@pytest.mark.parametrize(("paste", "code", "expected_en", "expected_ja"), [
    ("An error occurred (UnauthorizedOperation) when calling the ModifyImageAttribute operation: This action is "
     "blocked by a declarative policy of your organization.", "declarative_policy",
     "get-image-block-public-access-state", "宣言型ポリシー"),
    ("An error occurred (UnmodifiableEntity) when calling the PutRolePolicy operation: Cannot perform the operation "
     "on the protected role 'AWSReservedSSO_Admin_0123456789abcdef' - this role is only modifiable by AWS",
     "protected_role", "Change permission set Admin in IAM Identity Center", "アクセス許可セット Admin"),
    ("An error occurred (UnmodifiableEntity) when calling the DeleteRole operation: Cannot perform the operation on "
     "the protected role 'AWSServiceRoleForSupport' - this role is only modifiable by AWS",
     "protected_role", "service-linked role", "サービスリンクロール"),
    ("An error occurred (AccessDeniedException) when calling the ListAccounts operation: You don't have permissions "
     "to access this resource.", "management_account_only", "management account", "管理アカウント"),
])
def test_refusals_that_are_not_iam_get_their_one_line_pointer(paste: str, code: str, expected_en: str,
                                                              expected_ja: str) -> None:
    scanned = json.loads(run(["scan", "--format", "json"], stdin=paste).stdout)
    assert scanned["denials"] == [] and [r["reason"] for r in scanned["refusals"]] == [code]
    finding = _finding(paste)
    assert finding["input"] == "refusal" and finding["fix"] is None and finding["reason"]["code"] == code
    en = _text(paste)
    assert expected_en in en and "No encoded authorization failure message" not in en
    assert expected_ja in _text(paste, "ja")


def test_chat_about_declarative_policies_is_not_a_refusal() -> None:
    chat = "Has anyone set up declarative policies for IMDSv2 yet? The docs look good."
    assert json.loads(run(["scan", "--format", "json"], stdin=chat).stdout)["refusals"] == []


def test_github_oidc_gets_a_trust_statement_for_the_provider_with_audience_and_subject() -> None:
    paste = ("Run aws-actions/configure-aws-credentials@v4\n  with:\n    role-to-assume: arn:aws:iam::123456789012:"
             "role/github-deploy\n    aws-region: us-east-1\nError: Could not assume role with OIDC: Not authorized "
             "to perform sts:AssumeRoleWithWebIdentity")
    fix = _finding(paste)["fix"]
    assert fix["attach_to"]["kind"] == "trust_policy" and fix["attach_to"]["name"] == "github-deploy"
    statement = _statement(fix["policy"])
    provider = "token.actions.githubusercontent.com"
    assert statement["Principal"] == {"Federated": f"arn:aws:iam::123456789012:oidc-provider/{provider}"}
    assert statement["Condition"] == {"StringEquals": {f"{provider}:aud": "sts.amazonaws.com"},
                                      "StringLike": {f"{provider}:sub": "repo:OWNER/REPO:*"}}
    assert "replace OWNER/REPO" in " ".join(fix["notes"])
    assert "Federated プリンシパル" in _text(paste, "ja")


@pytest.mark.skipif(not (SHARED / "samples" / "access-denied" / "028.txt").exists(), reason="../shared is absent")
def test_an_eks_web_identity_refusal_without_the_role_says_where_the_role_is_named() -> None:
    paste = (SHARED / "samples" / "access-denied" / "028.txt").read_text()
    findings = json.loads(run(["explain", "--format", "json"], stdin=paste).stdout)["findings"]
    assert [f["input"] for f in findings] == ["refusal"] and findings[0]["fix"] is None
    assert "eks.amazonaws.com/role-arn" in _text(paste)
