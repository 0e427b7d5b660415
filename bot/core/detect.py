"""Find what a paste holds: every kind's finder (bot.core.kinds) runs over one folded copy of the text, then the
rules that span kinds decide what is answered. Pure and linear-time; offsets refer to the text as given."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, TypeVar

from bot.core.hints import Hints, Paste, error_label
from bot.core.kinds import KINDS, Input
from bot.core.kinds.authorization_id import AuthorizationId
from bot.core.kinds.cloudtrail import CloudTrailEvent
from bot.core.kinds.decoded import DecodedMessage
from bot.core.kinds.encoded import FENCE, MAX_TOKEN_LENGTH, MIN_TOKEN_LENGTH, EncodedToken, MissingToken
from bot.core.kinds.text import PlainDenial
from bot.core.textsearch import ZERO_WIDTH, Folded, LazyPattern

InputT = TypeVar("InputT", EncodedToken, DecodedMessage, AuthorizationId, MissingToken, PlainDenial)
SAME_ERROR = 400  # a denial this close before a token or an authorization ID is that error's own text


@dataclass(frozen=True)
class ScanResult:
    """Everything found in one paste, in order of appearance, and the hints of the paste as a whole."""

    inputs: tuple[Input, ...]
    hints: Hints
    # Plain-text denials answered with the token or ID they belong to, and that input's fingerprint.
    companions: tuple[tuple[PlainDenial, str | None], ...] = ()

    def of(self, kind: type[InputT]) -> tuple[InputT, ...]:
        """The inputs of exactly this kind (a refusal is read like a plain-text denial, but is not one)."""
        return tuple(item for item in self.inputs if isinstance(item, kind) and item.kind == kind.kind)

    @property
    def tokens(self) -> tuple[EncodedToken, ...]:
        return self.of(EncodedToken)

    @property
    def complete_tokens(self) -> tuple[EncodedToken, ...]:
        return tuple(t for t in self.tokens if not t.truncated)

    @property
    def decoded(self) -> tuple[DecodedMessage, ...]:
        return self.of(DecodedMessage)

    @property
    def authorization_ids(self) -> tuple[AuthorizationId, ...]:
        return self.of(AuthorizationId)

    @property
    def denials(self) -> tuple[PlainDenial, ...]:
        return self.of(PlainDenial)

    @property
    def missing(self) -> tuple[MissingToken, ...]:
        return self.of(MissingToken)

    @property
    def anything(self) -> bool:
        return bool(self.inputs)

    @property
    def needs_aws(self) -> bool:
        """Whether explaining this paste takes AWS calls (an STS decode or an IAM Toolbox lookup)."""
        return any(item.needs_aws for item in self.inputs)

    def to_dict(self) -> dict[str, Any]:
        """The `decode-bot scan --format json` contract (DESIGN.md section 3)."""
        found: dict[str, Any] = {}
        for kind in KINDS.values():
            if kind.scan_field and kind.scan_form:
                found[kind.scan_field] = kind.scan_form(self.of(kind.type))
        beside = [{**denial.to_dict(), "token": owner} for denial, owner in self.companions]
        found["denials"] = sorted([*found["denials"], *beside], key=lambda d: int(d["start"]))
        return {**found, "hints": self.hints.to_dict()}


# Cheap pre-checks, for a listener thread that must not scan: substring searches and one character-class run.
_ANY_INPUT = ("enc", "author", "allowed", "declarative", "protected role", "permissions to access", "access denied",
              "forbidden", "accessdenied", "eventname")
_AWS_INPUT = ("encoded", "-enc", "\u2014enc", "\u2013enc", "authorization")  # labels and flags (dashes as typed)
_TOKEN_RUN = LazyPattern(f"[A-Za-z0-9_-]{{{MIN_TOKEN_LENGTH}}}")
_TOKEN_ALONE = LazyPattern(f"[A-Za-z0-9_\\s\"'`{ZERO_WIDTH}-]+")


def may_hold_input(text: str, bare_tokens: bool = True) -> bool:
    """False only when scan() would surely find nothing (no label, flag, ID, denial or decoded message word, and,
    with `bare_tokens`, no room for a token pasted alone)."""
    lowered = text.lower()
    return any(needle in lowered for needle in _ANY_INPUT) or (bare_tokens and _may_hold_bare_token(text))


def _may_hold_bare_token(text: str) -> bool:
    """A token pasted alone (the whole text, wrapped or not) or alone in a code block, or a long run of its alphabet:
    only token characters, white space and quotes, over at most a wrapped token's length."""
    blocks = [text, *(m.group()[3:-3] for m in FENCE.fast(Folded(text)))] if "```" in text else [text]
    return any(MIN_TOKEN_LENGTH <= len(block) <= 4 * MAX_TOKEN_LENGTH and _TOKEN_ALONE.fullmatch(block)
               for block in blocks) or _TOKEN_RUN.search(text) is not None


