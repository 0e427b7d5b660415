"""An authorization failure as one typed model, whatever it was read from (decoded message, IAM Toolbox details)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from bot.vocab import CheckResult, PolicyKind, PrincipalKind

# Keys that describe the request itself; no policy can use them in a Condition block.
CONTEXT_ONLY_KEYS = frozenset(
    {"aws:service", "aws:resource", "aws:type", "aws:arn", "aws:account", "aws:region", "aws:resourcebeingcreated"}
)


_REPORTED_AS = {"aws:requestedregion": "aws:region"}


@dataclass(frozen=True)
class Principal:
    arn: str | None
    id: str | None
    name: str | None

    @property
    def kind(self) -> PrincipalKind:
        """What kind of principal, read off the ARN."""
        arn = self.arn or ""
        resource = arn.split(":", 5)[5] if arn.count(":") >= 5 else ""
        if resource == "root":
            return PrincipalKind.ROOT
        for prefix, kind in (
            ("user/", PrincipalKind.IAM_USER),
            ("role/", PrincipalKind.IAM_ROLE),
            ("assumed-role/", PrincipalKind.ASSUMED_ROLE),
            ("federated-user/", PrincipalKind.FEDERATED_USER),
        ):
            if resource.startswith(prefix):
                return kind
        if arn.endswith(".amazonaws.com"):
            return PrincipalKind.SERVICE
        return PrincipalKind.UNKNOWN

    @property
    def account(self) -> str | None:
        parts = (self.arn or "").split(":")
        return parts[4] if len(parts) > 5 and parts[4] else None

    @property
    def role_name(self) -> str | None:
        """The role behind an assumed-role session or a role ARN."""
        resource = (self.arn or "").split(":", 5)[-1]
        if self.kind is PrincipalKind.ASSUMED_ROLE:
            return resource.split("/")[1] if resource.count("/") >= 2 else None
        if self.kind is PrincipalKind.IAM_ROLE:
            return resource.rsplit("/", 1)[-1]
        return None

    @property
    def short_name(self) -> str | None:
        """The user, role or session name a person would recognise."""
        if self.name:
            return self.name
        if self.kind is PrincipalKind.ASSUMED_ROLE:
            return self.role_name
        resource = (self.arn or "").split(":", 5)[-1]
        return resource.rsplit("/", 1)[-1] or None


@dataclass(frozen=True)
class PolicyRef:
    """The policy a statement was found in, where the source names it (IAM Toolbox does; STS does not)."""

    uri: str
    kind: PolicyKind


@dataclass(frozen=True)
class Statement:
    sid: str
    effect: str
    actions: tuple[str, ...]
    resources: tuple[str, ...]
    principals: tuple[str, ...]
    conditions: dict[str, tuple[str, ...]]
    policy: PolicyRef | None = None


@dataclass(frozen=True)
class Check:
    """One requirement IAM evaluated (SCPs, the principal's policies, a boundary …) and its result."""

    kind: PolicyKind
    effect: CheckResult
    target: str | None
    policy_types: tuple[PolicyKind, ...]


@dataclass(frozen=True)
class AuthorizationFailure:
    allowed: bool
    explicit_deny: bool
    principal: Principal
    action: str
    resource: str
    context: dict[str, tuple[str, ...]]
    matched_statements: tuple[Statement, ...]
    checks: tuple[Check, ...] = ()

    @property
    def service(self) -> str:
        return self.action.split(":", 1)[0]

    def context_value(self, key: str) -> str | None:
        """First value of a request-context key, matched case-insensitively as IAM does.

        Decoded messages report the Region as aws:Region; policies test it as aws:RequestedRegion.
        """
        return first_value(self.context, key) or first_value(self.context, _REPORTED_AS.get(key.lower(), ""))

    @property
    def condition_context(self) -> dict[str, tuple[str, ...]]:
        """The request's values for keys a policy condition can test."""
        return {k: v for k, v in self.context.items() if k.lower() not in CONTEXT_ONLY_KEYS}


def first_value(context: dict[str, tuple[str, ...]], key: str) -> str | None:
    """The first value of a context key, matched case-insensitively as IAM does."""
    wanted = key.lower()
    for name, values in context.items():
        if name.lower() == wanted and values:
            return values[0]
    return None


MASK = "•••"


def masked(failure: AuthorizationFailure, keys: tuple[str, ...]) -> AuthorizationFailure:
    """The same failure with the values of the named condition keys hidden ("aws:SourceIp", "aws:RequestTag/*")."""
    if not keys:
        return failure
    patterns = [key.lower() for key in keys]

    def hidden(key: str) -> bool:
        name = key.lower()
        return any(name == p or (p.endswith("*") and name.startswith(p[:-1])) for p in patterns)

    def scrub(values: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        return {k: (MASK,) if hidden(k) else v for k, v in values.items()}

    statements = tuple(dataclasses.replace(s, conditions=scrub(s.conditions)) for s in failure.matched_statements)
    return dataclasses.replace(failure, context=scrub(failure.context), matched_statements=statements)
