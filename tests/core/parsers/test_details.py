"""Authorization IDs: detection, IAM Toolbox over real HTTP (rest-json fake), explanation, CLI and doctor."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from bot.aws.lookups import AwsLookups
from bot.core.detect import scan
from bot.core.explain import explain
from bot.core.kinds.authorization_id import AuthorizationId
from bot.core.model import masked
from bot.core.outcomes import Detailed, LookupProblem
from bot.core.parsers.details import failures_from_details
from bot.core.pipeline import explain_scan
from bot.render.blocks import reply_blocks
from bot.render.data import finding_to_dict
from bot.render.text import render_text
from bot.settings import Settings
from tests.builders import (
    ACCOUNT,
    AUTHORIZATION_ID,
    PASSROLE_MESSAGE,
    SCP_DETAILS_PAGES,
    SCP_POLICY_URI,
    authorization_id_error,
    cli_error,
    make_token,
)
from tests.conftest import aws_env_for
from tests.fakes.sts import ASSUMED_KEY, FakeSts
from tests.fakes.toolbox import FakeToolbox
from tests.terminal import run


def _merged() -> dict[str, Any]:
    first, second = SCP_DETAILS_PAGES
    return {**first, "evaluations": first["evaluations"] + second["evaluations"],
            "policies": first["policies"] + second["policies"]}


def test_detects_the_id_once_with_the_region_of_its_console_link() -> None:
    text = authorization_id_error(region="eu-west-1")
    [found] = scan(text).authorization_ids
    assert (found.authorization_id, found.region) == (AUTHORIZATION_ID, "eu-west-1")
    assert found.hints.policy is not None and found.hints.policy.kind == "service_control_policy"
    assert scan("call the API with the following authorization id: abc123xyz789").authorization_ids
    assert not scan("the authorization id received in the error message").authorization_ids
    assert json.loads(json.dumps(scan(text).to_dict()))["authorization_ids"][0]["id"] == AUTHORIZATION_ID


def test_scan_lists_authorization_ids_in_text() -> None:
    result = run(["scan"], stdin=authorization_id_error(region="ap-northeast-1"))
    assert result.returncode == 0
    assert f"authorization id {AUTHORIZATION_ID}  region ap-northeast-1" in result.stdout


def test_details_become_the_same_model_with_the_decisive_check_as_policy_kind() -> None:
    [(failure, hint)] = failures_from_details(_merged())
    assert failure.explicit_deny and not failure.allowed
    assert failure.principal.arn == f"arn:aws:iam::{ACCOUNT}:user/janedoe"
    assert failure.principal.name == "janedoe"
    assert failure.action == "ec2:RunInstances"
    assert failure.context_value("ec2:InstanceType") == "p5.48xlarge"
    [deny] = failure.matched_statements  # the matched Allow is not a reason for the deny
    assert deny.sid == "DenyGpuInstances"
    assert deny.policy is not None and deny.policy.uri == SCP_POLICY_URI
    assert deny.policy.kind == "service_control_policy"
    assert [(c.kind, c.effect) for c in failure.checks] == [("service_control_policy", "EXPLICIT_DENY"),
                                                           ("identity_policy", "ALLOW")]
    assert hint is not None and (hint.kind, hint.explicit_deny, hint.arn) == ("service_control_policy", True,
                                                                              SCP_POLICY_URI)
    explanation = explain(masked(failure, ("aws:SourceIp",)), hint)
    rendered = render_text([_finding(explanation)], "en")
    assert "Service control policies (SCPs): explicit deny" in rendered
    assert SCP_POLICY_URI in rendered and "DenyGpuInstances" in rendered
    assert "198.51.100.23" not in rendered
    assert "サービスコントロールポリシー (SCP): 明示的な拒否" in render_text([_finding(explanation)], "ja")


def _finding(explanation: Any) -> Any:
    from bot.core.pipeline import Finding
    from bot.vocab import InputKind

    return Finding(InputKind.AUTHORIZATION_ID, "abc", 0, explanation=explanation)


def test_implicit_deny_by_a_boundary_sends_the_fix_there_and_uses_passed_to_service() -> None:
    details = {
        "requestContext": {"aws:PrincipalArn": f"arn:aws:sts::{ACCOUNT}:assumed-role/builder/ci"},
        "evaluations": [{
            "action": "iam:PassRole", "resource": f"arn:aws:iam::{ACCOUNT}:role/app-task-role",
            "context": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}, "evaluatedEffect": "IMPLICIT_DENY",
            "matchedPolicies": [], "checks": [
                {"checkType": "PRINCIPAL", "evaluatedEffect": "ALLOW",
                 "relevantPolicyTypes": ["IDENTITY_BASED_POLICY"]},
                {"checkType": "PERMISSIONS_BOUNDARY", "evaluatedEffect": "IMPLICIT_DENY",
                 "relevantPolicyTypes": ["PERMISSIONS_BOUNDARY"]}]}],
        "policies": [],
    }
    [(failure, hint)] = failures_from_details(details)
    explanation = explain(failure, hint)
    assert explanation.decision == "implicit_deny"
    assert explanation.next_steps[0].key == "step.implicit.missing.permissions_boundary"
    condition = explanation.fix.policy["Statement"][0]["Condition"]
    assert condition == {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}


def _decoder(**overrides: str) -> AwsLookups:
    env = dict(os.environ)
    env.update(overrides)
    return AwsLookups(Settings.from_env(env).aws)


def test_lookup_through_iam_toolbox_merges_pages_and_caches(fake_toolbox: FakeToolbox, aws_env: dict[str, str]
                                                            ) -> None:
    fake_toolbox.state.pages[AUTHORIZATION_ID] = SCP_DETAILS_PAGES
    decoder = _decoder()
    outcome = decoder.details(AuthorizationId(AUTHORIZATION_ID, 0, "us-east-1"))
    assert isinstance(outcome, Detailed)
    assert len(outcome.details["evaluations"]) == 2 and "nextToken" not in outcome.details
    assert [c.next_token for c in fake_toolbox.state.calls] == [None, "1"]
    assert decoder.details(AuthorizationId(AUTHORIZATION_ID, 0, "us-east-1")) == outcome
    assert len(fake_toolbox.state.calls) == 2


@pytest.mark.parametrize(
    ("authorization_id", "deny", "code"),
    [("unknownid123", False, "authorization_not_found"), ("EXAMPLE1a2b3c", False, "invalid_authorization_id"),
     (AUTHORIZATION_ID, True, "details_access_denied")],
)
def test_lookup_problems(fake_toolbox: FakeToolbox, aws_env: dict[str, str], authorization_id: str, deny: bool,
                         code: str) -> None:
    fake_toolbox.state.pages[AUTHORIZATION_ID] = SCP_DETAILS_PAGES
    fake_toolbox.state.deny = deny
    outcome = _decoder().details(AuthorizationId(authorization_id, 0, None))
    assert isinstance(outcome, LookupProblem) and outcome.code == code
    if deny:
        assert outcome.identity == "arn:aws:iam::123456789012:user/decode-bot-base"


def test_lookup_uses_the_decoder_role(fake_toolbox: FakeToolbox, aws_env: dict[str, str]) -> None:
    fake_toolbox.state.pages[AUTHORIZATION_ID] = SCP_DETAILS_PAGES[:1]
    decoder = _decoder(DECODER_ROLE_ARN="arn:aws:iam::123456789012:role/decode-bot-decoder")
    assert isinstance(decoder.details(AuthorizationId(AUTHORIZATION_ID, 0, None)), Detailed)
    assert fake_toolbox.state.calls[0].access_key == ASSUMED_KEY


def test_pipeline_explains_ids_next_to_tokens(fake_sts: FakeSts, fake_toolbox: FakeToolbox,
                                               aws_env: dict[str, str]) -> None:
    token = make_token(901)
    fake_sts.state.messages[token] = PASSROLE_MESSAGE
    fake_toolbox.state.pages[AUTHORIZATION_ID] = SCP_DETAILS_PAGES
    decoder = _decoder()
    findings = explain_scan(scan(cli_error(token) + authorization_id_error()), decoder)
    assert [f.input for f in findings] == ["encoded", "authorization_id"]
    fallback, blocks = reply_blocks(findings, "en")
    assert "DenyGpuInstances" in json.dumps(blocks) and "iam:PassRole" in fallback


def test_cli_explains_an_authorization_id(fake_sts: FakeSts, fake_toolbox: FakeToolbox) -> None:
    fake_toolbox.state.pages[AUTHORIZATION_ID] = SCP_DETAILS_PAGES
    result = run(["explain", "--format", "json"], stdin=authorization_id_error(),
                 env=aws_env_for(fake_sts, fake_toolbox))
    assert result.returncode == 0, result.stderr
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["input"] == "authorization_id"
    assert finding["token"] != AUTHORIZATION_ID
    assert finding["decision"] == "explicit_deny"
    assert finding["policy_hint"]["kind"] == "service_control_policy"
    assert finding["matched_statements"][0]["policy"] == {"uri": SCP_POLICY_URI, "kind": "service_control_policy"}
    assert finding["checks"][0]["effect"] == "EXPLICIT_DENY"
    contract = {"input", "token", "ok", "error", "decision", "principal", "action", "resource", "conditions",
                "matched_statements", "summary", "fix"}
    assert contract <= set(finding)


def test_doctor_checks_the_details_permission(fake_sts: FakeSts, fake_toolbox: FakeToolbox) -> None:
    good = run(["doctor"], env=aws_env_for(fake_sts, fake_toolbox))
    assert "ok    authorization-ID lookups: iam:GetRequestAuthorizationDetails is allowed" in good.stdout
    fake_toolbox.state.deny = True
    denied = run(["doctor"], env=aws_env_for(fake_sts, fake_toolbox))
    assert "warn  authorization-ID lookups: details_access_denied" in denied.stdout
    assert "iam:GetRequestAuthorizationDetails" in denied.stdout
    assert denied.returncode == 0  # optional: decoding still works


def test_check_types_and_results_aws_adds_later_are_worded_as_unknown_never_a_keyerror() -> None:
    details = json.loads(json.dumps(SCP_DETAILS_PAGES[0]))
    evaluation = details["evaluations"][0]
    evaluation["checks"] = [{"checkType": "NETWORK_PERIMETER", "evaluatedEffect": "CONDITIONAL_DENY"},
                            *evaluation["checks"]]
    [(failure, hint), *_] = failures_from_details(details)
    assert (failure.checks[0].kind, failure.checks[0].effect) == ("unknown", "UNKNOWN")
    assert hint is not None and hint.kind == "service_control_policy"  # the known decisive check still counts
    finding = _finding(explain(failure, hint))
    assert "A check decode-bot does not know: a result decode-bot does not know" in render_text([finding], "en")
    assert "decode-bot の知らないチェック" in render_text([finding], "ja")
    assert finding_to_dict(finding, "en")["checks"][0] == {"kind": "unknown", "effect": "UNKNOWN", "target": None,
                                                           "policy_types": []}
    reply_blocks([finding], "en")


def test_iam_toolbox_failures_are_worded_as_iam_not_sts(fake_sts: FakeSts, aws_env: dict[str, str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_IAM_TOOLBOX", "http://127.0.0.1:9")  # nothing listens there
    [finding] = explain_scan(scan(authorization_id_error()), _decoder())
    assert finding.problem is not None and finding.problem.code == "connection"
    for lang in ("en", "ja"):
        message = render_text([finding], lang)
        assert "AWS IAM" in message and "STS" not in message
