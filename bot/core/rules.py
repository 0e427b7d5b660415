"""How to word a matched Deny statement, from its reading (core/readings.py). Pure.

Statement rules look at the statement as a whole (AWS's quarantine policy, NotAction, NotResource); key rules
each word one kind of condition key; any other key gets a generic line for its reading. Each rule gives the
full reading (`rule.*`, for the details), and where it can, the one sentence of cause that leads the answer
(`cause.*`) and the specific step that gets past it (`do.*`). A new reading is one function and one entry in
KEY_RULES (or STATEMENT_RULES), plus its catalog entries.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.core.model import AuthorizationFailure
from bot.core.readings import KeyReading, StatementReading
from bot.i18n import Line
from bot.i18n.keys import ABSENT_CONTEXT, KEY_READING
from bot.vocab import ConditionReading, PrincipalKind


@dataclass(frozen=True)
class Rule:
    detail: Line  # the full reading of one part of the statement
    cause: Line | None = None  # one sentence of cause with short names, to lead the answer
    step: Line | None = None  # the specific way past it
    command: str | None = None  # a command that takes it, complete with what the answer knows


StatementRule = Callable[[StatementReading, AuthorizationFailure], Rule | None]
KeyRule = Callable[[KeyReading, AuthorizationFailure], Rule | None]

MAX_NAMED = 8  # longer lists of actions or values are cut, saying how many more there are

# Actions in every published version of AWS's compromised-key quarantine policies (AWSCompromisedKeyQuarantine,
# V2, V3); with no conditions, "*" as resource and an IAM user as principal, they identify the policy.
QUARANTINE_SIGNATURE = frozenset({
    "iam:createaccesskey", "iam:updateaccesskey", "iam:createloginprofile", "iam:putuserpolicy",
    "iam:attachuserpolicy", "iam:createuser", "iam:createrole", "ec2:runinstances", "ec2:requestspotinstances",
    "lambda:createfunction", "organizations:createaccount", "organizations:inviteaccounttoorganization",
})
# Sessions MFA cannot reach: EC2 instance profiles (session named after the instance) and automation roles.
_INSTANCE_SESSION = re.compile(r"i-[0-9a-f]{8,17}")
_AUTOMATION_WORDS = frozenset({"ci", "cd", "cicd", "deploy", "deployer", "deployment", "pipeline", "build", "runner",
                               "automation", "bot"})
_AUTOMATION_NAMES = ("github", "gitlab", "jenkins", "terraform", "karpenter", "codebuild", "codepipeline", "atlantis")
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def listed(values: tuple[str, ...]) -> str:
    shown = ", ".join(values[:MAX_NAMED])
    return shown + (f" (+{len(values) - MAX_NAMED})" if len(values) > MAX_NAMED else "")


def is_quarantine(reading: StatementReading, failure: AuthorizationFailure) -> bool:
    statement = reading.statement
    actions = {a.lower() for a in statement.actions}
    return (not reading.allow and not statement.conditions and statement.resources == ("*",)
            and failure.principal.kind is PrincipalKind.IAM_USER and actions >= QUARANTINE_SIGNATURE)


def not_action(reading: StatementReading, failure: AuthorizationFailure) -> Rule | None:
    if not reading.not_action:
        return None
    actions = reading.statement.actions
    params: dict[str, str | int] = {"count": len(actions), "actions": listed(actions), "action": failure.action}
    return Rule(Line("rule.not_action", **params), Line("cause.not_action", **params))


def not_resource(reading: StatementReading, failure: AuthorizationFailure) -> Rule | None:
    if not reading.not_resource:
        return None
    resources = reading.statement.resources
    params: dict[str, str | int] = {"count": len(resources), "resources": listed(resources),
              "resource": failure.resource or "*",
              "action": failure.action}
    return Rule(Line("rule.not_resource", **params), Line("cause.not_resource", **params))


STATEMENT_RULES: tuple[StatementRule, ...] = (not_action, not_resource)


def _by_reading(family: str, key: KeyReading, failure: AuthorizationFailure, **params: str) -> Rule | None:
    """`rule.<family>.listed` / `.not_listed` (and the matching cause.* and do.*), with the statement's values
    and the request's."""
    reading = key.reading
    if reading is ConditionReading.PARTLY and family in _PARTLY_FAMILIES:
        values = {"values": listed(key.values), "request": listed(key.request), "unlisted": listed(key.unlisted),
                  "action": failure.action, **params}
        suffix = f"{family}.{reading}"
        return Rule(Line(f"rule.{suffix}", **values), Line(f"cause.{suffix}", **values), Line(f"do.{suffix}", **values))
    if reading not in (ConditionReading.LISTED, ConditionReading.NOT_LISTED):
        return None
    values = {"values": listed(key.values), "request": listed(key.request), "action": failure.action, **params}
    suffix = f"{family}.{reading}"
    return Rule(Line(f"rule.{suffix}", **values), Line(f"cause.{suffix}", **values), Line(f"do.{suffix}", **values))


