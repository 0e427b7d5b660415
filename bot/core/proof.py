"""The two levels of a fix that ask AWS, on top of the offline one (bot/core/verify.py):

- validated: IAM Access Analyzer's ValidatePolicy finds no ERROR and no SECURITY_WARNING in any statement of the
  fix (each with its policy type, and the resource type of a bucket or trust policy);
- proven: IAM's policy simulator, for the denied principal, action, resource and request context, denies the
  request as the principal's policies stand and allows it with the statement added.

The simulator evaluates the principal's identity policies, its permissions boundary and the organization's SCPs,
nothing else: when it allows the request without the statement, the denial came from a layer it does not see;
when an SCP or the boundary still denies with the statement, the statement is not the fix, and the answer names
the layer that must change instead of handing it out. Pure: AWS is reached through the Lookups.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from bot.core import iam
from bot.core.fixes import Fix
from bot.core.model import AuthorizationFailure, first_value
from bot.core.outcomes import (
    ContextEntry,
    LookupProblem,
    Lookups,
    PolicyCheck,
    Simulated,
    Simulation,
    Validated,
)
from bot.core.verify import CheckOutcome, Verification
from bot.i18n import Line
from bot.vocab import AttachKind, PolicyKind, PrincipalKind, ProblemCode

_IDENTITY = frozenset({AttachKind.USER, AttachKind.ROLE, AttachKind.GROUP, AttachKind.PERMISSION_SET,
                       AttachKind.PERMISSIONS_BOUNDARY, AttachKind.SESSION_POLICY})
# ValidatePolicy's policy type (and resource type) for each place a statement goes.
_POLICY_TYPE: dict[AttachKind, tuple[str, str | None]] = {
    AttachKind.TRUST_POLICY: ("RESOURCE_POLICY", "AWS::IAM::AssumeRolePolicyDocument"),
    AttachKind.BUCKET_POLICY: ("RESOURCE_POLICY", "AWS::S3::Bucket"),
    AttachKind.KEY_POLICY: ("RESOURCE_POLICY", None),
    AttachKind.RESOURCE_POLICY: ("RESOURCE_POLICY", None),
    AttachKind.VPC_ENDPOINT_POLICY: ("RESOURCE_POLICY", None),
    AttachKind.SERVICE_CONTROL_POLICY: ("SERVICE_CONTROL_POLICY", None),
    AttachKind.RESOURCE_CONTROL_POLICY: ("RESOURCE_CONTROL_POLICY", None),
}
_BLOCKING = frozenset({"ERROR", "SECURITY_WARNING"})
# SimulatePrincipalPolicy's ContextKeyType for each type the Service Authorization Reference gives a key.
_KEY_TYPES = {"String": "string", "ARN": "string", "ArrayOfString": "stringList", "ArrayOfARN": "stringList",
              "Numeric": "numeric", "ArrayOfNumeric": "numericList", "Bool": "boolean", "ArrayOfBool": "booleanList",
              "Date": "date", "IPAddress": "ip", "ArrayOfIPAddress": "ipList"}
# The global keys whose type is not a string (IAM User Guide, "AWS global condition context keys").
_GLOBAL_KEY_TYPES = {
    "aws:sourceip": "ip", "aws:vpcsourceip": "ip", "aws:currenttime": "date", "aws:tokenissuetime": "date",
    "aws:epochtime": "numeric", "aws:multifactorauthage": "numeric", "aws:multifactorauthpresent": "boolean",
    "aws:securetransport": "boolean", "aws:viaawsservice": "boolean", "aws:principalisawsservice": "boolean",
    "aws:ec2instancesourcevpc": "string", "aws:tagkeys": "stringList", "aws:calledvia": "stringList",
    "aws:principalservicenamelist": "stringList", "aws:ismcpserviceaction": "boolean",
}
# The simulator's errors that mean "this principal or request cannot be simulated", not "AWS failed".
_STOPS = {ProblemCode.ACCESS_DENIED: "permission", ProblemCode.THROTTLED: "busy", ProblemCode.TIMEOUT: "busy",
          ProblemCode.CONNECTION: "busy", ProblemCode.PRINCIPAL_NOT_FOUND: "unknown_principal"}


def policy_checks(fix: Fix) -> list[PolicyCheck]:
    """Every policy the fix hands out, as ValidatePolicy is asked about it."""
    placed = [(fix.attach_to.kind, fix.policy), *((side.attach_to.kind, side.policy) for side in fix.also
                                                  if side.policy != fix.policy)]
    if fix.related:
        placed.append((AttachKind.ROLE, fix.related))
    return [PolicyCheck(json.dumps(policy), *_POLICY_TYPE.get(kind, ("IDENTITY_POLICY", None)))
            for kind, policy in placed]


def simulation(fix: Fix, failure: AuthorizationFailure) -> Simulation | None:
    """The denied request for the simulator, with the fix added; None where the simulator cannot prove it: a
    statement that is not the principal's own (a trust, key or bucket policy), a principal that is not an IAM user
    or role, a resource that is not an ARN."""
    kind = fix.attach_to.kind
    principal = _simulated_principal(failure)
    if kind not in _IDENTITY or kind is AttachKind.SESSION_POLICY or principal is None:
        return None
    resource = failure.resource if failure.resource.startswith("arn:") else None
    if resource is None and failure.resource not in ("", "*"):
        return None
    document = json.dumps(fix.policy)
    boundary = kind is AttachKind.PERMISSIONS_BOUNDARY
    return Simulation(principal, failure.action, resource, context_entries(failure),
                      added=None if boundary else document, boundary=document if boundary else None)


def _simulated_principal(failure: AuthorizationFailure) -> str | None:
    """The user, or the role behind a role session; aws:PrincipalArn carries a role's path, which a session's ARN
    drops."""
    principal = failure.principal
    if principal.kind is PrincipalKind.IAM_USER:
        return principal.arn
    if principal.kind not in (PrincipalKind.ASSUMED_ROLE, PrincipalKind.IAM_ROLE):
        return None
    carried = first_value(failure.context, "aws:PrincipalArn") or ""
    return carried if ":role/" in carried else principal.role_arn


def context_entries(failure: AuthorizationFailure) -> tuple[ContextEntry, ...]:
    """The request's context values, each typed as the Service Authorization Reference types its key."""
    entries = []
    for key, values in failure.condition_context.items():
        if not values or key.lower() == "aws:principalarn":
            continue
        key_type = _GLOBAL_KEY_TYPES.get(key.lower()) or _KEY_TYPES.get(iam.condition_key_type(key) or "", "")
        if not key_type:
            key_type = "stringList" if len(values) > 1 else "string"
        if len(values) > 1 and not key_type.endswith("List"):
            key_type += "List"
        entries.append(ContextEntry(key, key_type, tuple(values)))
    return tuple(entries)


