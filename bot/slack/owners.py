""""Ask the owner": a request to change a policy, carried from a denial's answer to whoever owns the policy, and the
decision carried back to the original thread and to the asker. decode-bot never changes a policy itself.

Requests live in the Store, so that a restart or another process loses none: each under its ID, and numbered in
order by an atomic counter, so that reminders and expiry find the undecided ones without a list that two processes
could overwrite. A decision is claimed with a conditional write: two clicks at once give one decision.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.asking import Ask, ask_of
from bot.core.causes import cause_id, finding_cause
from bot.core.explain import attach_name
from bot.core.outcomes import Lookups
from bot.core.pipeline import Finding
from bot.core.readings import StatementReading
from bot.core.routes import first_route
from bot.i18n import Line, text
from bot.render.blocks import Block, context_block, new_reference, part_block, section_block
from bot.render.document import StatementPart, document
from bot.render.voices import PLAIN, SLACK
from bot.settings import Settings
from bot.state import keys
from bot.state.memory import LONGEST_TTL_SECONDS
from bot.state.store import Store
from bot.vocab import ConditionReading, Decision

log = logging.getLogger(__name__)

OWNER_TAG = "decode-bot:owner-channel"
DECISIONS = ("change", "decline", "expected")
URGENCIES = ("blocking", "soon", "whenever")
_CHANNEL_ID = re.compile(r"[CG][A-Z0-9]{6,}")
MAX_WORDS = 2_000


@dataclass
class Request:
    id: str
    number: int
    created: float
    asker: str
    asker_lang: str
    owner_channel: str
    origin_channel: str | None  # the thread the answer was in (None for a private answer)
    origin_thread: str | None
    fallback: str
    card: list[Block]  # the card without its buttons
    summary: dict[str, str]  # action and principal, for App Home
    cause: str | None = None  # the denial watch's cause, for "Expected, mute"
    card_ts: str | None = None
    state: str = "open"  # or one of DECISIONS, or "expired"
    decided_by: str | None = None
    decided_at: float | None = None
    note: str = ""
    reminded: bool = False

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), separators=(",", ":"))

    @classmethod
    def of(cls, stored: str | None) -> Request | None:
        try:
            raw = json.loads(stored or "null")
            return cls(**raw) if isinstance(raw, dict) else None
        except (ValueError, TypeError):
            return None


class Owners:
    def __init__(self, settings: Settings, store: Store, client: WebClient, lookups: Lookups | None,
                 clock: Callable[[], float] = time.time) -> None:
        self.settings = settings
        self.store = store
        self.client = client
        self.lookups = lookups
        self.clock = clock

    @property
    def _kept_seconds(self) -> float:
        return (self.settings.owners.expire_days + 2) * 86_400

    @property
    def lang(self) -> str:
        """The owners' channels speak the workspace's default language."""
        return self.settings.access.default_language

    # Whom to ask

    def owner_of(self, ask: Ask) -> str | None:
        """The role's own decode-bot:owner-channel tag, then OWNER_ROUTES (first match), then OWNER_CHANNEL."""
        if ask.role_name and self.lookups is not None:
            tags = self.lookups.role_tags(ask.role_name, ask.principal_account) or {}
            tagged = tags.get(OWNER_TAG, "").strip()
            if _CHANNEL_ID.fullmatch(tagged):
                return tagged
        return first_route(self.settings.owners.routes, (ask.role, ask.principal),
                           (ask.account, ask.principal_account), (ask.kind,)) or self.settings.owners.channel

    # Asking

    def ask(self, finding: Finding, asker: str, asker_lang: str, origin: tuple[str | None, str | None],
            words: str, urgency: str) -> Request | None:
        """Post the request card in the owners' channel; None when no owner can be found (nothing is sent)."""
        ask = ask_of(finding)
        if ask is None:
            return None
        channel = self.owner_of(ask)
        if channel is None:
            return None
        permalink = self._permalink(*origin)
        fallback, card = self.card(finding, ask, asker, words[:MAX_WORDS], urgency, permalink)
        key = finding_cause(finding)
        request = Request(new_reference(), self.store.add(keys.ASK_NUMBERS, 1, LONGEST_TTL_SECONDS), self.clock(),
                          asker, asker_lang, channel, *origin, fallback, card,
                          {"action": ask.action, "principal": ask.principal or "?"},
                          cause_id(key) if key else None)
        response = self.client.chat_postMessage(channel=channel, text=fallback, blocks=[*card, self._buttons(request)],
                                                unfurl_links=False, unfurl_media=False)
        request.card_ts = str(response.get("ts") or "")
        self._save(request)
        self.store.put(keys.ask_number(request.number), request.id, self._kept_seconds)
        return request

    def load(self, request_id: str) -> Request | None:
        return Request.of(self.store.get(keys.ask_request(request_id))) if request_id else None

    def _save(self, request: Request) -> None:
        self.store.put(keys.ask_request(request.id), request.to_json(), self._kept_seconds)

    # Deciding

    def decide(self, request_id: str, decision: str, who: str | None, note: str = "") -> tuple[Request | None, bool]:
        """(the request, whether this call decided it): a request already decided (or expiring) is not decided
        again, and the caller is told who decided first."""
        request = self.load(request_id)
        if request is None or request.state != "open" or not self.store.first_time(keys.ask_decided(request_id)):
            return self.load(request_id) or request, False
        request = dataclasses.replace(request, state=decision, decided_by=who, decided_at=self.clock(),
                                      note=note[:MAX_WORDS])
        self._save(request)
        self._publish(request)
        return request, True

    def decision_line(self, request: Request, lang: str) -> str:
        """Who decided what and when, in mrkdwn (the decider's mention outside the catalog's escaping)."""
        when = utc_minute(request.decided_at or self.clock())
        if request.state == "expired":
            return text(Line("owner.expired", days=int(self.settings.owners.expire_days), time=when), lang, SLACK)
        said = text(Line(f"owner.decided.{request.state}", time=when), lang, SLACK)
        return f"<@{request.decided_by}> {said}" if request.decided_by else said

    def decided_card(self, request: Request) -> list[Block]:
        """The card once decided: its buttons gone, who decided what and when, and their note."""
        return [*request.card, context_block(self.decision_line(request, self.lang)), *self._note(request, self.lang)]

    def told(self, request: Request) -> list[Block]:
        """The decision as the asker and the original thread read it, in the asker's language."""
        lang = request.asker_lang
        return [section_block(self.decision_line(request, lang)), *self._note(request, lang)]

    def _publish(self, request: Request) -> None:
        """The decision on the card (its buttons gone), in the original thread, and to the asker."""
        blocks = self.decided_card(request)
        quietly(lambda: self.client.chat_update(channel=request.owner_channel, ts=request.card_ts or "",
                                                   text=request.fallback, blocks=blocks))
        told = self.told(request)
        fallback = _plain(self.decision_line(request, request.asker_lang))
        if request.origin_channel and request.origin_thread:
            quietly(lambda: self.client.chat_postMessage(channel=request.origin_channel or "", text=fallback,
                                                            thread_ts=request.origin_thread, blocks=told))
        quietly(lambda: self.client.chat_postMessage(channel=request.asker, text=fallback, blocks=told))

    def _note(self, request: Request, lang: str) -> list[Block]:
        if not request.note:
            return []
        label = "owner.decided.reason" if request.state == "decline" else "owner.decided.note"
        return [section_block(text(label, lang, SLACK)), _inert(request.note)]

    # Follow-up

    def sweep(self) -> tuple[int, int]:
        """Remind once after OWNER_REMIND_HOURS, expire after OWNER_EXPIRE_DAYS: (reminded, expired)."""
        low = int(self.store.get(keys.ASK_LOW) or 1)
        high = self.store.add(keys.ASK_NUMBERS, 0, LONGEST_TTL_SECONDS)
        reminded = expired = 0
        settled = low
        for number in range(low, high + 1):
            request = self.load(self.store.get(keys.ask_number(number)) or "")
            if request is None or request.state != "open":
                settled = number + 1 if settled == number else settled
                continue
            age = self.clock() - request.created
            if age >= self.settings.owners.expire_days * 86_400:
                expired += self._expire(request)
            elif age >= self.settings.owners.remind_hours * 3600 and not request.reminded and \
                    self.store.first_time(keys.ask_reminded(request.id)):
                self._remind(request)
                reminded += 1
        if settled != low:
            self.store.put(keys.ASK_LOW, str(settled), LONGEST_TTL_SECONDS)
        return reminded, expired

    def open_requests(self) -> list[Request]:
        low = int(self.store.get(keys.ASK_LOW) or 1)
        high = self.store.add(keys.ASK_NUMBERS, 0, LONGEST_TTL_SECONDS)
        found = (self.load(self.store.get(keys.ask_number(n)) or "") for n in range(max(low, high - 200), high + 1))
        return [request for request in found if request is not None and request.state == "open"]

    def _remind(self, request: Request) -> None:
        request = dataclasses.replace(request, reminded=True)
        self._save(request)
        said = text(Line("owner.reminder", time=utc_minute(request.created)), self.lang, SLACK)
        quietly(lambda: self.client.chat_postMessage(channel=request.owner_channel, thread_ts=request.card_ts,
                                                        text=said, reply_broadcast=True))

    def _expire(self, request: Request) -> int:
        if not self.store.first_time(keys.ask_decided(request.id)):
            return 0
        request = dataclasses.replace(request, state="expired", decided_at=self.clock())
        self._save(request)
        self._publish(request)
        return 1

    # The card

    def card(self, finding: Finding, ask: Ask, asker: str, words: str, urgency: str, permalink: str | None
             ) -> tuple[str, list[Block]]:
        """The request card in the owners' language, without its buttons: (fallback text, blocks). The time is the
        denial's, where a CloudTrail record gives it, else when it was asked about."""
        lang, explanation = self.lang, finding.explanation
        assert explanation is not None  # ask_of() found a denial to ask about
        doc = document(finding, lang, SLACK)
        policy = attach_name(explanation.placement.target)
        lines = [
            text(Line("owner.card.denied", principal=ask.principal or "?", action=ask.action,
                      resource=ask.resource or "*", account=ask.account or "?",
                      time=str((finding.event or {}).get("time") or utc_minute(self.clock()))),
                 lang, SLACK),
            text(Line("owner.card.why", cause=doc.cause), lang, PLAIN),
            text(Line("owner.card.policy", policy=policy, arn=ask.policy_arn or Line("owner.card.not_named"),
                      sid=ask.sid) if ask.sid else Line("owner.card.policy_no_sid", policy=policy, arn=ask.policy_arn
                                                        or Line("owner.card.not_named")), lang, SLACK),
        ]
        blocks: list[Block] = [
            {"type": "header", "text": {"type": "plain_text", "text": text("owner.card.title", lang)[:150]}},
            section_block(f"<@{asker}> {text(Line('owner.card.asks', policy=policy), lang, SLACK)}"),
            section_block("\n".join(lines)),
        ]
        if explanation.decision is Decision.EXPLICIT_DENY:
            blocks.append(section_block(text("owner.card.matched", lang, SLACK)))
            reading = next(iter(explanation.readings), None)
            shown = next((part for part in doc.details if isinstance(part, StatementPart)), None)
            if shown is not None and (block := part_block(shown, doc)) is not None:
                blocks.append(block)  # as the details show it: a decoded message does not carry the operators
            principal = (explanation.failure.context.get("aws:PrincipalArn") or (ask.role or ask.principal or "?",))[0]
            blocks.append(section_block("\n".join(f"• {text(line, lang, SLACK)}"
                                                   for line in _let_through(ask, reading, principal, policy))))
        elif doc.policy:
            blocks.append(section_block(text("owner.card.proposed", lang, SLACK)))
            blocks.append(section_block(f"```{doc.policy}```"))
            if doc.replace:
                blocks.append(context_block(doc.replace))
        blocks.append(section_block(text(Line("owner.card.words", urgency=Line(f"owner.urgency.{urgency}")), lang,
                                    PLAIN)))
        blocks.append(_inert(words))
        links = [text(Line("owner.card.thread", url=permalink), lang, PLAIN)] if permalink else []
        if self.settings.owners.access_request_url:
            url = self.settings.owners.access_request_url.format_map(_Quoted(
                account=ask.account or "", role=ask.role_name or "", action=ask.action))
            links.append(text(Line("owner.card.access", url=url), lang, PLAIN))
        if links:
            blocks.append(context_block(" · ".join(links)))
        fallback = f"{text('owner.card.title', lang)}: {ask.action} ({ask.principal or '?'})"
        return fallback, blocks

    def _buttons(self, request: Request) -> Block:
        choices = [("change", "primary"), ("decline", "danger")]
        if self.settings.watch.on and request.cause:
            choices.append(("expected", ""))
        return {"type": "actions", "block_id": f"owner:{request.id}", "elements": [
            {"type": "button", "action_id": f"owner_{choice}", "value": request.id,
             "text": {"type": "plain_text", "text": text(f"owner.{choice}", self.lang)}, **({"style": style} if style
                                                                                          else {})}
            for choice, style in choices]}

    def _permalink(self, channel: str | None, thread: str | None) -> str | None:
        if not channel or not thread:
            return None
        try:
            return str(self.client.chat_getPermalink(channel=channel, message_ts=thread).get("permalink") or "") or None
        except SlackApiError as exc:
            log.warning("no permalink for the original thread: %s", exc.response.get("error"))
            return None



