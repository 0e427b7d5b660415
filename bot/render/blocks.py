"""Block Kit replies for Slack, always inside Slack's limits and always with a fallback text.

Limits (Slack docs): 50 blocks per message, 3,000 characters per section text, 150 per header text,
10 fields of 2,000 characters; in practice about 12,000 characters in all. Long content is shortened
visibly, never left for Slack to reject.
"""

from __future__ import annotations

import json
from typing import Any

from bot.core.pipeline import Finding
from bot.i18n import Line, text
from bot.render.document import (
    Bullets,
    Code,
    Document,
    Fact,
    Note,
    Part,
    Rows,
    StatementPart,
    Steps,
    document,
)
from bot.vocab import Decision

MAX_BLOCKS = 50
MAX_SECTION = 3_000
MAX_FIELD = 2_000
MAX_TOTAL = 12_000
MAX_FALLBACK = 3_000
MAX_CONTEXT_LINES = 12
MAX_STATEMENTS = 5

Block = dict[str, Any]
SHOW_DETAILS = "show_details"
_ICONS = {Decision.EXPLICIT_DENY: ":no_entry:", Decision.IMPLICIT_DENY: ":lock:",
          Decision.ALLOWED: ":white_check_mark:"}


def reply_blocks(findings: list[Finding], lang: str, left_out: int = 0) -> tuple[str, list[Block]]:
    """(fallback text, blocks) for one reply covering every finding."""
    blocks: list[Block] = []
    for index, finding in enumerate(findings):
        if index:
            blocks.append({"type": "divider"})
        blocks.extend(_blocks(document(finding, lang)))
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
            blocks.extend(_blocks(document(finding, lang)))
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


def _blocks(doc: Document) -> list[Block]:
    if doc.decision is None:
        blocks = [_section(f":warning: *{doc.verdict}*\n{doc.summary}")]
        if doc.fingerprint:
            blocks.append(_context(f"{doc.labels['token']} `{doc.fingerprint}`"))
        return blocks
    blocks = [_section(f"{_ICONS[doc.decision]} *{doc.verdict}*\n{doc.summary}")]
    if doc.facts:
        blocks.append({"type": "section", "fields": [_mrkdwn(_clip(_fact(f), MAX_FIELD)) for f in doc.facts]})
    statements = [p for p in doc.parts if isinstance(p, StatementPart)][MAX_STATEMENTS:]
    parts = [p for p in doc.parts if not any(p is extra for extra in statements)]
    blocks.extend(block for part in parts if (block := _part(part, doc)) is not None)
    if doc.fingerprint:
        blocks.append(_optional(_context(f"{doc.labels['token']} `{doc.fingerprint}`")))
    return blocks


def _fact(fact: Fact) -> str:
    value = f"*{fact.label}*\n`{fact.value}`"
    if fact.detail:
        value += f"\n{fact.detail}" if fact.detail_below else f" ({fact.detail})"
    if fact.link:
        value += f"\n<{fact.link[0]}|{fact.link[1]}>"
    return value


def _part(part: Part, doc: Document) -> Block | None:
    if isinstance(part, Rows):
        lines = [f"{key} = {value}" for key, value in part.rows[:MAX_CONTEXT_LINES]]
        if len(part.rows) > MAX_CONTEXT_LINES:
            lines.append(text(Line("label.more_values", count=len(part.rows) - MAX_CONTEXT_LINES), doc.lang))
        block = _section(f"*{part.title}*\n```" + "\n".join(lines) + "```")
        return _optional(block) if part.optional else block
    if isinstance(part, Bullets):
        return _section(f"*{part.title}*\n" + "\n".join(f"• {item}" for item in part.items))
    if isinstance(part, StatementPart):
        lines = [f"*{doc.labels['statements']}*: {part.title} ({part.effect})",
                 f"{part.actions_label}: {part.actions}",
                 f"{part.resources_label}: {part.resources}"]
        lines.extend(f"`{key}`: {values} ({doc.labels['request']}: {seen})" for key, values, seen in part.conditions)
        return _section("\n".join(lines))
    if isinstance(part, Steps):
        lines = []
        for number, (step, under) in enumerate(part.steps, 1):
            lines.append(f"{number}. {step}")
            lines.extend(f"    • {place}" for place in under)
        return _section(f"*{part.title}*\n" + "\n".join(lines))
    if isinstance(part, Code):
        title = f"*{part.title}*" + (f": {part.note}" if part.note else "")
        block = _section(f"{title}\n```{part.content}```")
        return _optional(block) if part.optional else block
    if isinstance(part, Note) and not part.terminal_only:
        return _optional(_context(part.text)) if part.optional else _context(part.text)
    return None


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