def online(fix: Fix, failure: AuthorizationFailure, lookups: Lookups, lang: str) -> Verification:
    """The fix's level after asking AWS; the offline verification unchanged where nothing could be asked."""
    base = fix.verification
    if base.level != "offline":
        return base
    account = failure.principal.account
    checks = list(base.checks)
    request = simulation(fix, failure)
    locale = "JA" if lang == "ja" else "EN"
    # The validations and the simulation of the request as it was do not depend on each other: asked at once.
    calls: list[Callable[[], object]] = [functools.partial(lookups.validate_policy, check, locale, account)
                                         for check in policy_checks(fix)]
    if request is not None:
        calls.append(functools.partial(lookups.simulate, dataclasses.replace(request, added=None, boundary=None),
                                       account))
    with ThreadPoolExecutor(max_workers=len(calls), thread_name_prefix="check") as pool:
        answers = list(pool.map(lambda call: call(), calls))
    outcomes = answers[:-1] if request is not None else answers
    before = answers[-1] if request is not None else None
    if not outcomes or any(outcome is None for outcome in outcomes):
        return base  # no AWS here, or an account decode-bot does not check in
    problem = next((o for o in outcomes if isinstance(o, LookupProblem)), None)
    if problem is not None:
        checks.append(CheckOutcome("access_analyzer", "skipped", _problem_detail(problem, account)))
        return dataclasses.replace(base, checks=tuple(checks), stopped=_stopped(problem, "access-analyzer:"
                                                                                          "ValidatePolicy", account))
    findings = [f for outcome in outcomes if isinstance(outcome, Validated) for f in outcome.findings]
    listed = "; ".join(f"{f.finding_type} {f.issue_code}: {f.details}" for f in findings)
    blocking = [f for f in findings if f.finding_type in _BLOCKING]
    if any(f.finding_type == "ERROR" for f in findings):  # a statement AWS would refuse: never handed out
        checks.append(CheckOutcome("access_analyzer", "fail", listed))
        return Verification("withheld", tuple(checks))
    if blocking:
        checks.append(CheckOutcome("access_analyzer", "fail", listed))
        return dataclasses.replace(base, checks=tuple(checks),
                                   stopped=Line("level.stopped.findings", findings=_codes(blocking)))
    checks.append(CheckOutcome("access_analyzer", "pass", listed))
    validated = Verification("validated", tuple(checks))
    if request is None:
        return _with(validated, CheckOutcome("simulator", "skipped", f"the statement goes in a {fix.attach_to.kind}"))
    assert before is None or isinstance(before, (Simulated, LookupProblem))
    return _simulated(fix, request, before, lookups, validated, account)


