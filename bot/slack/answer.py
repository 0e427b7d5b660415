"""What every Slack surface shares: pasted text in, one Block Kit answer out, each token answered once.

The order of checks matters: nothing is said about a message without a token; a channel that is not allowed
or a person over a limit gets a private note before anything is decoded; every attempt is audited.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import secrets
from dataclasses import dataclass, field

from bot import audit
from bot.audit import Asker
from bot.config import Settings
from bot.detect import ScanResult, scan, slack_unescape
from bot.messages import Line, text
from bot.pipeline import DecodeFn, Finding, LookupFn, explain_scan
from bot.render.blocks import Block, note_blocks, reply_blocks, summary_blocks
from bot.store import Store

log = logging.getLogger(__name__)

THREAD_SURFACES = frozenset({"thread", "mention"})
DETAILS_PREFIX = "details:"


@dataclass(frozen=True)
class Answer:
    text: str
    blocks: list[Block]
    private: bool = False  # a note for the asker alone; never posted in a thread
    findings: list[Finding] = field(default_factory=list)
    claimed: tuple[str, ...] = ()  # dedupe keys taken; released if the answer cannot be delivered
    notes: tuple[str, ...] = ()  # further private notes for the asker (limits that cut the input short)


def private_note(line: Line | str, lang: str) -> Answer:
    fallback, blocks = note_blocks(text(line, lang))
    return Answer(fallback, blocks, private=True)


class Answerer:
    def __init__(self, decode: DecodeFn, store: Store, settings: Settings, lookup: LookupFn | None = None) -> None:
        self._decode = decode
        self._lookup = lookup
        self._store = store
        self._settings = settings
        self._limits = settings.limits

    def answer(
        self, pasted: str, asker: Asker, lang: str, once_per: str | None = None, full: bool = True
    ) -> Answer | None:
        """The answer to a paste, or None when it holds nothing to explain (or nothing new).

        With `once_per` (for example "C123:1700000000.000100"), each token is answered once per message,
        whichever event (message, edit, mention, Slack retry) brings it first. `full=False` gives the
        thread summary of DISCLOSURE=summary, with a "Show details" button.
        """
        notes: list[str] = []
        if len(pasted) > self._limits.chars_per_message:
            pasted = pasted[: self._limits.chars_per_message]
            notes.append(text(Line("limit.chars", limit=self._limits.chars_per_message), lang))
        result = scan(slack_unescape(pasted))
        if not result.anything:
            return None
        claimed: list[str] = []
        if once_per is not None:
            unanswered = self._unanswered(result, once_per, claimed)
            if unanswered is None:
                return None
            result = unanswered
        if asker.surface in THREAD_SURFACES and not self._channel_allowed(asker.channel):
            audit.record(asker, "channel_not_allowed")
            return private_note("access.channel", lang)
        result, left_out = self._capped(result)
        refusal = self._over_rate_limit(asker, len(result.complete_tokens) + len(result.authorization_ids), lang)
        if refusal is not None:
            self.release(claimed)
            return refusal
        findings = explain_scan(result, self._decode, self._settings.aws_region, self._settings.masked_keys,
                                self._lookup)
        audit.record_findings(asker, findings)
        for finding in findings:
            if finding.problem and finding.problem.admin:
                log.warning("could not decode token %s: %s", finding.fingerprint, finding.problem.code)
        if full:
            fallback, blocks = reply_blocks(findings, lang, left_out)
        else:
            fallback, blocks = summary_blocks(findings, lang, left_out, self._details_reference(result))
        return Answer(fallback, blocks, findings=findings, claimed=tuple(claimed), notes=tuple(notes))

    def details(self, reference: str, asker: Asker, lang: str) -> Answer:
        """The full answer behind a "Show details" button."""
        kept = self._store.get(DETAILS_PREFIX + reference)
        if kept is None:
            return private_note("slack.details_expired", lang)
        return self.answer(kept, asker, lang) or private_note("slack.details_expired", lang)

    def release(self, claimed: list[str] | tuple[str, ...]) -> None:
        for key in claimed:
            self._store.forget(key)

    def _channel_allowed(self, channel: str | None) -> bool:
        allowed = self._settings.allowed_channels
        return not allowed or channel in allowed

    def _capped(self, result: ScanResult) -> tuple[ScanResult, int]:
        room = self._limits.tokens_per_message
        tokens = result.tokens[:room]
        room -= len(tokens)
        authorization_ids = result.authorization_ids[:room]
        room -= len(authorization_ids)
        decoded = result.decoded[:room]
        kept = len(tokens) + len(authorization_ids) + len(decoded)
        left_out = len(result.tokens) + len(result.authorization_ids) + len(result.decoded) - kept
        capped = dataclasses.replace(result, tokens=tokens, decoded=decoded, authorization_ids=authorization_ids)
        return capped, left_out

    def _over_rate_limit(self, asker: Asker, decodes: int, lang: str) -> Answer | None:
        if not decodes:
            return None
        limits = self._limits
        if asker.user and not self._store.allow(f"rate:user:{asker.user}", limits.user_decodes_per_minute, 60,
                                                decodes):
            audit.record(asker, "rate_limited_user")
            return private_note(Line("limit.user", limit=limits.user_decodes_per_minute), lang)
        if asker.channel and not self._store.allow(
            f"rate:channel:{asker.channel}", limits.channel_decodes_per_minute, 60, decodes
        ):
            audit.record(asker, "rate_limited_channel")
            return private_note(Line("limit.channel", limit=limits.channel_decodes_per_minute), lang)
        return None

    def _details_reference(self, result: ScanResult) -> str:
        """Keep what the details need (tokens, IDs, decoded JSON) under a random reference, for the button."""
        labelled = [f"Encoded authorization failure message: {t.token}" for t in result.complete_tokens]
        labelled += [f"region={a.region} authorization id: {a.authorization_id}" if a.region
                     else f"authorization id: {a.authorization_id}" for a in result.authorization_ids]
        labelled += [json.dumps(d.document) for d in result.decoded]
        reference = secrets.token_urlsafe(12)
        self._store.put(DETAILS_PREFIX + reference, "\n".join(labelled))
        return reference

    def _unanswered(self, result: ScanResult, scope: str, claimed: list[str]) -> ScanResult | None:
        def first(key: str) -> bool:
            full = f"answer:{scope}:{key}"
            if self._store.first_time(full):
                claimed.append(full)
                return True
            return False

        unanswered = dataclasses.replace(
            result,
            tokens=tuple(t for t in result.tokens if first(t.fingerprint)),
            decoded=tuple(d for d in result.decoded if first(d.fingerprint)),
            authorization_ids=tuple(a for a in result.authorization_ids if first(a.fingerprint)),
            missing=result.missing if result.missing and first("missing") else (),
        )
        return unanswered if unanswered.anything else None
