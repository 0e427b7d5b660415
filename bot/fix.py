"""The least-privilege statement that cures a missing allow. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.failure import AuthorizationFailure
from bot.messages import Line

# aws:Service values whose service principal is not simply "<value>.amazonaws.com".
_SERVICE_PRINCIPALS = {"ecs": "ecs-tasks.amazonaws.com"}


@dataclass(frozen=True)
class Fix:
    policy: dict[str, Any]
    notes: tuple[Line, ...]


def least_privilege_fix(failure: AuthorizationFailure) -> Fix | None:
    """An Allow for exactly the denied action on exactly the denied resource, narrowed where it is safe."""
    if not failure.action or ":" not in failure.action:
        return None
    statement: dict[str, Any] = {
        "Sid": _sid(failure.action),
        "Effect": "Allow",
        "Action": failure.action,
        "Resource": failure.resource or "*",
    }
    notes: list[Line] = []
    if failure.action.lower() == "iam:passrole":
        service = failure.context_value("aws:Service")
        if service:
            principal = _SERVICE_PRINCIPALS.get(service, f"{service}.amazonaws.com")
            statement["Condition"] = {"StringEquals": {"iam:PassedToService": principal}}
            notes.append(Line("fix.note.passed_to_service", service=principal))
        else:
            notes.append(Line("fix.note.passed_to_service_unknown"))
    if failure.action.lower() == "ec2:runinstances":
        notes.append(Line("fix.note.run_instances_resources", resource=failure.resource))
    if "*" in failure.resource:
        notes.append(Line("fix.note.wildcard_resource"))
    return Fix(policy={"Version": "2012-10-17", "Statement": [statement]}, notes=tuple(notes))


def _sid(action: str) -> str:
    service, _, name = action.partition(":")
    return "Allow" + re.sub(r"[^A-Za-z0-9]", "", service.capitalize() + name)
