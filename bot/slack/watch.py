"""The denial watch: CloudTrail denials (EventBridge events, as they reach an SQS queue) explained in the channel of
the team that owns the principal, one parent message per cause with a running count, before anyone pastes.

Every step that must happen once happens through the Store, so that two processes (or Lambda environments) on one
queue agree: each CloudTrail eventID counts once; opening a cause's thread is claimed with a conditional write; the
counts are atomic counters. A message is acknowledged (deleted from the queue) only after its events are counted:
when Slack cannot take the parent message, nothing is counted and the queue delivers the message again. The parent
is edited with the latest counts, at most one Slack call per second per channel (updates of a burst coalesce), and a
new principal or resource adds at most one thread reply per cause every ten minutes.
"""

from __future__ import annotations

import collections
import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core import trail
from bot.core.causes import cause_id, cause_of
from bot.core.kinds import input_to_dict
from bot.core.kinds.cloudtrail import CloudTrailEvent, own_hints
from bot.core.outcomes import Lookups
from bot.core.pipeline import Finding, explain_inputs
from bot.core.watch import default_mute, route
from bot.i18n import Line, text
from bot.render.blocks import Block, new_reference, reply_blocks
from bot.render.voices import SLACK
from bot.settings import Settings
from bot.state import keys
from bot.state.store import Store
from bot.vocab import Disclosure

log = logging.getLogger(__name__)

REPLY_SECONDS = 600  # at most one thread reply per cause in this time
CLAIM_SECONDS = 60  # how long a claim to open a cause's thread holds
PACE_SECONDS = 1.0  # Slack's one message per second per channel
KNOWN_SECONDS = 1.0  # how long this process trusts what it read of a cause (its thread, its mute)
MAX_KNOWN = 10_000  # causes and members remembered in this process (forgotten all at once past it)
BATCH = 10  # an SQS batch: its claims are made at once
MUTE_CHOICES = {"1d": 86_400.0, "7d": 7 * 86_400.0, "forever": None}


class Pacer:
    """At most one Slack call per second per channel: in this process by waiting its turn, across processes by a
    turn taken in the Store (the last call's time, compared and set in one conditional write)."""

    def __init__(self, store: Store, sleep: Callable[[float], None] = time.sleep) -> None:
        self._store = store
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}

    def due(self, channel: str) -> bool:
        """Whether this process's own turn in the channel has come (no call to the Store)."""
        with self._lock:
            return self._next.get(channel, 0.0) <= time.monotonic()

    def ready(self, channel: str) -> bool:
        """Take the channel's turn if it is free (never waits): for edits, which can wait. Taken right before the
        call, so that the calls reach Slack spaced as their turns were."""
        with self._lock:
            now = time.monotonic()
            if self._next.get(channel, 0.0) > now or not self._store.turn(f"watch:pace:{channel}", PACE_SECONDS):
                return False
            self._next[channel] = now + PACE_SECONDS
            return True

    def wait(self, channel: str) -> None:
        with self._lock:
            now = time.monotonic()
            turn = max(now, self._next.get(channel, 0.0))
            self._next[channel] = turn + PACE_SECONDS
        if turn > now:
            self._sleep(turn - now)
        while not self._store.turn(f"watch:pace:{channel}", PACE_SECONDS):
            self._sleep(0.1)


@dataclass(frozen=True)
class _Denial:
    """A denial to count in a cause's thread, from the message at position `at` of its batch."""

    at: int
    cause: str
    channel: str
    record: dict[str, Any]
    event: trail.Event
    principal: str
    resource: str


@dataclass
class _Thread:
    """One cause's parent message in one period (a cause quiet for WATCH_GROUP_HOURS starts a new one)."""

    cause: str
    generation: int
    channel: str
    ts: str
    record: dict[str, Any]
    first: str

    def to_json(self) -> str:
        return json.dumps({"channel": self.channel, "ts": self.ts, "record": self.record, "first": self.first})

    @classmethod
    def of(cls, cause: str, generation: int, stored: str | None) -> _Thread | None:
        try:
            raw = json.loads(stored or "null")
            return cls(cause, generation, str(raw["channel"]), str(raw["ts"]), dict(raw["record"]), str(raw["first"]))
        except (ValueError, KeyError, TypeError):
            return None


