"""What detect finds in a paste: one typed input per thing to explain, with the hints of the text around it.

Inputs are plain frozen data. They serialise to JSON (for "Show details" references, which must keep the
hints of the error text rather than re-scan a token on its own) and back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from bot.vocab import InputKind, PolicyKind


def fingerprint(secret: str) -> str:
    """Short, stable name for a token or decoded message, safe to log and show."""
    import hashlib  # here: OpenSSL's bindings load slowly, and most commands never fingerprint anything

    return hashlib.sha256(secret.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class PolicyHint:
    kind: PolicyKind
    explicit_deny: bool  # "with an explicit deny in …" rather than "because no … allows"
    arn: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "explicit_deny": self.explicit_deny, "arn": self.arn}

    @classmethod
    def from_dict(cls, raw: dict[str, Any] | None) -> PolicyHint | None:
        if not raw:
            return None
        kind = str(raw.get("kind"))
        known = kind in tuple(PolicyKind)
        return cls(PolicyKind(kind) if known else PolicyKind.UNKNOWN, bool(raw.get("explicit_deny")), raw.get("arn"))


@dataclass(frozen=True)
class Hints:
    """What the error text around an input says; the decoded message never names the policy kind."""

    accounts: tuple[str, ...] = ()
    principal_arn: str | None = None
    action: str | None = None
    resource: str | None = None
    policy: PolicyHint | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "accounts": list(self.accounts),
            "principal_arn": self.principal_arn,
            "action": self.action,
            "resource": self.resource,
            "policy": self.policy.to_dict() if self.policy else None,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Hints:
        return cls(
            accounts=tuple(str(a) for a in raw.get("accounts") or ()),
            principal_arn=raw.get("principal_arn"),
            action=raw.get("action"),
            resource=raw.get("resource"),
            policy=PolicyHint.from_dict(raw.get("policy")),
        )


@dataclass(frozen=True)
class EncodedToken:
    token: str
    start: int
    end: int
    truncated: bool
    hints: Hints = field(default_factory=Hints)
    kind = InputKind.ENCODED

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.token)

    @property
    def needs_aws(self) -> bool:
        return not self.truncated


@dataclass(frozen=True)
class DecodedMessage:
    """An already-decoded message: the inner JSON object, however many times it was escaped."""

    document: dict[str, Any]
    start: int
    hints: Hints = field(default_factory=Hints)
    damaged: str | None = None  # the fingerprint of a decoded message too damaged to read (document is empty)
    kind = InputKind.DECODED
    needs_aws = False

    @property
    def fingerprint(self) -> str:
        return self.damaged or fingerprint(json.dumps(self.document, sort_keys=True))


@dataclass(frozen=True)
class AuthorizationId:
    """An authorization ID from a newer access-denied error, looked up with IAM Toolbox."""

    authorization_id: str
    start: int
    region: str | None  # from the console link, which points at the Region that holds the details
    hints: Hints = field(default_factory=Hints)
    kind = InputKind.AUTHORIZATION_ID
    needs_aws = True

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.authorization_id)


@dataclass(frozen=True)
class MissingToken:
    """A label with nothing usable after it: a placeholder, a redaction, or the token dropped."""

    start: int
    hints: Hints = field(default_factory=Hints)
    kind = InputKind.MISSING
    needs_aws = False
    fingerprint = None


@dataclass(frozen=True)
class PlainDenial:
    """A plain-text access-denied message; every value as written (see core/denials.py)."""

    principal: str
    action: str
    resource: str | None
    reason: str  # a reason code (DESIGN.md section 3)
    policy_arn: str | None
    start: int
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


Input = EncodedToken | DecodedMessage | AuthorizationId | MissingToken | PlainDenial


def capped(inputs: tuple[Input, ...], room: int) -> tuple[tuple[Input, ...], int]:
    """At most `room` inputs, those that need AWS first, then the paste's order; and how many were left out."""
    ranked = sorted(range(len(inputs)), key=lambda i: (not inputs[i].needs_aws, i))[:room]
    kept = tuple(inputs[i] for i in sorted(ranked))
    return kept, len(inputs) - len(kept)


def inputs_to_json(inputs: tuple[Input, ...]) -> str:
    return json.dumps([_to_dict(item) for item in inputs], separators=(",", ":"))


def inputs_from_json(stored: str) -> tuple[Input, ...]:
    """The inputs kept by inputs_to_json(); anything malformed is left out."""
    try:
        raw = json.loads(stored)
    except (ValueError, RecursionError):
        return ()
    found: list[Input] = []
    for entry in raw if isinstance(raw, list) else []:
        try:
            found.append(_from_dict(entry))
        except (KeyError, TypeError, ValueError):
            continue
    return tuple(found)


def _to_dict(item: Input) -> dict[str, Any]:
    entry: dict[str, Any] = {"kind": item.kind, "start": item.start, "hints": item.hints.to_dict()}
    if isinstance(item, EncodedToken):
        entry.update(token=item.token, end=item.end, truncated=item.truncated)
    elif isinstance(item, DecodedMessage):
        entry.update(document=item.document, damaged=item.damaged)
    elif isinstance(item, AuthorizationId):
        entry.update(id=item.authorization_id, region=item.region)
    elif isinstance(item, PlainDenial):
        entry.update(item.to_dict())
    return entry


def _from_dict(entry: dict[str, Any]) -> Input:
    kind, start, hints = InputKind(entry["kind"]), int(entry["start"]), Hints.from_dict(entry["hints"])
    if kind is InputKind.ENCODED:
        return EncodedToken(str(entry["token"]), start, int(entry["end"]), bool(entry["truncated"]), hints)
    if kind is InputKind.DECODED:
        if not isinstance(entry["document"], dict):
            raise TypeError("document")
        return DecodedMessage(entry["document"], start, hints, entry.get("damaged"))
    if kind is InputKind.AUTHORIZATION_ID:
        return AuthorizationId(str(entry["id"]), start, entry.get("region"), hints)
    if kind is InputKind.TEXT:
        return PlainDenial(str(entry["principal"]), str(entry["action"]), entry.get("resource"),
                           str(entry["reason"]), entry.get("policy_arn"), start, hints)
    return MissingToken(start, hints)