SWEEP_SECONDS = 300.0  # how often the long-running bot looks for requests to remind about or expire


class Sweeper:
    """The long-running bot's follow-up of requests, in a background thread (Lambda runs a schedule instead)."""

    def __init__(self, owners: Owners, seconds: float = SWEEP_SECONDS) -> None:
        self._owners = owners
        self._seconds = seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="owner-requests", daemon=True)

    def start(self) -> Sweeper:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        while not self._stop.wait(self._seconds):
            try:
                self._owners.sweep()
            except Exception as exc:  # the next sweep tries again; requests stay in the Store
                log.warning("following up requests to owners failed: %s", type(exc).__name__)


class _Quoted(dict[str, str]):
    """ACCESS_REQUEST_URL's values, URL-quoted; a placeholder it does not know stays as written."""

    def __init__(self, **values: str) -> None:
        from urllib.parse import quote

        super().__init__({name: quote(value, safe="") for name, value in values.items()})

    def __missing__(self, name: str) -> str:
        return "{" + name + "}"


def _let_through(ask: Ask, reading: StatementReading | None, principal: str, policy: Line) -> list[Line]:
    """What change to the denying statement would let this request through: the condition value that made it apply,
    or an exception for this caller alone (the usual way: ArnNotLike on aws:PrincipalArn)."""
    if reading is None:
        return [Line("owner.let_through.find", action=ask.action, policy=policy, principal=principal)]
    lines = [Line(f"owner.let_through.{key.reading}", key=key.key, value=", ".join(key.unlisted or key.request))
             for key in reading.keys if key.request and key.reading in (ConditionReading.NOT_LISTED,
                                                                      ConditionReading.LISTED)]
    return [*lines, Line("owner.let_through.exception", principal=principal)]


def quietly(call: Callable[[], Any]) -> None:
    """A message that may fail without stopping what posts it (the decision is kept): Slack's refusal is logged."""
    try:
        call()
    except SlackApiError as exc:
        log.warning("a message about a request could not be sent: %s", exc.response.get("error"))


def utc_minute(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _inert(words: str) -> Block:
    """Someone's own words, as plain text: their mrkdwn, links and mentions stay as typed."""
    return {"type": "section", "text": {"type": "plain_text", "text": (words or "-")[:3000], "emoji": False}}


def _plain(markdown: str) -> str:
    return re.sub(r"<@([A-Z0-9]+)>", r"@\1", markdown).replace("`", "")
