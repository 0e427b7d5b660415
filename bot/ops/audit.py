"""The audit trail: one JSON line per decode attempt, on the `decode_bot.audit` logger.

It names who asked, where, and what was decoded at the level of principal and action: never the token
(only its fingerprint), never the decoded body, never a Slack or AWS secret.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass

from bot.core.pipeline import Finding
from bot.vocab import Surface

AUDIT = logging.getLogger("decode_bot.audit")


@dataclass(frozen=True)
class Asker:
    """Who asked for a decode, and through which surface."""

    surface: Surface
    team: str | None = None
    channel: str | None = None
    user: str | None = None
    user_team: str | None = None  # the asker's own workspace, where the payload names it (Slack Connect)
    shared_channel: bool = False  # an externally shared (Slack Connect) channel


def record(asker: Asker, outcome: str, finding: Finding | None = None) -> None:
    entry: dict[str, object] = {
        "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
        "team": asker.team,
        "channel": asker.channel,
        "user": asker.user,
        "surface": asker.surface,
        "token": finding.fingerprint if finding else None,
        "account": None,
        "principal": None,
        "action": None,
        "decision": None,
        "outcome": outcome,
        "source": finding.source if finding else None,  # "pasted": the decoded text was not verified with AWS
    }
    if finding and finding.explanation:
        failure = finding.explanation.failure
        entry.update(account=finding.account or failure.principal.account, principal=failure.principal.arn,
                     action=failure.action,
                     decision=finding.explanation.decision)
    AUDIT.info(json.dumps(entry, sort_keys=True))


def record_findings(asker: Asker, findings: list[Finding]) -> None:
    for finding in findings:
        outcome = "explained" if finding.ok else str(finding.problem.code) if finding.problem else "failed"
        record(asker, outcome, finding)
