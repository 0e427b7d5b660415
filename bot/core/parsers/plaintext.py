"""Parser for plain-text access-denied messages: the message's own words as a failure to explain, no AWS call.

IAM writes some resources as `role NAME`, `policy NAME` or `instance profile NAME`: with the principal's
account they become ARNs, so that a suggested statement can name them exactly. The message names the policy
kind (or says nothing), which becomes the hint the explanation follows.
"""

from __future__ import annotations

from bot.core.hints import PolicyHint
from bot.core.model import Arn, AuthorizationFailure, Principal
from bot.core.outcomes import Reading
from bot.vocab import ReasonCode

_IAM_NAMED = {"role": "role", "policy": "policy", "instance profile": "instance-profile", "user": "user",
              "group": "group"}


def reading(principal_text: str, action: str, resource: str | None, reason: ReasonCode,
            policy_arn: str | None, operation: str | None = None) -> Reading:
    named_by_arn = principal_text.startswith("arn:")
    principal = Principal(arn=principal_text if named_by_arn else None, id=None,
                          name=None if named_by_arn else principal_text)
    service, _, name = action.partition(":")
    failure = AuthorizationFailure(
        allowed=False,
        explicit_deny=reason.explicit,
        principal=principal,
        action=f"{service.lower()}:{name}" if name else action,
        resource=resource_arn(resource, principal) if resource else "",
        context={},
        matched_statements=(),
        reason_known=reason.known,
        refusal=reason.refusal,
        operation=operation,
    )
    kind = reason.policy_kind
    return Reading(failure=failure, policy=PolicyHint(kind, reason.explicit, policy_arn) if kind else None)


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
