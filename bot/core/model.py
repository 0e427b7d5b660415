"""An authorization failure as one typed model, whatever it was read from (decoded message, IAM Toolbox details)."""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass

from bot.vocab import CheckResult, PolicyKind, PrincipalKind, Refusal

# Keys that describe the request itself; no policy can use them in a Condition block.
CONTEXT_ONLY_KEYS = frozenset(
    {"aws:service", "aws:resource", "aws:type", "aws:arn", "aws:account", "aws:region", "aws:resourcebeingcreated"}
)


# Keys that carry the same fact: decoded messages report the Region as aws:Region (EC2 also as ec2:Region),
# policies test it as aws:RequestedRegion. Masking, reading and narrowing treat each family as one key.
_FAMILIES = (frozenset({"aws:requestedregion", "aws:region", "ec2:region"}),)


def aliases(key: str) -> frozenset[str]:
    """The key (lower case) and every key that carries the same fact."""
    name = key.lower()
    return next((family for family in _FAMILIES if name in family), frozenset({name}))


# One ARN segment: anything but a colon, where placeholders such as [redacted:account_id] count as one piece.
_SEGMENT = r"(?:\[[^\]]*\]|<[^>]*>|\{[^}]*\}|[^:])*"
_ARN = re.compile(rf"arn:({_SEGMENT}):({_SEGMENT}):({_SEGMENT}):({_SEGMENT}):(.*)", re.DOTALL)
_ACCOUNT_ID = re.compile(r"[0-9]{12}")
SSO_ROLE_PREFIX = "AWSReservedSSO_"
# IAM Identity Center creates its roles under this path (older ones with the Region in it).
SSO_ROLE_PATH = "aws-reserved/sso.amazonaws.com/"


@dataclass(frozen=True)
class Arn:
    partition: str
    service: str
    region: str
    account: str
    resource: str

    @classmethod
    def parse(cls, text: str | None) -> Arn | None:
        return _parsed_arn(text or "")


@functools.lru_cache(maxsize=1024)
def _parsed_arn(text: str) -> Arn | None:
    """Cached: an explanation asks about the same few ARNs dozens of times (kind, account, role, partition)."""
    match = _ARN.fullmatch(text)
    return Arn(*match.groups()) if match else None


def service_domain(partition: str) -> str:
    """The domain of service principals and endpoints in a partition (China's ends in .com.cn)."""
    return "amazonaws.com.cn" if partition == "aws-cn" else "amazonaws.com"


def account_id(value: str) -> str | None:
    """The value if it is an account ID (twelve digits), not a redaction (***, [account_id])."""
    return value if _ACCOUNT_ID.fullmatch(value) else None


def permission_set_of(role: str) -> str | None:
    """The IAM Identity Center permission set behind an AWSReservedSSO_<set>_<hash> role."""
    if not role.startswith(SSO_ROLE_PREFIX):
        return None
    name, _, _ = role[len(SSO_ROLE_PREFIX):].rpartition("_")
    return name or None


@dataclass(frozen=True)
class Principal:
    arn: str | None
    id: str | None
    name: str | None

    @property
    def parsed(self) -> Arn | None:
        return Arn.parse(self.arn)

    @property
    def kind(self) -> PrincipalKind:
        """What kind of principal, read off the ARN."""
        parsed = self.parsed
        resource = parsed.resource if parsed else ""
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
        if (self.arn or "").endswith((".amazonaws.com", ".amazonaws.com.cn")):
            return PrincipalKind.SERVICE
        return PrincipalKind.UNKNOWN

    @property
    def partition(self) -> str:
        parsed = self.parsed
        return parsed.partition if parsed and parsed.partition.startswith("aws") else "aws"

    @property
    def account(self) -> str | None:
        """The principal's account; None when the ARN names none or a redacted one (***, [account_id])."""
        parsed = self.parsed
        return account_id(parsed.account) if parsed else None

    @property
    def role_name(self) -> str | None:
        """The role behind an assumed-role session or a role ARN."""
        parsed = self.parsed
        if parsed is None:
            return None
        if self.kind is PrincipalKind.ASSUMED_ROLE:
            parts = parsed.resource.split("/")
            return parts[1] if len(parts) >= 3 else None
        if self.kind is PrincipalKind.IAM_ROLE:
            return parsed.resource.rsplit("/", 1)[-1]
        return None

    @property
    def session_name(self) -> str | None:
        parsed = self.parsed
        if parsed is None or self.kind is not PrincipalKind.ASSUMED_ROLE:
            return None
        return parsed.resource.split("/", 2)[-1]

    @property
    def permission_set(self) -> str | None:
        return permission_set_of(self.role_name or "")

    @property
    def role_arn(self) -> str | None:
        """The role's ARN, as aws:PrincipalArn carries it for a role session. A session's ARN drops the role's
        path: Identity Center roles have a known one, other paths cannot be told."""
        parsed, role = self.parsed, self.role_name
        if parsed is None or role is None:
            return None
        if self.kind is PrincipalKind.IAM_ROLE:
            return self.arn
        path = SSO_ROLE_PATH if self.permission_set else ""
        return f"arn:{parsed.partition}:iam::{parsed.account}:role/{path}{role}"

    @property
    def principal_arn(self) -> str | None:
        """aws:PrincipalArn, which every signed request carries though decoded contexts omit it."""
        if self.kind in (PrincipalKind.ASSUMED_ROLE, PrincipalKind.IAM_ROLE):
            return self.role_arn
        return self.arn if self.kind in (PrincipalKind.IAM_USER, PrincipalKind.ROOT,
                                         PrincipalKind.FEDERATED_USER) else None

    @property
    def display(self) -> str:
        """The principal as people read it in an answer: its ARN, else the name or ID its source gives."""
        return self.arn or self.name or self.id or "?"

    @property
    def short_name(self) -> str | None:
        """The user or role name a person would recognise; the ARN decides when a pasted `name` disagrees."""
        if self.kind is PrincipalKind.ASSUMED_ROLE:
            return self.role_name
        parsed = self.parsed
        if parsed is None and self.arn:  # named oddly (arn:aws:iam::user/nico): its last part, as pasted
            return self.arn.rsplit("/", 1)[-1] or self.arn
        return (parsed.resource.rsplit("/", 1)[-1] if parsed else None) or self.name or None


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
    reason_known: bool = True  # False: a plain-text message that says neither "explicit deny" nor "no … allows"
    refusal: Refusal | None = None  # refused by something other than IAM policy evaluation
    operation: str | None = None  # the API operation the error text names, where it names one

    @property
    def service(self) -> str:
        return self.action.split(":", 1)[0]

    def context_value(self, key: str) -> str | None:
        """First value of a request-context key, matched case-insensitively as IAM does.

        Decoded messages report the Region as aws:Region; policies test it as aws:RequestedRegion.
        """
        return next((found for name in sorted(aliases(key), key=lambda n: n != key.lower())
                     if (found := first_value(self.context, name))), None)

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
    patterns = [alias for key in keys for alias in aliases(key)]

    def hidden(key: str) -> bool:
        name = key.lower()
        return any(name == p or (p.endswith("*") and name.startswith(p[:-1])) for p in patterns)

    def scrub(values: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        return {k: (MASK,) if hidden(k) else v for k, v in values.items()}

    statements = tuple(dataclasses.replace(s, conditions=scrub(s.conditions)) for s in failure.matched_statements)
    return dataclasses.replace(failure, context=scrub(failure.context), matched_statements=statements)