def may_need_aws(text: str) -> bool:
    """False only when no input of the text can need AWS (no token label or flag, no authorization ID, no token
    long enough to stand alone)."""
    lowered = text.lower()
    return any(needle in lowered for needle in _AWS_INPUT) or _may_hold_bare_token(text)


def scan(text: str) -> ScanResult:
    """Everything decode-bot can use in one pasted text, in order of appearance and without repeats."""
    paste = Paste(text)
    found: list[Input] = [item for kind in KINDS.values() if kind.find for item in kind.find(paste)]
    answered, companions = _answered(found)
    if len(answered) > 1:  # several errors: each answer is anchored to what the paste calls it
        answered = _labelled(text, sorted(answered, key=lambda item: item.start))
    return ScanResult(tuple(sorted(answered, key=lambda item: item.start)), paste.hints, companions)


def _labelled(text: str, inputs: list[Input]) -> list[Input]:
    """Each input with the label the paste gives it, looked for between its neighbours only."""
    labelled: list[Input] = []
    for index, item in enumerate(inputs):
        end = getattr(item, "end", item.start)
        floor = getattr(inputs[index - 1], "end", inputs[index - 1].start) if index else 0
        ceiling = inputs[index + 1].start if index + 1 < len(inputs) else None
        label = error_label(text, item.start, end, floor, ceiling)
        labelled.append(dataclasses.replace(item, hints=dataclasses.replace(item.hints, label=label)))
    return labelled


def _answered(found: list[Input]) -> tuple[list[Input], tuple[tuple[PlainDenial, str | None], ...]]:
    """The rules that span kinds: what of everything found gets an answer of its own, and the plain-text denials
    answered with the token, decoded output or authorization ID they belong to."""
    # A CloudTrail record reads its own errorMessage: nothing inside it is answered a second time.
    records = [(item.start, item.end) for item in found if isinstance(item, CloudTrailEvent)]
    if records:
        found = [item for item in found if isinstance(item, CloudTrailEvent) or not any(
            start <= item.start < end for start, end in records)]
    decoded = any(isinstance(item, DecodedMessage) for item in found)
    # A token cut or elided on purpose beside its decoded output needs no "cut short" warning.
    kept = [item for item in found if not (decoded and isinstance(item, EncodedToken) and item.truncated)]
    # The text of an error whose token, decoded output or authorization ID follows is answered once, with it: the
    # answer takes the verdict and policy kind from the text, and falls back to the text alone when the token
    # cannot be decoded.
    companions: list[tuple[PlainDenial, str | None]] = []
    bound: list[Input] = []
    denials = [item for item in kept if type(item) is PlainDenial]  # few: the loop below stays linear in inputs
    for item in kept:
        if denials and isinstance(item, (EncodedToken, DecodedMessage, AuthorizationId, MissingToken)):
            text = next((d for d in denials if 0 <= item.start - d.end <= SAME_ERROR), None)
            if text is not None:
                companions.append((text, item.fingerprint))
                item = dataclasses.replace(item, hints=item.hints.own_text(text))
        bound.append(item)
    told = {id(denial) for denial, _ in companions}
    kept = [item for item in bound if not (isinstance(item, PlainDenial) and id(item) in told)]
    # A label without a token matters only when nothing else was found.
    answered: list[Input] = [item for item in kept if not isinstance(item, MissingToken)]
    return (answered or kept), tuple(companions)
