"""One neutral layout of a finding, in one language and one voice: what is said, in which order, under which titles.

The answer comes first and fits one phone screen: a headline with AWS's term, one sentence of cause, "What
to do" (at most three steps, the specific one first, with the compact statement to add), and one context
line. Everything else is `details`: shown behind "Show details" in Slack, after the answer in the terminal.
Renderers only decide how each part looks and what to drop to fit; every value is already written in the
renderer's voice (escaped, quoted as code), so nothing pasted can act as markup.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from bot.core.explain import Explanation, attach_name
from bot.core.model import AuthorizationFailure, Statement, aliases
from bot.core.outcomes import Problem
from bot.core.pipeline import Finding
from bot.core.readings import StatementReading
from bot.core.verify import Verification
from bot.i18n import Line, Voice, text
from bot.i18n.keys import CHECK_EFFECT, CHECK_KIND, HEADLINE, SUMMARY_STEP
from bot.vocab import Decision, InputKind, PolicyKind, Source

MAX_LISTED = 10  # longer action or resource lists are cut, saying how many were left out


@dataclass(frozen=True)
class Rows:
    """Identifier = value rows under a title (the request context), for a code block."""

    title: str
    rows: list[tuple[str, str]]
    optional: bool = False
    private: bool = False  # values not for a public thread (a compromised key's request)


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
    conditions: list[tuple[str, str, str]]  # (key, the statement's values, this request's values)
    actions_label: str = ""  # "Actions", or "Every action except" for a NotAction list
    resources_label: str = ""


@dataclass(frozen=True)
class Steps:
    title: str
    steps: list[tuple[str, list[str]]]  # each step, with the places to check under it


@dataclass(frozen=True)
class Code:
    title: str
    content: str  # already in the voice's block form
    note: str = ""
    optional: bool = False
    private: bool = False  # holds the input itself (a token): only in views nobody else sees
    in_thread: bool = False  # the thread's answer shows it already (compact), unless it is a summary


@dataclass(frozen=True)
class Note:
    text: str
    optional: bool = False
    terminal_only: bool = False  # for whoever runs decode-bot, not for a Slack channel


Part = Rows | Bullets | StatementPart | Steps | Code | Note


@dataclass(frozen=True)
class Document:
    decision: Decision | None  # None for a finding that could not be explained
    headline: str
    cause: str
    todo: list[str] = field(default_factory=list)
    policy: str | None = None  # the compact statement to add, in the voice's block form
    context: list[str] = field(default_factory=list)  # who, resource, access level, reference, ref
    details: list[Part] = field(default_factory=list)
    brief: str = ""  # the cause without condition values (DISCLOSURE=summary, Slack Connect channels)
    brief_todo: list[str] = field(default_factory=list)
    fingerprint: str | None = None
    labels: dict[str, str] = field(default_factory=dict)  # the few words renderers add (What to do, Details …)
    commands: list[str] = field(default_factory=list)  # to copy, each in its own block, after what to do
    also_policy: str | None = None  # the other side's statement, under the step that names both sides
    number: str = ""  # "2. `aws_instance.web` — " before the headline, in a reply to several errors
    replace: str = ""  # the placeholders to replace before using the statement, said right under it


def document(finding: Finding, lang: str, voice: Voice) -> Document:
    labels = {key: text(f"label.{key}", lang, voice) for key in (
        "what_to_do", "details", "token", "ref", "statements", "request", "admin", "error", "decode_yourself")}
    # What the fingerprint names in a heading: a token, or (for texts and IDs, which have none) the answer's reference.
    labels["name"] = labels["token"] if finding.input in (InputKind.ENCODED, InputKind.MISSING) else labels["ref"]
    if finding.explanation is None:
        assert finding.problem is not None
        details: list[Part] = []
        if finding.problem.admin:
            details.append(Note(f"{labels['admin']}: {text(finding.problem.admin, lang, voice)}",
                                terminal_only=True))
        user = _problem_text(finding.problem, lang, voice)
        details.extend(_private_commands(finding.problem, lang, voice))
        ref = [f"{labels['ref']} {voice.value(finding.fingerprint)}"] if finding.fingerprint else []
        labels["decode_yourself"] = text(finding.problem.commands_label, lang, voice)
        return Document(None, labels["error"], user, context=ref, details=details, brief=user,
                        fingerprint=finding.fingerprint, labels=labels,
                        commands=[voice.block(c) for c in finding.problem.commands])
    labels["decode_yourself"] = text("label.run_this", lang, voice)  # the label of an explanation's commands
    doc = _explained(finding.explanation, finding.fingerprint, lang, voice, labels, finding.account)
    if finding.text_only and finding.problem:
        # The input could not be read: the answer is the error text's, and says what reading it would add.
        extra = [text(line, lang, voice) for line in (finding.problem.hint, finding.problem.notice) if line]
        doc.todo.append(" ".join([text(Line("step.not_read", problem=finding.problem.user), lang, voice), *extra]))
        doc.labels["decode_yourself"] = text(finding.problem.commands_label, lang, voice)
        doc.commands.extend(voice.block(c) for c in finding.problem.commands)
        doc.details.extend(_private_commands(finding.problem, lang, voice))
    elif finding.with_text:
        doc.context.insert(0, text("label.parts_from", lang, voice))
    if finding.event:  # what the CloudTrail record adds: when and where, and a service acting for the caller
        event = finding.event
        said = text(Line("label.cloudtrail_event", name=str(event.get("name") or "?"),
                         time=str(event.get("time") or "?"), region=str(event.get("region") or "?")), lang, voice)
        if event.get("invoked_by"):
            said += " " + text(Line("label.invoked_by", service=str(event["invoked_by"])), lang, voice)
        doc.context.insert(0, said)
    if finding.source is Source.PASTED:
        doc.context.insert(0, text("label.unverified", lang, voice))
    return doc


def _problem_text(problem: Problem, lang: str, voice: Voice) -> str:
    said = [text(line, lang, voice) for line in (problem.user, problem.hint, problem.notice) if line]
    return " ".join(said)


def _private_commands(problem: Problem, lang: str, voice: Voice) -> list[Part]:
    """The commands ready to run, with the input in them: only in private views (details, the terminal)."""
    return [Code(text("label.decode_ready", lang, voice), voice.block(command), optional=True, private=True)
            for command in problem.private_commands]


def _explained(explanation: Explanation, fingerprint: str | None, lang: str, voice: Voice,
               labels: dict[str, str], account: str | None) -> Document:
    def say(line: Line | str) -> str:
        return text(line, lang, voice)

    fix = explanation.fix
    shown = fix if fix and not fix.withheld else None
    policy = voice.block(compact(shown.policy)) if shown else None
    others = [side for side in shown.also if side.attach_to != shown.attach_to] if shown else []
    return Document(
        explanation.decision, say(explanation.headline or HEADLINE.line(explanation.decision)), say(explanation.cause),
        [say(step) for step in explanation.todo], policy, _context(explanation, fingerprint, lang, voice, account),
        _details(explanation, lang, voice), say(explanation.short_summary),
        [say(SUMMARY_STEP.line(explanation.decision))], fingerprint, labels,
        also_policy=voice.block(compact(others[0].policy)) if others else None,
        commands=[voice.block(command) for command in explanation.commands],
        replace=" ".join(say(line) for line in (
            *level_lines(shown.verification),
            *([Line("label.replace", placeholders=", ".join(shown.placeholders))] if shown.placeholders else []),
        )) if shown else "",
    )


_LEVEL_BADGES = {"validated": "label.level.validated", "proven": "label.level.proven"}


def level_lines(verification: Verification) -> list[Line]:
    """The badge of the level a fix reached, and why it stopped below "proven" where a person should know. The
    offline level is claimed only where every offline check ran (a service the dataset does not know is not)."""
    lines = []
    if verification.level in _LEVEL_BADGES:
        lines.append(Line(_LEVEL_BADGES[verification.level]))
    elif verification.offline_passed:
        lines.append(Line("label.level.offline"))
    if verification.pending:
        lines.append(Line("label.level.checking"))
    elif verification.stopped is not None:
        lines.append(verification.stopped)
    return lines


def compact(policy: dict[str, object]) -> str:
    """A policy in a few lines: one line per statement, short enough to copy from a phone."""
    statements = policy.get("Statement")
    if not isinstance(statements, list):
        return json.dumps(policy)
    inner = ",\n  ".join(_statement_line(statement) for statement in statements)
    return f'{{"Version": "{policy.get("Version")}", "Statement": [\n  {inner}]}}'


def _statement_line(statement: object) -> str:
    """One statement on one line, except a list of resources: one per line, so that each can be read and edited
    (still valid JSON)."""
    if not isinstance(statement, dict) or not isinstance(statement.get("Resource"), list):
        return json.dumps(statement)
    listed = ",\n    ".join(json.dumps(resource) for resource in statement["Resource"])
    return json.dumps({**statement, "Resource": "\0"}).replace('"\\u0000"', f"[\n    {listed}]")


def _context(explanation: Explanation, fingerprint: str | None, lang: str, voice: Voice,
             account: str | None = None) -> list[str]:
    """One line of keywords under the answer (the principal's short name, its account, the access level, the
    reference): full ARNs are in the details, and nothing the message did not name is shown as `?` or `*`."""
    failure, info = explanation.failure, explanation.info
    principal = failure.principal
    items = []
    name = principal.short_name or (principal.display if principal.display != "?" else "")
    if name:
        items.append(voice.value(name))
    if principal.account:
        items.append(text(Line("label.account_short", account=principal.account), lang, voice))
    if info and info.access_level:
        items.append(voice.prose(info.access_level))
    if info:
        items.append(voice.link(info.reference_url, text("label.reference", lang, voice)))
    if account:
        items.append(text(Line("label.decoded_in", account=account), lang, voice))
    if fingerprint:
        items.append(f"{text('label.ref', lang, voice)} {voice.value(fingerprint)}")
    return items


def _who_and_what(explanation: Explanation, lang: str, voice: Voice) -> Part | None:
    """The full ARNs the answer's sentences and keywords leave out."""
    failure = explanation.failure
    rows = []
    if failure.principal.display != "?":
        who = f"{voice.value(failure.principal.display)} ({text(explanation.principal, lang, voice)})"
        rows.append(f"{text('label.who_short', lang, voice)}: {who}")
    if failure.resource:
        rows.append(f"{text('label.resource_short', lang, voice)}: {voice.value(failure.resource)}")
    return Bullets(text("label.who_and_what", lang, voice), rows) if rows else None


