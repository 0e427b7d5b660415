"""What a CloudTrail record says about a denied call: whether it is a denial at all, who called (a session folded
into its role, an AWS service acting for someone), which IAM action (eventSource and eventName mapped to the
Service Authorization Reference's prefix), on what (from requestParameters), where and when, and the request
context a policy could test. Records come alone, in log files ({"Records": [...]}), in EventBridge envelopes
("detail-type": "AWS API Call via CloudTrail") or as lists. Pure.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bot.core import iam
from bot.core.model import AuthorizationFailure, Principal
from bot.vocab import ReasonCode

# errorCodes that are an authorization decision (prefix and suffix patterns, not a fixed list: services spell them
# Client.UnauthorizedOperation, AccessDeniedException, VpceAccessDenied …).
_DENIAL_SUFFIXES = ("accessdenied", "accessdeniedexception", "unauthorizedoperation", "forbidden",
                    "forbiddenexception", "unauthorizedexception", "notauthorized", "authorizationerror")
# Codes that end like a denial but are not an IAM policy decision.
_NOT_DENIALS = frozenset({"client.authfailure"})
CUT_AT = 1024  # CloudTrail cuts errorMessage at 1 KB and appends "..."
# eventSource endpoints whose IAM prefix differs (Service Authorization Reference).
_PREFIXES = {"monitoring": "cloudwatch", "email": "ses", "amazonmq": "mq", "servicecatalog-appregistry":
             "servicecatalog", "runtime.sagemaker": "sagemaker", "api.sagemaker": "sagemaker", "runtime.lex": "lex",
             "models.lex": "lex", "bedrock-runtime": "bedrock", "bedrock-agent": "bedrock",
             "bedrock-agent-runtime": "bedrock", "api.ecr": "ecr", "ecr-public": "ecr-public", "sso-directory":
             "sso-directory", "identitystore": "identitystore", "api.mediatailor": "mediatailor",
             "data.iot": "iot", "execute-api": "execute-api", "es": "es", "elasticfilesystem": "elasticfilesystem"}
# Operations whose IAM action has another name (the Service Authorization Reference's "actions" of the API).
_OPERATION_ACTIONS = {"s3:ListObjects": "s3:ListBucket", "s3:ListObjectsV2": "s3:ListBucket",
                      "s3:HeadObject": "s3:GetObject", "s3:HeadBucket": "s3:ListBucket",
                      "s3:ListObjectVersions": "s3:ListBucketVersions", "s3:DeleteObjects": "s3:DeleteObject",
                      "s3:GetBucketEncryption": "s3:GetEncryptionConfiguration",
                      "s3:PutBucketEncryption": "s3:PutEncryptionConfiguration",
                      "s3:DeleteBucketEncryption": "s3:PutEncryptionConfiguration",
                      "s3:CreateMultipartUpload": "s3:PutObject", "s3:UploadPart": "s3:PutObject",
                      "s3:CompleteMultipartUpload": "s3:PutObject", "s3:CopyObject": "s3:PutObject"}
_API_VERSION = re.compile(r"(?:\d{8}(?:v\d+)?|_\d{4}_\d{2}_\d{2})$")  # Lambda's ListFunctions20150331
_IDENTITY_KEYS = ("type", "arn", "accountId", "principalId", "invokedBy", "sessionContext", "userName")


@dataclass(frozen=True)
class Event:
    """The facts of one record that an explanation uses; every field as the record has it, or None."""

    id: str | None
    time: str | None
    region: str | None
    account: str | None  # recipientAccountId: the account whose API was called
    source: str | None
    name: str | None
    error_code: str | None
    error_message: str
    identity_type: str | None
    principal_arn: str | None  # userIdentity.arn (a session's ARN for a role session)
    role_arn: str | None  # sessionContext.sessionIssuer.arn: the role (with its path) behind a session
    caller_account: str | None  # userIdentity.accountId
    invoked_by: str | None  # an AWS service acting for the caller
    source_ip: str | None
    vpc_endpoint: str | None
    request: dict[str, Any]

    @property
    def denial(self) -> bool:
        return is_denial(self.error_code)

    @property
    def action(self) -> str | None:
        return iam_action(self.source, self.name)

    @property
    def cut(self) -> bool:
        """CloudTrail cut the error message (and so any token in it) at 1 KB."""
        return len(self.error_message) >= CUT_AT - 3 and self.error_message.endswith("...")

    @property
    def crossed_accounts(self) -> bool:
        return bool(self.account and self.caller_account and self.account != self.caller_account)

    def to_dict(self) -> dict[str, Any]:
        """The `event` object of the JSON contract."""
        return {"id": self.id, "time": self.time, "region": self.region, "account": self.account,
                "source": self.source, "name": self.name, "error_code": self.error_code,
                "invoked_by": self.invoked_by}


def is_denial(code: object) -> bool:
    lowered = str(code or "").lower()
    return bool(lowered) and lowered not in _NOT_DENIALS and lowered.endswith(_DENIAL_SUFFIXES)


def is_record(node: object) -> bool:
    return isinstance(node, dict) and "eventName" in node and "eventSource" in node


def records_in(node: object) -> Iterator[dict[str, Any]]:
    """Every CloudTrail record a parsed JSON value holds: itself, a log file's Records, an EventBridge envelope's
    detail, a list of any of these."""
    if isinstance(node, list):
        for item in node:
            yield from records_in(item)
    elif isinstance(node, dict):
        if is_record(node):
            yield node
        elif isinstance(node.get("Records"), list):
            yield from (record for record in node["Records"] if is_record(record))
        elif is_record(node.get("detail")):
            yield {**node["detail"], **({} if "recipientAccountId" in node["detail"] else
                                        {"recipientAccountId": node.get("account")})}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _identity(record: dict[str, Any]) -> dict[str, Any]:
    """userIdentity, whatever the case of its keys (some pipelines lower-case them)."""
    raw = record.get("userIdentity")
    if not isinstance(raw, dict):
        return {}
    lowered = {key.lower(): value for key, value in raw.items()}
    return {key: raw.get(key, lowered.get(key.lower())) for key in _IDENTITY_KEYS}


def event_of(record: dict[str, Any]) -> Event:
    identity = _identity(record)
    context = identity.get("sessionContext") if isinstance(identity.get("sessionContext"), dict) else {}
    issuer_raw = {k.lower(): v for k, v in (context or {}).items()}.get("sessionissuer")
    issuer = {k.lower(): v for k, v in issuer_raw.items()} if isinstance(issuer_raw, dict) else {}
    role = _text(issuer.get("arn")) if str(issuer.get("type", "")).lower() == "role" else None
    request = record.get("requestParameters")
    return Event(
        id=_text(record.get("eventID")), time=_text(record.get("eventTime")), region=_text(record.get("awsRegion")),
        account=_text(record.get("recipientAccountId")), source=_text(record.get("eventSource")),
        name=_text(record.get("eventName")), error_code=_text(record.get("errorCode")),
        error_message=_text(record.get("errorMessage")) or "", identity_type=_text(identity.get("type")),
        principal_arn=_text(identity.get("arn")), role_arn=role, caller_account=_text(identity.get("accountId")),
        invoked_by=_text(identity.get("invokedBy")), source_ip=_text(record.get("sourceIPAddress")),
        vpc_endpoint=_text(record.get("vpcEndpointId")), request=request if isinstance(request, dict) else {})


def iam_action(source: str | None, name: str | None) -> str | None:
    """`ec2:RunInstances` from ec2.amazonaws.com and RunInstances; the prefix as the Service Authorization
    Reference spells it, Lambda's API-version suffix dropped."""
    if not source or not name:
        return None
    endpoint = source.removesuffix(".amazonaws.com").removesuffix(".amazonaws.com.cn")
    prefix = _PREFIXES.get(endpoint, endpoint)
    operation = _API_VERSION.sub("", name) if prefix == "lambda" else name
    return f"{prefix}:{operation}"


