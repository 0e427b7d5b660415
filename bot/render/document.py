"""One neutral layout of a finding, in one language: what is said, in which order, under which titles.

The text/Markdown and Block Kit renderers only decide how each part looks (and what to drop to fit), so the
two never disagree on content. Values that are identifiers (ARNs, actions, keys) are kept apart from prose,
so that each renderer can quote them its own way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from bot.core.explain import Explanation
from bot.core.model import AuthorizationFailure, Statement
from bot.core.pipeline import Finding
from bot.core.readings import StatementReading
from bot.i18n import Line, text
from bot.vocab import Decision, PolicyKind

MAX_LISTED = 10  # longer action or resource lists are cut, saying how many were left out


@dataclass(frozen=True)
class Fact:
    """A labelled identifier: "Action: `ec2:RunInstances` (access level Write)", with an optional link."""

    label: str
    value: str
    detail: str = ""
    link: tuple[str, str] | None = None  # (url, label)
    detail_below: bool = False  # a description of its own (who the principal is), not a remark in brackets


@dataclass(frozen=True)
class Rows:
    """Identifier = value rows under a title (the request context)."""

    title: str
    rows: list[tuple[str, str]]
    optional: bool = False


@dataclass(frozen=True)
class Bullets:
    title: str
    items: list[str]


@dataclass(frozen=True)
class StatementPart:
    title: str  # Sid and policy
    effect: str
    actions: str
    resources: str
    conditions: list[tuple[str, str, str]]  # (key, the statement's values, this request's value)
    actions_label: str = ""  # "Actions", or "Every action except" for a NotAction list
    resources_label: str = ""


@dataclass(frozen=True)
class Steps:
    title: str
    steps: list[tuple[str, list[str]]]  # each step, with the places to check under it


@dataclass(frozen=True)
class Code:
    title: str
    content: str
    note: str = ""
    optional: bool = False


@dataclass(frozen=True)
class Note:
    text: str
    optional: bool = False
    terminal_only: bool = False  # for whoever runs decode-bot, not for a Slack channel


Part = Fact | Rows | Bullets | StatementPart | Steps | Code | Note


@dataclass(frozen=True)
class Document:
    decision: Decision | None  # None for a finding that could not be explained
    verdict: str
    summary: str
    facts: list[Fact] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    fingerprint: str | None = None
    labels: dict[str, str] = field(default_factory=dict)  # the few words renderers add (Token, Request …)
    lang: str = "en"


def document(finding: Finding, lang: str) -> Document:
    labels = {key: text(f"label.{key}", lang) for key in
              ("token", "actions", "resources", "conditions", "request", "admin", "who", "action", "resource",
               "statements")}
    if finding.explanation is None:
        assert finding.problem is not None
        parts: list[Part] = []
        if finding.problem.admin:
            parts.append(Note(f"{labels['admin']}: {text(finding.problem.admin, lang)}", terminal_only=True))
        return Document(None, text("label.error", lang), text(finding.problem.user, lang), parts=parts,
                        fingerprint=finding.fingerprint, labels=labels, lang=lang)
    return _explained(finding.explanation, finding.fingerprint, lang, labels)


def _explained(explanation: Explanation, fingerprint: str | None, lang: str, labels: dict[str, str]) -> Document:
    failure = explanation.failure
    info = explanation.info
    facts = [
        Fact(labels["who"], failure.principal.arn or failure.principal.id or "?", text(explanation.principal, lang),
             detail_below=True),
        Fact(labels["action"], failure.action or "?",
             f"{text('label.access_level', lang)} {info.access_level}" if info and info.access_level else "",
             (info.reference_url, text("label.reference", lang)) if info else None),
        Fact(labels["resource"], failure.resource or "*",
             f"{text('label.resource_type', lang)} {info.resource_type}" if info and info.resource_type else ""),
    ]
    parts: list[Part] = []
    context = failure.condition_context
    if context:
        parts.append(Rows(text("label.context", lang), [(k, ", ".join(v)) for k, v in context.items()], True))
    if failure.checks:
        parts.append(Bullets(text("label.checks", lang), check_lines(failure, lang)))
    for reading in explanation.readings:
        statement = reading.statement
        parts.append(StatementPart(
            statement_title(statement, lang), statement.effect or "Deny",
            listed(statement.actions, lang), listed(statement.resources, lang),
            condition_rows(reading, lang),
            text("label.not_actions" if reading.not_action else "label.actions", lang),
            text("label.not_resources" if reading.not_resource else "label.resources", lang)))
    parts.append(Steps(text("label.next_steps", lang), step_texts(explanation, lang)))
    fix = explanation.fix
    if fix:
        notes = "\n".join(text(note, lang) for note in fix.notes)
        parts.append(Code(text("label.fix", lang), json.dumps(fix.policy, indent=2)))
        if notes:
            parts.append(Note(notes, optional=True))
        if fix.related and fix.related_note:
            parts.append(Code(text("label.related", lang), json.dumps(fix.related, indent=2),
                              text(fix.related_note, lang), optional=True))
    return Document(explanation.decision, text(f"decision.{explanation.decision}", lang),
                    text(explanation.summary, lang), facts, parts, fingerprint, labels, lang)


def step_texts(explanation: Explanation, lang: str) -> list[tuple[str, list[str]]]:
    """Each next step in words, with the places to look under the step that asks for them."""
    steps = []
    for step in explanation.next_steps:
        under = explanation.deny_sources if step.key == "step.explicit.where_unknown" else ()
        steps.append((text(step, lang), [text(source, lang) for source in under]))
    return steps


def listed(values: tuple[str, ...], lang: str, limit: int = MAX_LISTED) -> str:
    shown = ", ".join(values[:limit])
    if len(values) > limit:
        shown += ", " + text(Line("label.more_values", count=len(values) - limit), lang)
    return shown or "-"


def condition_rows(reading: StatementReading, lang: str) -> list[tuple[str, str, str]]:
    """(key, the statement's values, this request's values) for each condition of a matched statement."""
    not_set = text("label.not_in_request", lang)
    return [(k.key, ", ".join(k.values), ", ".join(k.request) if k.request else not_set) for k in reading.keys]


def statement_title(statement: Statement, lang: str) -> str:
    title = f'Sid "{statement.sid}"' if statement.sid else text("label.no_sid", lang)
    if statement.policy:
        title += f" — {text('label.policy', lang)} {statement.policy.uri}"
        if statement.policy.kind is not PolicyKind.UNKNOWN:
            title += f", {text(f'check.kind.{statement.policy.kind}', lang)}"
    return title


def check_lines(failure: AuthorizationFailure, lang: str) -> list[str]:
    """One line per check IAM made (authorization-ID details only): what, with which result, where."""
    lines = []
    for check in failure.checks:
        line = f"{text(f'check.kind.{check.kind}', lang)}: {text(f'check.effect.{check.effect}', lang)}"
        if check.target:
            line += f" ({check.target})"
        lines.append(line)
    return lines
