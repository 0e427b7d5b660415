"""What the AWS side answers (the Lookups protocol and its outcomes) and what a parser makes of one input.

Pure types: the core depends on this protocol, `bot.aws.lookups` implements it, tests can implement it too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from bot.core.hints import PolicyHint
from bot.core.model import AuthorizationFailure
from bot.i18n import Line
from bot.i18n.keys import ERROR_ADMIN, ERROR_USER, SERVICE
from bot.vocab import AwsService, ProblemCode

if TYPE_CHECKING:
    from bot.core.kinds.authorization_id import AuthorizationId
    from bot.core.kinds.encoded import EncodedToken


@dataclass(frozen=True)
class Decoded:
    message: str  # the DecodedMessage JSON text
    account: str | None = None  # whose credentials decoded it, where known


@dataclass(frozen=True)
class Detailed:
    details: dict[str, Any]  # IAM Toolbox's GetRequestAuthorizationDetails answer, all pages merged
    account: str | None = None


@dataclass(frozen=True)
class LookupProblem:
    code: ProblemCode
    identity: str | None = None  # the bot identity that lacks a permission, where AWS names it
    service: AwsService = AwsService.STS
    region: str | None = None
    tried: int = 0  # how many accounts were tried, when the token was tried in several
    account: str | None = None  # the account the problem is about (one decode-bot does not decode in)

    @property
    def retryable(self) -> bool:
        return self.code.retryable


LookupOutcome = Decoded | Detailed | LookupProblem


@dataclass(frozen=True)
class PolicyCheck:
    """One policy for Access Analyzer's ValidatePolicy: its type, and the resource type of a resource policy."""

    document: str  # the policy JSON, as it would be pasted
    policy_type: str  # IDENTITY_POLICY | RESOURCE_POLICY | SERVICE_CONTROL_POLICY | RESOURCE_CONTROL_POLICY
    resource_type: str | None = None  # validatePolicyResourceType: AWS::S3::Bucket, AWS::IAM::AssumeRolePolicyDocument


@dataclass(frozen=True)
class PolicyFinding:
    finding_type: str  # ERROR | SECURITY_WARNING | WARNING | SUGGESTION
    issue_code: str
    details: str
    link: str = ""


@dataclass(frozen=True)
class Validated:
    findings: tuple[PolicyFinding, ...]


@dataclass(frozen=True)
class ContextEntry:
    key: str
    key_type: str  # SimulatePrincipalPolicy's ContextKeyType: string, stringList, numeric, boolean, ip, date …
    values: tuple[str, ...]


@dataclass(frozen=True)
class Simulation:
    """One request for IAM's policy simulator: the denied request, with a policy added or not."""

    principal_arn: str  # the user, or the role behind a role session
    action: str
    resource: str | None  # None: the simulator's default "*"
    context: tuple[ContextEntry, ...] = ()
    added: str | None = None  # an identity policy's JSON, evaluated as if attached (PolicyInputList)
    boundary: str | None = None  # a permissions boundary's JSON, in place of the principal's own


@dataclass(frozen=True)
class Simulated:
    decision: str  # allowed | explicitDeny | implicitDeny
    allowed_by_organizations: bool | None = None  # None: the simulator did not say (no SCP applies)
    allowed_by_boundary: bool | None = None
    missing_context: tuple[str, ...] = ()
    matched: tuple[str, ...] = ()  # the SourcePolicyId of each statement that matched


ValidationOutcome = Validated | LookupProblem
SimulationOutcome = Simulated | LookupProblem


class Lookups(Protocol):
    """The AWS calls the pipeline needs. Implementations never raise: every failure is a LookupProblem."""

    def decode(self, token: EncodedToken) -> LookupOutcome: ...

    def details(self, authorization: AuthorizationId) -> LookupOutcome: ...

    def preferring(self, accounts: tuple[str, ...]) -> Lookups:
        """The same lookups, trying these accounts first (an account the asker names)."""
        ...

    def within(self, scope: frozenset[str] | None) -> Lookups:
        """The same lookups, decoding only in these accounts (None: every account; ACCOUNT_SCOPES)."""
        ...

    def at_once(self, calls: Sequence[ReadCall]) -> list[list[Reading]]:
        """Each call's result, in order; the calls (each reads one input, looking it up) run at the same time as
        far as the process's limits allow (bot.concurrency)."""
        ...

    def validate_policy(self, check: PolicyCheck, locale: str, account: str | None) -> ValidationOutcome | None:
        """Access Analyzer's ValidatePolicy in an account (locale EN or JA); None where these lookups check
        nothing (no AWS, or an account decode-bot does not work in)."""
        ...

    def simulate(self, simulation: Simulation, account: str | None) -> SimulationOutcome | None:
        """IAM's SimulatePrincipalPolicy in the principal's account; None as for validate_policy."""
        ...

    def role_tags(self, role: str, account: str | None) -> dict[str, str] | None:
        """A role's tags (iam:ListRoleTags in its account); None where they cannot be read."""
        ...


