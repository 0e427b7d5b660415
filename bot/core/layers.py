"""The layers of AWS authorization, modelled once: for each kind of policy, who owns it, what its statements name
(a Principal, a Resource), whether a statement added there can cure a missing Allow, and how a request that crosses
accounts or organizations changes who can act. The explanation, the fix and `fix.attach_to` all read from here.

Each rule cites the AWS documentation it follows:
- Policy evaluation logic, and across accounts: both the caller's policies and the resource's policy must allow
  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
- Trust policies (a role's resource-based policy: Principal, no Resource)
  https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-trust-policy
- Key policies name their principals even within the key's account unless they defer to IAM
  https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
- VPC endpoint policies need a Principal ("*" for gateway endpoints)
  https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
- Identity Center roles sit under the path aws-reserved/sso.amazonaws.com/
  https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html
- RCPs: Allow only in RCPFullAWSAccess, which cannot be detached
  https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
- Error messages name the denying policy's ARN only within one account or organization
  https://aws.amazon.com/blogs/security/enhanced-access-denied-error-messages-with-policy-arns/
- Declarative policies enforce EC2 settings, whatever IAM allows
  https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_declarative.html
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from bot.core.model import SSO_ROLE_PATH, SSO_ROLE_PREFIX, Arn, AuthorizationFailure, Principal
from bot.vocab import AttachKind, Crossing, Owner, PolicyKind, PrincipalKind

# Actions a role's trust policy allows: its statements name a Principal and no Resource.
TRUST_ACTIONS = frozenset({"sts:assumerole", "sts:tagsession", "sts:setsourceidentity", "sts:setcontext",
                           "sts:assumerolewithwebidentity", "sts:assumerolewithsaml"})
# Services whose resource policies are not needed within one account: "no resource-based policy allows" from them
# itself says the request crossed accounts (an S3 ARN names no account to tell it by).
CROSS_ACCOUNT_BY_REASON = frozenset({"s3", "sns", "sqs", "lambda", "ecr"})
# Services whose resources carry their own policies: across accounts, that policy must allow the caller too.
RESOURCE_POLICY_SERVICES = frozenset(
    {"s3", "kms", "sqs", "sns", "lambda", "secretsmanager", "ecr", "glacier", "backup", "events", "logs",
     "es", "apigateway", "sts", "iam", "elasticfilesystem", "codeartifact", "dynamodb"}
)


@dataclass(frozen=True)
class Layer:
    kind: AttachKind
    owner: Owner
    principal: str  # what its statements name as Principal: "", "caller", or "anyone" (narrowed by condition)
    resource: bool  # its statements carry a Resource
    cures: bool  # an Allow added there cures a missing Allow (RCPs allow only through RCPFullAWSAccess)
    resource_side: bool  # it belongs to the resource, so its owner's account decides


def _layer(kind: AttachKind, owner: Owner, principal: str = "", resource: bool = True, cures: bool = True,
           resource_side: bool = False) -> Layer:
    return Layer(kind, owner, principal, resource, cures, resource_side)


LAYERS: dict[AttachKind, Layer] = {layer.kind: layer for layer in (
    _layer(AttachKind.USER, Owner.CALLER_ACCOUNT),
    _layer(AttachKind.ROLE, Owner.CALLER_ACCOUNT),
    _layer(AttachKind.GROUP, Owner.CALLER_ACCOUNT),
    _layer(AttachKind.PERMISSION_SET, Owner.IDENTITY_CENTER),
    _layer(AttachKind.PERMISSIONS_BOUNDARY, Owner.CALLER_ACCOUNT),
    _layer(AttachKind.SESSION_POLICY, Owner.SESSION_CREATOR),
    _layer(AttachKind.TRUST_POLICY, Owner.RESOURCE_ACCOUNT, "caller", resource=False, resource_side=True),
    _layer(AttachKind.KEY_POLICY, Owner.RESOURCE_ACCOUNT, "caller", resource_side=True),
    _layer(AttachKind.BUCKET_POLICY, Owner.RESOURCE_ACCOUNT, "caller", resource_side=True),
    _layer(AttachKind.RESOURCE_POLICY, Owner.RESOURCE_ACCOUNT, "caller", resource_side=True),
    _layer(AttachKind.VPC_ENDPOINT_POLICY, Owner.NETWORK, "anyone"),
    _layer(AttachKind.SERVICE_CONTROL_POLICY, Owner.ORGANIZATION),
    _layer(AttachKind.RESOURCE_CONTROL_POLICY, Owner.RESOURCE_ORGANIZATION, cures=False, resource_side=True),
    _layer(AttachKind.DECLARATIVE_POLICY, Owner.ORGANIZATION, resource=False, cures=False),
    _layer(AttachKind.NONE, Owner.UNKNOWN, cures=False),
)}


@dataclass(frozen=True)
class AttachTo:
    """The policy a statement belongs in (or that holds the cause), and the account that owns it."""

    kind: AttachKind
    name: str | None = None
    arn: str | None = None
    account: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "name": self.name, "arn": self.arn, "account": self.account}


@dataclass(frozen=True)
class Placement:
    """Where this denial's cause lives, as the model reads it."""

    layer: Layer
    target: AttachTo
    crossing: Crossing

    @property
    def own_admins(self) -> bool:
        """Whether the caller's own administrators (account, Identity Center or organization) can change it."""
        if self.layer.kind is AttachKind.NONE:
            return False
        if self.layer.owner is Owner.RESOURCE_ORGANIZATION:
            return self.crossing not in (Crossing.ORGANIZATION, Crossing.UNKNOWN)
        if self.layer.resource_side:
            return self.crossing is Crossing.NONE
        return True

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.layer.kind, "owner": self.layer.owner, "crossing": self.crossing,
                "own_admins": self.own_admins}

    def with_target(self, name: str) -> Placement:
        return dataclasses.replace(self, target=dataclasses.replace(self.target, name=name))


