"""Block Kit replies for Slack, always inside Slack's limits and always with a fallback text.

Limits (Slack docs): 50 blocks per message, 3,000 characters per section text, 150 per header text,
10 fields of 2,000 characters; in practice about 12,000 characters in all. Long content is shortened
visibly, never left for Slack to reject.
"""

from __future__ import annotations

import dataclasses
import json
import secrets
from typing import Any

from bot.core.asking import askable
from bot.core.pipeline import Finding
from bot.i18n import Line, text
from bot.render.document import Bullets, Code, Document, Note, Part, Rows, StatementPart, Steps, document
from bot.render.voices import NOTIFICATION, SLACK
from bot.vocab import Decision, Disclosure

MAX_BLOCKS = 50
MAX_SECTION = 3_000
MAX_FIELD = 2_000
MAX_TOTAL = 12_000
MAX_FALLBACK = 3_000
MAX_CONTEXT_LINES = 12
MAX_STATEMENTS = 5

Block = dict[str, Any]
SHOW_DETAILS = "show_details"
ASK_OWNER = "ask_owner"
_ICONS = {Decision.EXPLICIT_DENY: ":no_entry:", Decision.IMPLICIT_DENY: ":lock:",
          Decision.DENIED: ":no_entry_sign:", Decision.ALLOWED: ":white_check_mark:"}


def new_reference() -> str:
    """The value of a "Show details" button: random, so that nobody can guess another person's."""
    return secrets.token_urlsafe(12)


def reply_blocks(findings: list[Finding], lang: str, left_out: int = 0, disclosure: Disclosure = Disclosure.FULL,
                 details_reference: str | dict[int, str] | None = None, private: bool = False,
                 ask_references: dict[int, str] | None = None) -> tuple[str, list[Block]]:
    """(fallback text, blocks) for one reply covering every finding.

    Each finding's answer fits a phone screen (headline and cause, what to do, one context line). FULL adds the
    details below it; STANDARD and SUMMARY (which also leaves condition values out) put them behind a
    "Show details" button when `details_reference` is given. An answer someone else has to act on gets "Ask the
    owner" where `ask_references` holds its input's reference.
    """
    docs = [document(finding, lang, SLACK) for finding in findings]
    several = len(docs) > 1
    blocks: list[Block] = [section_block(count_line(findings, lang))] if several else []
    said: set[str] = set()
    for index, (finding, doc) in enumerate(zip(findings, docs, strict=True)):
        if index:
            blocks.append({"type": "divider"})
        if several:  # numbered, anchored to what the paste calls it; guidance already given is not repeated
            label = f"{SLACK.value(finding.label)} — " if finding.label else ""
            doc = dataclasses.replace(doc, number=f"{index + 1}. {label}")
            doc.todo[1:] = [step for step in doc.todo[1:] if step not in said]
            said.update(doc.todo)
        blocks.extend(_answer(doc, brief=disclosure is Disclosure.SUMMARY))
        if disclosure is Disclosure.FULL:
            blocks.extend(block for part in _shown(doc, private) if (block := part_block(part, doc)) is not None)
        buttons = [button for button in (
            _details_button(finding, docs, index, details_reference, disclosure, lang)
            if disclosure is not Disclosure.FULL else None,
            _ask_button(finding, ask_references, lang)) if button is not None]
        if buttons:
            blocks.append({"type": "actions", "elements": buttons})
    left = text(Line("slack.left_out", count=left_out), lang, SLACK) if left_out else ""
    if left:
        blocks.append(context_block(left))
    # The notification's text: plain (no mrkdwn, which notifications show raw), verdict first.
    plain = [document(finding, lang, NOTIFICATION) for finding in findings]
    fallback = "\n".join(_fallback_line(doc, disclosure is Disclosure.SUMMARY) for doc in plain)
    if several:
        fallback = count_line(findings, lang, plain=True) + "\n" + fallback
    return _clip("\n".join(filter(None, (fallback, left))), MAX_FALLBACK), fit(blocks, lang)