def checked_action(action: str) -> str:
    """The IAM action AWS checks for an API operation, where its name differs (s3:ListObjectsV2 is s3:ListBucket)."""
    return _OPERATION_ACTIONS.get(action, action)


@functools.lru_cache(maxsize=4096)
def canonical_action(action: str) -> str:
    """The action as the Service Authorization Reference spells it (ec2:describeinstances -> ec2:DescribeInstances)."""
    info = iam.describe(action, "", {}) if ":" in action else None
    return info.action if info else action


def principal_of(event: Event) -> Principal:
    """The caller as IAM names it: the user, the role session (its role named by the session issuer), the root
    user; for an AWS service acting on its own, the service; for another account, the account."""
    if event.principal_arn:
        return Principal(event.principal_arn, None, None)
    if event.identity_type == "AWSService" and event.invoked_by:
        return Principal(event.invoked_by, None, event.invoked_by)
    if event.caller_account:
        return Principal(None, None, f"account {event.caller_account}")
    return Principal(None, None, None)


def resource_of(event: Event, action: str) -> str:
    """The resource the request named, as an ARN where requestParameters tell it; "" where they do not."""
    request = event.request
    partition = (event.principal_arn or "arn:aws").split(":")[1] if (event.principal_arn or "").startswith(
        "arn:") else "aws"
    region, account = event.region or "REGION", event.account or "ACCOUNT"
    service = action.split(":", 1)[0]
    if service == "s3" and _text(request.get("bucketName")):
        key = _text(request.get("key"))
        return f"arn:{partition}:s3:::{request['bucketName']}" + (f"/{key}" if key else "")
    if service == "ec2":
        instance = _text(request.get("instanceId")) or _first_instance(request)
        if instance:
            return f"arn:{partition}:ec2:{region}:{account}:instance/{instance}"
        if _text(request.get("imageId")):
            return f"arn:{partition}:ec2:{region}::image/{request['imageId']}"
    if service == "lambda" and _text(request.get("functionName")):
        name = request["functionName"]
        return name if name.startswith("arn:") else f"arn:{partition}:lambda:{region}:{account}:function:{name}"
    if service == "iam":
        for field, kind in (("roleName", "role"), ("userName", "user"), ("groupName", "group")):
            if _text(request.get(field)):
                return f"arn:{partition}:iam::{account}:{kind}/{request[field]}"
    if service == "kms" and _text(request.get("keyId")):
        key = request["keyId"]
        return key if key.startswith("arn:") else f"arn:{partition}:kms:{region}:{account}:key/{key}"
    if service == "ssm" and _text(request.get("name")):
        name = request["name"]
        return name if name.startswith("arn:") else f"arn:{partition}:ssm:{region}:{account}:parameter/" \
                                                    f"{name.lstrip('/')}"
    return next((value for value in request.values() if isinstance(value, str) and value.startswith("arn:")), "")