def region(key: KeyReading, failure: AuthorizationFailure) -> Rule | None:
    return _by_reading("region", key, failure) if key.key.lower() == "aws:requestedregion" else None


def instance_type(key: KeyReading, failure: AuthorizationFailure) -> Rule | None:
    return _by_reading("instance_type", key, failure) if key.key.lower() == "ec2:instancetype" else None


def tag(key: KeyReading, failure: AuthorizationFailure) -> Rule | None:
    """aws:RequestTag/<tag> (tags the request sets) and aws:ResourceTag/<tag> (tags the resource has)."""
    kind, _, name = key.key.partition("/")
    family = {"aws:requesttag": "request_tag", "aws:resourcetag": "resource_tag"}.get(kind.lower())
    if family is None or not name:
        return None
    if key.null_check:
        params = {"tag": name, "action": failure.action}
        return Rule(Line(f"rule.{family}.required", **params), Line(f"cause.{family}.required", **params),
                    Line(f"do.{family}.required", **params))
    variable = next((v for v in key.variables if v.lower().startswith("${aws:principaltag/")), None)
    if variable and key.reading is not ConditionReading.LISTED:
        # ABAC: the tag must equal the caller's own principal tag, whose value the request did not show.
        params = {"tag": name, "action": failure.action, "principal_tag": variable[2:-1].split("/", 1)[1],
                  "request": listed(key.request) if key.request else "-"}
        return Rule(Line(f"rule.{family}.variable", **params), Line(f"cause.{family}.variable", **params),
                    Line(f"do.{family}.variable", **params))
    return _by_reading(family, key, failure, tag=name)


def tag_keys(key: KeyReading, failure: AuthorizationFailure) -> Rule | None:
    return _by_reading("tag_keys", key, failure) if key.key.lower() == "aws:tagkeys" else None


def principal(key: KeyReading, failure: AuthorizationFailure) -> Rule | None:
    """aws:PrincipalArn / aws:PrincipalAccount: exemption lists (not_listed) or principals singled out."""
    family = {"aws:principalarn": "principal", "aws:principalaccount": "account"}.get(key.key.lower())
    return _by_reading(family, key, failure) if family else None


def mfa(key: KeyReading, failure: AuthorizationFailure) -> Rule | None:
    name = key.key.lower()
    if name == "aws:multifactorauthage":
        line = Line("rule.mfa_age", values=listed(key.values))
        return Rule(line, Line("cause.mfa", action=failure.action), line)
    if name != "aws:multifactorauthpresent":
        return None
    if key.reading is ConditionReading.NOT_LISTED:  # a Deny for "true": not about missing MFA
        return None
    advice = _mfa_advice(failure)
    return Rule(advice, Line("cause.mfa", action=failure.action), advice, _mfa_command(failure))


def _mfa_advice(failure: AuthorizationFailure) -> Line:
    who = failure.principal
    role = who.role_name or "?"
    if who.kind is PrincipalKind.IAM_USER:
        return Line("rule.mfa.iam_user")
    if who.kind is PrincipalKind.ROOT:
        return Line("rule.mfa.root")
    if who.kind is PrincipalKind.ASSUMED_ROLE:
        session = who.session_name or ""
        if _INSTANCE_SESSION.fullmatch(session) or (not who.permission_set and _automation(role)):
            return Line("rule.mfa.automation", role=role)
        return Line("rule.mfa.role_session", role=role)
    return Line("rule.mfa.other")


