"""detect -> decode -> parse -> explain for one pasted text; the doors (CLI, Slack) call only this."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.authorization import failures_from_details
from bot.detect import Hints, ScanResult, scan
from bot.explain import Explanation, explain
from bot.failure import ParseError, masked, parse
from bot.messages import Line
from bot.outcomes import Decoded, DecodeOutcome, DecodeProblem, Detailed

log = logging.getLogger(__name__)

ENCODED = "encoded"
DECODED = "decoded"
AUTHORIZATION_ID = "authorization_id"

DecodeFn = Callable[[str], DecodeOutcome]
LookupFn = Callable[[str, "str | None"], DecodeOutcome]  # (authorization ID, Region of its details)


@dataclass(frozen=True)
class Problem:
    code: str
    user: Line
    admin: Line | None = None


@dataclass(frozen=True)
class Finding:
    input: str  # ENCODED, DECODED or AUTHORIZATION_ID
    fingerprint: str | None  # never the token itself
    position: int
    explanation: Explanation | None = None
    problem: Problem | None = None

    @property
    def ok(self) -> bool:
        return self.explanation is not None


def needs_decoding(result: ScanResult) -> bool:
    """Whether explaining this scan takes AWS calls (an STS decode or an IAM Toolbox lookup)."""
    return bool(result.complete_tokens or result.authorization_ids)


def explain_scan(
    result: ScanResult,
    decode: DecodeFn | None,
    region: str = "",
    masked_keys: tuple[str, ...] = (),
    lookup: LookupFn | None = None,
) -> list[Finding]:
    """One finding per token, decoded message, authorization-ID evaluation or token-less error, in order.

    `decode` and `lookup` may be None when nothing needs them (the CLI then never imports boto3).
    """
    findings: list[Finding] = []
    for token in result.tokens:
        if token.truncated:
            problem = Problem("truncated", Line("error.truncated.user", length=len(token.token)))
            findings.append(Finding(ENCODED, token.fingerprint, token.start, problem=problem))
            continue
        assert decode is not None, "complete tokens need a decoder"
        try:
            outcome = decode(token.token)
        except Exception as exc:  # one bad decode must not cost the other tokens their answers
            log.error("decoding token %s failed: %s", token.fingerprint, type(exc).__name__)
            outcome = DecodeProblem("unexpected")
        if isinstance(outcome, DecodeProblem):
            findings.append(Finding(ENCODED, token.fingerprint, token.start, problem=_problem(outcome, region)))
        elif isinstance(outcome, Decoded):
            findings.append(_explained(outcome.message, token.fingerprint, token.start, token.hints, ENCODED,
                                       masked_keys))
    for decoded in result.decoded:
        findings.append(
            _explained(decoded.document, decoded.fingerprint, decoded.start, decoded.hints, DECODED, masked_keys)
        )
    for authorization in result.authorization_ids:
        try:
            if lookup is None:
                raise LookupError("no IAM Toolbox lookup configured")
            outcome = lookup(authorization.authorization_id, authorization.region)
        except Exception as exc:
            log.error("looking up %s failed: %s", authorization.fingerprint, type(exc).__name__)
            outcome = DecodeProblem("unexpected")
        name, position = authorization.fingerprint, authorization.start
        if isinstance(outcome, DecodeProblem):
            findings.append(Finding(AUTHORIZATION_ID, name, position, problem=_problem(outcome, region)))
        elif isinstance(outcome, Detailed):
            evaluations = failures_from_details(outcome.details)
            if not evaluations:
                problem = Problem("unparseable", Line("error.unparseable.user"))
                findings.append(Finding(AUTHORIZATION_ID, name, position, problem=problem))
            for failure, hint in evaluations:
                explanation = explain(masked(failure, masked_keys), hint or authorization.hints.policy)
                findings.append(Finding(AUTHORIZATION_ID, name, position, explanation=explanation))
    for missing in result.missing:
        problem = Problem("no_token", Line("error.no_token.user"))
        findings.append(Finding(ENCODED, None, missing.start, problem=problem))
    return sorted(findings, key=lambda f: f.position)


def explain_text(text: str, decode: DecodeFn | None, region: str = "") -> list[Finding]:
    return explain_scan(scan(text), decode, region)


def _explained(
    document: str | dict[str, Any], name: str, position: int, hints: Hints, kind: str, masked_keys: tuple[str, ...]
) -> Finding:
    try:
        failure = masked(parse(document), masked_keys)
    except ParseError:
        return Finding(kind, name, position, problem=Problem("unparseable", Line("error.unparseable.user")))
    return Finding(kind, name, position, explanation=explain(failure, hints.policy))


# Problems that the bot's administrator must fix (or know about), besides telling the person who pasted.
_ADMIN_PROBLEMS = frozenset({
    "access_denied", "throttled", "timeout", "connection", "no_credentials", "bad_credentials",
    "expired_credentials", "assume_role_failed", "unexpected", "details_access_denied",
})


def _problem(outcome: DecodeProblem, region: str) -> Problem:
    admin = None
    if outcome.code in _ADMIN_PROBLEMS:
        admin = Line(f"error.{outcome.code}.admin", identity=outcome.identity or "?", region=region or "?")
    return Problem(outcome.code, Line(f"error.{outcome.code}.user"), admin)
