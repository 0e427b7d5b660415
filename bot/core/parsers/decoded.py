"""Parser for decoded messages, pasted or as STS returns them for a token: the decoded JSON as a failure.

Unknown fields are ignored; every shape in parsers.shapes is accepted.
"""

from __future__ import annotations

import json
from typing import Any

from bot.core.model import AuthorizationFailure, Principal, Statement
from bot.core.outcomes import Problem, Reading
from bot.core.parsers.shapes import as_dict, as_text, items, qualified_action, values_of
from bot.vocab import ProblemCode


class ParseError(ValueError):
    """The text is not a decoded authorization failure message."""


def reading(document: str | dict[str, Any]) -> Reading:
    """The failure in a decoded message, or the problem that it cannot be read."""
    try:
        return Reading(failure=parse(document))
    except ParseError:
        return Reading(problem=Problem.of(ProblemCode.UNPARSEABLE))


def parse(decoded: str | dict[str, Any]) -> AuthorizationFailure:
    """Parse the inner decoded JSON, or the CLI's {"DecodedMessage": "..."} wrapper around it."""
    document: Any = decoded
    if isinstance(decoded, str):
        try:
            document = json.loads(decoded)
        except (ValueError, RecursionError):
            raise ParseError("not JSON") from None
    if isinstance(document, dict) and isinstance(document.get("DecodedMessage"), str):
        return parse(document["DecodedMessage"])
    if not isinstance(document, dict) or ("context" not in document and "allowed" not in document):
        raise ParseError("not a decoded authorization message")
    context = as_dict(document.get("context"))
    principal_doc = as_dict(context.get("principal"))
    principal = Principal(
        arn=as_text(principal_doc.get("arn")),
        id=as_text(principal_doc.get("id")),
        name=as_text(principal_doc.get("name")),
    )
    conditions = _conditions(context.get("conditions"))
    resource = as_text(context.get("resource")) or ""
    action = qualified_action(as_text(context.get("action")) or "", conditions, resource)
    statements = tuple(_statement(item) for item in items(document.get("matchedStatements")))
    return AuthorizationFailure(
        allowed=document.get("allowed") is True,
        explicit_deny=document.get("explicitDeny") is True,
        principal=principal,
        action=action,
        resource=resource,
        context=conditions,
        matched_statements=statements,
    )


def _statement(item: Any) -> Statement:
    doc = as_dict(item)
    return Statement(
        sid=as_text(doc.get("statementId")) or "",
        effect=(as_text(doc.get("effect")) or "").capitalize(),
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
    for item in items(raw):
        doc = as_dict(item)
        key = as_text(doc.get("key"))
        if key:
            result[key] = result.get(key, ()) + values_of(doc.get("values"))
    return result
