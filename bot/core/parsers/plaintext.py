"""Parser for plain-text access-denied messages: the message's own words as a failure to explain, no AWS call.

IAM writes some resources as `role NAME`, `policy NAME` or `instance profile NAME`: with the principal's
account they become ARNs, so that a suggested statement can name them exactly. The message names the policy
kind (or says nothing), which becomes the hint the explanation follows.
"""

from __future__ import annotations

from bot.core.denials import EXPLICIT_REASONS, EXPLICIT_UNSPECIFIED, IMPLICIT_REASONS, UNSPECIFIED
from bot.core.inputs import PlainDenial, PolicyHint
from bot.core.model import Arn, AuthorizationFailure, Principal
from bot.core.outcomes import Lookups, Reading

_IAM_NAMED = {"role": "role", "policy": "policy", "instance profile": "instance-profile", "user": "user",
              "group": "group"}


def read(item: PlainDenial, lookups: Lookups | None) -> list[Reading]:
    principal = Principal(arn=item.principal if item.principal.startswith("arn:") else None, id=None,
                          name=None if item.principal.startswith("arn:") else item.principal)
    service, _, name = item.action.partition(":")
    failure = AuthorizationFailure(
        allowed=False,
        explicit_deny=item.reason.startswith("explicit"),
        principal=principal,
        action=f"{service.lower()}:{name}" if name else item.action,
        resource=resource_arn(item.resource, principal) if item.resource else "",
        context={},
        matched_statements=(),
        reason_known=item.reason != UNSPECIFIED,
    )
    return [Reading(failure=failure, policy=_hint(item))]


def resource_arn(resource: str, principal: Principal) -> str:
    """An ARN for IAM's `role NAME` / `policy NAME` forms (in the principal's account); anything else as written."""
    if resource.startswith("arn:"):
        return resource
    for words, kind in _IAM_NAMED.items():
        if resource.startswith(words + " "):
            named = resource[len(words) + 1 :].strip()
            if named.startswith("arn:"):
                return named
            parsed = Arn.parse(principal.arn)
            if parsed and parsed.account:
                return f"arn:{parsed.partition}:iam::{parsed.account}:{kind}/{named}"
    return resource


def _hint(item: PlainDenial) -> PolicyHint | None:
    if item.reason in (UNSPECIFIED, EXPLICIT_UNSPECIFIED):
        return None
    for table in (EXPLICIT_REASONS, IMPLICIT_REASONS):
        for code, kind in table.values():
            if code == item.reason:
                return PolicyHint(kind, item.reason.startswith("explicit"), item.policy_arn)
    return None
