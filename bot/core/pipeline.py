"""detect -> read (each kind's reader, AWS through Lookups) -> explain. The doors (CLI, Slack) call only this."""

from __future__ import annotations

import dataclasses
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from bot.core import proof
from bot.core.detect import ScanResult, scan
from bot.core.explain import Explanation, explain, verified
from bot.core.kinds import KINDS, Input
from bot.core.kinds.text import PlainDenial
from bot.core.model import masked
from bot.core.outcomes import Lookups, Problem, ReadCall, Reading
from bot.core.parsers import plaintext
from bot.i18n import Line
from bot.vocab import InputKind, ProblemCode, ReasonCode, Source

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Finding:
    input: InputKind
    fingerprint: str | None  # never the token itself
    position: int
    explanation: Explanation | None = None
    problem: Problem | None = None
    reason: tuple[ReasonCode, str | None] | None = None  # a plain-text message's (reason code, policy ARN)
    account: str | None = None  # the AWS account whose credentials decoded it (None: nothing decoded, or unknown)
    # The input's own error text is a plain-text denial: the answer says which parts came from it; with `problem`
    # set too, the input could not be read and the answer is the text's alone.
    with_text: bool = False
    label: str | None = None  # what the paste calls this error (Terraform's resource address, the operation)
    event: dict[str, Any] | None = None  # a CloudTrail record's facts, for a record
    truncated_token: bool | None = None

    @property
    def ok(self) -> bool:
        return self.explanation is not None

    @property
    def text_only(self) -> bool:
        return self.explanation is not None and self.problem is not None

    @property
    def source(self) -> Source | None:
        """Who vouches for the explained facts; a pasted decoded message is the pasted text's word only."""
        if self.input is InputKind.CLOUDTRAIL and self.account and not self.text_only:
            return Source.STS  # the record's token, decoded: AWS's word
        return Source.PASTED if self.text_only else KINDS[self.input].source


def explain_inputs(
    inputs: tuple[Input, ...], lookups: Lookups | None, masked_keys: tuple[str, ...] = ()
) -> list[Finding]:
    """One finding per input (an authorization ID can give several), in the order of the paste.

    `lookups` may be None when no input needs AWS (the CLI then never imports boto3). Inputs that need AWS
    are looked up at the same time, as the Lookups allow, so that five tokens take one round trip.
    """
    if lookups is not None and sum(item.needs_aws for item in inputs) > 1:
        readings = lookups.at_once([_reader(item, lookups) for item in inputs])
    else:
        readings = [_read(item, lookups) for item in inputs]
    return [_finding(item, reading, masked_keys) for item, read in zip(inputs, readings, strict=True)
            for reading in read]


def _reader(item: Input, lookups: Lookups) -> ReadCall:
    return lambda: _read(item, lookups)


def _read(item: Input, lookups: Lookups | None) -> list[Reading]:
    try:
        return KINDS[item.kind].read(item, lookups)
    except Exception as exc:  # one bad input must not cost the others their answers
        log.error("reading %s %s failed: %s", item.kind, item.fingerprint, type(exc).__name__)
        return [Reading(problem=Problem.of(ProblemCode.INTERNAL))]


def explain_scan(result: ScanResult, lookups: Lookups | None, masked_keys: tuple[str, ...] = ()) -> list[Finding]:
    return explain_inputs(result.inputs, lookups, masked_keys)


def explain_text(text: str, lookups: Lookups | None = None) -> list[Finding]:
    return explain_scan(scan(text), lookups)


