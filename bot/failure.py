"""The decoded authorization failure as a typed model, tolerant of the shapes AWS and people produce.

Pure: a decoded JSON object (or the text of one) in, an AuthorizationFailure out. Unknown fields are
ignored; `{"items": [...]}` wrappers, bare lists, `{"value": x}` items and bare strings are all accepted.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

# Keys that describe the request itself; no policy can use them in a Condition block.
CONTEXT_ONLY_KEYS = frozenset(
    {"aws:service", "aws:resource", "aws:type", "aws:arn", "aws:account", "aws:region", "aws:resourcebeingcreated"}
)


_REPORTED_AS = {"aws:requestedregion": "aws:region"}


class ParseError(ValueError):
    """The text is not a decoded authorization failure message."""


@dataclass(frozen=True)
class Principal:
    arn: str | None
    id: str | None
    name: str | None

    @property
    def kind(self) -> str:
        """iam_user, iam_role, assumed_role, root, federated_user, service or unknown, read off the ARN."""
        arn = self.arn or ""
        resource = arn.split(":", 5)[5] if arn.count(":") >= 5 else ""
        if resource == "root":
            return "root"
        for prefix, kind in (
            ("user/", "iam_user"),
            ("role/", "iam_role"),
            ("assumed-role/", "assumed_role"),
            ("federated-user/", "federated_user"),
        ):
            if resource.startswith(prefix):
                return kind
        if arn.endswith(".amazonaws.com"):
            return "service"
        return "unknown"

    @property
    def account(self) -> str | None:
        parts = (self.arn or "").split(":")
        return parts[4] if len(parts) > 5 and parts[4] else None

    @property
    def role_name(self) -> str | None:
        """The role behind an assumed-role session or a role ARN."""
        resource = (self.arn or "").split(":", 5)[-1]
        if self.kind == "assumed_role":
            return resource.split("/")[1] if resource.count("/") >= 2 else None
        if self.kind == "iam_role":
            return resource.rsplit("/", 1)[-1]
        return None

    @property
    def short_name(self) -> str | None:
        """The user, role or session name a person would recognise."""
        if self.name:
            return self.name
        if self.kind == "assumed_role":
            return self.role_name
        resource = (self.arn or "").split(":", 5)[-1]
        return resource.rsplit("/", 1)[-1] or None


@dataclass(frozen=True)
class PolicyRef:
    """The policy a statement was found in, where the source names it (IAM Toolbox does; STS does not)."""

    uri: str
    kind: str | None  # "service_control_policy", "identity_policy", …


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

    kind: str  # "service_control_policy", "identity_policy", …
    effect: str  # "ALLOW", "NO_IMPACT", "IMPLICIT_DENY", "EXPLICIT_DENY"
    target: str | None
    policy_types: tuple[str, ...]


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
        for wanted in (key.lower(), _REPORTED_AS.get(key.lower())):
            for name, values in self.context.items():
                if name.lower() == wanted and values:
                    return values[0]
        return None

    @property
    def condition_context(self) -> dict[str, tuple[str, ...]]:
        """The request's values for keys a policy condition can test."""
        return {k: v for k, v in self.context.items() if k.lower() not in CONTEXT_ONLY_KEYS}


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


def parse(decoded: str | dict[str, Any]) -> AuthorizationFailure:
    """Parse the inner decoded JSON, or the CLI's {"DecodedMessage": "..."} wrapper around it."""
    document: Any = decoded
    if isinstance(decoded, str):
        try:
            document = json.loads(decoded)
        except ValueError:
            raise ParseError("not JSON") from None
    if isinstance(document, dict) and isinstance(document.get("DecodedMessage"), str):
        return parse(document["DecodedMessage"])
    if not isinstance(document, dict) or ("context" not in document and "allowed" not in document):
        raise ParseError("not a decoded authorization message")
    context = _dict(document.get("context"))
    principal_doc = _dict(context.get("principal"))
    principal = Principal(
        arn=_text(principal_doc.get("arn")),
        id=_text(principal_doc.get("id")),
        name=_text(principal_doc.get("name")),
    )
    conditions = _conditions(context.get("conditions"))
    resource = _text(context.get("resource")) or ""
    action = qualified_action(_text(context.get("action")) or "", conditions, resource)
    statements = tuple(_statement(item) for item in _items(document.get("matchedStatements")))
    return AuthorizationFailure(
        allowed=document.get("allowed") is True,
        explicit_deny=document.get("explicitDeny") is True,
        principal=principal,
        action=action,
        resource=resource,
        context=conditions,
        matched_statements=statements,
    )


def qualified_action(action: str, conditions: dict[str, tuple[str, ...]], resource: str) -> str:
    """Newer messages drop the service prefix ("RunInstances"); recover it from aws:Service or the ARN."""
    if ":" in action or not action:
        return action
    for key, values in conditions.items():
        if key.lower() == "aws:service" and values:
            return f"{values[0]}:{action}"
    parts = resource.split(":")
    if len(parts) > 2 and parts[0] == "arn" and parts[2]:
        return f"{parts[2]}:{action}"
    return action


def _statement(item: Any) -> Statement:
    doc = _dict(item)
    return Statement(
        sid=_text(doc.get("statementId")) or "",
        effect=(_text(doc.get("effect")) or "").capitalize(),
        actions=values_of(doc.get("actions")),
        resources=values_of(doc.get("resources")),
        principals=values_of(doc.get("principals")),
        conditions=_conditions(doc.get("conditions")),
    )


def _conditions(raw: Any) -> dict[str, tuple[str, ...]]:
    result: dict[str, tuple[str, ...]] = {}
    if isinstance(raw, dict) and "items" not in raw:
        # A plain {key: value(s)} mapping, as some tools re-export it.
        return {str(k): values_of(v) for k, v in raw.items()}
    for item in _items(raw):
        doc = _dict(item)
        key = _text(doc.get("key"))
        if key:
            result[key] = result.get(key, ()) + values_of(doc.get("values"))
    return result


def values_of(raw: Any) -> tuple[str, ...]:
    if isinstance(raw, (str, int, float, bool)):
        return (_text(raw) or "",)
    values = []
    for item in _items(raw):
        if isinstance(item, dict):
            value = _text(item.get("value"))
            if value is not None:
                values.append(value)
        elif item is not None:
            values.append(_text(item) or "")
    return tuple(values)


def _items(raw: Any) -> list[Any]:
    if isinstance(raw, dict):
        raw = raw.get("items", [])
    return list(raw) if isinstance(raw, list) else []


def _dict(raw: Any) -> dict[str, Any]:
    return raw if isinstance(raw, dict) else {}


def _text(raw: Any) -> str | None:
    if raw is None or isinstance(raw, (dict, list)):
        return None
    if isinstance(raw, bool):
        return "true" if raw else "false"
    return str(raw)
