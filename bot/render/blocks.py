"""Block Kit replies for Slack, always inside Slack's limits and always with a fallback text.

Limits (Slack docs): 50 blocks per message, 3,000 characters per section text, 150 per header text,
10 fields of 2,000 characters; in practice about 12,000 characters in all. Long content is shortened
visibly, never left for Slack to reject.
"""

from __future__ import annotations

import json
from typing import Any

from bot.explain import Explanation
from bot.messages import Line, text
from bot.pipeline import Finding
from bot.render.common import (
    action_suffix,
    check_lines,
    condition_rows,
    listed,
    resource_suffix,
    statement_title,
)

MAX_BLOCKS = 50
MAX_SECTION = 3_000
MAX_FIELD = 2_000
MAX_TOTAL = 12_000
MAX_FALLBACK = 3_000
MAX_CONTEXT_LINES = 12
MAX_STATEMENTS = 5

Block = dict[str, Any]
SHOW_DETAILS = "show_details"
_ICONS = {"explicit_deny": ":no_entry:", "implicit_deny": ":lock:", "allowed": ":white_check_mark:"}


def reply_blocks(findings: list[Finding], lang: str, left_out: int = 0) -> tuple[str, list[Block]]:
    """(fallback text, blocks) for one reply covering every finding."""
    blocks: list[Block] = []
    for index, finding in enumerate(findings):
        if index:
            blocks.append({"type": "divider"})
        blocks.extend(_finding_blocks(finding, lang))
    if left_out:
        blocks.append(_context(text(Line("slack.left_out", count=left_out), lang)))
    fallback = "\n".join(_fallback_line(f, lang) for f in findings)
    if left_out:
        fallback += "\n" + text(Line("slack.left_out", count=left_out), lang)
    return _clip(fallback, MAX_FALLBACK), fit(blocks, lang)


def summary_blocks(
    findings: list[Finding], lang: str, left_out: int, details_reference: str
) -> tuple[str, list[Block]]:
    """The thread reply of DISCLOSURE=summary: verdict, action, resource, next step and a details button."""
    blocks: list[Block] = []
    for finding in findings:
        if finding.explanation is None:
            blocks.extend(_finding_blocks(finding, lang))
            continue
        explanation = finding.explanation
        verdict = f"{_ICONS[explanation.decision]} *{text(f'decision.{explanation.decision}', lang)}*"
        step = text(f"summary_step.{explanation.decision}", lang)
        blocks.append(_section(f"{verdict}\n{text(explanation.short_summary, lang)}\n{step}"))
    if left_out:
        blocks.append(_context(text(Line("slack.left_out", count=left_out), lang)))
    if any(f.explanation for f in findings):
        button = {"type": "button", "action_id": SHOW_DETAILS, "value": details_reference,
                  "text": {"type": "plain_text", "text": text("slack.show_details", lang)[:75]}}
        blocks.append({"type": "actions", "elements": [button]})
    fallback = "\n".join(
        text(f.explanation.short_summary, lang) if f.explanation else _fallback_line(f, lang) for f in findings
    )
    return _clip(fallback, MAX_FALLBACK), fit(blocks, lang)


def note_blocks(message: str) -> tuple[str, list[Block]]:
    """A short reply that is just one paragraph (help, nothing found, not allowed)."""
    return _clip(message, MAX_FALLBACK), [_section(message)]


def _fallback_line(finding: Finding, lang: str) -> str:
    if finding.explanation:
        return text(finding.explanation.summary, lang)
    assert finding.problem is not None
    return text(finding.problem.user, lang)


def _finding_blocks(finding: Finding, lang: str) -> list[Block]:
    if finding.explanation is None:
        assert finding.problem is not None
        blocks = [_section(f":warning: *{text('label.error', lang)}*\n{text(finding.problem.user, lang)}")]
        if finding.fingerprint:
            blocks.append(_context(f"{text('label.token', lang)} `{finding.fingerprint}`"))
        return blocks
    return _explanation_blocks(finding.explanation, finding.fingerprint, lang)