def _details(explanation: Explanation, lang: str, voice: Voice) -> list[Part]:
    def say(line: Line | str) -> str:
        return text(line, lang, voice)

    failure = explanation.failure
    parts: list[Part] = []
    if (who := _who_and_what(explanation, lang, voice)) is not None:
        parts.append(who)
    # The values the matched statements tested, not every key of the request.
    tested = {name for reading in explanation.readings for key in reading.keys for name in aliases(key.key)}
    context = {k: v for k, v in failure.condition_context.items() if k.lower() in tested}
    if context:
        parts.append(Rows(say("label.context"), [(voice.block(k), voice.block(", ".join(v)))
                                                 for k, v in context.items()], True, explanation.headline is not None))
    if failure.checks:
        parts.append(Bullets(say("label.checks"), check_lines(failure, lang, voice)))
    for reading in explanation.readings:
        statement = reading.statement
        parts.append(StatementPart(
            statement_title(statement, lang, voice), voice.prose(statement.effect or "Deny"),
            listed(statement.actions, lang, voice), listed(statement.resources, lang, voice),
            condition_rows(reading, lang, voice),
            say("label.not_actions" if reading.not_action else "label.actions"),
            say("label.not_resources" if reading.not_resource else "label.resources")))
    parts.append(Steps(say("label.next_steps"), step_texts(explanation, lang, voice)))
    fix = explanation.fix if explanation.fix and not explanation.fix.withheld else None
    if fix:
        parts.append(Code(say("label.fix"), voice.block(json.dumps(fix.policy, indent=2)), in_thread=True))
        found = [c.detail for c in fix.verification.checks if c.check == "access_analyzer" and c.detail]
        notes = "\n".join([*(say(note) for note in fix.notes), *(say(Line("label.analyzer_findings", findings=f))
                                                                  for f in found)])
        if notes:
            parts.append(Note(notes, optional=True))
        for side in fix.also:
            if side.attach_to != fix.attach_to:  # the other side of a request that crossed accounts
                parts.append(Code(say(Line("label.also_side", where=attach_name(side.attach_to))),
                                  voice.block(json.dumps(side.policy, indent=2)), in_thread=True))
        if fix.related and fix.related_note:
            parts.append(Code(say("label.related"), voice.block(json.dumps(fix.related, indent=2)),
                              say(fix.related_note), optional=True))
    return parts