_BY_POLICY_KIND = {
    PolicyKind.PERMISSIONS_BOUNDARY: AttachKind.PERMISSIONS_BOUNDARY,
    PolicyKind.SESSION_POLICY: AttachKind.SESSION_POLICY,
    PolicyKind.VPC_ENDPOINT_POLICY: AttachKind.VPC_ENDPOINT_POLICY,
    PolicyKind.SERVICE_CONTROL_POLICY: AttachKind.SERVICE_CONTROL_POLICY,
    PolicyKind.RESOURCE_CONTROL_POLICY: AttachKind.RESOURCE_CONTROL_POLICY,
}


def assumes_role(failure: AuthorizationFailure) -> bool:
    return failure.action.lower() in TRUST_ACTIONS


def resource_side_kind(failure: AuthorizationFailure) -> AttachKind:
    """A resource's own policy, by what the resource is: a role's trust policy, a key policy, a bucket policy."""
    if assumes_role(failure):
        return AttachKind.TRUST_POLICY
    if failure.service == "kms":
        return AttachKind.KEY_POLICY
    if failure.service == "s3":
        return AttachKind.BUCKET_POLICY
    return AttachKind.RESOURCE_POLICY


def identity_kind(principal: Principal) -> AttachKind:
    """The caller's own policies: its user or role, the permission set behind an Identity Center role (IAM refuses
    edits to those), nothing for the root user (only SCPs and resource policies limit it)."""
    if principal.permission_set:
        return AttachKind.PERMISSION_SET
    if principal.kind is PrincipalKind.IAM_USER:
        return AttachKind.USER
    if principal.kind in (PrincipalKind.ASSUMED_ROLE, PrincipalKind.IAM_ROLE):
        return AttachKind.ROLE
    return AttachKind.NONE


def kind_for(failure: AuthorizationFailure, policy_kind: PolicyKind | None) -> AttachKind:
    """The layer a policy kind names for this failure; None or IDENTITY_POLICY: the caller's own policies. A service
    principal has no policies of its own: the resource's policy is what allows it."""
    if policy_kind is PolicyKind.RESOURCE_POLICY or (
            failure.principal.kind is PrincipalKind.SERVICE and policy_kind in (None, PolicyKind.IDENTITY_POLICY)):
        return resource_side_kind(failure)
    if policy_kind in _BY_POLICY_KIND:
        return _BY_POLICY_KIND[policy_kind]
    if policy_kind in (None, PolicyKind.IDENTITY_POLICY):
        return identity_kind(failure.principal)
    return AttachKind.NONE


def crossing(failure: AuthorizationFailure, policy_kind: PolicyKind | None = None,
             policy_arn: str | None = None) -> Crossing:
    """Whether the request crossed accounts (the resource's account differs from the caller's, or the reason itself
    says so) or organizations (an RCP's denial names no policy ARN: AWS names it only within one organization)."""
    principal_account = failure.principal.account
    resource = Arn.parse(failure.resource)
    resource_account = resource.account if resource else ""
    if policy_kind is PolicyKind.RESOURCE_CONTROL_POLICY:  # named only within the organization
        if not policy_arn and failure.principal.arn:
            return Crossing.ORGANIZATION
        return Crossing.ACCOUNT if resource_account and resource_account != principal_account else Crossing.NONE
    if resource_account and principal_account:
        return Crossing.NONE if resource_account == principal_account else Crossing.ACCOUNT
    if policy_kind is PolicyKind.RESOURCE_POLICY and failure.service in CROSS_ACCOUNT_BY_REASON:
        return Crossing.ACCOUNT
    if failure.resource in ("", "*") and principal_account:
        return Crossing.NONE
    return Crossing.UNKNOWN


