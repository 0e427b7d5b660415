"""Plain-text access-denied messages, as AWS writes them (../shared/samples/access-denied/FORMATS.md):

    User: <principal> is not authorized to perform: <action> [on resource: <resource>]
        [with an explicit deny in <type>[: <policy ARN>] | because no <type> allows the <action> action]

found wherever they stand (wrapped across lines, JSON-escaped, after log prefixes, in stack traces), with
every value kept as written. Pure, and linear: each message is read from one anchor, forwards and a bounded
distance backwards.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from bot.core.textsearch import WORD_BREAK, Folded, LazyPattern, PhraseSearch, Search, spaced
from bot.vocab import ReasonCode

# How error texts name each policy kind, and the reason code each gives (DESIGN.md section 3).
EXPLICIT_REASONS = {
    "service control policy": ReasonCode.EXPLICIT_SCP,
    "resource control policy": ReasonCode.EXPLICIT_RCP,
    "identity-based policy": ReasonCode.EXPLICIT_IDENTITY,
    "resource-based policy": ReasonCode.EXPLICIT_RESOURCE,
    "permissions boundary": ReasonCode.EXPLICIT_BOUNDARY,
    "session policy": ReasonCode.EXPLICIT_SESSION,
    "sessions policy": ReasonCode.EXPLICIT_SESSION,  # AWS's own documented typo
    "vpc endpoint policy": ReasonCode.EXPLICIT_VPCE,
    "role trust policy": ReasonCode.EXPLICIT_TRUST,
}
IMPLICIT_REASONS = {
    "identity-based policy": ReasonCode.NO_IDENTITY_ALLOW,
    "resource-based policy": ReasonCode.NO_RESOURCE_ALLOW,
    "permissions boundary": ReasonCode.NO_BOUNDARY_ALLOW,
    "session policy": ReasonCode.NO_SESSION_ALLOW,
    "vpc endpoint policy": ReasonCode.NO_VPCE_ALLOW,
    "service control policy": ReasonCode.NO_SCP_ALLOW,
    "resource control policy": ReasonCode.NO_RCP_ALLOW,
    "role trust policy": ReasonCode.NO_TRUST_ALLOW,
}

_TYPES = "|".join(spaced(kind) for kind in sorted({*EXPLICIT_REASONS, *IMPLICIT_REASONS}, key=len, reverse=True))
_ANCHOR_PHRASE = "is not authorized to perform"
ANCHOR = PhraseSearch("denial anchor", LazyPattern(spaced(_ANCHOR_PHRASE) + r"[ \t]*:?[ \t]*(?:\r?\n[ \t]*)?"),
                      _ANCHOR_PHRASE)
_ACTION = LazyPattern(r"(null|[A-Za-z0-9][A-Za-z0-9-]*:[A-Za-z0-9*]+)(?![\w:*-])")
_RESOURCE = LazyPattern(WORD_BREAK + spaced("on resource") + r"[ \t]*:[ \t]*(?:\r?\n[ \t]*)?")
_KMS_RESOURCE = LazyPattern(r"[ \t\r\n]+on (?:the resource associated with this ciphertext|this resource)\b")


# Why it was denied. The policy kinds, long once made wrap-tolerant, stand in it once, for both leads; compiled on
# first use (it takes longer than a `decode-bot scan` of one error takes in all), as only plain-text denials need it.
_EXPLICIT_LEAD = spaced("with an explicit deny")
_REASON = LazyPattern(
    f"(?:(?P<explicit>{_EXPLICIT_LEAD}{WORD_BREAK}{spaced('in')}{WORD_BREAK}(?:an?|the){WORD_BREAK})"
    f"|{spaced('because no')}{WORD_BREAK})"
    f"(?P<kind>{_TYPES})"
    f"(?(explicit)(?:{WORD_BREAK}{spaced('transitively through a service control policy')})?"
    f"|{WORD_BREAK}{spaced('allows the')}{WORD_BREAK}\\S+{WORD_BREAK}action)"
    f"|{_EXPLICIT_LEAD}"
    f"|(?P<kms>{spaced('because the resource does not exist in this Region')})",
    re.IGNORECASE,
)
_POLICY_ARN = LazyPattern(r"[ \t]*:?[ \t]*(?:\r?\n[ \t]*)?(arn:aws[a-z-]*:(?:organizations|iam)::[^\s\"'`,;)\\]+)")
_SKIP = LazyPattern(r"(?:[ \t\r\n]|\.\.\.|…)*")
_USER = LazyPattern(r"\bUser:?[ \t]+")
_NEXT_USER = LazyPattern(r"[ \t]+User:[ \t]")
_REASON_LEAD = LazyPattern(r"[ \t]+(?:because[ \t]+no|with[ \t]+an[ \t]+explicit[ \t]+deny)\b", re.IGNORECASE)
# A principal replaced by a placeholder: kept (CloudTrail fragments redact it) when the message names a real resource
# ARN, so that templates in documentation are not read as denials.
_PLACEHOLDER = LazyPattern(r"[<{$][^\s]*[>}]")
_TEMPLATE_MARK = LazyPattern(r"[<{][^\s<>{}]*[>}]|\$\{")
_BARE_PLACEHOLDER = LazyPattern(r"\.\*|user|\.+|…")
_COMMENT = LazyPattern(r"(?m)^[ \t]*(?://|#|--|;|>)")
_EMPHASIS = LazyPattern(r"\*\*|__|`")
_QUOTES = "\"'`“”‘’"
LOOK_BACK = 400
MAX_ANCHORS = 1_000  # messages read in one text: a log repeating one denial ten thousand times needs no more
RESOURCE_WINDOW = 4096  # a resource and the reason after it (ARNs are at most 2,048 characters)
MAX_DENIALS = 50


@dataclass(frozen=True)
class Denial:
    principal: str
    action: str
    resource: str | None
    reason: ReasonCode
    policy_arn: str | None
    start: int
    end: int
    operation: str | None = None  # the API operation the error text names ("when calling the CreateFunction operation")

    def key(self) -> tuple[str, str, str | None, ReasonCode, str | None]:
        return self.principal, self.action, self.resource, self.reason, self.policy_arn


def find_denials(text: str | Folded) -> list[Denial]:
    """Every distinct denial in the text, in order; JSON-escaped messages too."""
    folded = text if isinstance(text, Folded) else Folded(text)
    found: dict[tuple[str, str, str | None, ReasonCode, str | None], Denial] = {}
    for offset, variant in [(0, folded), *_unescaped_lines(folded), *_uncommented(folded)]:
        for read, anchor in enumerate(ANCHOR.fast(variant)):
            if len(found) >= MAX_DENIALS or read >= MAX_ANCHORS:
                break
            denial = _read(variant.text, anchor)
            if denial and denial.key() not in found:
                found[denial.key()] = dataclasses.replace(denial, start=denial.start + offset, end=denial.end + offset)
    return sorted(found.values(), key=lambda d: d.start)


def _unescaped_lines(folded: Folded) -> list[tuple[int, Folded]]:
    """Each line that holds the word "authorized" and JSON escapes (a denial inside a JSON log line), unescaped,
    with its offset; only those lines, since unescaping a whole log costs more than reading it."""
    lines: list[tuple[int, Folded]] = []
    if b"\\" not in folded.folded:  # one byte is found many times faster than a word
        return lines
    at = folded.folded.find(b"authorized")
    while at >= 0:
        start = folded.folded.rfind(b"\n", 0, at) + 1
        end = folded.folded.find(b"\n", at)
        end = len(folded.folded) if end < 0 else end
        line = folded.text[start:end]
        if '\\"' in line or "\\n" in line:
            lines.append((start, Folded(line.replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t"))))
        at = folded.folded.find(b"authorized", end)
    return lines


def _operation_before(text: str, at: int) -> str | None:
    """The operation named just before a message ("An error occurred (AccessDenied) when calling the X operation:")."""
    found = list(OPERATION_NAMED.finditer(text, max(0, at - LOOK_BACK), at))
    if not found:
        return None
    plain, service, sdk = found[-1].groups()  # the Go SDK (Terraform) names the service: "operation error Glue: …"
    return f"{service}:{sdk}" if sdk else plain


def _real_arn(value: str | None) -> bool:
    return bool(value) and str(value).startswith("arn:") and not _TEMPLATE_MARK.search(str(value))


def _uncommented(folded: Folded) -> list[tuple[int, Folded]]:
    """The text with line-leading comment marks (# // -- ; >) blanked, same length so that offsets agree: a denial
    pasted into code or a quoted reply and wrapped there reads across its lines."""
    if b"authorized" not in folded.folded or not _COMMENT.search(folded.text):
        return []
    return [(0, Folded(_COMMENT.sub(lambda m: " " * len(m.group()), folded.text)))]


def _read(text: str, anchor: re.Match[str]) -> Denial | None:
    principal, start = _principal(text, anchor.start())
    at = anchor.end()
    emphasis = _EMPHASIS.match(text, at)  # **ec2:RunInstances**, `ec2:RunInstances`
    action = _ACTION.match(text, emphasis.end() if emphasis else at)
    if principal is None or action is None:
        return None
    name, position = action.group(1), action.end()
    if emphasis:
        mark = emphasis.group()
        if name.endswith(mark):  # the wildcard-tolerant pattern took the closing ** for part of the action
            name, position = name[: -len(mark)], position - len(mark)
        position += len(mark) if text.startswith(mark, position) else 0
    resource = None
    clause = _RESOURCE.match(text, position)
    if clause:
        resource, position = _resource(text, clause.end())
    elif kms := _KMS_RESOURCE.match(text, position):
        position = kms.end()
    reason_at = _SKIP.match(text, position)
    reason = _REASON.match(text, reason_at.end() if reason_at else position)
    code, policy_arn, end = ReasonCode.UNSPECIFIED, None, position
    if reason:
        code, end = _code(reason), reason.end()
        arn = _POLICY_ARN.match(text, end) if code is not ReasonCode.UNSPECIFIED else None
        if arn:
            policy_arn, end = arn.group(1).rstrip("."), arn.end()
    if _PLACEHOLDER.fullmatch(principal) and not _real_arn(resource):
        return None  # a template ("User: <user-arn> is not authorized to perform: …"), not a denial
    return Denial(principal, name, resource, code, policy_arn, start, end, _operation_before(text, start))


def _principal(text: str, anchor: int) -> tuple[str | None, int]:
    """The principal before "is not authorized": after the last "User:" close by, else the ARN right before."""
    window_start = max(0, anchor - LOOK_BACK)
    users = list(_USER.finditer(text, window_start, anchor))
    if users:
        start = users[-1].end()
        raw = text[start:anchor]
    else:
        before = text[window_start:anchor].rstrip()
        token = before.rsplit(None, 1)[-1] if before.split() else ""
        if not token.strip(_QUOTES).startswith("arn:"):
            return None, anchor
        raw, start = token, anchor - len(text[window_start:anchor]) + before.rfind(token)
    principal = _unemphasised(re.sub(r"\r?\n[ \t]*", "", raw.strip()).strip(_QUOTES).strip())
    if not principal or ("\n" in raw.strip() and " " in principal) or _BARE_PLACEHOLDER.fullmatch(principal):
        return None, anchor
    if len(principal) > 300 or ". " in principal:
        return None, anchor
    return principal, start


def _resource(text: str, start: int) -> tuple[str | None, int]:
    """The resource as written, up to the reason, the end of its line, or its closing quote; read within a window, so
    that a megabyte on one line costs each message its own few hundred characters, not the rest of the line."""
    line_end = text.find("\n", start, start + RESOURCE_WINDOW)
    line_end = min(len(text), start + RESOURCE_WINDOW) if line_end < 0 else line_end
    line = text[start:line_end]
    if line.startswith('\\"'):  # a JSON-escaped quote, inside a log line's JSON string
        close = line.find('\\"', 2)
        value = line[2:close] if close > 0 else line[2:]
        return value.strip() or None, start + (close + 2 if close > 0 else len(line))
    opening = line[:1]
    if opening in "\"'`“":
        closing = {"“": "”"}.get(opening, opening)
        close = line.find(closing, 1)
        value = line[1:close] if close > 0 else line[1:]
        return value.strip() or None, start + (close + 1 if close > 0 else len(line))
    reason = _REASON.search(line)
    cut = reason.start() if reason else len(line)
    for stop in ('"', "`", "\\", " (Service:", " (Status"):
        found = line.find(stop, 0, cut)
        cut = found if found >= 0 else cut
    following = _NEXT_USER.search(line, 0, cut)  # a second message on the same line, with no reason between
    cut = following.start() if following else cut
    lead = _REASON_LEAD.search(line, 0, cut)  # a reason the line breaks in two
    cut = lead.start() if lead else cut
    value = _unemphasised(line[:cut].rstrip())
    if value.endswith(".") and not value.endswith(".."):
        value = value[:-1]  # the sentence's full stop, not an elision
    return value.strip(_QUOTES).rstrip() or None, start + cut


def _unemphasised(value: str) -> str:
    """Markdown bold around a whole value; a lone * (a wildcard) stays."""
    return value[2:-2] if len(value) > 4 and value.startswith("**") and value.endswith("**") else value


def _code(reason: re.Match[str]) -> ReasonCode:
    if reason.group("kms"):
        return ReasonCode.UNSPECIFIED
    named = reason.group("kind")
    if named:
        table = EXPLICIT_REASONS if reason.group("explicit") else IMPLICIT_REASONS
        return table[re.sub(r"\s+", " ", named).strip().lower()]
    return ReasonCode.EXPLICIT_UNSPECIFIED


# Refusals whose text is not IAM's "User: … is not authorized to perform: …" (web identity role assumption) or that
# no IAM policy decided: declarative policies
# (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_declarative.html), roles AWS
# manages (https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html, service-linked
# roles: https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html), Organizations APIs
# outside the management account or a delegated administrator
# (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_access.html).
WEB_IDENTITY = Search("web identity refusal", LazyPattern(
    r"Not authorized to perform:?[ \t]*(sts:AssumeRoleWith(?:WebIdentity|SAML))\b"), (b"not authorized to perform",))
DECLARATIVE = Search("declarative policy refusal", LazyPattern(r"[Dd]eclarative[ \t]+polic(?:y|ies)\b"),
                     (b"declarative",))
PROTECTED_ROLE = Search("protected role refusal", LazyPattern(
    r"Cannot perform the operation on the protected role '([^'\s]{1,128})'"), (b"cannot perform the operation",))
MEMBER_ACCOUNT = Search("organizations refusal", LazyPattern(
    r"when calling the ([A-Za-z0-9]+) operation: You don't have permissions to access this resource"),
    (b"when calling the",))
S3_BARE = Search("s3 bare refusal", LazyPattern(
    r"when calling the ([A-Za-z0-9]+) operation: (?:Access Denied|Forbidden)\b"), (b"when calling the",))
REFUSAL_SEARCHES = (WEB_IDENTITY, DECLARATIVE, PROTECTED_ROLE, MEMBER_ACCOUNT, S3_BARE)
# The S3 operations whose bare "Access Denied" or "Forbidden" is read, and the action each is authorized as (S3 User
# Guide, "Required permissions for Amazon S3 API operations": HeadObject needs s3:GetObject, ListObjectsV2 and
# HeadBucket s3:ListBucket, multipart uploads s3:PutObject).
S3_OPERATIONS = {
    "GetObject": "s3:GetObject", "HeadObject": "s3:GetObject", "PutObject": "s3:PutObject",
    "CopyObject": "s3:GetObject", "DeleteObject": "s3:DeleteObject", "DeleteObjects": "s3:DeleteObject",
    "CreateMultipartUpload": "s3:PutObject", "UploadPart": "s3:PutObject", "CompleteMultipartUpload": "s3:PutObject",
    "ListObjectsV2": "s3:ListBucket", "ListObjects": "s3:ListBucket", "HeadBucket": "s3:ListBucket",
    "ListBuckets": "s3:ListAllMyBuckets", "GetObjectTagging": "s3:GetObjectTagging",
    "PutObjectTagging": "s3:PutObjectTagging", "GetBucketPolicy": "s3:GetBucketPolicy",
    "PutBucketPolicy": "s3:PutBucketPolicy", "GetBucketLocation": "s3:GetBucketLocation",
}
_BUCKET_ACTIONS = frozenset({"s3:ListBucket", "s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:GetBucketLocation"})
_S3_URI = LazyPattern(r"s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(/[^\s\"'`]*)?")
_OPERATION = LazyPattern(r"when calling the ([A-Za-z0-9]+) operation")
# The operation an error names: the AWS CLI's and boto3's wording, or the Go SDK's (Terraform's).
OPERATION_NAMED = LazyPattern(r"when calling the ([A-Za-z0-9]+) operation|operation error ([A-Za-z0-9 ]+?): "
                              r"([A-Za-z0-9]+)")
_ROLE_ARN = LazyPattern(r"arn:aws[a-z-]*:iam::[0-9]{12}:role/[\w+=,.@/-]{1,512}")
_OIDC_PROVIDER = LazyPattern(r"\b(token\.actions\.githubusercontent\.com|oidc\.eks\.[a-z0-9-]+\.amazonaws\.com/id/"
                             r"[0-9A-Fa-f]{8,64})\b")
_GITHUB = "token.actions.githubusercontent.com"
_GITHUB_ACTION = LazyPattern(r"configure-aws-credentials|Could not assume role with OIDC")
_ERROR_WORDS = LazyPattern(r"(?i)error|denied|unauthori[sz]ed|not (?:allowed|permitted)|blocked|prevent|cannot|can't")
# Organizations operations that answer only in the management account or a delegated administrator's account.
_MANAGEMENT_ONLY = frozenset({
    "ListAccounts", "ListRoots", "ListOrganizationalUnitsForParent", "ListAccountsForParent", "ListChildren",
    "ListParents", "DescribeAccount", "DescribeOrganizationalUnit", "ListPolicies", "ListPoliciesForTarget",
    "ListTargetsForPolicy", "DescribePolicy", "ListDelegatedAdministrators", "ListAWSServiceAccessForOrganization",
    "ListCreateAccountStatus", "ListHandshakesForOrganization", "CreateAccount", "AttachPolicy", "DetachPolicy",
})


def find_refusals(folded: Folded) -> list[Denial]:
    """Every refusal in the text, in order."""
    text = folded.text
    found: list[Denial] = []
    for match in WEB_IDENTITY.fast(folded)[:MAX_DENIALS]:
        role = _nearest(_ROLE_ARN, text, match.start())
        provider = _nearest(_OIDC_PROVIDER, text, match.start()) or (
            _GITHUB if _nearest(_GITHUB_ACTION, text, match.start()) else None)
        account = role.split(":")[4] if role else ""
        principal = f"arn:aws:iam::{account}:oidc-provider/{provider}" if provider and account else "web identity"
        found.append(Denial(principal, match.group(1), role, ReasonCode.UNSPECIFIED, None, match.start(), match.end()))
    for match in DECLARATIVE.fast(folded)[:MAX_DENIALS]:
        line = _line(text, match.start())
        if _ERROR_WORDS.search(line) and not _ANCHOR_LINE.search(line):
            operation = _OPERATION.search(line)
            action = f"ec2:{operation.group(1)}" if operation else "ec2:*"
            found.append(Denial("", action, None, ReasonCode.DECLARATIVE_POLICY, None, match.start(), match.end()))
    for match in PROTECTED_ROLE.fast(folded)[:MAX_DENIALS]:
        operation = _OPERATION.search(_line(text, match.start()))
        action = f"iam:{operation.group(1)}" if operation else "iam:*"
        found.append(Denial("", action, f"role {match.group(1)}", ReasonCode.PROTECTED_ROLE, None, match.start(),
                            match.end()))
    for match in MEMBER_ACCOUNT.fast(folded)[:MAX_DENIALS]:
        if match.group(1) in _MANAGEMENT_ONLY:
            found.append(Denial("", f"organizations:{match.group(1)}", None, ReasonCode.MANAGEMENT_ACCOUNT_ONLY, None,
                                match.start(), match.end()))
    for match in S3_BARE.fast(folded)[:MAX_DENIALS]:
        s3_action = S3_OPERATIONS.get(match.group(1))
        if s3_action:
            resource = _s3_resource(text, match.start(), s3_action)
            found.append(Denial("", s3_action, resource, ReasonCode.S3_NO_REASON, None, match.start(), match.end()))
    return sorted({denial.key(): denial for denial in found}.values(), key=lambda d: d.start)


def _s3_resource(text: str, at: int, action: str) -> str | None:
    """The object or bucket an `aws s3` line names (upload failed: ./a to s3://bucket/key), as an ARN; None when the
    line names none (the explanation then says where to find it)."""
    if action == "s3:ListAllMyBuckets":
        return "*"
    uri = _S3_URI.search(_line(text, at)) or _S3_URI.search(text, max(0, at - S3_REACH), at + S3_REACH)
    if uri is None:
        return None
    bucket, key = uri.group(1), (uri.group(2) or "").lstrip("/")
    if action in _BUCKET_ACTIONS or not key:
        return f"arn:aws:s3:::{bucket}"
    return f"arn:aws:s3:::{bucket}/{key}"


_ANCHOR_LINE = LazyPattern(spaced(_ANCHOR_PHRASE))


def _line(text: str, at: int) -> str:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return text[start : len(text) if end < 0 else end][:RESOURCE_WINDOW]


def _nearest(pattern: LazyPattern, text: str, at: int) -> str | None:
    """The match of the pattern closest to `at` within the hint window either side (the command or workflow step that
    named the role, the provider), else None."""
    low, high = max(0, at - HINT_REACH), min(len(text), at + HINT_REACH)
    matches = list(pattern.finditer(text, low, high))
    if not matches:
        return None
    return min(matches, key=lambda m: abs(m.start() - at)).group(0)


HINT_REACH = 4_000
S3_REACH = 300  # the command line printed just before or after S3's bare error