def _mfa_command(failure: AuthorizationFailure) -> str | None:
    """The call that gets credentials with MFA, with the role, session and account the answer knows; the MFA device
    and its code are the person's to fill in."""
    who = failure.principal
    partition, account = who.partition, who.account or "ACCOUNT"
    device = f"arn:{partition}:iam::{account}:mfa/YOUR-MFA-DEVICE"
    if who.kind is PrincipalKind.IAM_USER:
        return f"aws sts get-session-token --serial-number {device} --token-code 123456"
    if who.kind is PrincipalKind.ASSUMED_ROLE and who.role_arn and not who.permission_set \
            and _mfa_advice(failure).key == "rule.mfa.role_session":
        return (f"aws sts assume-role --role-arn {who.role_arn} --role-session-name {who.session_name or 'SESSION'} "
                f"--serial-number {device} --token-code 123456")
    return None


def _automation(role: str) -> bool:
    """A role named for a pipeline or tool rather than for people (ci-deployer, GitHubActionsRole …)."""
    words = {word.lower() for word in _WORD.findall(role)}
    return bool(words & _AUTOMATION_WORDS) or any(name in role.lower() for name in _AUTOMATION_NAMES)


def context_key(key: KeyReading, failure: AuthorizationFailure) -> Rule | None:
    """Keys nobody sets on a request: the network path, the calling service, the principal's own tags. "Set the key"
    would be no advice; what supplies the key is (IAM User Guide, "AWS global condition context keys")."""
    name = key.key.lower()
    family = next((f for prefix, f in _CONTEXT_KEYS if name == prefix or name.startswith(prefix + "/")), None)
    if family is None or key.reading not in (ConditionReading.KEY_ABSENT, ConditionReading.NOT_LISTED):
        return None
    if family == "region":  # every request has a Region: a decoded context that lacks it just does not show it
        return Rule(Line("rule.context.region.absent", key=key.key, values=listed(key.values))) \
            if key.reading is ConditionReading.KEY_ABSENT else None
    params = {"key": key.key, "values": listed(key.values), "request": listed(key.request) if key.request else "-",
              "action": failure.action, "tag": key.key.split("/", 1)[-1]}
    suffix = f"context.{family}.{key.reading}"
    return Rule(Line(f"rule.{suffix}", **params), Line(f"cause.{suffix}", **params), Line(f"do.{suffix}", **params))


# (key or key prefix, family) of the keys context_key words.
_CONTEXT_KEYS = (("aws:sourceip", "source_ip"), ("aws:sourcevpce", "source_vpce"), ("aws:sourcevpc", "source_vpce"),
                 ("aws:calledvia", "called_via"), ("aws:calledviafirst", "called_via"),
                 ("aws:calledvialast", "called_via"), ("aws:principaltag", "principal_tag"),
                 ("aws:requestedregion", "region"))
_PARTLY_FAMILIES = frozenset({"tag_keys"})
KEY_RULES: tuple[KeyRule, ...] = (region, instance_type, tag, tag_keys, principal, mfa, context_key)


def generic(key: KeyReading) -> Rule:
    if key.null_check:
        return Rule(KEY_READING.line("required", key=key.key))
    reading: str = key.reading
    if key.reading is ConditionReading.KEY_ABSENT and key.key.lower().startswith("aws:") and \
            not key.key.lower().startswith("aws:requesttag/"):
        reading = ABSENT_CONTEXT  # a global key the request did not carry: not something to "set"
    return Rule(KEY_READING.line(reading, key=key.key, values=listed(key.values),
                     request=listed(key.request) if key.request else "-", unlisted=listed(key.unlisted)))


def read_statement(reading: StatementReading, failure: AuthorizationFailure) -> list[Rule]:
    """What a matched Deny statement means for this request, one rule per part of it, most telling first."""
    if is_quarantine(reading, failure):
        advice = Line("rule.quarantine")
        return [Rule(advice, Line("cause.quarantine", action=failure.action, name=failure.principal.short_name or "?"),
                     advice)]
    found = [rule for check in STATEMENT_RULES if (rule := check(reading, failure)) is not None]
    keyed = []
    for key in reading.keys:
        rule = next((r for check in KEY_RULES if (r := check(key, failure)) is not None), None)
        keyed.append(rule or generic(key))
    # A condition's reading says more than "every action except …": it leads when it can.
    return sorted(keyed, key=lambda r: r.cause is None) + found
