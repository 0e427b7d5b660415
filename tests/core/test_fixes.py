"""Fixes an IAM expert would give, each from a realistic decoded message."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.core.detect import scan
from bot.core.explain import explain
from bot.core.hints import PolicyHint
from bot.core.iam import is_condition_key
from bot.core.parsers.decoded import parse
from bot.core.pipeline import explain_text
from bot.i18n import text
from bot.render.text import render_text
from tests.builders import ACCOUNT, PASSROLE_MESSAGE, SHARED, decoded_message

EC2_CONTEXT = {"aws:Region": ["us-east-1"], "aws:Service": ["ec2"], "ec2:InstanceType": ["t3.large"],
               "ec2:Tenancy": ["default"], "ec2:InstanceID": ["*"]}


def _statements(policy: dict[str, Any]) -> list[dict[str, Any]]:
    return policy["Statement"]  # type: ignore[no-any-return]


def _assert_valid_policy(policy: dict[str, Any]) -> None:
    assert policy["Version"] == "2012-10-17"
    for statement in _statements(policy):
        assert set(statement) <= {"Sid", "Effect", "Action", "Resource", "Condition"}
        assert statement["Effect"] == "Allow"
        assert statement["Sid"].isalnum()
        for operator in statement.get("Condition", {}).values():
            for key in operator:
                assert is_condition_key(key), key


def _explanation(message: str, hint: PolicyHint | None = None) -> Any:
    return explain(parse(message), hint)


def _steps(explanation: Any) -> str:
    return "\n".join(text(step) for step in explanation.next_steps)


def test_passrole_is_scoped_to_the_role_and_the_service_and_flagged() -> None:
    explanation = _explanation(PASSROLE_MESSAGE)
    _assert_valid_policy(explanation.fix.policy)
    assert explanation.info.access_level == "Write"
    assert explanation.info.resource_type == "role"
    assert "confirm" in text(explanation.fix.notes[0])


def test_action_name_is_canonicalised_from_the_dataset() -> None:
    explanation = _explanation(decoded_message(action="ec2:runinstances", context=EC2_CONTEXT))
    assert explanation.failure.action == "ec2:RunInstances"
    assert explanation.fix.policy["Statement"][0]["Action"] == "ec2:RunInstances"
    assert explanation.info.reference_url.endswith("list_amazonec2.html#amazonec2-actions-as-permissions")


def test_run_instances_denied_on_the_subnet_allows_every_type_it_needs_narrowed_to_that_subnet() -> None:
    subnet = f"arn:aws:ec2:us-east-1:{ACCOUNT}:subnet/subnet-0a6a04aa49fbb434f"
    explanation = _explanation(decoded_message(resource=subnet, context=EC2_CONTEXT))
    assert explanation.info.resource_type == "subnet"
    [statement] = _statements(explanation.fix.policy)
    assert statement["Resource"] == [
        "arn:aws:ec2:us-east-1::image/*",
        f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/*",
        f"arn:aws:ec2:us-east-1:{ACCOUNT}:network-interface/*",
        f"arn:aws:ec2:us-east-1:{ACCOUNT}:security-group/*",
        subnet,
        f"arn:aws:ec2:us-east-1:{ACCOUNT}:volume/*",
    ]
    notes = " ".join(text(n) for n in explanation.fix.notes)
    assert "allows them together" in notes and "about the subnet" not in notes


def test_narrowing_lists_supported_keys_with_this_requests_values_but_never_context_only_ones() -> None:
    explanation = _explanation(decoded_message(context=EC2_CONTEXT))
    keys = [k for k, _ in explanation.fix.narrowing]
    assert "ec2:InstanceType" in keys and "ec2:Tenancy" in keys
    assert "aws:Service" not in keys and "aws:Region" not in keys
    assert "ec2:InstanceID" not in keys  # "*" narrows nothing


def test_tag_on_create() -> None:
    message = decoded_message(action="ec2:CreateTags", context={
        "aws:Service": ["ec2"], "ec2:CreateAction": ["RunInstances"], "aws:RequestTag/Name": ["web-1"],
        "aws:TagKeys": ["Name"]})
    explanation = _explanation(message)
    [statement] = _statements(explanation.fix.policy)
    assert statement["Condition"] == {"StringEquals": {"ec2:CreateAction": "RunInstances"}}
    _assert_valid_policy(explanation.fix.policy)
    assert "tag on create" in " ".join(text(n) for n in explanation.fix.notes)


def test_a_customer_managed_key_adds_a_kms_hint_and_an_aws_managed_one_does_not() -> None:
    volume = f"arn:aws:ec2:us-east-1:{ACCOUNT}:volume/*"
    message = decoded_message(resource=volume, context={**EC2_CONTEXT, "ec2:Encrypted": ["true"],
                                                        "ec2:VolumeType": ["gp3"], "ec2:KmsKeyId": ["alias/team"]})
    fix = _explanation(message).fix
    assert fix.related is not None
    actions = [s["Action"] for s in _statements(fix.related)]
    assert ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncrypt*"] in actions
    grant = next(s for s in _statements(fix.related) if s["Action"] == "kms:CreateGrant")
    assert grant["Condition"] == {"Bool": {"kms:GrantIsForAWSResource": "true"}}
    for statement in _statements(fix.related):
        for operator in statement["Condition"].values():
            assert all(is_condition_key(k) for k in operator)
    assert "KEY-ID" in json.dumps(fix.related) and "alias/team" in text(fix.related_note)
    aws_managed = {**EC2_CONTEXT, "ec2:Encrypted": ["true"]}  # aws/ebs: EC2 may use it without any grant
    assert _explanation(decoded_message(resource=volume, context=aws_managed)).fix.related is None


@pytest.mark.parametrize(
    ("conditions", "context", "expected"),
    [
        ({"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}, {"aws:Region": ["us-east-1"]},
         "only these Regions are allowed: eu-west-1, eu-central-1; this request went to us-east-1"),
        ({"aws:RequestTag/CostCenter": ["true"]}, {}, "requires a CostCenter tag (any value)"),
        ({"aws:MultiFactorAuthPresent": ["false"]}, {"aws:MultiFactorAuthPresent": ["false"]},
         "without multi-factor authentication"),
        ({"ec2:InstanceType": ["t3.micro", "t3.small"]}, {"ec2:InstanceType": ["m5.24xlarge"]},
         "Only these instance types are allowed: t3.micro, t3.small; this request asked for m5.24xlarge"),
    ],
)
def test_explicit_deny_rules_are_named_in_plain_words(conditions: dict[str, list[str]],
                                                      context: dict[str, list[str]], expected: str) -> None:
    message = decoded_message(explicit_deny=True, statements=[{"sid": "Guardrail", "conditions": conditions}],
                              context={"aws:Service": ["ec2"], **context})
    explanation = _explanation(message, PolicyHint("service_control_policy", True, None))
    steps = _steps(explanation)
    assert expected in steps
    assert "organization's administrators" in steps  # who owns an SCP
    assert explanation.fix is None  # an Allow could not help


def test_permissions_boundary_owner() -> None:
    message = decoded_message(explicit_deny=True, statements=[{"sid": "NoBigInstances",
                                                                "conditions": {"ec2:InstanceType": ["t3.*"]}}])
    steps = _steps(_explanation(message, PolicyHint("permissions_boundary", True, None)))
    assert "Whoever manages the principal" in steps


@pytest.mark.skipif(not (SHARED / "samples" / "decoded" / "003.txt").exists(), reason="../shared is absent")
def test_quarantine_policy_means_rotate_the_key() -> None:
    [finding] = explain_text((SHARED / "samples" / "decoded" / "003.txt").read_text(), None)
    steps = _steps(finding.explanation)
    assert "compromised" in steps and "rotate" in steps


def test_every_suggested_policy_uses_only_real_condition_keys_across_samples() -> None:
    messages = [PASSROLE_MESSAGE, decoded_message(context=EC2_CONTEXT)]
    folder = SHARED / "samples" / "decoded"
    if folder.exists():
        messages += [json.dumps(d.document) for p in sorted(folder.glob("0*")) for d in scan(p.read_text()).decoded]
    for message in messages:
        explanation = _explanation(message)
        if explanation.fix:
            _assert_valid_policy(explanation.fix.policy)


def test_unknown_service_still_gets_a_plain_fix() -> None:
    explanation = _explanation(decoded_message(action="madeup:DoThing", resource="arn:aws:madeup:::thing/x",
                                               context={}))
    assert explanation.info is None
    assert _statements(explanation.fix.policy)[0]["Action"] == "madeup:DoThing"
    assert "Reference" not in render_text(explain_text(decoded_message(action="madeup:DoThing"), None), "en")
