"""Tolerant readers for the JSON shapes AWS and people produce: `{"items": [...]}` wrappers, bare lists,
`{"value": x}` items, bare strings. Shared by every parser of JSON input."""

from __future__ import annotations

from typing import Any


def values_of(raw: Any) -> tuple[str, ...]:
    if isinstance(raw, (str, int, float, bool)):
        return (as_text(raw) or "",)
    values = []
    for item in items(raw):
        if isinstance(item, dict):
            value = as_text(item.get("value"))
            if value is not None:
                values.append(value)
        elif item is not None:
            values.append(as_text(item) or "")
    return tuple(values)


def items(raw: Any) -> list[Any]:
    if isinstance(raw, dict):
        raw = raw.get("items", [])
    return list(raw) if isinstance(raw, list) else []


def as_dict(raw: Any) -> dict[str, Any]:
    return raw if isinstance(raw, dict) else {}


def as_list(raw: Any) -> list[Any]:
    return raw if isinstance(raw, list) else []


def as_text(raw: Any) -> str | None:
    if raw is None or isinstance(raw, (dict, list)):
        return None
    if isinstance(raw, bool):
        return "true" if raw else "false"
    return str(raw)


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
