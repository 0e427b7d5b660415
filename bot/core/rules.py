"""How to read a matched Deny statement: small rules, each looking at one kind of condition. Pure.

A rule gets the statement and the failure and returns the catalog Line that explains its part of the Deny
(or None when it does not apply). A new reading is one function and one entry in DENY_RULES.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.core.model import AuthorizationFailure, Statement
from bot.i18n import Line

DenyRule = Callable[[Statement, AuthorizationFailure], Line | None]

# A Deny on "*" naming this many actions, among them iam:CreateAccessKey, is AWS's quarantine policy.
_QUARANTINE_MIN_ACTIONS = 20


def _keys(statement: Statement) -> dict[str, tuple[str, ...]]:
    return {key.lower(): values for key, values in statement.conditions.items()}


def is_quarantine(statement: Statement, failure: AuthorizationFailure) -> bool:
    actions = {a.lower() for a in statement.actions}
    return statement.resources == ("*",) and len(actions) >= _QUARANTINE_MIN_ACTIONS and (
        "iam:createaccesskey" in actions)


def region(statement: Statement, failure: AuthorizationFailure) -> Line | None:
    regions = _keys(statement).get("aws:requestedregion")
    if regions is None:
        return None
    requested = failure.context_value("aws:RequestedRegion") or "?"
    return Line("rule.region", regions=", ".join(regions), requested=requested)


def tags(statement: Statement, failure: AuthorizationFailure) -> Line | None:
    required = [f"{k.split('/', 1)[1]}={'|'.join(v)}" for k, v in statement.conditions.items()
                if k.lower().startswith("aws:requesttag/")]
    tag_keys = _keys(statement).get("aws:tagkeys")
    if not required and tag_keys is None:
        return None
    return Line("rule.tags", tags=", ".join(required) or ", ".join(tag_keys or ()))


def mfa(statement: Statement, failure: AuthorizationFailure) -> Line | None:
    keys = _keys(statement)
    return Line("rule.mfa") if "aws:multifactorauthpresent" in keys or "aws:multifactorauthage" in keys else None


def instance_type(statement: Statement, failure: AuthorizationFailure) -> Line | None:
    types = _keys(statement).get("ec2:instancetype")
    if types is None:
        return None
    requested = failure.context_value("ec2:InstanceType") or "?"
    return Line("rule.instance_type", types=", ".join(types), requested=requested)


DENY_RULES: tuple[DenyRule, ...] = (region, tags, mfa, instance_type)


def read_statement(statement: Statement, failure: AuthorizationFailure) -> list[Line]:
    """The likely rules behind a Deny statement, read from its conditions against the request's values."""
    if is_quarantine(statement, failure):
        return [Line("rule.quarantine")]
    return [line for rule in DENY_RULES if (line := rule(statement, failure)) is not None]
