"""The error text around an input (its hints: accounts, and what a plain-text denial in it names), read once per
paste, and the short name that identifies an input without showing it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from bot.core.denials import OPERATION_NAMED, Denial, find_denials, find_refusals
from bot.core.textsearch import FastPath, Folded, LazyPattern, Search
from bot.vocab import PolicyKind, ReasonCode

HINT_WINDOW = 4_000  # how far before an input its error text is looked for


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
    # Set when a plain-text denial is this input's own error text (detect binds it): the text can then be explained
    # on its own when the input cannot be read.
    reason: ReasonCode | None = None
    label: str | None = None  # what the paste calls this error: Terraform's resource address, the operation

    def to_dict(self) -> dict[str, Any]:
        return {
            "accounts": list(self.accounts),
            "principal_arn": self.principal_arn,
            "action": self.action,
            "resource": self.resource,
            "policy": self.policy.to_dict() if self.policy else None,
            "reason": self.reason,
            "label": self.label,
        }

    def own_text(self, denial: Denial) -> Hints:
        """These hints, bound to the denial that is the input's own error text."""
        kind = denial.reason.policy_kind
        policy = PolicyHint(kind, denial.reason.explicit, denial.policy_arn) if kind else None
        return Hints(self.accounts, denial.principal, denial.action, denial.resource, policy, denial.reason, self.label)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Hints:
        return cls(
            accounts=tuple(str(a) for a in raw.get("accounts") or ()),
            principal_arn=raw.get("principal_arn"),
            action=raw.get("action"),
            resource=raw.get("resource"),
            policy=PolicyHint.from_dict(raw.get("policy")),
            reason=ReasonCode(raw["reason"]) if raw.get("reason") in tuple(ReasonCode) else None,
            label=str(raw["label"])[:200] if raw.get("label") else None,
        )


_ACCOUNT = Search("account", LazyPattern(r"arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:([0-9]{12}):"), (b"arn:aws",))


# What a paste calls an error: Terraform's "with aws_instance.web," after it, or the operation before it.
_TERRAFORM_ADDRESS = LazyPattern(r"\bwith ((?:module\.[\w-]+\.)*(?:data\.)?[a-z0-9_]+\.[\w-]+(?:\[[^\]\s]{1,40}\])?),")
LABEL_REACH = 600


def error_label(text: str, start: int, end: int, floor: int = 0, ceiling: int | None = None) -> str | None:
    """The label the paste gives the error at [start, end): the Terraform resource named after it (before the next
    error, `ceiling`), else the API operation its own text names (after the previous error, `floor`)."""
    limit = min(len(text), end + LABEL_REACH, len(text) if ceiling is None else ceiling)
    after = _TERRAFORM_ADDRESS.search(text, end, limit)
    if after:
        return after.group(1)
    named = list(OPERATION_NAMED.finditer(text, max(floor, start - LABEL_REACH), end))
    if not named:
        return None
    plain, _, sdk = named[-1].groups()
    return plain or sdk


class Paste:
    """One pasted text as the finders read it: folded once, its plain-text denials read once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = Folded(text)

    @cached_property
    def denials(self) -> list[Denial]:
        return find_denials(self.folded)

    @cached_property
    def refusals(self) -> list[Denial]:
        return find_refusals(self.folded)

    @property
    def hints(self) -> Hints:
        """The hints of the paste as a whole: its accounts and its first denial."""
        return _hints(self.folded, self.denials[:1])

    def hints_before(self, floor: int, position: int) -> Hints:
        """Hints from the error text that leads up to an input: after `floor` (the previous input), not the whole
        paste."""
        window = Folded(self.text[max(floor, position - HINT_WINDOW) : position])
        return _hints(window, find_denials(window)[-1:])


def _hints(folded: Folded, denials: list[Denial]) -> Hints:
    """What the error text says: its accounts, and what the given plain-text denial in it names."""
    accounts = tuple(dict.fromkeys(m.group(1) for m in _ACCOUNT.fast(folded)))
    if not denials:
        return Hints(accounts=accounts)
    denial = denials[0]
    kind = denial.reason.policy_kind
    policy = PolicyHint(kind, denial.reason.explicit, denial.policy_arn) if kind else None
    return Hints(accounts=accounts, principal_arn=denial.principal, action=denial.action, resource=denial.resource,
                 policy=policy)


HINT_FAST_PATHS: tuple[FastPath, ...] = (_ACCOUNT,)
