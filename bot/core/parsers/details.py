"""IAM Toolbox's GetRequestAuthorizationDetails answer as the same typed model as a decoded message. Pure.

Newer AWS errors carry an authorization ID instead of an encoded message. Its details list evaluations
(one per action and resource), each with the policies and statement Sids that matched and the checks IAM
made (SCPs, the principal's policies, a permissions boundary …) with their results. Each evaluation that
was not allowed becomes an AuthorizationFailure, and the decisive check names the policy kind, which the
encoded messages never did.
"""

from __future__ import annotations

from typing import Any

from bot.core.hints import PolicyHint
from bot.core.model import AuthorizationFailure, Check, PolicyRef, Principal, Statement, first_value
from bot.core.parsers.shapes import as_dict, as_list, qualified_action, values_of
from bot.vocab import TOOLBOX_CHECK_TYPES, TOOLBOX_POLICY_TYPES, CheckResult, PolicyKind


def failures_from_details(details: dict[str, Any]) -> list[tuple[AuthorizationFailure, PolicyHint | None]]:
    """One (failure, policy hint) per evaluation that was denied; the first evaluation if none was."""
    evaluations = [e for e in as_list(details.get("evaluations")) if isinstance(e, dict)]
    denied = [e for e in evaluations if CheckResult.of(e.get("evaluatedEffect")).denies] or evaluations[:1]
    kinds = {str(p.get("uri")): _policy_kind(p.get("type")) for p in as_list(details.get("policies"))
             if isinstance(p, dict)}
    request_context = as_dict(details.get("requestContext"))
    return [_failure(e, request_context, kinds) for e in denied]


def _failure(
    evaluation: dict[str, Any], request_context: dict[str, Any], kinds: dict[str, PolicyKind]
) -> tuple[AuthorizationFailure, PolicyHint | None]:
    context = {str(k): values_of(v) for k, v in {**request_context, **as_dict(evaluation.get("context"))}.items()}
    resource = str(evaluation.get("resource") or "")
    action = qualified_action(str(evaluation.get("action") or ""), context, resource)
    effect = CheckResult.of(evaluation.get("evaluatedEffect"))
    statements = []
    for matched in as_list(evaluation.get("matchedPolicies")):
        uri = str(as_dict(matched).get("uri") or "")
        for raw_statement in as_list(as_dict(matched).get("matchedStatements")):
            statement = as_dict(raw_statement)
            statements.append(Statement(
                sid=str(statement.get("sid") or ""),
                effect=str(statement.get("evaluatedEffect") or "").capitalize(),
                actions=(action,),
                resources=(resource,),
                principals=(),
                conditions={},
                policy=PolicyRef(uri, kinds.get(uri, PolicyKind.UNKNOWN)),
            ))
    checks = tuple(_check(c) for c in as_list(evaluation.get("checks")) if isinstance(c, dict))
    failure = AuthorizationFailure(
        allowed=effect is CheckResult.ALLOW,
        explicit_deny=effect is CheckResult.EXPLICIT_DENY,
        principal=Principal(arn=first_value(context, "aws:PrincipalArn"), id=first_value(context, "aws:userid"),
                            name=first_value(context, "aws:username")),
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
        kind=TOOLBOX_CHECK_TYPES.get(str(raw.get("checkType")), PolicyKind.UNKNOWN),
        effect=CheckResult.of(raw.get("evaluatedEffect")),
        target=str(raw["targetArn"]) if raw.get("targetArn") else None,
        policy_types=tuple(_policy_kind(t) for t in as_list(raw.get("relevantPolicyTypes"))),
    )


def _policy_kind(raw: Any) -> PolicyKind:
    return TOOLBOX_POLICY_TYPES.get(str(raw), PolicyKind.UNKNOWN)


def _decisive(checks: tuple[Check, ...], effect: CheckResult, statements: list[Statement]) -> PolicyHint | None:
    """The check that produced the evaluation's result, as the policy kind the explanation points to."""
    if not effect.denies:
        return None
    for check in checks:
        if check.effect is effect and check.kind is not PolicyKind.UNKNOWN:
            deny = next((s for s in statements if s.effect == "Deny" and s.policy), None)
            arn = deny.policy.uri if deny and deny.policy and deny.policy.uri.startswith("arn:") else None
            return PolicyHint(kind=check.kind, explicit_deny=effect is CheckResult.EXPLICIT_DENY, arn=arn)
    return None
