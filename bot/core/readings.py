"""What a matched statement means, inferred as an IAM expert would. Pure.

Decoded messages list a statement's condition keys and values but never the operator. A Deny statement
matched, so each of its conditions was true: a request value among the listed values (wildcards honoured)
means a positive operator (the Deny targets those values); no value matching means a negated one (the list
is what escapes the Deny); a key the request lacks means a Null or ...IfExists check. An Allow statement is
read the other way round: a listed value means its condition was met, an unlisted one that it was not.

Actions that cannot match the denied action are a NotAction exception list (NotResource likewise).
"""

from __future__ import annotations

import functools
import ipaddress
import re
from dataclasses import dataclass

from bot.core.iam import is_ordered_key
from bot.core.model import MASK, AuthorizationFailure, Statement, aliases
from bot.vocab import ConditionReading, PrincipalKind

_VARIABLE = re.compile(r"\$\{[^}]+\}")
_VARIABLE_IN = re.compile(r"\$\{([^}]+)\}")
# Keys every signed request carries, though decoded contexts omit them: filled in from the principal.
_IMPLIED = ("aws:principalarn", "aws:principalaccount")


@dataclass(frozen=True)
class KeyReading:
    key: str
    values: tuple[str, ...]  # the statement's
    request: tuple[str, ...]  # the request's (empty when it lacks the key)
    reading: ConditionReading

    @property
    def unlisted(self) -> tuple[str, ...]:
        """The request's values that no listed value matches."""
        return tuple(value for value in self.request if not any(matches(p, value) for p in self.values))

    @property
    def variables(self) -> tuple[str, ...]:
        """The statement's values that are policy variables it could not resolve (${aws:PrincipalTag/Project})."""
        return tuple(value for value in self.values if _VARIABLE.fullmatch(value))

    @property
    def null_check(self) -> bool:
        """`"Null": {key: "true"}`: the statement is about the key being absent (so: required)."""
        return self.reading is ConditionReading.KEY_ABSENT and tuple(v.lower() for v in self.values) == ("true",)


@dataclass(frozen=True)
class StatementReading:
    statement: Statement
    not_action: bool  # its actions are the exceptions of a NotAction element
    not_resource: bool
    keys: tuple[KeyReading, ...]

    @property
    def allow(self) -> bool:
        return self.statement.effect.lower() == "allow"

    def key(self, name: str) -> KeyReading | None:
        wanted = name.lower()
        return next((k for k in self.keys if k.key.lower() == wanted), None)

    def keys_starting(self, prefix: str) -> list[KeyReading]:
        return [k for k in self.keys if k.key.lower().startswith(prefix.lower())]


def read(statement: Statement, failure: AuthorizationFailure) -> StatementReading:
    action, resource = failure.action, failure.resource
    not_action = bool(statement.actions) and bool(action) and not any(
        _action_matches(pattern, action) for pattern in statement.actions)
    not_resource = bool(statement.resources) and bool(resource) and not any(
        matches(pattern, resource) for pattern in statement.resources)
    keys = tuple(_key(key, tuple(resolved(v, failure) for v in values), request_values(failure, key))
                 for key, values in statement.conditions.items())
    return StatementReading(statement, not_action, not_resource, keys)


def resolved(value: str, failure: AuthorizationFailure) -> str:
    """A policy variable (${aws:username}, ${aws:PrincipalTag/Project}) replaced by what the request says it was,
    where the failure knows; kept as written otherwise (IAM User Guide, "IAM policy elements: Variables and tags")."""
    def one(match: re.Match[str]) -> str:
        key = match.group(1)
        name = key.lower()
        if name == "aws:username" and failure.principal.kind is PrincipalKind.IAM_USER:
            return failure.principal.short_name or match.group(0)
        found = request_values(failure, key)
        return found[0] if len(found) == 1 else match.group(0)

    return _VARIABLE_IN.sub(one, value) if "${" in value else value


def request_values(failure: AuthorizationFailure, key: str) -> tuple[str, ...]:
    """Every value the request had for a key (case-insensitive), aliases and implied keys included."""
    wanted = key.lower()
    for name in sorted(aliases(key), key=lambda n: n != wanted):
        found = next((v for k, v in failure.context.items() if k.lower() == name and v), None)
        if found:
            return found
    if wanted in _IMPLIED:
        principal = failure.principal
        implied = principal.principal_arn if wanted == "aws:principalarn" else principal.account
        return (implied,) if implied else ()
    return ()


def _key(key: str, values: tuple[str, ...], request: tuple[str, ...]) -> KeyReading:
    if not request:
        return KeyReading(key, values, request, ConditionReading.KEY_ABSENT)
    if MASK in values or MASK in request:
        return KeyReading(key, values, request, ConditionReading.UNKNOWN)
    hits = [value for value in request if any(matches(pattern, value) for pattern in values)]
    if hits and len(hits) < len(request):
        return KeyReading(key, values, request, ConditionReading.PARTLY)
    if hits:
        return KeyReading(key, values, request, ConditionReading.LISTED)
    if is_ordered_key(key):
        # Numeric and date operators compare by size: "not equal" says nothing about which way.
        return KeyReading(key, values, request, ConditionReading.UNKNOWN)
    return KeyReading(key, values, request, ConditionReading.NOT_LISTED)


def matches(pattern: str, value: str) -> bool:
    """A condition or ARN pattern against a value: `*` and `?` wildcards, CIDR ranges for IP addresses."""
    if "/" in pattern and _is_network(pattern):
        try:
            return ipaddress.ip_address(value.split("/")[0]) in ipaddress.ip_network(pattern, strict=False)
        except ValueError:
            return False
    return _wildcard(pattern).fullmatch(value) is not None


def _action_matches(pattern: str, action: str) -> bool:
    if ":" not in pattern:  # some messages drop the service prefix from statement actions too
        action = action.split(":", 1)[-1]
    return matches(pattern, action)


@functools.lru_cache(maxsize=1024)
def _wildcard(pattern: str) -> re.Pattern[str]:
    regex = "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern)
    return re.compile(regex, re.IGNORECASE | re.DOTALL)


def _is_network(pattern: str) -> bool:
    try:
        ipaddress.ip_network(pattern, strict=False)
    except ValueError:
        return False
    return True