def place(failure: AuthorizationFailure, kind: AttachKind, policy_kind: PolicyKind | None = None,
          policy_arn: str | None = None) -> Placement:
    return Placement(LAYERS[kind], target(failure, kind, policy_arn), crossing(failure, policy_kind, policy_arn))


def target(failure: AuthorizationFailure, kind: AttachKind, policy_arn: str | None = None) -> AttachTo:
    """The policy of that kind this failure concerns, as far as the failure names it."""
    principal = failure.principal
    resource = failure.resource or ""
    parsed = Arn.parse(resource)
    resource_account = (parsed.account if parsed else "") or None
    if kind is AttachKind.PERMISSION_SET:
        return AttachTo(kind, principal.permission_set, account=principal.account)
    if kind is AttachKind.USER:
        return AttachTo(kind, principal.short_name, principal.arn, principal.account)
    if kind is AttachKind.ROLE:
        return AttachTo(kind, principal.role_name, principal.role_arn, principal.account)
    if kind is AttachKind.TRUST_POLICY:
        role = parsed.resource.rsplit("/", 1)[-1] if parsed and parsed.resource.startswith("role/") else None
        return AttachTo(kind, role, resource if role else None, resource_account)
    if kind is AttachKind.BUCKET_POLICY:
        bucket = parsed.resource.split("/", 1)[0] if parsed and parsed.service == "s3" and parsed.resource else None
        return AttachTo(kind, bucket, f"arn:{parsed.partition}:s3:::{bucket}" if parsed and bucket else None)
    if kind in (AttachKind.KEY_POLICY, AttachKind.RESOURCE_POLICY):
        return AttachTo(kind, resource or None, resource if parsed else None, resource_account)
    if kind is AttachKind.VPC_ENDPOINT_POLICY:
        return AttachTo(kind, failure.context_value("aws:SourceVpce"))
    if kind is AttachKind.SESSION_POLICY:
        return AttachTo(kind, principal.session_name, account=principal.account)
    if kind is AttachKind.PERMISSIONS_BOUNDARY:
        named = Arn.parse(policy_arn)
        return AttachTo(kind, named.resource.rsplit("/", 1)[-1] if named else None, policy_arn, principal.account)
    if kind in (AttachKind.SERVICE_CONTROL_POLICY, AttachKind.RESOURCE_CONTROL_POLICY):
        return AttachTo(kind, None, policy_arn)
    return AttachTo(kind)


def caller_principal(principal: Principal) -> tuple[dict[str, str], tuple[str, str] | None]:
    """How a resource's policy names this caller: its Principal element, and an aws:PrincipalArn condition where
    the Principal alone cannot (an Identity Center role's path may hold a Region, and its name changes when the
    permission set is provisioned again, so the policy names the account and narrows to the role's pattern)."""
    partition, account = principal.partition, principal.account
    if principal.kind is PrincipalKind.SERVICE and principal.arn:
        return {"Service": principal.arn}, None
    parsed = principal.parsed
    if parsed and parsed.resource.startswith(("oidc-provider/", "saml-provider/")):
        return {"Federated": principal.arn or ""}, None
    if principal.arn is None and principal.name == "web identity":
        return {"Federated": f"arn:{partition}:iam::ACCOUNT:oidc-provider/PROVIDER"}, None
    if principal.permission_set and account:
        pattern = (f"arn:{partition}:iam::{account}:role/{SSO_ROLE_PATH}*"
                   f"{SSO_ROLE_PREFIX}{principal.permission_set}_*")
        return {"AWS": f"arn:{partition}:iam::{account}:root"}, ("ArnLike", pattern)
    caller = principal.principal_arn or (principal.arn if principal.parsed else None)  # never a malformed ARN
    if caller and redacted_account(principal):
        caller = caller.replace(f":{principal.parsed.account}:", ":ACCOUNT:", 1) if principal.parsed else caller
    return ({"AWS": caller}, None) if caller else ({"AWS": "CALLER-ARN"}, None)


def redacted_account(principal: Principal) -> bool:
    """The principal's ARN has an account, but a redacted one (***, [account_id])."""
    parsed = principal.parsed
    return bool(parsed and parsed.account) and principal.account is None