def _details_button(finding: Finding, docs: list[Document], index: int,
                    reference_of: str | dict[int, str] | None, disclosure: Disclosure, lang: str) -> Block | None:
    """"Show details" under each error that has its own reference, or once after the last answer for a reference
    to them all; only where the details add something to the thread."""
    if isinstance(reference_of, dict):
        reference, adds = reference_of.get(finding.position), _adds(docs[index], disclosure)
        label = "slack.show_details_of" if len(docs) > 1 else "slack.show_details"
    elif index == len(docs) - 1:
        reference, adds, label = reference_of, any(_adds(doc, disclosure) for doc in docs), "slack.show_details"
    else:
        return None
    if not (reference and adds):
        return None
    return {"type": "button", "action_id": SHOW_DETAILS, "value": reference,
            "text": {"type": "plain_text", "text": text(Line(label, number=index + 1), lang)[:75]}}


def _ask_button(finding: Finding, references: dict[int, str] | None, lang: str) -> Block | None:
    reference = (references or {}).get(finding.position)
    if reference is None or not askable(finding):
        return None
    return {"type": "button", "action_id": ASK_OWNER, "value": reference,
            "text": {"type": "plain_text", "text": text("owner.button", lang)[:75]}}


def summary_blocks(findings: list[Finding], lang: str, left_out: int, details_reference: str
                   ) -> tuple[str, list[Block]]:
    """The thread reply of DISCLOSURE=summary: no condition values, the details behind a button."""
    return reply_blocks(findings, lang, left_out, Disclosure.SUMMARY, details_reference)


def note_blocks(message: str) -> tuple[str, list[Block]]:
    """A short reply that is just one paragraph (help, nothing found, not allowed): the bot's own words."""
    return _clip(message, MAX_FALLBACK), [section_block(message)]


def _adds(doc: Document, thread: Disclosure) -> bool:
    """Whether "Show details" has something for this answer that the thread does not show."""
    return bool(added(doc, thread))


def count_line(findings: list[Finding], lang: str, plain: bool = False) -> str:
    """"3 errors in this paste — 1 missing permission, 1 explicit deny, 1 could not be explained"."""
    verdicts: dict[str, int] = {}
    for finding in findings:
        verdict = finding.explanation.decision if finding.explanation and not finding.text_only else "unexplained"
        verdicts[verdict] = verdicts.get(verdict, 0) + 1
    parts = text("count.separator", lang).join(text(Line(f"count.{verdict}", count=count), lang)
                                               for verdict, count in verdicts.items())
    line = text(Line("count.errors", count=len(findings), verdicts=parts), lang)
    return line if plain else f"*{line}*"


def _fallback_line(doc: Document, brief: bool) -> str:
    return f"{doc.headline}: {doc.brief if brief else doc.cause}"


def _answer(doc: Document, brief: bool) -> list[Block]:
    icon = _ICONS.get(doc.decision, ":warning:") if doc.decision else ":warning:"
    blocks = [section_block(f"{icon} *{doc.number}{doc.headline}*\n{doc.brief if brief else doc.cause}")]
    todo = doc.brief_todo if brief else doc.todo
    if todo:
        steps = [f"{number}. {step}" for number, step in enumerate(todo, 1)]
        if doc.also_policy and not brief and len(steps) > 1:  # the other side, under the step that names both
            steps.insert(2, f"```{doc.also_policy}```")
        if doc.policy and not brief:  # the statement right under the step that says where to add it
            steps.insert(1, f"```{doc.policy}```" + (f"\n{doc.replace}" if doc.replace else ""))
        blocks.append(section_block(f"*{doc.labels['what_to_do']}*\n" + "\n".join(steps)))
    for command in doc.commands:  # its own block: a command inside a sentence cannot be copied from a phone
        blocks.append(section_block(f"*{doc.labels['decode_yourself']}*\n```{command}```"))
    context = doc.context if not brief else doc.context[1:]  # the principal's ARN stays out of a summary
    if context:
        blocks.append(context_block(" · ".join(context)))
    return blocks


