"""detect -> decode -> parse -> explain for one pasted text; the doors (CLI, Slack) call only this."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.detect import Hints, ScanResult, scan
from bot.explain import Explanation, explain
from bot.failure import ParseError, masked, parse
from bot.messages import Line
from bot.outcomes import DecodeOutcome, DecodeProblem

log = logging.getLogger(__name__)

ENCODED = "encoded"
DECODED = "decoded"

DecodeFn = Callable[[str], DecodeOutcome]


@dataclass(frozen=True)
class Problem:
    code: str
    user: Line
    admin: Line | None = None


@dataclass(frozen=True)
class Finding:
    input: str  # ENCODED or DECODED
    fingerprint: str | None  # never the token itself
    position: int
    explanation: Explanation | None = None
    problem: Problem | None = None

    @property
    def ok(self) -> bool:
        return self.explanation is not None


def needs_decoding(result: ScanResult) -> bool:
    return bool(result.complete_tokens)


def explain_scan(
    result: ScanResult, decode: DecodeFn | None, region: str = "", masked_keys: tuple[str, ...] = ()
) -> list[Finding]:
    """One finding per token, decoded message or token-less error, in the order they appear.

    `decode` may be None when nothing needs decoding (the CLI then never imports boto3).
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
        else:
            findings.append(_explained(outcome.message, token.fingerprint, token.start, token.hints, ENCODED,
                                       masked_keys))
    for decoded in result.decoded:
        findings.append(
            _explained(decoded.document, decoded.fingerprint, decoded.start, decoded.hints, DECODED, masked_keys)
        )
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


def _problem(outcome: DecodeProblem, region: str) -> Problem:
    admin_keys = {
        "access_denied", "throttled", "timeout", "connection", "no_credentials", "bad_credentials",
        "expired_credentials", "assume_role_failed", "unexpected",
    }
    admin = None
    if outcome.code in admin_keys:
        admin = Line(f"error.{outcome.code}.admin", identity=outcome.identity or "?", region=region or "?")
    return Problem(outcome.code, Line(f"error.{outcome.code}.user"), admin)
