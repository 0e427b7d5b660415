"""From a parsed failure (and what the error text said) to a verdict, its cause and the next steps. Pure.

No wording lives here: every sentence is a catalog Line, so renderers can show it in any language.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from bot import iam
from bot.detect import PolicyHint
from bot.failure import AuthorizationFailure, Statement
from bot.fix import Fix, least_privilege_fix
from bot.iam import ActionInfo
from bot.messages import Line

EXPLICIT_DENY = "explicit_deny"
IMPLICIT_DENY = "implicit_deny"
ALLOWED = "allowed"

# Services whose resources carry their own policies (and so can deny on their own).
_RESOURCE_POLICY_SERVICES = frozenset(
    {"s3", "kms", "sqs", "sns", "lambda", "secretsmanager", "ecr", "glacier", "backup", "events", "logs",
     "es", "apigateway", "sts", "iam", "elasticfilesystem", "codeartifact", "dynamodb"}
)
# A Deny on "*" naming this many actions, among them iam:CreateAccessKey, is AWS's quarantine policy.
_QUARANTINE_MIN_ACTIONS = 20


@dataclass(frozen=True)
class Explanation:
    failure: AuthorizationFailure
    decision: str
    policy: PolicyHint | None
    summary: Line
    short_summary: Line  # without the principal, for threads in DISCLOSURE=summary
    principal: Line
    next_steps: tuple[Line, ...]
    fix: Fix | None
    deny_sources: tuple[Line, ...] = ()  # where an unnamed explicit deny can live, most usual first
    info: ActionInfo | None = None  # what the Service Authorization Reference says about the action


def explain(failure: AuthorizationFailure, policy: PolicyHint | None = None) -> Explanation:
    info = iam.describe(failure.action, failure.resource, failure.context)
    if info:
        failure = dataclasses.replace(failure, action=info.action)
    if failure.allowed:
        decision = ALLOWED
    elif failure.explicit_deny:
        decision = EXPLICIT_DENY
    else:
        decision = IMPLICIT_DENY
    # A hint from the error text only counts when it agrees with the decoded decision.
    if policy and policy.explicit_deny != (decision == EXPLICIT_DENY):
        policy = None
    sources: tuple[Line, ...] = ()
    if decision == EXPLICIT_DENY:
        steps, fix = _explicit_deny_steps(failure, policy), None
        if not policy:
            name = failure.principal.short_name or "?"
            sources = tuple(Line(f"where.{kind}", name=name) for kind in _deny_sources(failure))
    elif decision == IMPLICIT_DENY:
        fix = least_privilege_fix(failure, info)
        steps = _implicit_deny_steps(failure, policy, fix)
    else:
        steps, fix = (Line("step.allowed"),), None
    facts: dict[str, str | Line] = {
        "action": failure.action or "?",
        "resource": failure.resource or "*",
        "where": Line(f"kind.{policy.kind}") if policy else Line("kind.unknown"),
    }
    summary = Line(f"summary.{decision}", principal=failure.principal.arn or failure.principal.id or "?", **facts)
    short = Line(f"summary_short.{decision}", **facts)
    return Explanation(failure, decision, policy, summary, short, _principal_line(failure), steps, fix, sources, info)


def _principal_line(failure: AuthorizationFailure) -> Line:
    principal = failure.principal
    return Line(
        f"principal.{principal.kind}",
        name=principal.short_name or "?",
        role=principal.role_name or "?",
        session=(principal.arn or "").rsplit("/", 1)[-1],
    )


def _explicit_deny_steps(failure: AuthorizationFailure, policy: PolicyHint | None) -> tuple[Line, ...]:
    steps = [Line("step.explicit.no_allow")]
    if policy:
        steps.append(Line(f"step.explicit.kind.{policy.kind}", account=failure.principal.account or "?"))
        if policy.arn:
            steps.append(Line("step.policy_arn", arn=policy.arn))
    else:
        steps.append(Line("step.explicit.where_unknown"))
    for statement in failure.matched_statements:
        steps.append(_statement_step(statement))
        steps.extend(_statement_rules(statement, failure))
    if not failure.matched_statements:
        steps.append(Line("step.explicit.no_statement", action=failure.action))
    return tuple(steps)


def _statement_step(statement: Statement) -> Line:
    key = "step.explicit.statement" if statement.sid else "step.explicit.statement_no_sid"
    if statement.conditions:
        key += "_conditional"
    return Line(key, sid=statement.sid, conditions=", ".join(statement.conditions))


def _statement_rules(statement: Statement, failure: AuthorizationFailure) -> list[Line]:
    """The likely rule behind a Deny statement, read from its condition keys against the request's values."""
    keys = {key.lower(): values for key, values in statement.conditions.items()}
    actions = {a.lower() for a in statement.actions}
    if statement.resources == ("*",) and len(actions) >= _QUARANTINE_MIN_ACTIONS and "iam:createaccesskey" in actions:
        return [Line("rule.quarantine")]
    rules = []
    if "aws:requestedregion" in keys:
        requested = failure.context_value("aws:RequestedRegion") or "?"
        rules.append(Line("rule.region", regions=", ".join(keys["aws:requestedregion"]), requested=requested))
    tags = [f"{k.split('/', 1)[1]}={'|'.join(v)}" for k, v in statement.conditions.items()
            if k.lower().startswith("aws:requesttag/")]
    if tags or "aws:tagkeys" in keys:
        rules.append(Line("rule.tags", tags=", ".join(tags) or ", ".join(keys["aws:tagkeys"])))
    if "aws:multifactorauthpresent" in keys or "aws:multifactorauthage" in keys:
        rules.append(Line("rule.mfa"))
    if "ec2:instancetype" in keys:
        requested = failure.context_value("ec2:InstanceType") or "?"
        rules.append(Line("rule.instance_type", types=", ".join(keys["ec2:instancetype"]), requested=requested))
    return rules


def _deny_sources(failure: AuthorizationFailure) -> list[str]:
    """Where an explicit deny for this principal and service can live, most usual first."""
    kind = failure.principal.kind
    sources = ["service_control_policy"]
    if failure.service in iam.rcp_services():
        sources.append("resource_control_policy")
    sources.append("permissions_boundary")
    sources.append("identity_policy_user" if kind == "iam_user" else "identity_policy")
    if kind in ("assumed_role", "federated_user"):
        sources.append("session_policy")
    if failure.service in _RESOURCE_POLICY_SERVICES:
        sources.append("resource_policy")
    return sources


def _implicit_deny_steps(
    failure: AuthorizationFailure, policy: PolicyHint | None, fix: Fix | None
) -> tuple[Line, ...]:
    principal = failure.principal
    steps: list[Line] = []
    missing_in = policy.kind if policy else "identity_policy"
    if missing_in == "identity_policy":
        steps.append(
            Line(
                f"step.implicit.attach.{principal.kind}",
                name=principal.short_name or "?",
                role=principal.role_name or "?",
            )
        )
    else:
        steps.append(Line(f"step.implicit.missing.{missing_in}"))
        if policy and policy.arn:
            steps.append(Line("step.policy_arn", arn=policy.arn))
    if fix is None:
        steps.append(Line("step.implicit.no_fix"))
    steps.append(Line("step.implicit.other_layers"))
    return tuple(steps)