def _finding(item: Input, reading: Reading, masked_keys: tuple[str, ...]) -> Finding:
    problem = reading.problem if reading.failure is not None else None  # explained, and what could not be read
    event, truncated_token = reading.event, reading.truncated_token
    if reading.failure is None:
        problem = reading.problem or Problem.of(ProblemCode.UNPARSEABLE)
        text = _own_text(item)
        if text is None or text.failure is None:
            return Finding(item.kind, item.fingerprint, item.start, problem=problem, label=item.hints.label,
                           event=event, truncated_token=truncated_token)
        reading = text
        # The verdict, the policy kind and its owner were in the paste: never only "could not decode".
    failure = reading.failure
    assert failure is not None
    try:
        explanation = explain(masked(failure, masked_keys), reading.policy or item.hints.policy)
    except Exception as exc:  # a defect on one input costs that input its answer, never the others theirs
        log.error("explaining %s %s failed: %s", item.kind, item.fingerprint, type(exc).__name__)
        return Finding(item.kind, item.fingerprint, item.start, problem=Problem.of(ProblemCode.INTERNAL))
    reason = (item.reason, item.policy_arn) if isinstance(item, PlainDenial) else None
    if item.hints.reason is not None:
        reason = (item.hints.reason, item.hints.policy.arn if item.hints.policy else None)
    return Finding(item.kind, item.fingerprint, item.start, explanation=explanation, problem=problem, reason=reason,
                   account=reading.account, with_text=_with_text(item, reading), label=item.hints.label,
                   event=event, truncated_token=truncated_token)


def to_check(findings: list[Finding]) -> list[Finding]:
    """The findings whose fix AWS can check further (a fix shown at the offline level)."""
    return [f for f in findings if f.explanation and f.explanation.fix and f.explanation.fix.verification.level
            == "offline"]


def check_fixes(findings: list[Finding], lookups: Lookups | None, lang: str) -> list[Finding]:
    """Each fix checked by AWS as far as it goes (bot/core/proof.py), the findings with several fixes at once."""
    checked = to_check(findings)
    if lookups is None or not checked:
        return findings
    if len(checked) == 1:
        results = [_checked(checked[0], lookups, lang)]
    else:
        with ThreadPoolExecutor(max_workers=min(len(checked), 4), thread_name_prefix="checks") as pool:
            results = list(pool.map(lambda finding: _checked(finding, lookups, lang), checked))
    done = {id(before): after for before, after in zip(checked, results, strict=True)}
    return [done.get(id(finding), finding) for finding in findings]


def _checked(finding: Finding, lookups: Lookups, lang: str) -> Finding:
    explanation = finding.explanation
    assert explanation is not None and explanation.fix is not None
    try:
        verification = proof.online(explanation.fix, explanation.failure, lookups, lang)
    except Exception as exc:  # a defect in a check costs the fix its level, never the answer
        log.error("checking the fix of %s failed: %s", finding.fingerprint, type(exc).__name__)
        return finding
    return dataclasses.replace(finding, explanation=verified(explanation, verification))


def pending(findings: list[Finding]) -> list[Finding]:
    """The findings as they are shown while AWS checks their fixes ("checking…")."""
    return _marked(findings, pending=True)


def stopped_late(findings: list[Finding]) -> list[Finding]:
    """The findings as they are shown when AWS's checks did not finish in time."""
    return _marked(findings, stopped=Line("level.stopped.late"))


def _marked(findings: list[Finding], **change: object) -> list[Finding]:
    waiting = {id(finding) for finding in to_check(findings)}
    return [_with_verification(finding, **change) if id(finding) in waiting else finding for finding in findings]


def _with_verification(finding: Finding, **change: object) -> Finding:
    explanation = finding.explanation
    assert explanation is not None and explanation.fix is not None
    fix = dataclasses.replace(explanation.fix, verification=dataclasses.replace(explanation.fix.verification,
                                                                                 **change))  # type: ignore[arg-type]
    return dataclasses.replace(finding, explanation=dataclasses.replace(explanation, fix=fix))


def _with_text(item: Input, reading: Reading) -> bool:
    """The answer joins what AWS decoded and what the error text says (a CloudTrail record's message read alone is
    the text's word only)."""
    return item.hints.reason is not None and (item.kind is not InputKind.CLOUDTRAIL or reading.account is not None)


def _own_text(item: Input) -> Reading | None:
    """The reading of the plain-text denial that is the input's own error text, if detect bound one."""
    hints = item.hints
    if hints.reason is None or not hints.action or not hints.principal_arn:
        return None
    return plaintext.reading(hints.principal_arn, hints.action, hints.resource, hints.reason,
                             hints.policy.arn if hints.policy else None)
