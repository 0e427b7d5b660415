"""What every Slack surface shares: pasted text in, one Block Kit answer out, each token answered once."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass

from bot.detect import ScanResult, scan, slack_unescape
from bot.pipeline import DecodeFn, Finding, explain_scan
from bot.render.blocks import Block, reply_blocks
from bot.store import Store

log = logging.getLogger(__name__)

MAX_ITEMS_PER_MESSAGE = 5  # tokens and decoded messages answered in one reply; the rest are counted
MAX_SCAN_CHARS = 200_000


@dataclass(frozen=True)
class Answer:
    text: str
    blocks: list[Block]
    findings: list[Finding]
    claimed: tuple[str, ...]  # dedupe keys taken for this answer; released if it cannot be delivered


class Answerer:
    def __init__(self, decode: DecodeFn, store: Store, region: str) -> None:
        self._decode = decode
        self._store = store
        self._region = region

    def answer(self, text: str, lang: str, once_per: str | None = None) -> Answer | None:
        """The answer to a paste, or None when it holds nothing to explain (or nothing new).

        With `once_per` (for example "C123:1700000000.000100"), each token is answered once per message,
        whichever event (message, edit, mention, Slack retry) brings it first.
        """
        result = scan(slack_unescape(text[:MAX_SCAN_CHARS]))
        if not (result.tokens or result.decoded or result.missing):
            return None
        claimed: list[str] = []
        if once_per is not None:
            unanswered = self._unanswered(result, once_per, claimed)
            if unanswered is None:
                return None
            result = unanswered
        tokens, decoded = list(result.tokens), list(result.decoded)
        kept_tokens = tokens[:MAX_ITEMS_PER_MESSAGE]
        kept_decoded = decoded[: max(0, MAX_ITEMS_PER_MESSAGE - len(kept_tokens))]
        left_out = len(tokens) + len(decoded) - len(kept_tokens) - len(kept_decoded)
        result = dataclasses.replace(result, tokens=tuple(kept_tokens), decoded=tuple(kept_decoded))
        findings = explain_scan(result, self._decode, self._region)
        for finding in findings:
            if finding.problem and finding.problem.admin:
                log.warning("could not decode token %s: %s", finding.fingerprint, finding.problem.code)
        fallback, blocks = reply_blocks(findings, lang, left_out)
        return Answer(fallback, blocks, findings, tuple(claimed))

    def release(self, answer: Answer) -> None:
        for key in answer.claimed:
            self._store.forget(key)

    def _unanswered(self, result: ScanResult, scope: str, claimed: list[str]) -> ScanResult | None:
        def first(key: str) -> bool:
            full = f"answer:{scope}:{key}"
            if self._store.first_time(full):
                claimed.append(full)
                return True
            return False

        tokens = tuple(t for t in result.tokens if first(t.fingerprint))
        decoded = tuple(d for d in result.decoded if first(d.fingerprint))
        missing = result.missing if result.missing and first("missing") else ()
        if not (tokens or decoded or missing):
            return None
        return dataclasses.replace(result, tokens=tokens, decoded=decoded, missing=missing)
