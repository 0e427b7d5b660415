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

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core import trail
from bot.core.causes import cause_of
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
MUTE_CHOICES = {"1d": 86_400.0, "7d": 7 * 86_400.0, "forever": None}


class BadMessage(Exception):
    """A queue message that is not an EventBridge event: left on the queue, so that its redrive policy sends it to
    the dead-letter queue after its retries."""


class Pacer:
    """At most one Slack call per second per channel: in this process by waiting its turn, across processes through
    a one-second window in the Store."""

    def __init__(self, store: Store, sleep: Callable[[float], None] = time.sleep) -> None:
        self._store = store
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}

    def ready(self, channel: str) -> bool:
        """Take this second's turn in the channel if it is free (never waits): for edits, which can wait."""
        with self._lock:
            now = time.monotonic()
            if self._next.get(channel, 0.0) > now:
                return False
            if not self._store.allow(f"watch:pace:{channel}", 1, PACE_SECONDS):
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
        while not self._store.allow(f"watch:pace:{channel}", 1, PACE_SECONDS):
            self._sleep(0.2)


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

    def __post_init__(self) -> None:
        self.pacer = self.pacer or Pacer(self.store)

    # One queue message: an EventBridge event (or, from `report`-like tools, a record or a log file)

    def handle_body(self, body: str) -> None:
        try:
            value = json.loads(body)
        except (ValueError, RecursionError):
            raise BadMessage("not JSON") from None
        for record in trail.records_in(value):
            self.handle_record(record)

    def handle_record(self, record: dict[str, Any]) -> None:
        event = trail.event_of(record)
        if not event.denial:
            return
        key, principal, resource = cause_of(event)
        cause = hashlib.sha256(json.dumps(key).encode()).hexdigest()[:24]
        if self._recent(f"mute:{cause}", lambda: self.store.get(keys.watch_mute(cause)) or ""):
            self.store.add(f"watch:muted:{cause}")  # unmuting writes an empty value
            return
        mute = default_mute(event, frozenset(self._recent("lifted", lambda: ",".join(sorted(self.lifted()))).split(
            ",")) - {""})
        if mute is not None:
            self.store.add(f"watch:default:{mute.name}")
            return
        channel = route(event, self.settings.watch.routes, self.settings.watch.channel)
        if channel is None:  # counted and shown to administrators, never dropped silently
            self.store.add(keys.WATCH_UNROUTED)
            self.store.put(f"{keys.WATCH_UNROUTED}:last", json.dumps({"account": event.account,
                                                                      "action": event.action, "time": event.time}))
            return
        if event.id and not self.store.first_time(keys.watch_event(event.id)):
            return  # delivered again (EventBridge and SQS deliver at least once): already counted
        try:
            self._count(cause, channel, record, event, principal, resource)
        except BaseException:
            if event.id:
                self.store.forget(keys.watch_event(event.id))  # not counted: the redelivery counts it
            raise

    def _count(self, cause: str, channel: str, record: dict[str, Any], event: trail.Event, principal: str,
               resource: str) -> None:
        known = self._known.get(cause)
        thread: _Thread | None
        if known is not None and self.clock() - known[2] < KNOWN_SECONDS:
            generation, thread, opened = known[0], known[1], False  # this process saw it a moment ago
        else:
            generation = self._generation(cause)
            thread, opened = self._open(cause, generation, channel, record, event)
            if thread is not None:
                if len(self._known) > MAX_KNOWN:
                    self._known.clear()
                self._known[cause] = (generation, thread, self.clock())
        name = keys.watch_cause(cause, generation)
        self.store.add(f"{name}:count")
        if opened or self._due(f"seen:{name}"):
            self.store.put(f"{name}:last", event.time or "")  # at most once a second per cause from this process
            self.store.put(f"{name}:seen", str(self.clock()))  # when it was last denied, as this watch saw it
        if len(self._members) > MAX_KNOWN:
            self._members.clear()
        members = self._members.setdefault((cause, generation), set())
        new = [kind for kind, value in (("principal", principal), ("resource", resource))
               if value and (kind, value) not in members
               and self.store.first_time(keys.watch_member(cause, generation, kind, value))]
        members.update((kind, value) for kind, value in (("principal", principal), ("resource", resource)))
        for kind in new:
            self.store.add(f"{name}:{kind}s")
        # The parent names the first principal and resource; later ones get a reply (at most every ten minutes).
        if new and thread is not None and not opened and self.store.allow(f"{name}:reply", 1, REPLY_SECONDS):
            said = " ".join(text(Line(f"watch.new_{kind}", value=value), self._lang(), SLACK)
                            for kind, value in (("principal", principal), ("resource", resource)) if kind in new)
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
            if not self.pacer.ready(thread.channel):  # type: ignore[union-attr]
                with self._lock:  # the channel had its message this second: the next flush edits it
                    self._dirty.setdefault((cause, generation), since)
                continue
            count, principals, resources = (self.store.add(f"{name}:{what}", 0)
                                            for what in ("count", "principals", "resources"))
            last = self.store.get(f"{name}:last") or thread.first
            fallback, blocks = self._parent(cause, thread.channel, thread.record, count, principals, resources,
                                            thread.first, last)
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