def _explanation_blocks(explanation: Explanation, fingerprint: str | None, lang: str) -> list[Block]:
    failure = explanation.failure
    verdict = f"{_ICONS[explanation.decision]} *{text(f'decision.{explanation.decision}', lang)}*"
    blocks: list[Block] = [_section(f"{verdict}\n{text(explanation.summary, lang)}")]
    who = f"`{failure.principal.arn or failure.principal.id or '?'}`\n{text(explanation.principal, lang)}"
    fields = [
        f"*{text('label.who', lang)}*\n{who}",
        f"*{text('label.action', lang)}*\n`{failure.action}`{action_suffix(explanation, lang)}"
        + (f"\n<{explanation.info.reference_url}|{text('label.reference', lang)}>" if explanation.info else ""),
        f"*{text('label.resource', lang)}*\n`{failure.resource or '*'}`{resource_suffix(explanation, lang)}",
    ]
    blocks.append({"type": "section", "fields": [_mrkdwn(_clip(f, MAX_FIELD)) for f in fields]})
    context = list(failure.condition_context.items())
    if context:
        lines = [f"{key} = {', '.join(values)}" for key, values in context[:MAX_CONTEXT_LINES]]
        if len(context) > MAX_CONTEXT_LINES:
            lines.append(text(Line("label.more_values", count=len(context) - MAX_CONTEXT_LINES), lang))
        blocks.append(_optional(_section(f"*{text('label.context', lang)}*\n```" + "\n".join(lines) + "```")))
    if failure.checks:
        checks = "\n".join(f"• {line}" for line in check_lines(failure, lang))
        blocks.append(_section(f"*{text('label.checks', lang)}*\n{checks}"))
    for statement in failure.matched_statements[:MAX_STATEMENTS]:
        lines = [f"*{text('label.statements', lang)}*: {statement_title(statement, lang)}",
                 f"{text('label.actions', lang)}: {listed(statement.actions, lang)}",
                 f"{text('label.resources', lang)}: {listed(statement.resources, lang)}"]
        for key, values, seen in condition_rows(statement, failure, lang):
            lines.append(f"`{key}`: {values} ({text('label.request', lang)}: {seen})")
        blocks.append(_section("\n".join(lines)))
    steps = []
    for number, step in enumerate(explanation.next_steps, 1):
        steps.append(f"{number}. {text(step, lang)}")
        if step.key == "step.explicit.where_unknown":
            steps.extend(f"    • {text(source, lang)}" for source in explanation.deny_sources)
    blocks.append(_section(f"*{text('label.next_steps', lang)}*\n" + "\n".join(steps)))
    if explanation.fix:
        policy = json.dumps(explanation.fix.policy, indent=2)
        blocks.append(_section(f"*{text('label.fix', lang)}*\n```{policy}```"))
        notes = [text(note, lang) for note in explanation.fix.notes]
        if notes:
            blocks.append(_optional(_context("\n".join(notes))))
        if explanation.fix.related and explanation.fix.related_note:
            related = json.dumps(explanation.fix.related, indent=2)
            blocks.append(_optional(_section(f"*{text('label.related', lang)}*: "
                                             f"{text(explanation.fix.related_note, lang)}\n```{related}```")))
    if fingerprint:
        blocks.append(_optional(_context(f"{text('label.token', lang)} `{fingerprint}`")))
    return blocks


def fit(blocks: list[Block], lang: str) -> list[Block]:
    """Shorten until within Slack's limits: optional blocks go first, then whole blocks from the end."""
    sizes = [len(json.dumps(b, ensure_ascii=False)) for b in blocks]
    shortened = False
    optional = [i for i, b in enumerate(blocks) if b.get("_optional")]
    while (len(blocks) > MAX_BLOCKS - 1 or sum(sizes) > MAX_TOTAL) and optional:
        index = optional.pop()
        del blocks[index], sizes[index]
        shortened = True
    while len(blocks) > MAX_BLOCKS - 1 or sum(sizes) > MAX_TOTAL - 200:
        blocks.pop()
        sizes.pop()
        shortened = True
    if shortened:
        blocks.append(_context(text("slack.shortened", lang)))
    for block in blocks:
        block.pop("_optional", None)
    return blocks


def _optional(block: Block) -> Block:
    block["_optional"] = True
    return block


def _section(markdown: str) -> Block:
    return {"type": "section", "text": _mrkdwn(_clip(markdown, MAX_SECTION))}


def _context(markdown: str) -> Block:
    return {"type": "context", "elements": [_mrkdwn(_clip(markdown, MAX_FIELD))]}


def _mrkdwn(markdown: str) -> dict[str, str]:
    return {"type": "mrkdwn", "text": markdown}


def _clip(value: str, limit: int) -> str:
    if len(value) <= limit:
        return value
    cut = value[: limit - 4]
    # Keep a code block closed so the rest of the message still renders.
    suffix = "…```" if cut.count("```") % 2 else "…"
    return cut[: limit - len(suffix)] + suffix
