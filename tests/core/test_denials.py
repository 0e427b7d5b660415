"""Issue 12: plain-text access-denied messages of every service, found and explained without AWS."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.core.detect import scan
from bot.core.pipeline import explain_text
from bot.render.data import finding_to_dict
from bot.render.text import render_text
from tests.builders import SHARED, cli_error, make_token, read_manifest
from tests.terminal import run

DENIED_DIR = SHARED / "samples" / "access-denied"
_manifest = read_manifest(DENIED_DIR)
ACCOUNT = "111122223333"


@pytest.mark.skipif(not _manifest, reason="../shared/samples is not beside this checkout")
@pytest.mark.parametrize("sample", _manifest, ids=lambda s: s["file"])
def test_every_shared_sample_gives_exactly_its_denials_through_the_cli(sample: dict[str, Any]) -> None:
    text = (DENIED_DIR / str(sample["file"])).read_text()
    scanned = json.loads(run(["scan", "--format", "json"], stdin=text).stdout)
    got = [{"principal_arn": d["principal"], "action": d["action"], "resource": d["resource"], "reason": d["reason"],
            "policy_arn": d["policy_arn"]} for d in scanned["denials"]]
    assert got == sample["expected"]
    if sample["expected"]:
        result = run(["explain", "--format", "json"], stdin=text)
        assert result.returncode == 0, result.stderr
        findings = [f for f in json.loads(result.stdout)["findings"] if f["input"] == "text"]
        assert len(findings) == len(sample["expected"])
        for finding, expected in zip(findings, sample["expected"], strict=True):
            assert finding["ok"] and finding["reason"]["code"] == expected["reason"]
            decision = ("explicit_deny" if expected["reason"].startswith("explicit")
                        else "denied" if expected["reason"] == "unspecified" else "implicit_deny")
            assert finding["decision"] == decision


def _one(text: str) -> tuple[str, str, dict[str, Any]]:
    [finding] = explain_text(text)
    assert finding.ok
    return render_text([finding], "en"), render_text([finding], "ja"), finding_to_dict(finding, "en")


S3_DENIED = (f"An error occurred (AccessDenied) when calling the PutObject operation: User: arn:aws:sts::{ACCOUNT}:"
             "assumed-role/ci/run-1 is not authorized to perform: s3:PutObject on resource: "
             '"arn:aws:s3:::builds-bucket/app.zip" because no identity-based policy allows the s3:PutObject action')


def test_an_s3_missing_allow_gets_the_exact_statement_on_the_role() -> None:
    en, ja, data = _one(S3_DENIED)
    assert data["input"] == "text" and data["decision"] == "implicit_deny" and data["source"] == "pasted"
    assert data["reason"] == {"code": "no_identity_allow", "policy_arn": None}
    [statement] = data["fix"]["policy"]["Statement"]
    assert (statement["Action"], statement["Resource"]) == ("s3:PutObject", "arn:aws:s3:::builds-bucket/app.zip")
    assert data["fix"]["attach_to"] == {"kind": "role", "name": "ci", "arn": f"arn:aws:iam::{ACCOUNT}:role/ci",
                                        "account": ACCOUNT}
    assert "IAM role ci" in en and "ci" in ja


def test_a_missing_resource_policy_allow_names_the_caller_and_both_sides_across_accounts() -> None:
    text = (f"User: arn:aws:iam::{ACCOUNT}:user/dev is not authorized to perform: sqs:SendMessage on resource: "
            "arn:aws:sqs:us-east-1:444455556666:jobs because no resource-based policy allows the sqs:SendMessage "
            "action")
    en, _, data = _one(text)
    [statement] = data["fix"]["policy"]["Statement"]
    assert statement["Principal"] == {"AWS": f"arn:aws:iam::{ACCOUNT}:user/dev"}
    assert data["fix"]["attach_to"]["kind"] == "resource_policy"
    assert "different accounts" in en and "the policy of" in en


def test_a_role_trust_policy_gets_the_trust_statement() -> None:
    text = (f"User: arn:aws:iam::{ACCOUNT}:user/dev is not authorized to perform: sts:AssumeRole on resource: "
            f"arn:aws:iam::{ACCOUNT}:role/deployer because no role trust policy allows the sts:AssumeRole action")
    en, _, data = _one(text)
    [statement] = data["fix"]["policy"]["Statement"]
    assert statement["Principal"] == {"AWS": f"arn:aws:iam::{ACCOUNT}:user/dev"} and "Resource" not in statement
    assert "trust policy" in en


def test_an_scp_deny_quotes_the_policy_arn_to_the_organisations_administrators() -> None:
    arn = "arn:aws:organizations::999988887777:policy/o-abcd1234/service_control_policy/p-abcd1234"
    text = (f"User: arn:aws:sts::{ACCOUNT}:assumed-role/dev/alice is not authorized to perform: "
            f"ec2:TerminateInstances on resource: arn:aws:ec2:us-east-1:{ACCOUNT}:instance/i-0abc with an explicit "
            f"deny in a service control policy: {arn}")
    en, ja, data = _one(text)
    assert data["decision"] == "explicit_deny" and data["fix"] is None
    assert data["reason"] == {"code": "explicit_scp", "policy_arn": arn}
    assert "You cannot change an SCP from this account" in en and "send them this thread (policy p-abcd1234)" in en
    assert arn in en and arn in ja  # the full ARN in the details


def test_wrapped_escaped_and_logged_messages_are_found_once() -> None:
    wrapped = S3_DENIED.replace(" is not authorized", "\n    is not authorized").replace(" because", "\nbecause")
    escaped = json.dumps({"errorMessage": S3_DENIED})
    logged = "2026-11-28T10:00:00Z ERROR botocore " + S3_DENIED + "\n" + "  at Handler.run (app.js:10)\n"
    for text in (wrapped, escaped, logged, S3_DENIED + "\n" + S3_DENIED):
        denials = scan(text).denials
        assert [(d.action, d.reason) for d in denials] == [("s3:PutObject", "no_identity_allow")], text


@pytest.mark.parametrize("text", [
    "User: <user-arn> is not authorized to perform: s3:GetObject on resource: <resource>",
    "User: {user_arn} is not authorized to perform: s3:GetObject",
    "Access Denied",
    "An error occurred (ExpiredToken) when calling the GetObject operation: The provided token has expired.",
    "User is not authorized to access this resource with an explicit deny in an identity-based policy",
])
def test_templates_and_bare_errors_give_no_denial(text: str) -> None:
    assert scan(text).denials == ()


def test_an_ec2_error_with_a_token_is_answered_once_with_the_texts_policy_kind() -> None:
    token = make_token(1801)
    text = (f"UnauthorizedOperation: You are not authorized to perform this operation. User: arn:aws:sts::{ACCOUNT}:"
            "assumed-role/ci/run-2 is not authorized to perform: ec2:RunInstances on resource: "
            f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/* with an explicit deny in a service control policy. "
            + cli_error(token).split(": ", 1)[1])
    result = scan(text)
    assert result.denials == () and [t.token for t in result.complete_tokens] == [token]
    assert result.tokens[0].hints.policy is not None and result.tokens[0].hints.policy.kind == "service_control_policy"
