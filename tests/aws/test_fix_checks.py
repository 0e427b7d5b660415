"""Issue 25 from the command line, end to end over HTTP: each fix checked by the fake Access Analyzer (rest-json) and
the fake IAM policy simulator (query protocol), with the decoder's credentials, in the principal's account."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from bot.aws.lookups import AwsLookups
from bot.core.detect import scan
from bot.core.pipeline import check_fixes, explain_scan
from bot.settings import Settings
from bot.state.memory import MemoryStore
from tests.builders import ACCOUNT, cli_error, decoded_message, make_token
from tests.conftest import aws_env_for
from tests.fakes.accessanalyzer import FakeAccessAnalyzer, Issue
from tests.fakes.iam import FakeIam
from tests.fakes.sts import ASSUMED_KEY, FakeSts
from tests.terminal import run

ROLE = f"arn:aws:iam::{ACCOUNT}:role/service/ci-deployer"  # the path is only in aws:PrincipalArn
SESSION = f"arn:aws:sts::{ACCOUNT}:assumed-role/ci-deployer/run-42"
TOKEN = make_token(2501)
MESSAGE = decoded_message(
    action="ec2:RunInstances", resource=f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/*", principal_arn=SESSION,
    principal_name="ci-deployer",
    context={"aws:PrincipalArn": [ROLE], "ec2:InstanceType": ["t3.micro"], "aws:MultiFactorAuthPresent": ["false"],
             "aws:SourceIp": ["203.0.113.7"], "aws:TagKeys": ["team", "stage"], "ec2:Region": ["us-east-1"]})
FULL_ACCESS = {"Effect": "Allow", "Action": "*", "Resource": "*"}


@dataclass
class Fakes:
    sts: FakeSts
    iam: FakeIam
    analyzer: FakeAccessAnalyzer

    def env(self, **extra: str) -> dict[str, str]:
        return aws_env_for(self.sts, None, self.iam, self.analyzer, STS_TIMEOUT_SECONDS="1", **extra)

    def explain(self, *args: str, paste: str | None = None, **extra: str) -> dict[str, Any]:
        result = run(["explain", "--format", "json", *args], stdin=paste or cli_error(TOKEN), env=self.env(**extra))
        assert result.returncode == 0, result.stderr
        return dict(json.loads(result.stdout)["findings"][0])

    def text(self, *args: str, **extra: str) -> str:
        result = run(["explain", *args], stdin=cli_error(TOKEN), env=self.env(**extra))
        assert result.returncode == 0, result.stderr
        return result.stdout


@pytest.fixture
def fakes() -> Iterator[Fakes]:
    running = Fakes(FakeSts().start(), FakeIam().start(), FakeAccessAnalyzer().start())
    running.sts.state.messages[TOKEN] = MESSAGE
    running.iam.state.policies[ROLE] = [{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}]}]
    yield running
    for server in (running.sts, running.iam, running.analyzer):
        server.stop()


def _checks(finding: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {c["check"]: (c["result"], c["detail"]) for c in finding["fix"]["verification"]["checks"]}


def test_a_fix_that_flips_the_request_is_proven_and_the_simulator_gets_the_request_as_it_was(fakes: Fakes) -> None:
    finding = fakes.explain()
    fix = finding["fix"]
    assert fix["verification"]["level"] == "proven"
    assert _checks(finding)["simulator"] == ("pass", "implicitDeny without the statement, allowed with it")
    [validation] = fakes.analyzer.state.calls
    assert validation["policyType"] == "IDENTITY_POLICY" and validation["locale"] == "EN"
    assert json.loads(validation["policyDocument"]) == fix["policy"]
    before, after = fakes.iam.state.simulations()
    assert before["PolicySourceArn"] == ROLE  # the role behind the session, with its path
    assert before["ActionNames"] == ["ec2:RunInstances"]
    assert before["ResourceArns"] == [f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/*"]
    typed = {e["ContextKeyName"]: (e["ContextKeyType"], e["ContextKeyValues"]) for e in before["ContextEntries"]}
    assert typed["ec2:InstanceType"] == ("string", ["t3.micro"])
    assert typed["aws:MultiFactorAuthPresent"] == ("boolean", ["false"])
    assert typed["aws:SourceIp"] == ("ip", ["203.0.113.7"])
    assert typed["aws:TagKeys"] == ("stringList", ["team", "stage"])
    assert "PolicyInputList" not in before
    assert [json.loads(p) for p in after["PolicyInputList"]] == [fix["policy"]]
    # The decoder's own credentials ran the checks (here the base ones: no DECODER_ROLE_ARN).
    assert validation["access_key"] == before["access_key"]
    assert "Proven on this request by IAM's policy simulator" in fakes.text()


def test_an_scp_that_still_denies_withholds_the_statement_and_names_who_must_change_it(fakes: Fakes) -> None:
    fakes.iam.state.scps = [{"Statement": [FULL_ACCESS, {"Effect": "Deny", "Action": "ec2:RunInstances",
                                                         "Resource": "*"}]}]
    finding = fakes.explain()
    assert finding["fix"]["verification"]["level"] == "withheld"
    assert finding["fix"]["policy"] is None
    assert _checks(finding)["simulator"][0] == "fail"
    text = fakes.text()
    assert "a service control policy still denies ec2:RunInstances with the statement added" in text
    assert '"Effect": "Allow"' not in text  # no statement that cannot work
    assert "サービスコントロールポリシー" in fakes.text("--lang", "ja")


def test_a_permissions_boundary_that_still_denies_is_the_layer_to_change(fakes: Fakes) -> None:
    fakes.iam.state.boundaries[ROLE] = {"Statement": [{"Effect": "Allow", "Action": "ec2:Describe*",
                                                       "Resource": "*"}]}
    assert fakes.explain()["fix"]["verification"]["level"] == "withheld"
    assert "the permissions boundary of IAM role ci-deployer" in fakes.text()


def test_an_explicit_deny_in_the_principals_own_policies_is_named(fakes: Fakes) -> None:
    fakes.iam.state.policies[ROLE].append({"Statement": [{"Effect": "Deny", "Action": "ec2:Run*", "Resource": "*"}]})
    assert fakes.explain()["fix"]["verification"]["level"] == "withheld"
    assert "finds an explicit Deny for ec2:RunInstances among" in fakes.text()
    assert "(policy-2)" in fakes.text()


def test_allowed_without_the_fix_points_at_the_layers_the_simulator_cannot_see(fakes: Fakes) -> None:
    fakes.iam.state.policies[ROLE].append({"Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]})
    finding = fakes.explain()
    assert finding["fix"]["verification"]["level"] == "validated"
    assert finding["fix"]["policy"] is not None
    text = fakes.text()
    assert "a session policy, a resource control policy, a VPC endpoint policy, or a resource policy in another " \
           "account" in text
    assert "Proven" not in text and "Checked by IAM Access Analyzer" in text
    assert len(fakes.iam.state.simulations()) == 2  # never asked "with the statement" for a request already allowed


def test_warnings_and_suggestions_are_listed_in_the_asked_language_and_do_not_stop_the_level(fakes: Fakes) -> None:
    fakes.analyzer.state.issues += [
        Issue("SUGGESTION", "REDUNDANT_STATEMENT", "The statement is redundant.", "ステートメントは冗長です。"),
        Issue("WARNING", "MISSING_VERSION", "Add a Version.", "バージョンを追加してください。")]
    finding = fakes.explain("--lang", "ja")
    assert finding["fix"]["verification"]["level"] == "proven"
    assert [c["locale"] for c in fakes.analyzer.state.calls] == ["JA", "JA"]  # two pages of one finding each
    assert "ステートメントは冗長です。" in _checks(finding)["access_analyzer"][1]
    text = fakes.text("--lang", "ja")
    assert "IAM Access Analyzer の検出結果" in text and "バージョンを追加してください。" in text


def test_a_security_warning_keeps_the_offline_level_and_an_error_withholds_the_statement(fakes: Fakes) -> None:
    fakes.analyzer.state.issues = [Issue("SECURITY_WARNING", "PASS_ROLE_WITH_STAR_IN_RESOURCE", "Too broad.",
                                         "広すぎます。")]
    finding = fakes.explain()
    assert finding["fix"]["verification"]["level"] == "offline" and finding["fix"]["policy"] is not None
    assert "IAM Access Analyzer warns about this statement (PASS_ROLE_WITH_STAR_IN_RESOURCE)" in fakes.text()
    assert not [s for s in fakes.iam.state.simulations() if "PolicyInputList" in s]  # never simulated with it
    fakes.analyzer.state.issues = [Issue("ERROR", "INVALID_ACTION", "No such action.", "そのアクションはありません。")]
    finding = fakes.explain()
    assert finding["fix"]["verification"]["level"] == "withheld" and finding["fix"]["policy"] is None
    assert "IAM Access Analyzer refuses it" in fakes.text()


def test_missing_permissions_say_which_level_was_reached(fakes: Fakes) -> None:
    fakes.iam.state.deny_simulate = True
    finding = fakes.explain()
    assert finding["fix"]["verification"]["level"] == "validated"
    assert _checks(finding)["simulator"] == ("skipped", f"access_denied in account {ACCOUNT}")
    assert f"decode-bot may not call iam:SimulatePrincipalPolicy in account {ACCOUNT}" in fakes.text()
    fakes.analyzer.state.deny = True
    assert fakes.explain()["fix"]["verification"]["level"] == "offline"
    assert "may not call access-analyzer:ValidatePolicy" in fakes.text()


def test_throttling_and_timeouts_still_give_the_answer_at_the_level_reached(fakes: Fakes, no_backoff: None) -> None:
    fakes.iam.state.failures = [("Throttling", 400)] * 3
    finding = fakes.explain()
    assert finding["fix"]["verification"]["level"] == "validated" and finding["fix"]["policy"] is not None
    assert _checks(finding)["simulator"][1].startswith("throttled")
    fakes.analyzer.state.delay = 1.5  # past STS_TIMEOUT_SECONDS, on every attempt
    finding = fakes.explain()
    assert finding["fix"]["verification"]["level"] == "offline"
    assert "AWS did not answer access-analyzer:ValidatePolicy in time" in fakes.text()


def test_a_principal_the_simulator_does_not_know_is_said(fakes: Fakes) -> None:
    fakes.iam.state.policies.clear()
    assert fakes.explain()["fix"]["verification"]["level"] == "validated"
    assert "does not know this principal in account" in fakes.text()


def test_fix_checks_offline_asks_aws_nothing(fakes: Fakes) -> None:
    assert fakes.explain(FIX_CHECKS="offline")["fix"]["verification"]["level"] == "offline"
    assert fakes.explain("--checks", "offline")["fix"]["verification"]["level"] == "offline"
    assert not fakes.analyzer.state.calls and not fakes.iam.state.calls


def test_pasted_decoded_output_is_checked_when_asked(fakes: Fakes) -> None:
    paste = json.dumps({"DecodedMessage": MESSAGE})
    assert fakes.explain(paste=paste)["fix"]["verification"]["level"] == "offline"  # nothing to decode: offline
    assert fakes.explain("--checks", "aws", paste=paste)["fix"]["verification"]["level"] == "proven"


def test_across_accounts_the_trust_policy_is_validated_as_one_and_only_this_side_is_simulated(fakes: Fakes) -> None:
    target = "arn:aws:iam::210987654321:role/deployer"
    fakes.sts.state.messages[TOKEN] = decoded_message(
        action="sts:AssumeRole", resource=target, principal_arn=SESSION, principal_name="ci-deployer",
        context={"aws:PrincipalArn": [ROLE]})
    finding = fakes.explain()
    assert [side["attach_to"]["kind"] for side in finding["fix"]["also"]] == ["role", "trust_policy"]
    kinds = {(c["policyType"], c.get("validatePolicyResourceType")) for c in fakes.analyzer.state.calls}
    assert kinds == {("IDENTITY_POLICY", None), ("RESOURCE_POLICY", "AWS::IAM::AssumeRolePolicyDocument")}
    # The caller's side flips; the other account's trust policy is out of the simulator's sight: not "proven".
    assert finding["fix"]["verification"]["level"] == "validated"
    assert _checks(finding)["simulator"][0] == "pass"
    assert "it cannot see the statement account 210987654321 must add" in fakes.text()


def test_a_plain_text_denial_with_a_key_policy_statement_is_validated_but_not_simulated(fakes: Fakes) -> None:
    key = "arn:aws:kms:us-east-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    paste = (f"An error occurred (AccessDeniedException) when calling the Decrypt operation: User: {SESSION} is not "
             f"authorized to perform: kms:Decrypt on resource: {key} because no resource-based policy allows the "
             "kms:Decrypt action")
    finding = fakes.explain("--checks", "aws", paste=paste)
    assert finding["fix"]["attach_to"]["kind"] == "key_policy"
    assert sorted((c["policyType"], c.get("validatePolicyResourceType")) for c in fakes.analyzer.state.calls) == [
        ("IDENTITY_POLICY", None), ("RESOURCE_POLICY", None)]
    assert _checks(finding)["simulator"] == ("skipped", "the statement goes in a key_policy")
    assert finding["fix"]["verification"]["level"] == "validated"
    assert not fakes.iam.state.calls


def test_checks_run_in_the_principals_account_with_its_decoder_role(fakes: Fakes) -> None:
    other = "210987654321"
    role = ROLE.replace(ACCOUNT, other)
    fakes.sts.state.messages[TOKEN] = MESSAGE.replace(ACCOUNT, other)
    fakes.iam.state.policies[role] = []
    accounts = {"DECODER_ROLE_ARN": "arn:aws:iam::{account}:role/decode-bot-decoder",
                "DECODER_ACCOUNTS": f"{ACCOUNT},{other}"}
    assert fakes.explain(**accounts)["fix"]["verification"]["level"] == "proven"
    assert {c["access_key"] for c in fakes.iam.state.simulations()} == {f"ASIAFAKE{other}"}
    assert {c["access_key"] for c in fakes.analyzer.state.calls} == {f"ASIAFAKE{other}"}
    # An account decode-bot does not work in is not checked: the fix keeps the offline level.
    fakes.analyzer.state.calls.clear()
    assert fakes.explain(**{**accounts, "DECODER_ACCOUNTS": ACCOUNT})["fix"]["verification"]["level"] == "offline"
    assert not fakes.analyzer.state.calls


def test_results_are_shared_through_the_store_so_other_processes_ask_aws_nothing(
        fakes: Fakes, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in fakes.env().items():
        monkeypatch.setenv(name, value)
    settings = Settings.from_env(fakes.env())
    store = MemoryStore()
    result = scan(cli_error(TOKEN))
    levels = []
    for _process in range(2):
        lookups = AwsLookups(settings.aws, store=store)
        findings = check_fixes(explain_scan(result, lookups), lookups, "en")
        assert findings[0].explanation is not None and findings[0].explanation.fix is not None
        levels.append(findings[0].explanation.fix.verification.level)
    assert levels == ["proven", "proven"]
    assert len(fakes.iam.state.simulations()) == 2 and len(fakes.analyzer.state.calls) == 1
    assert ASSUMED_KEY not in {c["access_key"] for c in fakes.iam.state.calls}


def test_doctor_reports_each_check_permission_per_account(fakes: Fakes) -> None:
    result = run(["doctor"], env=fakes.env())
    assert "ok    statement validation: access-analyzer:ValidatePolicy is allowed" in result.stdout
    assert "ok    request simulation: iam:SimulatePrincipalPolicy is allowed" in result.stdout
    fakes.iam.state.deny_simulate = True
    fakes.iam.state.calls.clear()
    other = "210987654321"
    result = run(["doctor"], env=fakes.env(DECODER_ROLE_ARN="arn:aws:iam::{account}:role/decode-bot-decoder",
                                           DECODER_ACCOUNTS=f"{ACCOUNT},{other}"))
    assert result.returncode == 0, result.stdout  # optional: a warning, never a failure
    assert "warn  fix checks: 0 of 2 accounts can validate and simulate suggested statements" in result.stdout
    assert f"warn  account {other}: request simulation: access_denied: iam:SimulatePrincipalPolicy" in result.stdout
    assert "allow iam:SimulatePrincipalPolicy to" in result.stdout
    # The probe simulates a user that cannot exist, with each account's decoder role.
    probes = fakes.iam.state.simulations()
    assert {p["PolicySourceArn"].split(":")[4] for p in probes} == {ACCOUNT, other}
    assert {p["access_key"] for p in probes} == {ASSUMED_KEY, f"ASIAFAKE{other}"}  # the fake's keys for each account
    assert "fix checks: off (FIX_CHECKS=offline)" in run(["doctor"], env=fakes.env(FIX_CHECKS="offline")).stdout
