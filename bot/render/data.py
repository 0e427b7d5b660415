"""The JSON contract of `decode-bot explain --format json` (see DESIGN.md section 3)."""

from __future__ import annotations

from typing import Any

from bot.core.explain import Explanation
from bot.core.fixes import Fix
from bot.core.iam import ActionInfo
from bot.core.pipeline import Finding
from bot.core.readings import StatementReading
from bot.i18n import text
from bot.render.document import step_texts
from bot.vocab import InputKind


def finding_to_dict(finding: Finding, lang: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "input": finding.input, "token": finding.fingerprint, "ok": finding.ok, "source": finding.source,
        "account": finding.account,
        "error": None, "decision": None,
        "principal": None, "action": None, "resource": None, "conditions": {}, "matched_statements": [],
        "checks": [], "summary": None, "next_steps": [], "fix": None, "policy_hint": None, "iam": None,
        "layer": None,
    }
    if finding.problem:
        problem = finding.problem
        result["error"] = {"code": problem.code, "message": text(problem.user, lang),
                           "admin": text(problem.admin, lang) if problem.admin else None}
    if finding.explanation:
        result.update(_explanation(finding.explanation, lang))
    if finding.reason:
        result["reason"] = {"code": finding.reason[0], "policy_arn": finding.reason[1]}
    if finding.input is InputKind.CLOUDTRAIL:
        result["event"] = finding.event
        result["truncated_token"] = bool(finding.truncated_token)
    return result


def _explanation(explanation: Explanation, lang: str) -> dict[str, Any]:
    failure = explanation.failure
    principal = failure.principal
    return {
        "decision": explanation.decision,
        "principal": {"arn": principal.arn, "id": principal.id, "name": principal.name, "kind": principal.kind},
        "action": failure.action,
        "resource": failure.resource,
        "conditions": {key: list(values) for key, values in failure.context.items()},
        "matched_statements": [statement_to_dict(r) for r in explanation.readings],
        "checks": [{"kind": c.kind, "effect": c.effect, "target": c.target, "policy_types": list(c.policy_types)}
                   for c in failure.checks],
        "summary": text(explanation.summary, lang),
        "next_steps": [" ".join([step, "; ".join(under) + "."]) if under else step
                       for step, under in step_texts(explanation, lang)],
        "fix": _fix(explanation.fix, lang) if explanation.fix else None,
        "iam": _iam(explanation.info) if explanation.info else None,
        "policy_hint": explanation.policy.to_dict() if explanation.policy else None,
        "warnings": [text(warning, lang) for warning in explanation.warnings],
        "layer": {**explanation.placement.to_dict(), "target": explanation.placement.target.to_dict()},
    }


def _fix(fix: Fix, lang: str) -> dict[str, Any]:
    related = None
    if fix.related and fix.related_note:
        related = {"policy": fix.related, "note": text(fix.related_note, lang)}
    if fix.withheld:  # never handed out: only which check it failed
        return {"policy": None, "notes": [], "related": None, "attach_to": fix.attach_to.to_dict(), "also": [],
                "verification": fix.verification.to_dict()}
    return {"policy": fix.policy, "notes": [text(n, lang) for n in fix.notes], "related": related,
            "attach_to": fix.attach_to.to_dict(), "also": [side.to_dict() for side in fix.also],
            "verification": fix.verification.to_dict()}


def _iam(info: ActionInfo) -> dict[str, Any]:
    return {
        "access_level": info.access_level,
        "reference_url": info.reference_url,
        "resource_type": info.resource_type,
        "arn_template": info.arn_template,
        "required_resource_types": list(info.required_resource_types),
        "narrowing": [{"key": k, "value": v} for k, v in info.narrowing],
    }


def statement_to_dict(reading: StatementReading) -> dict[str, Any]:
    """A matched statement; a NotAction (NotResource) list goes to not_actions (not_resources), never actions."""
    statement = reading.statement
    return {
        "sid": statement.sid,
        "effect": statement.effect,
        "actions": [] if reading.not_action else list(statement.actions),
        "not_actions": list(statement.actions) if reading.not_action else [],
        "resources": [] if reading.not_resource else list(statement.resources),
        "not_resources": list(statement.resources) if reading.not_resource else [],
        "conditions": {key: list(values) for key, values in statement.conditions.items()},
        "readings": [{"key": k.key, "values": list(k.values), "request": list(k.request), "reading": k.reading}
                     for k in reading.keys],
        "policy": {"uri": statement.policy.uri, "kind": statement.policy.kind} if statement.policy else None,
    }
