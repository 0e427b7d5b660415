"""Wording shared by the text and Block Kit renderers."""

from __future__ import annotations

from bot.explain import Explanation
from bot.failure import AuthorizationFailure, Statement
from bot.messages import Line, text

MAX_LISTED = 10  # longer action or resource lists are cut, saying how many were left out


def listed(values: tuple[str, ...], lang: str, limit: int = MAX_LISTED) -> str:
    shown = ", ".join(values[:limit])
    if len(values) > limit:
        shown += ", " + text(Line("label.more_values", count=len(values) - limit), lang)
    return shown or "-"


def condition_rows(statement: Statement, failure: AuthorizationFailure, lang: str) -> list[tuple[str, str, str]]:
    """(key, the statement's values, this request's value) for each condition of a matched statement."""
    rows = []
    for key, values in statement.conditions.items():
        actual = failure.context_value(key)
        rows.append((key, ", ".join(values), actual if actual is not None else text("label.not_in_request", lang)))
    return rows


def action_suffix(explanation: Explanation, lang: str) -> str:
    """" (access level Write)" after the action, when the dataset knows it."""
    info = explanation.info
    return f" ({text('label.access_level', lang)} {info.access_level})" if info and info.access_level else ""


def resource_suffix(explanation: Explanation, lang: str) -> str:
    info = explanation.info
    return f" ({text('label.resource_type', lang)} {info.resource_type})" if info and info.resource_type else ""


def statement_title(statement: Statement, lang: str) -> str:
    title = f'Sid "{statement.sid}"' if statement.sid else text("label.no_sid", lang)
    if statement.policy:
        kind = f", {text(f'check.kind.{statement.policy.kind}', lang)}" if statement.policy.kind else ""
        title += f" — {text('label.policy', lang)} {statement.policy.uri}{kind}"
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
