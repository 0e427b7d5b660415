"""`decode-bot report`: CloudTrail denials by cause, the biggest first, as text, Markdown or the JSON contract."""

from __future__ import annotations

from typing import Any

from bot.core.causes import Cause
from bot.core.pipeline import Finding
from bot.i18n import Line, text
from bot.render.data import finding_to_dict
from bot.render.text import render_brief


def report_to_dict(causes: list[tuple[Cause, Finding]], skipped: dict[str, int], lang: str) -> dict[str, Any]:
    return {"causes": [{"key": cause.key_dict(), "count": cause.count, "first": cause.first or None,
                        "last": cause.last or None, "principals": list(cause.principals),
                        "more_principals": cause.more_principals, "resources": list(cause.resources),
                        "more_resources": cause.more_resources, "finding": finding_to_dict(finding, lang)}
                       for cause, finding in causes],
            "skipped": dict(sorted(skipped.items()))}


def render_report(causes: list[tuple[Cause, Finding]], skipped: dict[str, int], lang: str, markdown: bool = False
                  ) -> str:
    total = sum(cause.count for cause, _ in causes)
    blocks = [text(Line("report.title", causes=len(causes), denials=total), lang)] if causes else [
        text("report.none", lang)]
    for index, (cause, finding) in enumerate(causes, 1):
        heading = text(Line("report.cause", index=index, count=cause.count, first=cause.first or "?",
                            last=cause.last or "?"), lang)
        lines = [f"## {heading}" if markdown else heading]
        for label, values, more in (("report.principals", cause.principals, cause.more_principals),
                                    ("report.resources", cause.resources, cause.more_resources)):
            listed = ", ".join(f"`{v}`" if markdown else v for v in values)
            if more:
                listed += text(Line("report.more", count=more), lang)
            if listed:
                lines.append(text(Line(label, values=listed), lang))
        lines += ["", render_brief(finding, lang, markdown)]
        blocks.append("\n".join(lines))
    if skipped:
        said = ", ".join(f"{reason} {count}" for reason, count in sorted(skipped.items()))
        blocks.append(text(Line("report.skipped", skipped=said), lang))
    return "\n\n".join(blocks) + "\n"