@dataclass(frozen=True)
class Problem:
    """Why an input could not be explained, for the person who pasted (and, where needed, the bot's admin)."""

    code: ProblemCode
    user: Line
    admin: Line | None = None
    notice: Line | None = None  # whether the bot's administrators were told (Slack adds it; the CLI prints `admin`)
    # Commands that let the person get past it themselves: shown in the answer (no secrets in them), and the same
    # ready to run with the input in them, only where the answer is private ("Show details", the CLI).
    commands: tuple[str, ...] = ()
    private_commands: tuple[str, ...] = ()
    hint: Line | None = None  # what the paste says that explains the problem (the account the error names)
    commands_label: str = "label.decode_yourself"

    def with_commands(self, commands: tuple[str, ...], private: tuple[str, ...], hint: Line | None = None,
                      label: str = "label.decode_yourself") -> Problem:
        return dataclasses.replace(self, commands=commands, private_commands=private, hint=hint, commands_label=label)

    @classmethod
    def of(cls, code: ProblemCode, **params: str | int) -> Problem:
        admin = ERROR_ADMIN.line(code) if code.for_admin else None
        return cls(code, ERROR_USER.line(code, **params), admin)

    @classmethod
    def from_lookup(cls, outcome: LookupProblem) -> Problem:
        service = SERVICE.line(outcome.service)
        admin = None
        if outcome.code.for_admin:
            admin = ERROR_ADMIN.line(outcome.code, identity=outcome.identity or "?",
                         region=outcome.region or "?", service=service)
        return cls(outcome.code, ERROR_USER.line(outcome.code, service=service, count=outcome.tried,
                                                 account=outcome.account or "?"), admin)


@dataclass(frozen=True)
class Reading:
    """What a parser made of one input: a failure to explain (and the policy kind its source names), or a problem."""

    failure: AuthorizationFailure | None = None
    policy: PolicyHint | None = None
    problem: Problem | None = None
    account: str | None = None  # whose credentials decoded it
    event: dict[str, Any] | None = None  # a CloudTrail record's facts (trail.Event.to_dict())
    truncated_token: bool | None = None  # a CloudTrail record's token: cut by CloudTrail, or whole (None: no token)


ReadCall = Callable[[], list[Reading]]


@dataclass(frozen=True)
class FunctionLookups:
    """Lookups from plain functions (token -> outcome; ID and Region -> outcome): for examples, benchmarks, tests."""

    decode_token: Callable[[str], LookupOutcome]
    details_of: Callable[[str, str | None], LookupOutcome] | None = None
    validate_of: Callable[[PolicyCheck, str], ValidationOutcome] | None = None
    simulate_of: Callable[[Simulation], SimulationOutcome] | None = None
    role_tags_of: Callable[[str], dict[str, str] | None] | None = None

    def decode(self, token: EncodedToken) -> LookupOutcome:
        return self.decode_token(token.token)

    def preferring(self, accounts: tuple[str, ...]) -> FunctionLookups:
        return self

    def at_once(self, calls: Sequence[ReadCall]) -> list[list[Reading]]:
        return [call() for call in calls]

    def within(self, scope: frozenset[str] | None) -> FunctionLookups:
        return self

    def validate_policy(self, check: PolicyCheck, locale: str, account: str | None) -> ValidationOutcome | None:
        return self.validate_of(check, locale) if self.validate_of else None

    def simulate(self, simulation: Simulation, account: str | None) -> SimulationOutcome | None:
        return self.simulate_of(simulation) if self.simulate_of else None

    def role_tags(self, role: str, account: str | None) -> dict[str, str] | None:
        return self.role_tags_of(role) if self.role_tags_of else None

    def details(self, authorization: AuthorizationId) -> LookupOutcome:
        if self.details_of is None:
            return LookupProblem(ProblemCode.UNEXPECTED, service=AwsService.IAM_TOOLBOX)
        return self.details_of(authorization.authorization_id, authorization.region)
