"""What every Slack surface shares: pasted text in, one Block Kit answer out, each input answered once.

The order matters: nothing is said about a channel message without anything to explain; the policy decides
(access, disclosure, language) before anything is decoded; limits are counted in AWS lookups; every attempt
is audited. "Show details" keeps the typed inputs (with the hints of the error text around them), not text
to scan again, and does not count against the limits a second time.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
import re
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.concurrency import CHECK_THREADS
from bot.core.asking import askable
from bot.core.detect import may_hold_input, may_need_aws, scan
from bot.core.kinds import Input, capped, input_to_dict, inputs_from_list
from bot.core.outcomes import Lookups, Problem
from bot.core.pipeline import Finding, check_fixes, explain_inputs, pending, stopped_late, to_check
from bot.core.textsearch import slack_unescape
from bot.i18n import Line, text
from bot.ops import audit
from bot.ops.audit import Asker
from bot.render.blocks import Block, details_blocks, new_reference, note_blocks, reply_blocks
from bot.render.voices import SLACK
from bot.settings import Settings
from bot.slack.policy import AccessPolicy, Permit
from bot.state import keys
from bot.state.store import Store
from bot.vocab import Disclosure, FixChecks

log = logging.getLogger(__name__)

# A listener asks whether a paste needs AWS, then answers it on another thread: one scan serves both.
_scanned = functools.lru_cache(maxsize=64)(scan)
_ASKED_ACCOUNT = re.compile(r"\baccount\s*[=:]\s*([0-9]{12})(?![0-9])", re.IGNORECASE)
ADMIN_NOTICE_SECONDS = 3600
CHECKS_AT_MOST_SECONDS = 120  # a thread answer posted "checking…" is edited when the checks end, or after this


@dataclass(frozen=True)
class Answer:
    text: str
    blocks: list[Block]
    private: bool = False  # a note for the asker alone; never posted in a thread
    findings: list[Finding] = field(default_factory=list)
    claimed: tuple[str, ...] = ()  # dedupe keys taken; released if the answer cannot be delivered
    notes: tuple[str, ...] = ()  # further private notes for the asker (limits that cut the input short)
    # Posted while AWS still checks its fixes ("checking…"): waits for them and gives the answer to edit in place.
    later: Callable[[], Answer] | None = None


def private_note(line: Line | str, lang: str) -> Answer:
    fallback, blocks = note_blocks(text(line, lang, SLACK))
    return Answer(fallback, blocks, private=True)


class Answerer:
    def __init__(self, lookups: Lookups | None, store: Store, settings: Settings, policy: AccessPolicy) -> None:
        self._lookups = lookups
        self._store = store
        self._settings = settings
        self._limits = settings.limits
        self.policy = policy
        self._checks = ThreadPoolExecutor(max_workers=CHECK_THREADS, thread_name_prefix="checks")

    @property
    def lookups(self) -> Lookups | None:
        return self._lookups

    def answer(self, client: WebClient, pasted: str, asker: Asker, once_per: str | None = None) -> Answer | None:
        """The answer to a paste; None when a channel message holds nothing (new) to explain.

        With `once_per` (for example "C123:1700000000.000100"), each input is answered once per message,
        whichever event (message, edit, mention, Slack retry) brings it first. Private surfaces always get an
        answer, if only that nothing was found.
        """
        if asker.surface.public and not self.policy.channel_allowed(asker):
            return self._refused_here(client, pasted, asker, once_per)  # decided before anything is scanned
        permit = None if asker.surface.public else self.policy.decide(client, asker)
        if permit is not None and permit.refusal is not None:
            return private_note(permit.refusal, permit.lang)
        cut = len(pasted) > self._limits.chars_per_message
        text_read = slack_unescape(pasted[: self._limits.chars_per_message])
        inputs = _scanned(text_read).inputs
        named = _ASKED_ACCOUNT.search(text_read)  # "/decode account=123456789012 …": try that account first
        lookups = self._lookups.preferring((named.group(1),)) if named and self._lookups else self._lookups
        if lookups is not None:
            lookups = lookups.within(self.policy.accounts_for(client, asker))  # checked before any AssumeRole
        claimed: list[str] = []
        if once_per is not None:
            inputs = self._unanswered(inputs, once_per, claimed)
        if not inputs:
            return None if permit is None else private_note("slack.nothing_found", permit.lang)
        permit = permit or self.policy.decide(client, asker)
        if permit.refusal is not None:
            return private_note(permit.refusal, permit.lang)
        inputs, left_out = capped(inputs, self._limits.tokens_per_message)
        over = self.policy.over_limit(asker, len(inputs))  # every explained input counts, pasted JSON included
        if over is not None:
            self.release(claimed)
            return private_note(over, permit.lang)
        answer = self._explained(client, inputs, asker, permit, left_out, lookups=lookups)
        notes = (text(Line("limit.chars", limit=self._limits.chars_per_message), permit.lang, SLACK),) if cut else ()
        return dataclasses.replace(answer, claimed=tuple(claimed), notes=notes)

    def needs_aws(self, pasted: str) -> bool:
        """Whether answering this paste may call AWS (so it runs where a slow AWS cannot hold up other answers):
        substring pre-checks only, in the listener's thread; the scan runs where the answer is made."""
        return may_need_aws(pasted[: self._limits.chars_per_message])

    def _refused_here(self, client: WebClient, pasted: str, asker: Asker, once_per: str | None) -> Answer | None:
        """A channel outside ALLOWED_CHANNELS: a note for a paste whose words may make an error (once per message),
        silence for chatter (and for a token pasted alone, which a long message cannot be told from without a scan),
        and never a scan."""
        if not may_hold_input(pasted[: self._limits.chars_per_message], bare_tokens=False):
            return None
        if once_per is not None and not self._store.first_time(keys.answer(once_per, "refused")):
            return None
        permit = self.policy.decide(client, asker)
        return private_note(permit.refusal or Line("access.channel"), permit.lang)

    def details(self, client: WebClient, reference: str, asker: Asker) -> Answer:
        """The full answer behind a "Show details" button, from the inputs kept when the summary was posted."""
        permit = self.policy.decide(client, asker)
        if permit.refusal is not None:
            return private_note(permit.refusal, permit.lang)
        bound = _bound(self._store.get(keys.details(reference)))
        if bound is None or not bound.inputs:
            return private_note("slack.details_expired", permit.lang)
        if bound.channel != asker.channel or (bound.user is not None and bound.user != asker.user):
            audit.record(asker, "details_elsewhere")
            return private_note("slack.details_elsewhere", permit.lang)
        inputs = bound.inputs
        lookups = self._lookups.within(self.policy.accounts_for(client, asker)) if self._lookups else None
        return self._explained(client, inputs, asker, permit, 0, details=True, lookups=lookups)

    def for_owner(self, client: WebClient, reference: str, asker: Asker, lang: str) -> list[Finding] | Line:
        """The findings behind an "Ask the owner" button, explained again (the lookups are cached) with their fixes
        checked, in the owners' language; or why not (refused, expired, pressed elsewhere)."""
        permit = self.policy.decide(client, asker)
        if permit.refusal is not None:
            return permit.refusal
        bound = _bound(self._store.get(keys.details(reference)))
        if bound is None or not bound.inputs:
            return Line("owner.expired_reference")
        if bound.channel != asker.channel or (bound.user is not None and bound.user != asker.user):
            audit.record(asker, "ask_elsewhere")
            return Line("slack.details_elsewhere")
        lookups = self._lookups.within(self.policy.accounts_for(client, asker)) if self._lookups else None
        findings = explain_inputs(bound.inputs, lookups, self._settings.masked_keys)
        if lookups is not None and self._settings.aws.fix_checks is not FixChecks.OFFLINE and to_check(findings):
            findings = check_fixes(findings, lookups, lang)
        return findings

    def release(self, claimed: list[str] | tuple[str, ...]) -> None:
        for key in claimed:
            self._store.forget(key)

    def _explained(self, client: WebClient, inputs: tuple[Input, ...], asker: Asker, permit: Permit, left_out: int,
                   details: bool = False, lookups: Lookups | None = None) -> Answer:
        lookups = lookups or self._lookups
        findings = explain_inputs(inputs, lookups, self._settings.masked_keys)
        audit.record_findings(asker, findings)
        findings = [self._with_admin_notice(client, finding) for finding in findings]
        # One "Show details" per error: each button holds its own input.
        references = None if details or permit.disclosure is Disclosure.FULL else {
            item.start: self._details_reference((item,), asker) for item in inputs}
        # "Ask the owner" takes the same reference (one is made for it where the details need none).
        askable_at = {finding.position for finding in findings if askable(finding)}
        asks = None if details else {item.start: (references or {}).get(item.start) or self._details_reference(
            (item,), asker) for item in inputs if item.start in askable_at}

        def answer(shown: list[Finding]) -> Answer:
            if details:
                fallback, blocks = details_blocks(shown, permit.lang, permit.disclosure)
            else:
                fallback, blocks = reply_blocks(shown, permit.lang, left_out, permit.disclosure, references,
                                                ask_references=asks)
            return Answer(fallback, blocks, findings=shown)

        findings, checking = self._checked(findings, lookups, permit.lang)
        if checking is None:
            return answer(findings)
        if not asker.surface.public or details:
            # A private answer cannot be edited in place: it says the checks were late (they fill the cache).
            return answer(stopped_late(findings))

        def finished() -> Answer:
            try:
                return answer(checking.result(timeout=CHECKS_AT_MOST_SECONDS))
            except (FutureTimeout, Exception) as exc:  # the edit says the checks were late, never "checking…"
                log.error("checking fixes did not finish: %s", type(exc).__name__)
                return answer(stopped_late(findings))

        return dataclasses.replace(answer(pending(findings)), later=finished)

    def _checked(self, findings: list[Finding], lookups: Lookups | None, lang: str
                 ) -> tuple[list[Finding], Future[list[Finding]] | None]:
        """The findings with their fixes checked by AWS, if that takes at most FIX_CHECK_WAIT_SECONDS; else the
        findings as they are and the checks still running."""
        if lookups is None or self._settings.aws.fix_checks is FixChecks.OFFLINE or not to_check(findings):
            return findings, None
        checking = self._checks.submit(check_fixes, findings, lookups, lang)
        try:
            return checking.result(timeout=self._settings.aws.check_wait), None
        except FutureTimeout:
            return findings, checking

    def _with_admin_notice(self, client: WebClient, finding: Finding) -> Finding:
        """A problem for the bot's administrators goes to ADMIN_CHANNEL (each kind at most once an hour); the
        person is told that it did, or whom to tell, never that someone was told when nobody was."""
        problem = finding.problem
        if problem is None or problem.admin is None:
            return finding
        log.warning("could not explain input %s: %s", finding.fingerprint, problem.code)
        told = self._tell_admins(client, problem)
        notice = Line("admin.told") if told else Line("admin.ask", ref=finding.fingerprint or problem.code)
        return dataclasses.replace(finding, problem=dataclasses.replace(problem, notice=notice))

    def _tell_admins(self, client: WebClient, problem: Problem) -> bool:
        channel = self._settings.slack.admin_channel
        if not channel or problem.admin is None:
            return False
        key = keys.admin_notice(problem.code, int(time.time() // ADMIN_NOTICE_SECONDS))
        if not self._store.first_time(key):
            return True  # already posted this hour (a failed post forgets its key)
        message = text(Line("admin.notice", problem=problem.admin), self._settings.access.default_language, SLACK)
        try:
            client.chat_postMessage(channel=channel, text=message, unfurl_links=False)
        except (SlackApiError, OSError) as exc:
            self._store.forget(key)
            log.error("could not post to ADMIN_CHANNEL: %s", type(exc).__name__)
            return False
        return True

    def _details_reference(self, inputs: tuple[Input, ...], asker: Asker) -> str:
        """Keep the inputs the details need under a random reference, for the button: bound to the conversation
        it was posted in and, for an answer only the asker saw, to the asker."""
        reference = new_reference()
        user = None if asker.surface.public else asker.user
        bound = {"channel": asker.channel, "user": user, "inputs": [input_to_dict(item) for item in inputs]}
        self._store.put(keys.details(reference), json.dumps(bound, separators=(",", ":")))
        return reference

    def _unanswered(self, inputs: tuple[Input, ...], scope: str, claimed: list[str]) -> tuple[Input, ...]:
        def first(item: Input) -> bool:
            key = keys.answer(scope, item.fingerprint or item.kind)
            if self._store.first_time(key):
                claimed.append(key)
                return True
            return False

        return tuple(item for item in inputs if first(item))


@dataclass(frozen=True)
class _Bound:
    """The inputs behind a "Show details" button, and where it may be pressed."""

    channel: str | None
    user: str | None
    inputs: tuple[Input, ...]


def _bound(stored: str | None) -> _Bound | None:
    try:
        raw = json.loads(stored or "null")
    except (ValueError, RecursionError):
        return None
    if not isinstance(raw, dict):
        return None  # an older, unbound reference: as good as expired
    channel, user = raw.get("channel"), raw.get("user")
    return _Bound(channel if isinstance(channel, str) else None, user if isinstance(user, str) else None,
                  inputs_from_list(raw.get("inputs")))
