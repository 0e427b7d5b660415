"""Plain-text access-denied messages ("User: … is not authorized to perform: …", core/denials.py): the message's
own words, every value as written, explained with no AWS call. Only the paste vouches for them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from bot.core.denials import ANCHOR, REFUSAL_SEARCHES, Denial
from bot.core.hints import Hints, Paste, fingerprint
from bot.core.kinds.base import Kind
from bot.core.outcomes import Lookups, Reading
from bot.core.parsers import plaintext
from bot.vocab import InputKind, ReasonCode, Source


@dataclass(frozen=True)
class PlainDenial(Denial):
    """A plain-text access-denied message; every value as written (see core/denials.py)."""

    hints: Hints = field(default_factory=Hints)
    kind = InputKind.TEXT
    needs_aws = False

    @property
    def fingerprint(self) -> str:
        return fingerprint("\n".join(str(v) for v in (self.principal, self.action, self.resource, self.reason,
                                                       self.policy_arn)))

    def to_dict(self) -> dict[str, Any]:
        """The `decode-bot scan --format json` form (DESIGN.md section 3)."""
        return {"principal": self.principal, "action": self.action, "resource": self.resource,
                "reason": self.reason, "policy_arn": self.policy_arn, "start": self.start}


def find(paste: Paste) -> list[PlainDenial]:
    return [_as(PlainDenial, d, paste.hints_before(0, d.start)) for d in paste.denials]


def read(item: PlainDenial, lookups: Lookups | None) -> list[Reading]:
    return [plaintext.reading(item.principal, item.action, item.resource, item.reason, item.policy_arn,
                              item.operation)]


DenialT = TypeVar("DenialT", bound="PlainDenial")


def _as(cls: type[DenialT], denial: Denial, hints: Hints) -> DenialT:
    return cls(denial.principal, denial.action, denial.resource, denial.reason, denial.policy_arn, denial.start,
               denial.end, denial.operation, hints=hints)


def _to_json(item: PlainDenial) -> dict[str, Any]:
    return {**item.to_dict(), "end": item.end, "operation": item.operation}


def _from_json(entry: dict[str, Any], start: int, hints: Hints) -> PlainDenial:
    denial = Denial(str(entry["principal"]), str(entry["action"]), entry.get("resource"), ReasonCode(entry["reason"]),
                    entry.get("policy_arn"), start, int(entry.get("end", start)), entry.get("operation"))
    return _as(PlainDenial, denial, hints)


TEXT = Kind(InputKind.TEXT, PlainDenial, find, read, Source.PASTED, _to_json, _from_json, scan_field="denials",
            scan_form=lambda denials: [d.to_dict() for d in denials], fast_paths=(ANCHOR,))


@dataclass(frozen=True)
class RefusalText(PlainDenial):
    """A refusal in words other than IAM's denial sentence (core/denials.py, find_refusals): a web identity role
    assumption, or a refusal no IAM policy decided. Read and explained like a plain-text denial."""

    kind = InputKind.REFUSAL


def find_refusals(paste: Paste) -> list[RefusalText]:
    return [_as(RefusalText, d, paste.hints_before(0, d.start)) for d in paste.refusals]


def _refusal_from_json(entry: dict[str, Any], start: int, hints: Hints) -> RefusalText:
    return _as(RefusalText, _from_json(entry, start, hints), hints)


REFUSAL = Kind(InputKind.REFUSAL, RefusalText, find_refusals, read, Source.PASTED, _to_json, _refusal_from_json,
               scan_field="refusals",
               scan_form=lambda refusals: [r.to_dict() for r in refusals], fast_paths=REFUSAL_SEARCHES)
