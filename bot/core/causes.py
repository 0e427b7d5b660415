"""Many CloudTrail denials grouped by cause, as `decode-bot report` prints them and the denial watch counts them.

A cause is (account, the denying policy's ARN or kind, action) for an explicit deny, and (account, role or user,
action, resource type) otherwise: a session is folded into its role, and session names, request IDs and times never
split a cause. Each cause keeps its count, first and last time, a bounded sample of principals and resources, and
one record, explained once at the end. Memory grows with the number of causes, never with the number of records.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.core import iam, trail
from bot.core.denials import find_denials
from bot.core.kinds.cloudtrail import CloudTrailEvent, own_hints
from bot.core.outcomes import Lookups
from bot.core.pipeline import Finding, explain_inputs
from bot.core.verify import offline
from bot.vocab import Decision

LISTED = 20  # principals and resources kept per cause; the rest are counted


@dataclass
class Cause:
    key: tuple[str, ...]
    record: dict[str, Any]  # the first record of the cause, explained for all of them
    count: int = 0
    first: str = ""
    last: str = ""
    principals: dict[str, None] = field(default_factory=dict)  # ordered sets, at most LISTED each
    resources: dict[str, None] = field(default_factory=dict)
    more_principals: int = 0
    more_resources: int = 0

    def add(self, time: str, principal: str, resource: str) -> None:
        self.count += 1
        if time and (not self.first or time < self.first):
            self.first = time
        if time > self.last:
            self.last = time
        self.more_principals += _kept(self.principals, principal)
        self.more_resources += _kept(self.resources, resource)

    def key_dict(self) -> dict[str, str]:
        kind, account, *rest = self.key
        if kind == "explicit":
            return {"kind": "explicit_deny", "account": account, "policy": rest[0], "action": rest[1]}
        return {"kind": "missing_allow" if kind == "missing" else "denied", "account": account, "principal": rest[0],
                "action": rest[1], "resource_type": rest[2]}


def _kept(kept: dict[str, None], value: str) -> int:
    """Add to a bounded ordered set; 1 when the value was new but there was no room left."""
    if not value or value in kept:
        return 0
    if len(kept) >= LISTED:
        return 1
    kept[value] = None
    return 0


@dataclass
class Causes:
    """The denials seen so far, by cause, and what was skipped (by reason)."""

    since: str | None = None  # ISO 8601; earlier records are skipped
    by_key: dict[tuple[str, ...], Cause] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str, count: int = 1) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + count

    def add_all(self, records: Iterable[object]) -> None:
        successful = 0
        for record in records:
            # The fast path: nearly every record is a call that succeeded, with no errorCode at all.
            if type(record) is dict and "errorCode" not in record and "eventName" in record:
                successful += 1
                continue
            self.add(record)
        if successful:
            self.skip("not_a_denial", successful)

    def add(self, record: object) -> None:
        if not trail.is_record(record):
            self.skip("not_a_record")
            return
        assert isinstance(record, dict)
        if not trail.is_denial(record.get("errorCode")):  # the fast path: most records are not denials
            self.skip("not_a_denial")
            return
        time = str(record.get("eventTime") or "")
        if self.since and time and time < self.since:
            self.skip("before_since")
            return
        event = trail.event_of(record)
        key, principal, resource = cause_of(event)
        cause = self.by_key.get(key)
        if cause is None:
            cause = self.by_key[key] = Cause(key, record)
        cause.add(time, principal, resource)

    def biggest_first(self) -> list[Cause]:
        return sorted(self.by_key.values(), key=lambda cause: (-cause.count, cause.first))


def explained(causes: list[Cause], lookups: Lookups | None, masked_keys: tuple[str, ...] = ()
              ) -> list[tuple[Cause, Finding]]:
    """Each cause with its one explanation (of its first record), the statement widened to every resource the
    cause was denied on (as far as they are listed), and checked offline again."""
    items = tuple(CloudTrailEvent(cause.record, 0, 0, own_hints(trail.event_of(cause.record))) for cause in causes)
    findings = explain_inputs(items, lookups, masked_keys)
    return [(cause, _widened(finding, list(cause.resources))) for cause, finding in zip(causes, findings, strict=True)]


def _widened(finding: Finding, resources: list[str]) -> Finding:
    explanation = finding.explanation
    fix = explanation.fix if explanation else None
    if explanation is None or fix is None or fix.withheld or len(resources) < 2:
        return finding
    denied = explanation.failure.resource
    statements = [dict(s) for s in fix.policy.get("Statement", []) if isinstance(s, dict)]
    if not any(s.get("Resource") == denied for s in statements) or not all(r.startswith("arn:") for r in resources):
        return finding
    policy = {**fix.policy, "Statement": [{**s, "Resource": resources} if s.get("Resource") == denied else s
                                          for s in statements]}
    widened = dataclasses.replace(fix, policy=policy, verification=offline([policy], explanation.failure))
    return dataclasses.replace(finding, explanation=dataclasses.replace(explanation, fix=widened))


def cause_of(event: trail.Event) -> tuple[tuple[str, ...], str, str]:
    """(the cause's key, the principal as listed, the resource as listed) of one denial."""
    denials = find_denials(event.error_message) if event.error_message else []
    reason = denials[0].reason if denials else None
    policy = denials[0].policy_arn if denials else None
    failure = trail.failure_of(event)
    resource = (denials[0].resource if denials and denials[0].resource else None) or failure.resource
    who = event.role_arn or failure.principal.role_arn or failure.principal.arn or failure.principal.name or "?"
    key = trail.cause_parts(event, failure, reason, policy, _resource_type(failure.action, resource))
    return key, who, resource


def cause_id(key: tuple[str, ...]) -> str:
    """A cause's short stable name (the denial watch's threads and mutes are keyed by it)."""
    return hashlib.sha256(json.dumps(key).encode()).hexdigest()[:24]


def finding_cause(finding: Finding) -> tuple[str, ...] | None:
    """The key the denial watch would give this explained denial (as cause_parts does for a CloudTrail record), or
    None where it cannot be told: an explicit deny whose policy the answer does not name is keyed in CloudTrail by
    the words of its error message, which a decoded token does not carry."""
    explanation = finding.explanation
    if explanation is None:
        return None
    failure = explanation.failure
    account = failure.principal.account or finding.account or "?"
    if explanation.decision is Decision.EXPLICIT_DENY:
        policy = explanation.policy.arn if explanation.policy else None
        return ("explicit", account, policy, failure.action) if policy else None
    if explanation.decision is not Decision.IMPLICIT_DENY:
        return None
    who = failure.principal.role_arn or failure.principal.arn or failure.principal.name or "?"
    return ("missing", account, who, failure.action, _resource_type(failure.action, failure.resource) or "*")


@functools.lru_cache(maxsize=4096)
def _resource_type(action: str, resource: str) -> str | None:
    info = iam.describe(action, resource, {}) if ":" in action else None
    return info.resource_type if info else None
