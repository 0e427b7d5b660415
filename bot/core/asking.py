""""Ask the owner": which answers offer it, and what an owner needs to know about the denial. Pure.

Offered where the asker cannot act alone: every explicit deny, and a missing Allow whose statement belongs to a
role, a permission set or a resource's own policy (trust, key, bucket and other resource policies).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.model import Arn
from bot.core.pipeline import Finding
from bot.vocab import OWNER_KIND_OF, AttachKind, Decision, PrincipalKind

# A missing Allow: these policies are someone else's to change (a user's own, or a group's, often are not).
ASKED_ON_MISSING_ALLOW = frozenset({AttachKind.ROLE, AttachKind.PERMISSION_SET, AttachKind.TRUST_POLICY,
                                    AttachKind.KEY_POLICY, AttachKind.BUCKET_POLICY, AttachKind.RESOURCE_POLICY})


@dataclass(frozen=True)
class Ask:
    """One denial, as routing a request about it needs it."""

    decision: Decision
    layer: AttachKind  # the policy that holds the cause, or needs the statement
    kind: str | None  # its OWNER_ROUTES keyword (scp, rcp, boundary, identity, resource, session, declarative)
    principal: str | None  # the caller's ARN (a session's)
    role: str | None  # the role behind it (an IAM role ARN, without its path, which a session ARN does not carry)
    role_name: str | None
    principal_account: str | None
    account: str | None  # the account that owns the policy (the principal's when the model cannot tell)
    action: str
    resource: str
    policy_arn: str | None
    sid: str | None  # the matched statement's Sid, for an explicit deny


def askable(finding: Finding) -> bool:
    explanation = finding.explanation
    if explanation is None:
        return False
    if explanation.decision is Decision.EXPLICIT_DENY:
        return True
    return explanation.decision is Decision.IMPLICIT_DENY and (
        explanation.placement.layer.kind in ASKED_ON_MISSING_ALLOW)


def ask_of(finding: Finding) -> Ask | None:
    explanation = finding.explanation
    if explanation is None or not askable(finding):
        return None
    failure, placement = explanation.failure, explanation.placement
    principal = failure.principal
    parsed = Arn.parse(principal.arn)
    role = None
    if principal.role_name and parsed is not None and principal.kind in (PrincipalKind.IAM_ROLE,
                                                                         PrincipalKind.ASSUMED_ROLE):
        role = principal.arn if principal.kind is PrincipalKind.IAM_ROLE else (
            f"arn:{parsed.partition}:iam::{parsed.account}:role/{principal.role_name}")
    policy_arn = (explanation.policy.arn if explanation.policy else None) or placement.target.arn
    sid = next((reading.statement.sid for reading in explanation.readings if reading.statement.sid), None)
    layer = placement.layer.kind
    return Ask(explanation.decision, layer, OWNER_KIND_OF.get(layer), principal.arn, role,
               principal.role_name, principal.account, placement.target.account or principal.account or finding.account,
               failure.action, failure.resource, policy_arn, sid)