def _shown(doc: Document, private: bool) -> list[Part]:
    """The details, at most MAX_STATEMENTS statements of them; what holds the input itself only in private."""
    statements = [p for p in doc.details if isinstance(p, StatementPart)][MAX_STATEMENTS:]
    return [p for p in doc.details if not any(p is extra for extra in statements)
            and (private or not (isinstance(p, (Code, Rows)) and p.private))]


def details_blocks(findings: list[Finding], lang: str, thread: Disclosure = Disclosure.STANDARD
                   ) -> tuple[str, list[Block]]:
    """What "Show details" shows: only what the thread (at its disclosure) does not, under each answer's headline
    and reference; never the thread's answer or its policy again."""
    blocks: list[Block] = []
    for doc in (document(finding, lang, SLACK) for finding in findings):
        extra = added(doc, thread)
        if not extra:
            continue
        if blocks:
            blocks.append({"type": "divider"})
        name = f" — {doc.labels['name']} `{doc.fingerprint}`" if doc.fingerprint else ""
        blocks.append(context_block(f"*{doc.headline}*{name}"))
        blocks.extend(block for part in extra if (block := part_block(part, doc)) is not None)
    if not blocks:
        blocks.append(section_block(text("slack.nothing_to_add", lang)))
    return _clip(text("slack.details_fallback", lang), MAX_FALLBACK), fit(blocks, lang)


def added(doc: Document, thread: Disclosure) -> list[Part]:
    """The details the thread's answer does not show: its steps and policies are not repeated (a summary thread
    shows no policy, so its details do)."""
    said = set(doc.todo)
    parts: list[Part] = []
    for part in _shown(doc, private=True):
        if isinstance(part, Steps):
            rest = [(step, under) for step, under in part.steps if step not in said]
            if rest:
                parts.append(Steps(part.title, rest))
        elif isinstance(part, Code) and part.in_thread and thread is not Disclosure.SUMMARY:
            continue
        elif not (isinstance(part, Note) and part.terminal_only):
            parts.append(part)
    return parts


def part_block(part: Part, doc: Document) -> Block | None:
    """One part of an answer's details as a block (a matched statement, rows, steps, code, a note)."""
    if isinstance(part, Rows):
        lines = [f"{key} = {value}" for key, value in part.rows[:MAX_CONTEXT_LINES]]
        if len(part.rows) > MAX_CONTEXT_LINES:
            lines.append(f"(+{len(part.rows) - MAX_CONTEXT_LINES})")
        block = section_block(f"*{part.title}*\n```" + "\n".join(lines) + "```")
        return _optional(block) if part.optional else block
    if isinstance(part, Bullets):
        return section_block(f"*{part.title}*\n" + "\n".join(f"• {item}" for item in part.items))
    if isinstance(part, StatementPart):
        lines = [f"*{doc.labels['statements']}*: {part.title} ({part.effect})",
                 f"{part.actions_label}: {part.actions}",
                 f"{part.resources_label}: {part.resources}"]
        lines.extend(f"{key}: {values} ({doc.labels['request']}: {seen})" for key, values, seen in part.conditions)
        return section_block("\n".join(lines))
    if isinstance(part, Steps):
        lines = []
        for number, (step, under) in enumerate(part.steps, 1):
            lines.append(f"{number}. {step}")
            lines.extend(f"    • {place}" for place in under)
        return section_block(f"*{part.title}*\n" + "\n".join(lines))
    if isinstance(part, Code):
        title = f"*{part.title}*" + (f": {part.note}" if part.note else "")
        block = section_block(f"{title}\n```{part.content}```")
        return _optional(block) if part.optional else block
    if isinstance(part, Note) and not part.terminal_only:
        return _optional(context_block(part.text)) if part.optional else context_block(part.text)
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
        blocks.append(context_block(text("slack.shortened", lang)))
    for block in blocks:
        block.pop("_optional", None)
    return blocks


def _optional(block: Block) -> Block:
    block["_optional"] = True
    return block


def section_block(markdown: str) -> Block:
    """A mrkdwn section, shortened visibly to Slack's limit."""
    return {"type": "section", "text": _mrkdwn(_clip(markdown, MAX_SECTION))}


def context_block(markdown: str) -> Block:
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