def step_texts(explanation: Explanation, lang: str, voice: Voice | None = None) -> list[tuple[str, list[str]]]:
    """Each next step in words, with the places to look under the step that asks for them."""
    steps = []
    for step in explanation.next_steps:
        under = explanation.deny_sources if step.key == "step.explicit.where_unknown" else ()
        steps.append((_say(step, lang, voice), [_say(source, lang, voice) for source in under]))
    return steps


def _say(line: Line, lang: str, voice: Voice | None) -> str:
    return text(line, lang, voice) if voice else text(line, lang)


def listed(values: tuple[str, ...], lang: str, voice: Voice, limit: int = MAX_LISTED) -> str:
    shown = ", ".join(voice.value(v) for v in values[:limit])
    if len(values) > limit:
        shown += ", " + text(Line("label.more_values", count=len(values) - limit), lang, voice)
    return shown or "-"


def condition_rows(reading: StatementReading, lang: str, voice: Voice) -> list[tuple[str, str, str]]:
    """(key, the statement's values, this request's values) for each condition of a matched statement."""
    not_set = text("label.not_in_request", lang, voice)
    return [(voice.value(k.key), ", ".join(voice.value(v) for v in k.values),
             ", ".join(voice.value(v) for v in k.request) if k.request else not_set) for k in reading.keys]


def statement_title(statement: Statement, lang: str, voice: Voice) -> str:
    title = f"Sid {voice.value(statement.sid)}" if statement.sid else text("label.no_sid", lang, voice)
    if statement.policy:
        title += f" — {text('label.policy', lang, voice)} {voice.value(statement.policy.uri)}"
        if statement.policy.kind is not PolicyKind.UNKNOWN:
            title += f", {text(CHECK_KIND.line(statement.policy.kind), lang, voice)}"
    return title


def check_lines(failure: AuthorizationFailure, lang: str, voice: Voice) -> list[str]:
    """One line per check IAM made (authorization-ID details only): what, with which result, where."""
    lines = []
    for check in failure.checks:
        line = f"{text(CHECK_KIND.line(check.kind), lang, voice)}: {text(CHECK_EFFECT.line(check.effect), lang, voice)}"
        if check.target:
            line += f" ({voice.value(check.target)})"
        lines.append(line)
    return lines