def _simulated(fix: Fix, request: Simulation, before: Simulated | LookupProblem | None, lookups: Lookups,
               validated: Verification, account: str | None) -> Verification:
    if before is None:
        return validated
    if isinstance(before, LookupProblem):
        return dataclasses.replace(_with(validated, CheckOutcome("simulator", "skipped", _problem_detail(
            before, account))), stopped=_stopped(before, "iam:SimulatePrincipalPolicy", account))
    if before.decision == "allowed":
        return dataclasses.replace(_with(validated, CheckOutcome(
            "simulator", "fail", "allowed without the statement: the denial came from a layer the simulator does not "
            "evaluate")), unseen_layer=True)
    blocked, telling = _blocked(before, fix.attach_to.kind), before
    if blocked is None:
        after = lookups.simulate(request, account)
        if after is None or isinstance(after, LookupProblem):
            problem = after or LookupProblem(ProblemCode.UNEXPECTED)
            return dataclasses.replace(_with(validated, CheckOutcome("simulator", "skipped", _problem_detail(
                problem, account))), stopped=_stopped(problem, "iam:SimulatePrincipalPolicy", account))
        if after.decision == "allowed":
            flipped = f"{before.decision} without the statement, allowed with it"
            elsewhere = _other_account(fix, account)
            if elsewhere is not None:  # the simulator cannot see the other account's side: not proven
                return dataclasses.replace(_with(validated, CheckOutcome(
                    "simulator", "pass", f"{flipped}, on this account's side only")),
                    stopped=Line("level.stopped.other_side", account=elsewhere))
            return Verification("proven", (*validated.checks, CheckOutcome("simulator", "pass", flipped)))
        blocked, telling = _blocked(after, fix.attach_to.kind), after
        if blocked is None:
            missing = ", ".join(after.missing_context)
            return dataclasses.replace(_with(validated, CheckOutcome(
                "simulator", "fail", f"still {after.decision} with the statement" + (
                    f"; context values the simulator lacked: {missing}" if missing else ""))),
                stopped=Line("level.stopped.still_denied", missing=missing) if not missing else
                Line("level.stopped.missing_context", keys=missing))
    detail = f"{blocked} still denies the request with the statement added"
    return Verification("withheld", (*validated.checks, CheckOutcome("simulator", "fail", detail)), blocked_by=blocked,
                        denied_in=telling.matched)


def _other_account(fix: Fix, account: str | None) -> str | None:
    """The account of a statement the fix also needs, where the simulator does not look."""
    return next((side.attach_to.account or "?" for side in fix.also if side.attach_to.account != account), None)


def _blocked(result: Simulated, kind: AttachKind) -> PolicyKind | None:
    """The layer that denies the request whatever the principal's own policies say."""
    if result.allowed_by_organizations is False:
        return PolicyKind.SERVICE_CONTROL_POLICY
    if result.allowed_by_boundary is False and kind is not AttachKind.PERMISSIONS_BOUNDARY:
        return PolicyKind.PERMISSIONS_BOUNDARY
    if result.decision == "explicitDeny":
        return PolicyKind.IDENTITY_POLICY
    return None


def _with(verification: Verification, check: CheckOutcome) -> Verification:
    return dataclasses.replace(verification, checks=(*verification.checks, check))


def _codes(findings: list[Any]) -> str:
    return ", ".join(dict.fromkeys(f.issue_code for f in findings))


def _problem_detail(problem: LookupProblem, account: str | None) -> str:
    return f"{problem.code} in account {account or 'of the credentials'}"


def _stopped(problem: LookupProblem, call: str, account: str | None) -> Line | None:
    if problem.code is ProblemCode.NO_CREDENTIALS:
        return None  # the answer already says decode-bot has no AWS credentials: nothing more to say
    return Line(f"level.stopped.{_STOPS.get(problem.code, 'failed')}", call=call, account=account or "?",
                problem=str(problem.code))
