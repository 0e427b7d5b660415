"""Plain text and Markdown for the terminal, CI logs and issue trackers, from the neutral document: the answer
first (headline, cause, what to do, one context line), then the details."""

from __future__ import annotations

from bot.core.pipeline import Finding
from bot.i18n import text
from bot.render.document import Bullets, Code, Document, Note, Part, Rows, StatementPart, Steps, document
from bot.render.voices import MARKDOWN, TEXT

_VALUE_DISPLAY_LIMIT = 200


def render_text(findings: list[Finding], lang: str, markdown: bool = False) -> str:
    if not findings:
        return text("cli.no_findings", lang) + "\n"
    voice = MARKDOWN if markdown else TEXT
    blocks = [_render(document(f, lang, voice), index, len(findings), markdown)
              for index, f in enumerate(findings, 1)]
    return "\n\n".join(blocks) + "\n"


class _Style:
    def __init__(self, markdown: bool) -> None:
        self.md = markdown
        self.item = "- " if markdown else "  "
        self.sub = "  - " if markdown else "    - "

    def bold(self, value: str) -> str:
        return f"**{value}**" if self.md else value

    def block(self, content: str) -> str:
        return f"```json\n{content}\n```" if self.md else "\n".join("    " + line for line in content.splitlines())


def render_brief(finding: Finding, lang: str, markdown: bool = False) -> str:
    """One finding's answer without its details: a report's entry."""
    return _render(document(finding, lang, MARKDOWN if markdown else TEXT), 1, 1, markdown, brief=True)


def _render(doc: Document, index: int, total: int, markdown: bool, brief: bool = False) -> str:
    style = _Style(markdown)
    name = f" — {doc.labels['name']} {doc.fingerprint}" if doc.fingerprint else ""
    number = f"[{index}/{total}] " if total > 1 else ""
    heading = f"{number}{doc.headline}{name}"
    lines = [f"### {heading}" if markdown else heading, doc.cause]
    if doc.todo:
        lines += ["", style.bold(doc.labels["what_to_do"]) + ":"]
        steps = [f"{number}. {step}" for number, step in enumerate(doc.todo, 1)]
        if doc.also_policy and len(steps) > 1:  # the other side of a crossing, under the step that names it
            steps.insert(2, style.block(doc.also_policy))
        if doc.policy:  # the statement right under the step that says where to add it
            steps.insert(1, style.block(doc.policy) + (f"\n{doc.replace}" if doc.replace else ""))
        lines += steps
    for command in doc.commands:  # each in its own block, to copy
        lines += ["", style.bold(doc.labels["decode_yourself"]) + ":", style.block(command)]
    if doc.decision is not None and doc.context:
        lines += ["", " · ".join(doc.context)]
    if doc.details and not brief:
        lines += ["", style.bold(doc.labels["details"]) + ":"] if doc.decision is not None else []
        previous: Part | None = None
        for part in doc.details:
            if isinstance(part, StatementPart) and not isinstance(previous, StatementPart):
                lines.append(f"{style.item}{style.bold(doc.labels['statements'])}:")
            lines.extend(_part(part, doc, style))
            previous = part
    return "\n".join(lines)


def _part(part: Part, doc: Document, style: _Style) -> list[str]:
    if isinstance(part, Rows):
        return [f"{style.item}{style.bold(part.title)}:",
                *(f"{style.sub}{key} = {_clipped(value)}" for key, value in part.rows)]
    if isinstance(part, Bullets):
        return [f"{style.item}{style.bold(part.title)}:", *(f"{style.sub}{item}" for item in part.items)]
    if isinstance(part, StatementPart):
        return _statement(part, doc, style)
    if isinstance(part, Steps):
        lines = [f"{style.item}{style.bold(part.title)}:"]
        for number, (step, under) in enumerate(part.steps, 1):
            lines.append(f"{style.sub}{number}. {step}")
            lines.extend(f"  {style.sub}{place}" for place in under)
        return lines
    if isinstance(part, Code):
        title = style.bold(part.title) + (f": {part.note}" if part.note else ":")
        return [f"{style.item}{title}", style.block(part.content)]
    if isinstance(part, Note):
        prefix = "" if part.terminal_only else style.item
        return [f"{prefix}{line}" for line in part.text.splitlines()]
    return []


def _statement(part: StatementPart, doc: Document, style: _Style) -> list[str]:
    deeper = " " * len(style.sub) + ("  " if style.md else "")
    lines = [f"{style.sub}{part.title} ({part.effect})",
             f"{deeper}{part.actions_label}: {part.actions}",
             f"{deeper}{part.resources_label}: {part.resources}"]
    lines.extend(f"{deeper}{key}: {_clipped(values)} ({doc.labels['request']}: {seen})"
                 for key, values, seen in part.conditions)
    return lines


def _clipped(joined: str) -> str:
    return joined if len(joined) <= _VALUE_DISPLAY_LIMIT else joined[:_VALUE_DISPLAY_LIMIT] + "…"
