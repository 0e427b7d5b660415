"""Plain text and Markdown for the terminal, CI logs and issue trackers, from the neutral document."""

from __future__ import annotations

from bot.core.pipeline import Finding
from bot.i18n import text
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

_VALUE_DISPLAY_LIMIT = 200


def render_text(findings: list[Finding], lang: str, markdown: bool = False) -> str:
    if not findings:
        return text("cli.no_findings", lang) + "\n"
    blocks = [_render(document(f, lang), index, len(findings), markdown) for index, f in enumerate(findings, 1)]
    return "\n\n".join(blocks) + "\n"


class _Style:
    def __init__(self, markdown: bool) -> None:
        self.md = markdown
        self.item = "- " if markdown else "  "
        self.sub = "  - " if markdown else "    - "

    def bold(self, value: str) -> str:
        return f"**{value}**" if self.md else value

    def code(self, value: str) -> str:
        return f"`{value}`" if self.md else value

    def block(self, content: str) -> str:
        return f"```json\n{content}\n```" if self.md else "\n".join("    " + line for line in content.splitlines())


def _render(doc: Document, index: int, total: int, markdown: bool) -> str:
    style = _Style(markdown)
    name = f" — {doc.labels['token']} {doc.fingerprint}" if doc.fingerprint else ""
    number = f"[{index}/{total}] " if total > 1 else ""
    heading = f"{number}{doc.verdict}{name}"
    lines = [f"### {heading}" if markdown else heading, doc.summary]
    if doc.facts:
        lines.append("")
        lines.extend(_fact(fact, style) for fact in doc.facts)
        lines.extend(f"{style.item}{style.bold(fact.link[1])}: {fact.link[0]}" for fact in doc.facts if fact.link)
    previous: Part | None = None
    for part in doc.parts:
        if isinstance(part, StatementPart) and not isinstance(previous, StatementPart):
            lines.append(f"{style.item}{style.bold(doc.labels['statements'])}:")
        lines.extend(_part(part, doc, style))
        previous = part
    return "\n".join(lines)


def _fact(fact: Fact, style: _Style) -> str:
    detail = f" ({fact.detail})" if fact.detail else ""
    return f"{style.item}{style.bold(fact.label)}: {style.code(fact.value)}{detail}"


def _part(part: Part, doc: Document, style: _Style) -> list[str]:
    if isinstance(part, Rows):
        return [f"{style.item}{style.bold(part.title)}:",
                *(f"{style.sub}{style.code(key)} = {_clipped(value)}" for key, value in part.rows)]
    if isinstance(part, Bullets):
        return [f"{style.item}{style.bold(part.title)}:", *(f"{style.sub}{item}" for item in part.items)]
    if isinstance(part, StatementPart):
        return _statement(part, doc, style)
    if isinstance(part, Steps):
        lines = ["", style.bold(part.title) + ":"]
        for number, (step, under) in enumerate(part.steps, 1):
            lines.append(f"{number}. {step}")
            lines.extend(f"{style.sub}{place}" for place in under)
        return lines
    if isinstance(part, Code):
        title = style.bold(part.title) + (f": {part.note}" if part.note else ":")
        return ["", title, style.block(part.content)]
    if isinstance(part, Note):
        prefix = "" if part.terminal_only else style.item
        return [f"{prefix}{line}" for line in part.text.splitlines()]
    return []


def _statement(part: StatementPart, doc: Document, style: _Style) -> list[str]:
    deeper = " " * len(style.sub) + ("  " if style.md else "")
    lines = [f"{style.sub}{part.title} ({part.effect})",
             f"{deeper}{part.actions_label}: {part.actions}",
             f"{deeper}{part.resources_label}: {part.resources}"]
    if part.conditions:
        lines.append(f"{deeper}{doc.labels['conditions']}:")
        lines.extend(f"{deeper}  {key}: {_clipped(values)} ({doc.labels['request']}: {seen})"
                     for key, values, seen in part.conditions)
    return lines


def _clipped(joined: str) -> str:
    return joined if len(joined) <= _VALUE_DISPLAY_LIMIT else joined[:_VALUE_DISPLAY_LIMIT] + "…"

