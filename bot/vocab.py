"""Every vocabulary decode-bot uses, spelled once. StrEnum members compare equal to, and serialise as, their values,
so the JSON contract and the catalog keys (`decision.explicit_deny`, `kind.permissions_boundary`) stay as they were.

Values that come from AWS and are not known here map to an explicit UNKNOWN member, worded as such.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum

# The languages of the catalogs in bot/i18n (a test checks that they agree), named here so that the command line
# and the settings need not load the catalogs.
LANGUAGES = ("en", "ja")
DEFAULT_LANGUAGE = "en"


class InputKind(StrEnum):
    """What detect found in a paste; one parser per kind."""

    ENCODED = "encoded"  # an encoded authorization failure message (a token STS decodes)
    DECODED = "decoded"  # an already-decoded message, pasted as JSON
    AUTHORIZATION_ID = "authorization_id"  # newer errors: IAM Toolbox looks it up
    MISSING = "missing"  # a label with no usable token after it
    TEXT = "text"  # a plain-text access-denied message ("User: … is not authorized to perform: …")
    REFUSAL = "refusal"  # another refusal text: web identity, declarative policy, protected role, Organizations
    CLOUDTRAIL = "cloudtrail"  # a CloudTrail record of a denied call (alone, in a log file, in an EventBridge event)


class Source(StrEnum):
    """Who says what a finding says: AWS, or only the pasted text (which anyone can write)."""

    STS = "sts"
    IAM_TOOLBOX = "iam_toolbox"
    IAM = "iam"  # the policy simulator
    ACCESS_ANALYZER = "access_analyzer"
    PASTED = "pasted"  # the paste's word: a decoded message or an AWS error text, as pasted


class Decision(StrEnum):
    EXPLICIT_DENY = "explicit_deny"
    IMPLICIT_DENY = "implicit_deny"
    DENIED = "denied"  # a plain-text message that does not say which
    ALLOWED = "allowed"


class PolicyKind(StrEnum):
    SERVICE_CONTROL_POLICY = "service_control_policy"
    RESOURCE_CONTROL_POLICY = "resource_control_policy"
    PERMISSIONS_BOUNDARY = "permissions_boundary"
    SESSION_POLICY = "session_policy"
    IDENTITY_POLICY = "identity_policy"
    RESOURCE_POLICY = "resource_policy"
    VPC_ENDPOINT_POLICY = "vpc_endpoint_policy"
    UNKNOWN = "unknown"


# How IAM Toolbox names the checks it made and the policy types it found.
TOOLBOX_CHECK_TYPES: dict[str, PolicyKind] = {
    "SERVICE_CONTROL_POLICY": PolicyKind.SERVICE_CONTROL_POLICY,
    "RESOURCE_CONTROL_POLICY": PolicyKind.RESOURCE_CONTROL_POLICY,
    "VPC_ENDPOINT": PolicyKind.VPC_ENDPOINT_POLICY,
    "RESOURCE": PolicyKind.RESOURCE_POLICY,
    "PRINCIPAL": PolicyKind.IDENTITY_POLICY,
    "PERMISSIONS_BOUNDARY": PolicyKind.PERMISSIONS_BOUNDARY,
    "SESSION": PolicyKind.SESSION_POLICY,
}
TOOLBOX_POLICY_TYPES: dict[str, PolicyKind] = {
    "IDENTITY_BASED_POLICY": PolicyKind.IDENTITY_POLICY,
    "RESOURCE_BASED_POLICY": PolicyKind.RESOURCE_POLICY,
    "PERMISSIONS_BOUNDARY": PolicyKind.PERMISSIONS_BOUNDARY,
    "SESSION_POLICY": PolicyKind.SESSION_POLICY,
    "SERVICE_CONTROL_POLICY": PolicyKind.SERVICE_CONTROL_POLICY,
    "RESOURCE_CONTROL_POLICY": PolicyKind.RESOURCE_CONTROL_POLICY,
    "VPC_ENDPOINT_POLICY": PolicyKind.VPC_ENDPOINT_POLICY,
}


class ReasonCode(StrEnum):
    """Why a plain-text message says it was denied (DESIGN.md section 3): the policy kind and whether a Deny did it."""

    NO_IDENTITY_ALLOW = "no_identity_allow"
    NO_RESOURCE_ALLOW = "no_resource_allow"
    NO_BOUNDARY_ALLOW = "no_boundary_allow"
    NO_SESSION_ALLOW = "no_session_allow"
    NO_VPCE_ALLOW = "no_vpce_allow"
    NO_SCP_ALLOW = "no_scp_allow"
    NO_RCP_ALLOW = "no_rcp_allow"
    NO_TRUST_ALLOW = "no_trust_allow"
    EXPLICIT_IDENTITY = "explicit_identity"
    EXPLICIT_RESOURCE = "explicit_resource"
    EXPLICIT_SCP = "explicit_scp"
    EXPLICIT_RCP = "explicit_rcp"
    EXPLICIT_BOUNDARY = "explicit_boundary"
    EXPLICIT_SESSION = "explicit_session"
    EXPLICIT_VPCE = "explicit_vpce"
    EXPLICIT_TRUST = "explicit_trust"
    EXPLICIT_UNSPECIFIED = "explicit_unspecified"  # "with an explicit deny", no kind named
    UNSPECIFIED = "unspecified"  # neither "explicit deny" nor "because no … allows"
    # Refusals that are not IAM policy evaluation at all (bot/core/denials.py, REFUSALS)
    DECLARATIVE_POLICY = "declarative_policy"
    PROTECTED_ROLE = "protected_role"
    MANAGEMENT_ACCOUNT_ONLY = "management_account_only"
    S3_NO_REASON = "s3_no_reason"  # S3's bare "Access Denied" / "Forbidden"

    @property
    def known(self) -> bool:
        """Whether the message says what decided it (an explicit Deny, a missing Allow, a refusal's own cause)."""
        return self not in (ReasonCode.UNSPECIFIED, ReasonCode.MANAGEMENT_ACCOUNT_ONLY, ReasonCode.S3_NO_REASON)

    @property
    def explicit(self) -> bool:
        """Whether no added permission can help: an explicit Deny, or a refusal no Allow overrides."""
        return self.value.startswith("explicit") or self in (ReasonCode.DECLARATIVE_POLICY, ReasonCode.PROTECTED_ROLE)

    @property
    def refusal(self) -> Refusal | None:
        return _REFUSALS.get(self)

    @property
    def policy_kind(self) -> PolicyKind | None:
        """The policy kind the message names; None when it names none."""
        return _REASON_KINDS.get(self)


class Refusal(StrEnum):
    """A denial that no IAM policy decided: the fix is elsewhere, and no statement helps."""

    DECLARATIVE_POLICY = "declarative_policy"  # an organization's declarative policy enforces an EC2 setting
    PROTECTED_ROLE = "protected_role"  # IAM refuses edits to a role that AWS manages (Identity Center, service-linked)
    MANAGEMENT_ACCOUNT_ONLY = "management_account_only"  # an Organizations API called from a member account
    S3_NO_REASON = "s3_no_reason"  # S3 says only "Access Denied" or "Forbidden"


_REFUSALS = {reason: Refusal(reason.value) for reason in (
    ReasonCode.DECLARATIVE_POLICY, ReasonCode.PROTECTED_ROLE, ReasonCode.MANAGEMENT_ACCOUNT_ONLY,
    ReasonCode.S3_NO_REASON)}

_REASON_KINDS = {
    ReasonCode.NO_IDENTITY_ALLOW: PolicyKind.IDENTITY_POLICY, ReasonCode.EXPLICIT_IDENTITY: PolicyKind.IDENTITY_POLICY,
    ReasonCode.NO_RESOURCE_ALLOW: PolicyKind.RESOURCE_POLICY, ReasonCode.EXPLICIT_RESOURCE: PolicyKind.RESOURCE_POLICY,
    ReasonCode.NO_BOUNDARY_ALLOW: PolicyKind.PERMISSIONS_BOUNDARY,
    ReasonCode.EXPLICIT_BOUNDARY: PolicyKind.PERMISSIONS_BOUNDARY,
    ReasonCode.NO_SESSION_ALLOW: PolicyKind.SESSION_POLICY, ReasonCode.EXPLICIT_SESSION: PolicyKind.SESSION_POLICY,
    ReasonCode.NO_VPCE_ALLOW: PolicyKind.VPC_ENDPOINT_POLICY, ReasonCode.EXPLICIT_VPCE: PolicyKind.VPC_ENDPOINT_POLICY,
    ReasonCode.NO_SCP_ALLOW: PolicyKind.SERVICE_CONTROL_POLICY,
    ReasonCode.EXPLICIT_SCP: PolicyKind.SERVICE_CONTROL_POLICY,
    ReasonCode.NO_RCP_ALLOW: PolicyKind.RESOURCE_CONTROL_POLICY,
    ReasonCode.EXPLICIT_RCP: PolicyKind.RESOURCE_CONTROL_POLICY,
    # A role's trust policy is its resource-based policy.
    ReasonCode.NO_TRUST_ALLOW: PolicyKind.RESOURCE_POLICY, ReasonCode.EXPLICIT_TRUST: PolicyKind.RESOURCE_POLICY,
}


class CheckResult(StrEnum):
    """The result IAM reports for one check (IAM Toolbox) or one evaluation."""

    ALLOW = "ALLOW"
    NO_IMPACT = "NO_IMPACT"
    IMPLICIT_DENY = "IMPLICIT_DENY"
    EXPLICIT_DENY = "EXPLICIT_DENY"
    UNKNOWN = "UNKNOWN"

    @classmethod
    def of(cls, raw: object) -> CheckResult:
        try:
            return cls(str(raw))
        except ValueError:
            return cls.UNKNOWN

    @property
    def denies(self) -> bool:
        return self in (CheckResult.IMPLICIT_DENY, CheckResult.EXPLICIT_DENY)


class ConditionReading(StrEnum):
    """What a matched statement's condition key meant, inferred from the fact that the statement matched."""

    LISTED = "listed"  # a request value matches a listed one: the statement targets these values
    NOT_LISTED = "not_listed"  # the request has the key and no value matches: the list is what escapes
    KEY_ABSENT = "key_absent"  # the request lacks the key: a Null or ...IfExists check
    # A multi-valued key (aws:TagKeys) with some request values listed and some not: both readings fit, and the
    # usual guardrail is the allow-list (ForAnyValue:StringNotEquals), so the unlisted values are the likely cause.
    PARTLY = "partly"
    UNKNOWN = "unknown"  # masked values, or numbers and dates whose operator cannot be told


class AttachKind(StrEnum):
    """Where a suggested statement belongs, or which policy holds the cause (`fix.attach_to.kind`, `layer.kind`);
    bot/core/layers.py says who owns each and what its statements name."""

    USER = "user"
    ROLE = "role"
    GROUP = "group"
    PERMISSION_SET = "permission_set"  # IAM Identity Center: IAM refuses edits to its AWSReservedSSO_ roles
    PERMISSIONS_BOUNDARY = "permissions_boundary"
    SESSION_POLICY = "session_policy"
    TRUST_POLICY = "trust_policy"  # a role's resource-based policy
    KEY_POLICY = "key_policy"
    BUCKET_POLICY = "bucket_policy"
    RESOURCE_POLICY = "resource_policy"  # any other resource's own policy
    VPC_ENDPOINT_POLICY = "vpc_endpoint_policy"
    SERVICE_CONTROL_POLICY = "service_control_policy"
    RESOURCE_CONTROL_POLICY = "resource_control_policy"
    DECLARATIVE_POLICY = "declarative_policy"
    NONE = "none"  # the root user, or a principal that cannot be told


class Owner(StrEnum):
    """Who can change a policy (`layer.owner`)."""

    CALLER_ACCOUNT = "caller_account"  # the administrators of the caller's own account
    IDENTITY_CENTER = "identity_center"  # whoever administers IAM Identity Center
    SESSION_CREATOR = "session_creator"  # whatever created the session and passed its policy
    RESOURCE_ACCOUNT = "resource_account"  # the administrators of the account that owns the resource
    NETWORK = "network"  # whoever runs the VPC the request went through
    ORGANIZATION = "organization"  # the caller's organization: management account or delegated administrator
    RESOURCE_ORGANIZATION = "resource_organization"  # the organization that owns the resource
    UNKNOWN = "unknown"


class Crossing(StrEnum):
    """Whether a request crossed accounts or organizations (`layer.crossing`)."""

    NONE = "none"
    ACCOUNT = "account"
    ORGANIZATION = "organization"
    UNKNOWN = "unknown"


class PrincipalKind(StrEnum):
    IAM_USER = "iam_user"
    IAM_ROLE = "iam_role"
    ASSUMED_ROLE = "assumed_role"
    ROOT = "root"
    FEDERATED_USER = "federated_user"
    SERVICE = "service"
    UNKNOWN = "unknown"


class SessionIssuer(StrEnum):
    """Who passes a session policy, where the session's names show it."""

    COGNITO = "cognito"  # an identity pool's enhanced flow
    VAULT = "vault"  # HashiCorp Vault's federation tokens (GetFederationToken)
    SERVICE = "service"  # an AWS service acting through its service-linked role
    UNKNOWN = "unknown"  # a CI tool, or an AssumeRole call with a policy


class AwsService(StrEnum):
    """The AWS APIs decode-bot calls; problems are worded with the one that failed."""

    STS = "sts"
    IAM_TOOLBOX = "iam_toolbox"
    IAM = "iam"  # the policy simulator
    ACCESS_ANALYZER = "access_analyzer"


class ProblemCode(StrEnum):
    """Why an input could not be explained; names the catalog's `error.<code>.user` / `.admin` entries."""

    TRUNCATED = "truncated"
    NO_TOKEN = "no_token"
    UNPARSEABLE = "unparseable"
    DAMAGED = "damaged"  # clearly a decoded message, but too damaged to read
    INVALID_TOKEN = "invalid_token"
    NOT_IN_ACCOUNTS = "not_in_accounts"  # none of the configured accounts could decode it
    ACCOUNT_NOT_CONFIGURED = "account_not_configured"  # the asker named an account decode-bot does not decode in
    ACCOUNT_NOT_IN_SCOPE = "account_not_in_scope"  # ACCOUNT_SCOPES keeps this conversation out of the account
    AUTHORIZATION_NOT_FOUND = "authorization_not_found"
    INVALID_AUTHORIZATION_ID = "invalid_authorization_id"
    ACCESS_DENIED = "access_denied"
    DETAILS_ACCESS_DENIED = "details_access_denied"
    THROTTLED = "throttled"
    TIMEOUT = "timeout"
    CONNECTION = "connection"
    NO_CREDENTIALS = "no_credentials"
    BAD_CREDENTIALS = "bad_credentials"
    EXPIRED_CREDENTIALS = "expired_credentials"
    ASSUME_ROLE_FAILED = "assume_role_failed"
    UNEXPECTED = "unexpected"
    INTERNAL = "internal"  # decode-bot itself failed on this input
    CUT_BY_CLOUDTRAIL = "cut_by_cloudtrail"  # CloudTrail cut the record's message, and the token in it, at 1 KB
    PRINCIPAL_NOT_FOUND = "principal_not_found"  # IAM's simulator does not know the principal (NoSuchEntity)

    @property
    def for_admin(self) -> bool:
        """Whoever runs decode-bot must fix (or know about) this, besides the person who pasted."""
        return self in _ADMIN_PROBLEMS

    @property
    def retryable(self) -> bool:
        return self in (ProblemCode.THROTTLED, ProblemCode.TIMEOUT, ProblemCode.CONNECTION)


_ADMIN_PROBLEMS = frozenset({
    ProblemCode.ACCESS_DENIED, ProblemCode.THROTTLED, ProblemCode.TIMEOUT, ProblemCode.CONNECTION,
    ProblemCode.NO_CREDENTIALS, ProblemCode.BAD_CREDENTIALS, ProblemCode.EXPIRED_CREDENTIALS,
    ProblemCode.ASSUME_ROLE_FAILED, ProblemCode.UNEXPECTED, ProblemCode.DETAILS_ACCESS_DENIED, ProblemCode.INTERNAL,
})


class FixChecks(StrEnum):
    """How far decode-bot checks a statement before it is shown (`FIX_CHECKS`)."""

    AWS = "aws"  # offline, then IAM Access Analyzer and IAM's policy simulator, where the permissions allow
    OFFLINE = "offline"  # offline only: no AWS call beyond decoding


class Disclosure(StrEnum):
    """How much of an explanation a thread shows; the rest is one "Show details" press away, privately."""

    FULL = "full"  # the answer and every detail
    STANDARD = "standard"  # the answer (cause, what to do, one context line)
    SUMMARY = "summary"  # the answer without condition values or statement internals


class Surface(StrEnum):
    """Where a request for an explanation came from."""

    THREAD = "thread"  # a message in a channel the bot is in
    MENTION = "mention"
    DIRECT = "direct"  # a direct message or group DM with the bot
    COMMAND = "command"  # /decode
    SHORTCUT = "shortcut"
    DETAILS = "details"  # the "Show details" button
    CLI = "cli"

    @property
    def public(self) -> bool:
        """Answered where others can read it (in a channel's thread)."""
        return self in (Surface.THREAD, Surface.MENTION)


class StateBackend(StrEnum):
    """Where short-lived state lives (STATE_BACKEND)."""

    MEMORY = "memory"  # this process only
    DYNAMODB = "dynamodb"  # one table every process shares


class ExitStatus(IntEnum):
    OK = 0
    UNEXPLAINED = 1  # some input could not be explained
    USAGE = 2  # bad arguments or configuration
    INTERRUPTED = 130


# "Ask the owner": the policy kinds OWNER_ROUTES can match, by the layer that holds the cause or needs the statement.
OWNER_KIND_OF: dict[AttachKind, str] = {
    AttachKind.SERVICE_CONTROL_POLICY: "scp", AttachKind.RESOURCE_CONTROL_POLICY: "rcp",
    AttachKind.PERMISSIONS_BOUNDARY: "boundary", AttachKind.SESSION_POLICY: "session",
    AttachKind.USER: "identity", AttachKind.ROLE: "identity", AttachKind.GROUP: "identity",
    AttachKind.PERMISSION_SET: "identity", AttachKind.TRUST_POLICY: "resource", AttachKind.KEY_POLICY: "resource",
    AttachKind.BUCKET_POLICY: "resource", AttachKind.RESOURCE_POLICY: "resource",
    AttachKind.VPC_ENDPOINT_POLICY: "resource", AttachKind.DECLARATIVE_POLICY: "declarative",
}
OWNER_KINDS = frozenset(OWNER_KIND_OF.values())
