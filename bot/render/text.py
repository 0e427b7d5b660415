"""Plain text and Markdown for the terminal, CI logs and issue trackers."""

from __future__ import annotations

import json

from bot.explain import Explanation
from bot.failure import Statement
from bot.messages import text
from bot.pipeline import Finding
from bot.render.common import (
    action_suffix,
    check_lines,
    condition_rows,
    listed,
    resource_suffix,
    statement_title,
)

_VALUE_DISPLAY_LIMIT = 200


def render_text(findings: list[Finding], lang: str, markdown: bool = False) -> str:
    if not findings:
        return text("cli.no_findings", lang) + "\n"
    blocks = [_finding(f, index, len(findings), lang, markdown) for index, f in enumerate(findings, 1)]
    return "\n\n".join(blocks) + "\n"


def _finding(finding: Finding, index: int, total: int, lang: str, md: bool) -> str:
    label = text(f"decision.{finding.explanation.decision}", lang) if finding.explanation else text("label.error", lang)
    name = f" — {text('label.token', lang)} {finding.fingerprint}" if finding.fingerprint else ""
    number = f"[{index}/{total}] " if total > 1 else ""
    heading = f"### {number}{label}{name}" if md else f"{number}{label}{name}"
    lines = [heading]
    if finding.problem:
        lines.append(text(finding.problem.user, lang))
        if finding.problem.admin:
            lines.append(f"{_bold(text('label.admin', lang), md)}: {text(finding.problem.admin, lang)}")
    if finding.explanation:
        lines.extend(_explanation(finding.explanation, lang, md))
    return "\n".join(lines)


def _explanation(explanation: Explanation, lang: str, md: bool) -> list[str]:
    failure = explanation.failure
    item = "- " if md else "  "
    sub = "  - " if md else "    - "
    lines = [text(explanation.summary, lang), ""]
    who = failure.principal.arn or failure.principal.id or "?"
    lines.append(f"{item}{_bold(text('label.who', lang), md)}: {_code(who, md)} ({text(explanation.principal, lang)})")
    lines.append(f"{item}{_bold(text('label.action', lang), md)}: {_code(failure.action, md)}"
                 f"{action_suffix(explanation, lang)}")
    lines.append(f"{item}{_bold(text('label.resource', lang), md)}: {_code(failure.resource or '*', md)}"
                 f"{resource_suffix(explanation, lang)}")
    if explanation.info:
        lines.append(f"{item}{_bold(text('label.reference', lang), md)}: {explanation.info.reference_url}")
    context = failure.condition_context
    if context:
        lines.append(f"{item}{_bold(text('label.context', lang), md)}:")
        lines.extend(f"{sub}{_code(key, md)} = {_values(values)}" for key, values in context.items())
    if failure.checks:
        lines.append(f"{item}{_bold(text('label.checks', lang), md)}:")
        lines.extend(f"{sub}{line}" for line in check_lines(failure, lang))
    if failure.matched_statements:
        lines.append(f"{item}{_bold(text('label.statements', lang), md)}:")
        for statement in failure.matched_statements:
            lines.extend(_statement(statement, explanation, lang, sub, md))
    lines.append("")
    lines.append(_bold(text("label.next_steps", lang), md) + ":")
    for number, step in enumerate(explanation.next_steps, 1):
        lines.append(f"{number}. {text(step, lang)}")
        if step.key == "step.explicit.where_unknown":
            lines.extend(f"{sub}{text(source, lang)}" for source in explanation.deny_sources)
    if explanation.fix:
        lines.append("")
        lines.append(_bold(text("label.fix", lang), md) + ":")
        policy = json.dumps(explanation.fix.policy, indent=2)
        lines.append(f"```json\n{policy}\n```" if md else _indent(policy, "    "))
        lines.extend(f"{item}{text(note, lang)}" for note in explanation.fix.notes)
        if explanation.fix.related and explanation.fix.related_note:
            lines.append("")
            lines.append(_bold(text("label.related", lang), md) + ": " + text(explanation.fix.related_note, lang))
            related = json.dumps(explanation.fix.related, indent=2)
            lines.append(f"```json\n{related}\n```" if md else _indent(related, "    "))
    return lines


def _statement(statement: Statement, explanation: Explanation, lang: str, sub: str, md: bool) -> list[str]:
    deeper = " " * len(sub) + ("  " if md else "")
    lines = [f"{sub}{statement_title(statement, lang)} ({statement.effect or 'Deny'})"]
    lines.append(f"{deeper}{text('label.actions', lang)}: {listed(statement.actions, lang)}")
    lines.append(f"{deeper}{text('label.resources', lang)}: {listed(statement.resources, lang)}")
    if statement.conditions:
        lines.append(f"{deeper}{text('label.conditions', lang)}:")
        for key, values, seen in condition_rows(statement, explanation.failure, lang):
            lines.append(f"{deeper}  {key}: {_clipped(values)} ({text('label.request', lang)}: {seen})")
    return lines


def _values(values: tuple[str, ...]) -> str:
    return _clipped(", ".join(values))


def _clipped(joined: str) -> str:
    return joined if len(joined) <= _VALUE_DISPLAY_LIMIT else joined[:_VALUE_DISPLAY_LIMIT] + "…"


def _bold(value: str, md: bool) -> str:
    return f"**{value}**" if md else value


def _code(value: str, md: bool) -> str:
    return f"`{value}`" if md else value


def _indent(block: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in block.splitlines())
