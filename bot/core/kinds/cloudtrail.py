"""CloudTrail records of denied calls, pasted or read from a file: alone (pretty-printed, minified, cut short at
the end), in a log file ({"Records": [...]}), in an EventBridge envelope, as JSON Lines. Only denials count; a
record's errorMessage is read here (a plain-text denial, an encoded token decoded in the record's account), never
a second time as an input of its own. Only the paste vouches for the record."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any

from bot.core import jsonrepair, trail
from bot.core.denials import find_denials
from bot.core.hints import Hints, Paste, fingerprint
from bot.core.kinds.base import Kind
from bot.core.kinds.encoded import ENCODED, EncodedToken
from bot.core.kinds.encoded import find as find_tokens
from bot.core.outcomes import Lookups, Problem, Reading
from bot.core.parsers import plaintext
from bot.core.textsearch import LazyPattern, WordSearch
from bot.vocab import InputKind, ProblemCode, Source

MAX_RECORDS = 200  # records read from one paste; a whole log file belongs in `decode-bot report`
MAX_DEPTH = 64  # deeper nesting than any record has: not read (json would recurse without end)
_EVENT_KEYS = WordSearch("CloudTrail keys", LazyPattern(r'"event(?:Source|Name)"\s*:'), ("eventSource", "eventName"),
                         16)
_OBJECT_START = LazyPattern(r"\{")


@dataclass(frozen=True)
class CloudTrailEvent:
    """One denial record; `start`..`end` is the JSON value it came in (a log file's, for its records)."""

    record: dict[str, Any]
    start: int
    end: int
    hints: Hints = field(default_factory=Hints)
    kind = InputKind.CLOUDTRAIL

    @property
    def event(self) -> trail.Event:
        return trail.event_of(self.record)

    @property
    def token_cut(self) -> bool | None:
        """Whether the token in the record's message was cut (by CloudTrail at 1 KB); None: no token."""
        event = self.event
        tokens = [t for t in find_tokens(Paste(event.error_message)) if isinstance(t, EncodedToken)]
        return (event.cut or tokens[0].truncated) if tokens else None

    @property
    def needs_aws(self) -> bool:
        return self.token_cut is False

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.event.id or json.dumps(self.record, sort_keys=True))


def find(paste: Paste) -> list[CloudTrailEvent]:
    if not _EVENT_KEYS.fast(paste.text):
        return []
    found: list[CloudTrailEvent] = []
    for value, start, end in values_in(paste.text):
        for index, record in enumerate(trail.records_in(value)):
            if len(found) >= MAX_RECORDS:
                return found
            event = trail.event_of(record)
            if event.denial:
                found.append(CloudTrailEvent(record, start + index, end, own_hints(event)))
    return found


def values_in(text: str) -> list[tuple[Any, int, int]]:
    """Each top-level JSON object in the text that holds a record (or a record cut short at the end), with where it
    stands: the whole text, JSON Lines, or objects within other text."""
    decoder = json.JSONDecoder()
    found: list[tuple[Any, int, int]] = []
    position = 0
    for match in _OBJECT_START.finditer(text):
        start = match.start()
        if start < position:
            continue
        try:
            value, end = decoder.raw_decode(text, start)
        except (ValueError, RecursionError):
            value, end = _cut_short(text, start)
            if value is None:
                continue
        if _depth(value) > MAX_DEPTH or not any(True for _ in trail.records_in(value)):
            continue
        found.append((value, start, end))
        position = end
    return found


def _cut_short(text: str, start: int) -> tuple[Any, int]:
    """A record whose end was cut off (a paste stopped short, a log line truncated): closed after its last
    complete value, kept only if it is still a record."""
    if not _EVENT_KEYS.fast(text[start:]):
        return None, start
    value = jsonrepair.load_object(text[start:], trail.is_record)
    return (value, len(text)) if value is not None else (None, start)


def _depth(value: object, limit: int = MAX_DEPTH + 1) -> int:
    """How deep a parsed value nests, counting no further than `limit`."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth >= limit:
            return deepest
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


def own_hints(event: trail.Event) -> Hints:
    """The record's message as the input's own error text, where it is a plain-text denial: the answer keeps its
    verdict and policy kind when a token in it cannot be decoded."""
    denials = find_denials(event.error_message) if event.error_message else []
    accounts = tuple(a for a in (event.account,) if a)
    if not denials:
        return Hints(accounts=accounts, label=event.name)
    return Hints(accounts=accounts, label=event.name).own_text(denials[0])


def read(item: CloudTrailEvent, lookups: Lookups | None) -> list[Reading]:
    event = item.event
    facts = event.to_dict()
    tokens = [t for t in find_tokens(Paste(event.error_message)) if isinstance(t, EncodedToken)]
    if tokens and (event.cut or tokens[0].truncated):  # never sent to STS: the record and its words are the answer
        recorded = _from_text(item, event) or Reading(failure=trail.failure_of(event))
        return [Reading(recorded.failure, recorded.policy, Problem.of(ProblemCode.CUT_BY_CLOUDTRAIL), event=facts,
                        truncated_token=True)]
    recorded = _from_text(item, event) or Reading(failure=trail.failure_of(event))
    if not tokens:
        return [Reading(recorded.failure, recorded.policy, event=facts)]
    scoped = lookups.preferring((event.account,)) if lookups is not None and event.account else lookups
    # A token that cannot be decoded here still leaves what the record and its words show, and says why.
    return [Reading(r.failure, r.policy, None, r.account, event=facts, truncated_token=False) if r.failure else
            Reading(recorded.failure, recorded.policy, r.problem, event=facts, truncated_token=False)
            for r in ENCODED.read(tokens[0], scoped)]


def _from_text(item: CloudTrailEvent, event: trail.Event) -> Reading | None:
    """The record's message read as the plain-text denial it is, with what the record adds (the role behind a
    session, the request's context)."""
    hints = item.hints
    if hints.reason is None or not hints.action or not hints.principal_arn:
        return None
    # The record's own userIdentity names the caller; the message's copy may be redacted or rewritten.
    reading = plaintext.reading(event.principal_arn or hints.principal_arn, hints.action, hints.resource or
                                trail.resource_of(event, hints.action), hints.reason,
                                hints.policy.arn if hints.policy else None, event.name)
    if reading.failure is None:
        return reading
    failure = reading.failure
    return Reading(dataclasses.replace(failure, context={**trail.context_of(event), **failure.context}),
                   reading.policy)


def _from_json(entry: dict[str, Any], start: int, hints: Hints) -> CloudTrailEvent:
    if not trail.is_record(entry.get("record")):
        raise TypeError("record")
    return CloudTrailEvent(entry["record"], start, int(entry.get("end", start)), hints)


def _scan_form(items: tuple[CloudTrailEvent, ...]) -> list[dict[str, Any]]:
    return [{**item.event.to_dict(), "principal": item.event.principal_arn, "role": item.event.role_arn,
             "action": item.event.action, "truncated_token": item.token_cut, "start": item.start}
            for item in items]


CLOUDTRAIL = Kind(InputKind.CLOUDTRAIL, CloudTrailEvent, find, read, Source.PASTED,
                  lambda item: {"record": item.record, "end": item.end}, _from_json, scan_field="cloudtrail",
                  scan_form=_scan_form, fast_paths=(_EVENT_KEYS,))