def _first_instance(request: dict[str, Any]) -> str | None:
    """The first ID of an instancesSet ({"items": [{"instanceId": …}]}), as EC2 records list them."""
    items = (request.get("instancesSet") or {}).get("items") if isinstance(request.get("instancesSet"), dict) else None
    first = items[0] if isinstance(items, list) and items and isinstance(items[0], dict) else {}
    return _text(first.get("instanceId"))


def context_of(event: Event) -> dict[str, tuple[str, ...]]:
    """The request context the record shows: what a policy's conditions could have tested."""
    context: dict[str, tuple[str, ...]] = {}
    if event.role_arn or (event.principal_arn and ":user/" in event.principal_arn):
        context["aws:PrincipalArn"] = (event.role_arn or event.principal_arn or "",)
    if event.caller_account:
        context["aws:PrincipalAccount"] = (event.caller_account,)
    if event.region:
        context["aws:RequestedRegion"] = (event.region,)
    if event.source_ip and _is_ip(event.source_ip):
        context["aws:SourceIp"] = (event.source_ip,)
    if event.vpc_endpoint:
        context["aws:SourceVpce"] = (event.vpc_endpoint,)
    if event.invoked_by:
        context["aws:CalledVia"] = (event.invoked_by,)
    instance_type = _text(event.request.get("instanceType"))
    if instance_type and event.source == "ec2.amazonaws.com":  # what an instance-type condition tests
        context["ec2:InstanceType"] = (instance_type,)
    return context


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def failure_of(event: Event) -> AuthorizationFailure:
    """What the record alone shows, the reason unknown (its message said none, or could not be read)."""
    action = canonical_action(checked_action(event.action or "?"))
    return AuthorizationFailure(allowed=False, explicit_deny=False, principal=principal_of(event), action=action,
                                resource=resource_of(event, action), context=context_of(event),
                                matched_statements=(), reason_known=False, operation=event.name)


def cause_parts(event: Event, failure: AuthorizationFailure, reason: ReasonCode | None, policy: str | None,
                resource_type: str | None) -> tuple[str, ...]:
    """What groups denials into one cause: (account, the denying policy's ARN or kind, action) for an explicit
    deny; (account, role or user, action, resource type) otherwise, a missing Allow or a reason not given.
    Sessions are folded into their role."""
    account = event.account or failure.principal.account or "?"
    if reason is not None and reason.explicit:
        return ("explicit", account, policy or str(reason), failure.action)
    who = event.role_arn or failure.principal.role_arn or failure.principal.arn or failure.principal.name or "?"
    kind = "missing" if reason is not None and reason.known else "unspecified"
    return (kind, account, who, failure.action, resource_type or "*")
