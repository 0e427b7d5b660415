"""The JSON contract of `decode-bot explain --format json` (see DESIGN.md section 3)."""

from __future__ import annotations

from typing import Any

from bot.explain import Explanation
from bot.failure import Statement
from bot.messages import Line, text
from bot.pipeline import Finding


def finding_to_dict(finding: Finding, lang: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "input": finding.input,
        "token": finding.fingerprint,
        "ok": finding.ok,
        "error": None,
        "decision": None,
        "principal": None,
        "action": None,
        "resource": None,
        "conditions": {},
        "matched_statements": [],
        "checks": [],
        "summary": None,
        "next_steps": [],
        "fix": None,
        "policy_hint": None,
        "iam": None,
    }
    if finding.problem:
        problem = finding.problem
        result["error"] = {
            "code": problem.code,
            "message": text(problem.user, lang),
            "admin": text(problem.admin, lang) if problem.admin else None,
        }
    explanation = finding.explanation
    if explanation is None:
        return result
    failure = explanation.failure
    principal = failure.principal
    result.update(
        decision=explanation.decision,
        principal={"arn": principal.arn, "id": principal.id, "name": principal.name, "kind": principal.kind},
        action=failure.action,
        resource=failure.resource,
        conditions={key: list(values) for key, values in failure.context.items()},
        matched_statements=[statement_to_dict(s) for s in failure.matched_statements],
        checks=[{"kind": c.kind, "effect": c.effect, "target": c.target, "policy_types": list(c.policy_types)}
                for c in failure.checks],
        summary=text(explanation.summary, lang),
        next_steps=[_step(step, explanation, lang) for step in explanation.next_steps],
    )
    if explanation.fix:
        fix = explanation.fix
        result["fix"] = {
            "policy": fix.policy,
            "notes": [text(n, lang) for n in fix.notes],
            "related": {"policy": fix.related, "note": text(fix.related_note, lang)} if fix.related and
            fix.related_note else None,
        }
    if explanation.info:
        info = explanation.info
        result["iam"] = {
            "access_level": info.access_level,
            "reference_url": info.reference_url,
            "resource_type": info.resource_type,
            "arn_template": info.arn_template,
            "required_resource_types": list(info.required_resource_types),
            "narrowing": [{"key": k, "value": v} for k, v in info.narrowing],
        }
    if explanation.policy:
        hint = explanation.policy
        result["policy_hint"] = {"kind": hint.kind, "explicit_deny": hint.explicit_deny, "arn": hint.arn}
    return result


def _step(step: Line, explanation: Explanation, lang: str) -> str:
    if step.key == "step.explicit.where_unknown" and explanation.deny_sources:
        return text(step, lang) + " " + "; ".join(text(source, lang) for source in explanation.deny_sources) + "."
    return text(step, lang)


def statement_to_dict(statement: Statement) -> dict[str, Any]:
    return {
        "sid": statement.sid,
        "effect": statement.effect,
        "actions": list(statement.actions),
        "resources": list(statement.resources),
        "conditions": {key: list(values) for key, values in statement.conditions.items()},
        "policy": {"uri": statement.policy.uri, "kind": statement.policy.kind} if statement.policy else None,
    }