@dataclass
class Watch:
    settings: Settings
    store: Store
    client: WebClient
    lookups: Lookups | None = None
    clock: Callable[[], float] = time.time
    pacer: Pacer | None = None
    _dirty: dict[tuple[str, int], float] = field(default_factory=dict)  # threads whose counts changed
    _findings: dict[str, Finding] = field(default_factory=dict)  # one explanation per cause, in this process
    _shared: dict[str, bool] = field(default_factory=dict)  # channels shared with another organization
    _references: dict[str, str] = field(default_factory=dict)  # each cause's "Show details" reference
    _known: dict[str, tuple[int, _Thread, float]] = field(default_factory=dict)  # cause -> its open thread, when
    _members: dict[tuple[str, int], set[tuple[str, str]]] = field(default_factory=dict)  # members seen here
    _cache: dict[str, tuple[float, str]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _claims: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(BATCH, "watch-claim"))

    def __post_init__(self) -> None:
        self.pacer = self.pacer or Pacer(self.store)

    # A batch of queue messages: each an EventBridge event (or, from `report`-like tools, a record or a log file)

    def handle_bodies(self, bodies: Sequence[str]) -> set[int]:
        """Count a batch of queue messages; returns the positions of those not counted, which stay on the queue (one
        that is not JSON goes to the dead-letter queue after its retries). Each eventID is claimed once (the claims
        of a batch are made at once), and each cause of the batch is counted with one write."""
        failed: set[int] = set()
        quiet: collections.Counter[str] = collections.Counter()  # muted and unrouted denials, per counter
        quiet_at: dict[str, set[int]] = {}
        unrouted: trail.Event | None = None
        denials: list[_Denial] = []
        for at, body in enumerate(bodies):
            try:
                value = json.loads(body)
            except (ValueError, RecursionError):
                log.warning("a watch message is not JSON: left for the dead-letter queue")
                failed.add(at)
                continue
            for record in trail.records_in(value):
                sorted_ = self._sort(at, record)
                if isinstance(sorted_, _Denial):
                    denials.append(sorted_)
                elif sorted_ is not None:
                    quiet[sorted_[0]] += 1
                    quiet_at.setdefault(sorted_[0], set()).add(at)
                    unrouted = sorted_[1] if sorted_[0] == keys.WATCH_UNROUTED else unrouted
        for counter, amount in quiet.items():
            try:
                self.store.add(counter, amount)
            except Exception as exc:
                log.warning("a watch counter was not written (%s)", type(exc).__name__)
                failed.update(quiet_at[counter])
        if unrouted is not None:  # shown to administrators, never dropped silently
            self.store.put(f"{keys.WATCH_UNROUTED}:last", json.dumps({"account": unrouted.account,
                                                                      "action": unrouted.action,
                                                                      "time": unrouted.time}))
        causes: dict[str, list[_Denial]] = {}
        for denial, first in zip(denials, self._claimed(denials), strict=True):
            if first is None:
                failed.add(denial.at)
            elif first:  # else delivered again (EventBridge and SQS deliver at least once): already counted
                causes.setdefault(denial.cause, []).append(denial)
        for group in causes.values():
            try:
                self._count(group)
            except Exception as exc:
                log.warning("a watch cause was not counted (%s): its messages stay on the queue", type(exc).__name__)
                for denial in group:
                    if denial.event.id:
                        self.store.forget(keys.watch_event(denial.event.id))  # the redelivery counts it
                failed.update(denial.at for denial in group)
        return failed

    def _sort(self, at: int, record: dict[str, Any]) -> _Denial | tuple[str, trail.Event] | None:
        """A denial to count in a thread; or the counter of a quiet one (muted, muted by default, unrouted); or None
        for a record that is not a denial."""
        event = trail.event_of(record)
        if not event.denial:
            return None
        key, principal, resource = cause_of(event)
        cause = cause_id(key)
        if self._recent(f"mute:{cause}", lambda: self.store.get(keys.watch_mute(cause)) or ""):
            return f"watch:muted:{cause}", event  # unmuting writes an empty value
        lifted = frozenset(self._recent("lifted", lambda: ",".join(sorted(self.lifted()))).split(",")) - {""}
        mute = default_mute(event, lifted)
        if mute is not None:
            return f"watch:default:{mute.name}", event
        channel = route(event, self.settings.watch.routes, self.settings.watch.channel)
        if channel is None:
            return keys.WATCH_UNROUTED, event
        return _Denial(at, cause, channel, record, event, principal, resource)

    def _claimed(self, denials: list[_Denial]) -> list[bool | None]:
        """Claim each denial's eventID, all at once: True for the first time, False when already counted, None when
        the claim could not be made (the message stays on the queue)."""
        def claim(denial: _Denial) -> bool | None:
            try:
                return not denial.event.id or self.store.first_time(keys.watch_event(denial.event.id))
            except Exception as exc:
                log.warning("a watch event could not be claimed (%s)", type(exc).__name__)
                return None

        if len(denials) < 2:
            return [claim(denial) for denial in denials]
        return list(self._claims.map(claim, denials))

    def _count(self, group: list[_Denial]) -> None:
        """Count one cause's denials of a batch (its first opens the thread when there is none)."""
        first = group[0]
        cause, channel = first.cause, first.channel
        known = self._known.get(cause)
        thread: _Thread | None
        if known is not None and self.clock() - known[2] < KNOWN_SECONDS:
            generation, thread, opened = known[0], known[1], False  # this process saw it a moment ago
        else:
            generation = self._generation(cause)
            thread, opened = self._open(cause, generation, channel, first.record, first.event)
            if thread is not None:
                if len(self._known) > MAX_KNOWN:
                    self._known.clear()
                self._known[cause] = (generation, thread, self.clock())
        name = keys.watch_cause(cause, generation)
        self.store.add(f"{name}:count", len(group))
        if opened or self._due(f"seen:{name}"):
            self.store.put(f"{name}:last", max(denial.event.time or "" for denial in group))
            self.store.put(f"{name}:seen", str(self.clock()))  # when it was last denied, as this watch saw it
        if len(self._members) > MAX_KNOWN:
            self._members.clear()
        members = self._members.setdefault((cause, generation), set())
        new: dict[str, list[str]] = {"principal": [], "resource": []}
        for kind, value in dict.fromkeys((kind, value) for denial in group
                                         for kind, value in (("principal", denial.principal),
                                                             ("resource", denial.resource)) if value):
            if (kind, value) not in members and self.store.first_time(keys.watch_member(cause, generation, kind,
                                                                                          value)):
                new[kind].append(value)
            members.add((kind, value))
        for kind, values in new.items():
            if values:
                self.store.add(f"{name}:{kind}s", len(values))
        # The parent names the first principal and resource; later ones get a reply (at most every ten minutes).
        if any(new.values()) and thread is not None and not opened and self.store.allow(f"{name}:reply", 1,
                                                                                        REPLY_SECONDS):
            said = " ".join(text(Line(f"watch.new_{kind}", value=values[0]), self._lang(), SLACK)
                            for kind, values in new.items() if values)
            self._post(channel, said, None, thread_ts=thread.ts, required=False)
        with self._lock:
            self._dirty[(cause, generation)] = self.clock()

    def _due(self, key: str) -> bool:
        """True at most once every KNOWN_SECONDS per key, in this process."""
        now = self.clock()
        with self._lock:
            last = self._cache.get(key)
            if last is not None and now - last[0] < KNOWN_SECONDS:
                return False
            self._cache[key] = (now, "")
            return True

    def _recent(self, key: str, read: Callable[[], str]) -> str:
        """A value read at most once every KNOWN_SECONDS in this process (mutes, the lifted defaults): a burst of
        one cause does not ask the table the same question for every event."""
        now = self.clock()
        with self._lock:
            kept = self._cache.get(key)
        if kept is not None and now - kept[0] < KNOWN_SECONDS:
            return kept[1]
        value = read()
        with self._lock:
            self._cache[key] = (now, value)
        return value

    def _generation(self, cause: str) -> int:
        """The cause's current period: a new one once the last denial is older than WATCH_GROUP_HOURS."""
        counter = f"watch:generation:{cause}"
        generation = self.store.add(counter, 0)
        seen = self.store.get(f"{keys.watch_cause(cause, generation)}:seen")
        if seen and self.clock() - float(seen) > self.settings.watch.group_hours * 3600:
            if self.store.first_time(f"watch:bump:{cause}:{generation}"):
                return self.store.add(counter, 1)
            return self.store.add(counter, 0)
        return generation

    def _open(self, cause: str, generation: int, channel: str, record: dict[str, Any], event: trail.Event
              ) -> tuple[_Thread | None, bool]:
        """The cause's thread, and whether this event opened it; the first event of a period posts it (claimed, so
        that only one process does)."""
        name = keys.watch_cause(cause, generation)
        thread = _Thread.of(cause, generation, self.store.get(name))
        if thread is not None:
            return thread, False
        # The claim lasts a minute: a process that died while posting does not leave the cause without a thread.
        claim = f"{name}:claim:{int(self.clock() // CLAIM_SECONDS)}"
        if not self.store.first_time(claim):
            return None, False  # another process is posting it: counted all the same, shown at its next update
        thread = _Thread.of(cause, generation, self.store.get(name))
        if thread is not None:  # posted by a process whose claim was in the minute before
            return thread, False
        try:
            ts = self._post(channel, *self._parent(cause, channel, record, 1, 1, 1, event.time or "",
                                                     event.time or ""))
        except BaseException:
            self.store.forget(claim)
            raise
        thread = _Thread(cause, generation, channel, ts or "", record, event.time or "")
        self.store.put(name, thread.to_json())
        return thread, True

    # Edits of the parents, coalesced

    def flush(self) -> None:
        """Edit every parent whose counts changed with its latest counts (paced per channel)."""
        with self._lock:
            dirty = sorted(self._dirty.items(), key=lambda item: item[1])
            self._dirty.clear()
        for (cause, generation), since in dirty:
            name = keys.watch_cause(cause, generation)
            thread = _Thread.of(cause, generation, self.store.get(name))
            if thread is None:  # another process is still posting it
                with self._lock:
                    self._dirty.setdefault((cause, generation), since)
                continue
            if not self.pacer.due(thread.channel):  # type: ignore[union-attr]
                with self._lock:  # the channel had its message this second: the next flush edits it
                    self._dirty.setdefault((cause, generation), since)
                continue
            count, principals, resources = (self.store.add(f"{name}:{what}", 0)
                                            for what in ("count", "principals", "resources"))
            last = self.store.get(f"{name}:last") or thread.first
            fallback, blocks = self._parent(cause, thread.channel, thread.record, count, principals, resources,
                                            thread.first, last)
            if not self.pacer.ready(thread.channel):  # type: ignore[union-attr]
                with self._lock:  # another process took this second
                    self._dirty.setdefault((cause, generation), since)
                continue
            try:
                self.client.chat_update(channel=thread.channel, ts=thread.ts, text=fallback, blocks=blocks)
            except SlackApiError as exc:
                log.warning("could not update a watch thread in %s: %s", thread.channel,
                            exc.response.get("error"))
                with self._lock:
                    self._dirty.setdefault((cause, generation), since)

    def drain(self, seconds: float) -> None:
        """Flush until every edit is made, or `seconds` pass (a Lambda invocation's last act)."""
        deadline = time.monotonic() + seconds
        self.flush()
        while self.pending and time.monotonic() < deadline:
            time.sleep(0.2)
            self.flush()

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._dirty)

    # Messages

    def _parent(self, cause: str, channel: str, record: dict[str, Any], count: int, principals: int,
                resources: int, first: str, last: str) -> tuple[str, list[Block]]:
        finding = self._finding(cause, record)
        lang = self._lang()
        disclosure = self._disclosure(channel)
        reference = None if disclosure is Disclosure.FULL else self._details_reference(cause, channel, record)
        fallback, blocks = reply_blocks([finding], lang, 0, disclosure, reference)
        tally = text(Line("watch.tally", count=count, principals=principals, resources=resources, first=first,
                          last=last), lang, SLACK)
        mute = {"type": "actions", "block_id": f"watch:{cause}", "elements": [{
            "type": "static_select", "action_id": "watch_mute",
            "placeholder": {"type": "plain_text", "text": text("watch.mute", lang)},
            "options": [{"text": {"type": "plain_text", "text": text(f"watch.mute.{choice}", lang)},
                         "value": f"{cause}:{choice}"} for choice in MUTE_CHOICES]}]}
        header = {"type": "context", "elements": [{"type": "mrkdwn", "text": tally}]}
        return f"{tally} {fallback}", [header, *blocks, mute]

    def _finding(self, cause: str, record: dict[str, Any]) -> Finding:
        with self._lock:
            found = self._findings.get(cause)
        if found is None:
            item = CloudTrailEvent(record, 0, 0, own_hints(trail.event_of(record)))
            [found] = explain_inputs((item,), self.lookups, self.settings.masked_keys)[:1]
            with self._lock:
                self._findings[cause] = found
        return found

    def _post(self, channel: str, fallback: str, blocks: list[Block] | None, thread_ts: str | None = None,
              required: bool = True) -> str | None:
        try:
            self.pacer.wait(channel)  # type: ignore[union-attr]
            response = self.client.chat_postMessage(channel=channel, text=fallback, blocks=blocks,
                                                    thread_ts=thread_ts, unfurl_links=False, unfurl_media=False)
        except SlackApiError as exc:
            log.error("could not post to watch channel %s: %s", channel, exc.response.get("error"))
            if required:
                raise
            return None
        return str(response.get("ts") or "")

    def _details_reference(self, cause: str, channel: str, record: dict[str, Any]) -> str:
        """"Show details" for the parent: the record kept under a reference, bound to the routed channel (the button
        answers privately, to people allowed to see details, as in thread answers)."""
        with self._lock:
            reference = self._references.get(cause)
        if reference is None:
            reference = new_reference()
            item = CloudTrailEvent(record, 0, 0, own_hints(trail.event_of(record)))
            self.store.put(keys.details(reference), json.dumps({"channel": channel, "user": None,
                                                               "inputs": [input_to_dict(item)]}))
            with self._lock:
                self._references[cause] = reference
        return reference

    def _disclosure(self, channel: str) -> Disclosure:
        """The thread answers' rule: DISCLOSURE, and always the summary in a channel shared with another
        organization (Slack Connect)."""
        with self._lock:
            shared = self._shared.get(channel)
        if shared is None:
            try:
                info = self.client.conversations_info(channel=channel).get("channel") or {}
                shared = bool(info.get("is_ext_shared") or info.get("is_shared"))
            except SlackApiError:
                shared = True  # cannot tell: say less
            with self._lock:
                self._shared[channel] = shared
        return Disclosure.SUMMARY if shared else self.settings.access.disclosure

    def _lang(self) -> str:
        return self.settings.access.default_language

    def lifted(self) -> frozenset[str]:
        """The default mutes an administrator lifted (App Home)."""
        try:
            return frozenset(json.loads(self.store.get(f"{keys.WATCH_MUTES}:lifted") or "[]"))
        except ValueError:
            return frozenset()

