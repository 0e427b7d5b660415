"""IAM Toolbox's GetRequestAuthorizationDetails answer as the same typed model as a decoded message. Pure.

Newer AWS errors carry an authorization ID instead of an encoded message. Its details list evaluations
(one per action and resource), each with the policies and statement Sids that matched and the checks IAM
made (SCPs, the principal's policies, a permissions boundary …) with their results. Each evaluation that
was not allowed becomes an AuthorizationFailure, and the decisive check names the policy kind, which the
encoded messages never did.
"""

from __future__ import annotations

from typing import Any

from bot.detect import PolicyHint
from bot.failure import AuthorizationFailure, Check, PolicyRef, Principal, Statement, qualified_action, values_of

_CHECK_KINDS = {
    "SERVICE_CONTROL_POLICY": "service_control_policy",
    "RESOURCE_CONTROL_POLICY": "resource_control_policy",
    "VPC_ENDPOINT": "vpc_endpoint_policy",
    "RESOURCE": "resource_policy",
    "PRINCIPAL": "identity_policy",
    "PERMISSIONS_BOUNDARY": "permissions_boundary",
    "SESSION": "session_policy",
}
_POLICY_KINDS = {
    "IDENTITY_BASED_POLICY": "identity_policy",
    "RESOURCE_BASED_POLICY": "resource_policy",
    "PERMISSIONS_BOUNDARY": "permissions_boundary",
    "SESSION_POLICY": "session_policy",
    "SERVICE_CONTROL_POLICY": "service_control_policy",
    "RESOURCE_CONTROL_POLICY": "resource_control_policy",
    "VPC_ENDPOINT_POLICY": "vpc_endpoint_policy",
}
_DENIALS = ("EXPLICIT_DENY", "IMPLICIT_DENY")


def failures_from_details(details: dict[str, Any]) -> list[tuple[AuthorizationFailure, PolicyHint | None]]:
    """One (failure, policy hint) per evaluation that was denied; the first evaluation if none was."""
    evaluations = [e for e in _list(details.get("evaluations")) if isinstance(e, dict)]
    denied = [e for e in evaluations if e.get("evaluatedEffect") in _DENIALS] or evaluations[:1]
    kinds = {str(p.get("uri")): _POLICY_KINDS.get(str(p.get("type"))) for p in _list(details.get("policies"))
             if isinstance(p, dict)}
    request_context = _dict(details.get("requestContext"))
    return [_failure(e, request_context, kinds) for e in denied]


def _failure(
    evaluation: dict[str, Any], request_context: dict[str, Any], kinds: dict[str, str | None]
) -> tuple[AuthorizationFailure, PolicyHint | None]:
    context = {str(k): values_of(v) for k, v in {**request_context, **_dict(evaluation.get("context"))}.items()}
    resource = str(evaluation.get("resource") or "")
    action = qualified_action(str(evaluation.get("action") or ""), context, resource)
    effect = str(evaluation.get("evaluatedEffect") or "")
    statements = []
    for matched in _list(evaluation.get("matchedPolicies")):
        uri = str(_dict(matched).get("uri") or "")
        for statement in _list(_dict(matched).get("matchedStatements")):
            statement = _dict(statement)
            statements.append(Statement(
                sid=str(statement.get("sid") or ""),
                effect=str(statement.get("evaluatedEffect") or "").capitalize(),
                actions=(action,),
                resources=(resource,),
                principals=(),
                conditions={},
                policy=PolicyRef(uri, kinds.get(uri)),
            ))
    checks = tuple(_check(c) for c in _list(evaluation.get("checks")) if isinstance(c, dict))
    failure = AuthorizationFailure(
        allowed=effect == "ALLOW",
        explicit_deny=effect == "EXPLICIT_DENY",
        principal=Principal(arn=_first(context, "aws:PrincipalArn"), id=_first(context, "aws:userid"),
                            name=_first(context, "aws:username")),
        action=action,
        resource=resource,
        context=context,
        # Only Deny statements explain an explicit deny; matched Allows elsewhere did not help.
        matched_statements=tuple(s for s in statements if s.effect == "Deny"),
        checks=checks,
    )
    return failure, _decisive(checks, effect, statements)


def _check(raw: dict[str, Any]) -> Check:
    return Check(
        kind=_CHECK_KINDS.get(str(raw.get("checkType")), "identity_policy"),
        effect=str(raw.get("evaluatedEffect") or ""),
        target=str(raw["targetArn"]) if raw.get("targetArn") else None,
        policy_types=tuple(_POLICY_KINDS.get(str(t), str(t)) for t in _list(raw.get("relevantPolicyTypes"))),
    )


def _decisive(checks: tuple[Check, ...], effect: str, statements: list[Statement]) -> PolicyHint | None:
    """The check that produced the evaluation's result, as the policy kind the explanation points to."""
    for check in checks:
        if check.effect == effect and effect in _DENIALS:
            deny = next((s for s in statements if s.effect == "Deny" and s.policy), None)
            arn = deny.policy.uri if deny and deny.policy and deny.policy.uri.startswith("arn:") else None
            return PolicyHint(kind=check.kind, explicit_deny=effect == "EXPLICIT_DENY", arn=arn)
    return None


def _first(context: dict[str, tuple[str, ...]], key: str) -> str | None:
    for name, values in context.items():
        if name.lower() == key.lower() and values:
            return values[0]
    return None


def _list(raw: Any) -> list[Any]:
    return raw if isinstance(raw, list) else []


def _dict(raw: Any) -> dict[str, Any]:
    return raw if isinstance(raw, dict) else {}
