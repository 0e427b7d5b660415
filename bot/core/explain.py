"""From a parsed failure (and what the error text said) to a verdict, its cause and the next steps. Pure.

No wording lives here: every sentence is a catalog Line, so renderers can show it in any language.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from dataclasses import dataclass, field

from bot.core import iam
from bot.core.fixes import Fix, least_privilege_fix
from bot.core.hints import PolicyHint
from bot.core.iam import ActionInfo
from bot.core.layers import (
    LAYERS,
    RESOURCE_POLICY_SERVICES,
    AttachTo,
    Placement,
    assumes_role,
    identity_kind,
    kind_for,
    place,
)
from bot.core.model import Arn, AuthorizationFailure, Principal, Statement, permission_set_of
from bot.core.readings import StatementReading, read
from bot.core.rules import Rule, listed, read_statement
from bot.core.verify import Verification
from bot.i18n import Line
from bot.i18n.keys import (
    ASK_OWNER,
    ATTACH_NAME,
    ATTACH_STEP,
    DENY_SOURCE,
    DENY_STEP,
    MISSING_ALLOW_CAUSE,
    MISSING_ALLOW_STEP,
    PERMISSION_SET,
    PERMISSION_SET_BOUNDARY,
    POLICY_KIND,
    PRINCIPAL,
    REFUSAL_CAUSE,
    REFUSAL_STEP,
    RESOURCE_SIDE_STEP,
    SERVICE_LINKED,
    SESSION_ISSUER,
    SIMULATOR_BLOCK,
    SSO,
    SUMMARY,
    SUMMARY_SHORT,
    UNNAMED_ACCOUNT,
    USER_POLICIES,
    WHO_CAN,
)
from bot.vocab import (
    AttachKind,
    ConditionReading,
    Crossing,
    Decision,
    PolicyKind,
    PrincipalKind,
    Refusal,
    SessionIssuer,
)

# Calls that stop, erase or blind security logging (CloudTrail, CloudWatch Logs, GuardDuty, AWS Config, Security
# Hub): organizations deny them on purpose (AWS's SCP examples: "Prevent users from disabling CloudTrail", …).
_SECURITY_LOGGING = frozenset({
    "cloudtrail:stoplogging", "cloudtrail:deletetrail", "cloudtrail:puteventselectors", "cloudtrail:updatetrail",
    "logs:deleteloggroup", "logs:deletelogstream", "guardduty:deletedetector", "guardduty:updatedetector",
    "guardduty:disassociatefromadministratoraccount", "guardduty:disassociatefrommasteraccount",
    "config:deleteconfigurationrecorder", "config:stopconfigurationrecorder", "config:deletedeliverychannel",
    "securityhub:disablesecurityhub",
})
@dataclass(frozen=True)
class Explanation:
    failure: AuthorizationFailure
    decision: Decision
    policy: PolicyHint | None
    summary: Line
    short_summary: Line  # without the principal, for threads in DISCLOSURE=summary
    principal: Line
    next_steps: tuple[Line, ...]
    fix: Fix | None
    deny_sources: tuple[Line, ...] = ()  # where an unnamed explicit deny can live, most usual first
    info: ActionInfo | None = None  # what the Service Authorization Reference says about the action
    readings: tuple[StatementReading, ...] = ()  # one per matched statement, in order
    # The answer's first screen: one sentence of cause, then at most three steps, the specific one first.
    cause: Line = field(default_factory=lambda: Line("cause.explicit"))
    todo: tuple[Line, ...] = ()
    warnings: tuple[Line, ...] = ()  # what a careful reader must know before trusting the rest
    headline: Line | None = None  # a headline of its own, where the verdict's would mislead (a compromised key)
    commands: tuple[str, ...] = ()  # commands that take the way past, each to be shown in its own block
    placement: Placement = field(default_factory=lambda: Placement(LAYERS[AttachKind.NONE], AttachTo(AttachKind.NONE),
                                                                   Crossing.UNKNOWN))


def explain(failure: AuthorizationFailure, policy: PolicyHint | None = None) -> Explanation:
    info = iam.describe(failure.action, failure.resource, failure.context)
    if info:
        failure = dataclasses.replace(failure, action=info.action)
    if failure.allowed:
        decision = Decision.ALLOWED
    elif failure.explicit_deny:
        decision = Decision.EXPLICIT_DENY
    elif not failure.reason_known:
        decision = Decision.DENIED
    else:
        decision = Decision.IMPLICIT_DENY
    # A hint from the error text only counts when it agrees with the decoded decision and names a kind.
    if policy and (policy.explicit_deny != (decision is Decision.EXPLICIT_DENY) or policy.kind is PolicyKind.UNKNOWN
                   or decision is Decision.DENIED):
        policy = None
    readings = tuple(read(statement, failure) for statement in failure.matched_statements)
    rules = [rule for r in readings if not r.allow for rule in read_statement(r, failure)]
    placement = _placement(failure, decision, policy)
    sources: tuple[Line, ...] = ()
    fix = None
    where = POLICY_KIND.line(_owner_kind(failure, policy))
    sid = next((r.statement.sid for r in readings if not r.allow and r.statement.sid), "")
    if policy is None and sid:  # decoded output names no policy kind, but the statement has a name
        where = Line("kind.statement", sid=sid)
    unknown = iam.closest_actions(failure.action) if info is None and not failure.refusal else None
    steps: tuple[Line, ...]
    todo: tuple[Line, ...]
    if unknown is not None and decision is not Decision.ALLOWED:
        # No such action: no policy can allow it, so a statement naming it would change nothing.
        steps = todo = (Line("step.unknown_action", action=failure.action,
                             closest=", ".join(unknown) or Line("label.no_close_action")),)
        cause = Line("cause.unknown_action", action=failure.action, service=failure.service)
    elif failure.refusal:
        # Not decided by a policy the message names: where the change is made or what to check, never a statement.
        resource: str | Line = failure.resource or Line("label.s3_resource_unknown")
        steps = (REFUSAL_STEP.line(
            _refusal_step(failure), action=failure.action, resource=resource,
            permission_set=placement.target.name or "?"),)
        if failure.refusal is Refusal.S3_NO_REASON:
            reads = failure.action == "s3:GetObject"
            steps = (*steps, *((Line("step.s3.missing_key"),) if reads else ()), Line("step.s3.find_out"))
        todo = steps[:2]
        cause = REFUSAL_CAUSE.line(failure.refusal, action=failure.action, resource=resource)
    elif _assumes_a_user(failure) and decision is not Decision.ALLOWED:
        # sts:AssumeRole on a user's ARN: the caller's role_arn is wrong; no permission would make it work.
        steps = (Line("step.assume_user", resource=failure.resource),)
        todo = steps
        cause = Line("cause.assume_user", resource=failure.resource)
    elif _unsigned(failure) and decision is not Decision.ALLOWED:
        # "User: anonymous": the request carried no credentials at all, so no policy could match it. Opening the
        # resource to everyone would "fix" it: never say so.
        steps = (Line("step.unsigned", action=failure.action or "?"),)
        todo = steps
        cause = Line("cause.unsigned", action=failure.action or "?", resource=_named_resource(failure))
    elif decision is Decision.EXPLICIT_DENY:
        steps = _explicit_deny_steps(failure, policy, readings, rules, placement)
        if not policy:
            sources = tuple(_where(kind, failure) for kind in _deny_sources(failure))
        cause, todo = _explicit_answer(failure, policy, readings, where, placement)
    elif decision is Decision.IMPLICIT_DENY:
        fix = least_privilege_fix(failure, info, placement)
        steps = _implicit_deny_steps(failure, policy, fix, readings, placement)
        cause, todo = _implicit_answer(failure, policy, fix, steps, placement)
    elif decision is Decision.DENIED and failure.action.lower() in _SECURITY_LOGGING:
        # Turning security logging off, denied with no reason given: a guardrail far more often than a missing Allow.
        steps = (Line("step.denied.security_logging", action=failure.action, who=_principal_line(failure)),
                 Line("step.implicit.other_layers"))
        cause = Line("cause.denied.security_logging", action=failure.action, who=_principal_line(failure))
        todo = steps[:1]
    elif decision is Decision.DENIED:
        fix = least_privilege_fix(failure, info, placement)
        if fix:  # offered for the likeliest cause, and said to be that
            fix = dataclasses.replace(fix, notes=(Line("fix.note.if_missing_allow"), *fix.notes))
        steps = _denied_steps(failure, fix, placement)
        cause, todo = _denied_answer(failure, steps, placement)
    else:
        steps = (Line("step.allowed"),)
        cause, todo = Line("cause.allowed", action=failure.action or "?", resource=_named_resource(failure)), steps
    facts: dict[str, str | Line] = {"action": failure.action or "?", "resource": _named_resource(failure),
                                    "where": where}
    summary = SUMMARY.line(decision, principal=failure.principal.display, **facts)
    # A summary thread (Slack Connect) names no statement: the kind of policy at most.
    short = SUMMARY_SHORT.line(decision, **{**facts, "where": POLICY_KIND.line(_owner_kind(failure, policy))})
    warnings = _lookalikes(failure)
    if warnings:  # a name that only looks like one: no advice about it until its origin is known
        steps, todo, fix, sources = warnings, warnings, None, ()
    if fix and fix.withheld:  # a statement that fails decode-bot's own checks is a defect: said, never shown
        failed = ", ".join(f"{c.check} ({c.detail})" for c in fix.verification.failed)
        steps, todo = (*steps, Line("step.withheld", checks=failed)), (*todo, Line("step.withheld", checks=failed))
    # "The statement below" only where there is one; a Deny is quoted by what names it.
    it = Line("it.statement") if fix and not fix.withheld else Line("it.allow", action=failure.action or "?",
                                                                    resource=_named_resource(failure))
    quote = _quote(policy, readings)
    steps = tuple(step.adding(it=it, quote=quote) for step in steps)
    todo = tuple(step.adding(it=it, quote=quote) for step in todo)
    headline = None
    if cause.key == "cause.quarantine":
        # A compromised key: rotating it comes first; where the Deny is (AWS's own policy) needs no search.
        headline, todo = Line("headline.quarantine"), todo[:1]
    commands = tuple(dict.fromkeys(rule.command for rule in rules if rule.command)) if not warnings else ()
    return Explanation(failure, decision, policy, summary, short, _principal_line(failure), steps, fix, sources, info,
                       readings, cause, todo, warnings, headline=headline, placement=placement, commands=commands)


def verified(explanation: Explanation, verification: Verification) -> Explanation:
    """The explanation once AWS has checked its fix: the level shown with it, and where the simulator says the
    statement is not the fix (or not needed), steps that say so instead of handing it out."""
    fix, failure = explanation.fix, explanation.failure
    if fix is None or verification == fix.verification:
        return explanation
    fix = dataclasses.replace(fix, verification=verification)
    steps, todo = explanation.next_steps, explanation.todo
    first: Line | None = None
    if verification.blocked_by is not None:
        first = SIMULATOR_BLOCK.line(verification.blocked_by, action=failure.action or "?",
                                     principal=_principal_line(failure),
                                     matched=", ".join(verification.denied_in) or "?")
    elif fix.withheld:
        first = Line("step.withheld.aws", findings=", ".join(c.detail for c in verification.failed))
    elif verification.unseen_layer:
        steps, todo = (Line("step.simulator.unseen"), *steps), (Line("step.simulator.unseen"), *todo)
    if first is not None:  # no statement is shown: the steps name the Allow in words
        it = Line("it.allow", action=failure.action or "?", resource=_named_resource(failure))
        steps, todo = (first, *(step.adding(it=it) for step in steps)), (first,)
    return dataclasses.replace(explanation, fix=fix, next_steps=steps, todo=todo)


def _refusal_step(failure: AuthorizationFailure) -> str:
    if failure.refusal is Refusal.PROTECTED_ROLE and not _protected_permission_set(failure):
        return SERVICE_LINKED  # a service-linked role: only its service changes it
    return failure.refusal or ""


def _protected_permission_set(failure: AuthorizationFailure) -> str | None:
    """The permission set behind the protected role a refusal names ("role AWSReservedSSO_Admin_…")."""
    return permission_set_of(failure.resource.rsplit(" ", 1)[-1].rsplit("/", 1)[-1])


def _placement(failure: AuthorizationFailure, decision: Decision, policy: PolicyHint | None) -> Placement:
    """Where the cause lives: the layer the message names; for a missing Allow it does not name, the caller's own
    policies, except for a role's assumption, whose trust policy is nearly always the cause and always needed."""
    if failure.refusal is Refusal.DECLARATIVE_POLICY:
        return place(failure, AttachKind.DECLARATIVE_POLICY)
    permission_set = _protected_permission_set(failure)
    if failure.refusal is Refusal.PROTECTED_ROLE and permission_set:
        return place(failure, AttachKind.PERMISSION_SET).with_target(permission_set)
    if failure.refusal:
        return place(failure, AttachKind.NONE)
    if policy:
        return place(failure, kind_for(failure, policy.kind), policy.kind, policy.arn)
    if decision is Decision.DENIED and assumes_role(failure) and (":role/" in failure.resource
                                                                   or not failure.resource):
        return place(failure, AttachKind.TRUST_POLICY, PolicyKind.RESOURCE_POLICY)
    if decision in (Decision.IMPLICIT_DENY, Decision.DENIED):
        return place(failure, kind_for(failure, None))
    return place(failure, AttachKind.NONE)


def _named_resource(failure: AuthorizationFailure) -> str | Line:
    """The resource as a sentence names it: its own part of the ARN (`instance/i-0abc`, `builds/app.zip`; the full
    ARN is in the details and the statement), never "*" for one the message did not name."""
    parsed = Arn.parse(failure.resource)
    if parsed and parsed.resource and parsed.resource != "*":
        return parsed.resource
    return failure.resource or Line("label.resource_unnamed")


def _lookalikes(failure: AuthorizationFailure) -> tuple[Line, ...]:
    """IAM names, ARNs' fixed parts and action names are ASCII: a letter from another script (Cyrillic "а" for
    Latin "a") there makes a value look like one it is not."""
    checked = [failure.principal.arn or "", failure.action]
    if failure.service in ("iam", "sts"):
        checked.append(failure.resource)
    odd = [(value, ch) for value in checked for ch in value if ord(ch) > 127]
    if not odd:
        return ()
    value, ch = odd[0]
    return (Line("warning.lookalike", value=value, character=f"U+{ord(ch):04X} {unicodedata.name(ch, '?')}"),)


def _assumes_a_user(failure: AuthorizationFailure) -> bool:
    target = Arn.parse(failure.resource)
    return failure.action.lower() == "sts:assumerole" and target is not None and target.resource.startswith("user/")


def _unsigned(failure: AuthorizationFailure) -> bool:
    return not failure.principal.arn and (failure.principal.name or "").lower() == "anonymous"


def _owner_kind(failure: AuthorizationFailure, policy: PolicyHint | None) -> str:
    """The policy kind as the person should hear it: an Identity Center role's policies are its permission set's."""
    if policy is None:
        return PolicyKind.UNKNOWN
    if failure.principal.permission_set and policy.kind in (PolicyKind.IDENTITY_POLICY,
                                                             PolicyKind.PERMISSIONS_BOUNDARY):
        return PERMISSION_SET
    return policy.kind


def _explicit_answer(failure: AuthorizationFailure, policy: PolicyHint | None,
                     readings: tuple[StatementReading, ...], where: Line, placement: Placement
                     ) -> tuple[Line, tuple[Line, ...]]:
    """The cause read from the most telling part of the Deny, its specific way past, then whom to ask. Where several
    Deny statements matched, each one's way past is on the first screen: one alone only leads into the next."""
    leads = [lead for r in readings if not r.allow
             if (lead := next((rule for rule in read_statement(r, failure) if rule.cause), None))]
    lead = leads[0] if leads else None
    action, resource = failure.action or "?", _named_resource(failure)
    cause = lead.cause.adding(where=where) if lead and lead.cause else Line(
        "cause.explicit", where=where, action=action, resource=resource)
    if len(leads) > 1:
        others = [rule.step for rule in leads[1:] if rule.step]
        cause = Line("cause.several", first=cause, count=len(leads))
        todo_all = [*([lead.step] if lead and lead.step else []), *(Line("todo.and", step=step) for step in others)]
    else:
        todo_all = [lead.step] if lead and lead.step else []
    quote = _quote(policy, readings)
    quoted = Line("quoted.none") if quote.key == "quote.none" else Line("quoted.some", quote=quote)
    ask = ASK_OWNER.line(_owner_kind(failure, policy), sid=quote, quoted=quoted,
               account=failure.principal.account or "?", permission_set=failure.principal.permission_set or "?")
    if placement.layer.kind is AttachKind.RESOURCE_CONTROL_POLICY and not placement.own_admins:
        ask = Line("ask.resource_organization", resource=resource, sid=quote)
    return cause, (*todo_all, ask)


def _quote(policy: PolicyHint | None, readings: tuple[StatementReading, ...]) -> Line:
    """What to quote to whoever owns the Deny: its Sid, else the policy's ARN, else the error message itself."""
    sid = next((r.statement.sid for r in readings if not r.allow and r.statement.sid), "")
    if sid:
        return Line("quote.sid", sid=sid)
    if policy and policy.arn:  # an Organizations policy by its ID (p-…), which its console lists; others by ARN
        short = policy.arn.rsplit("/", 1)[-1] if ":organizations::" in policy.arn else policy.arn
        return Line("quote.policy", arn=short)
    return Line("quote.none")


def _implicit_answer(failure: AuthorizationFailure, policy: PolicyHint | None, fix: Fix | None,
                     steps: tuple[Line, ...], placement: Placement) -> tuple[Line, tuple[Line, ...]]:
    params: dict[str, str | Line] = {"who": _principal_line(failure), "action": failure.action or "?",
                                     "resource": _named_resource(failure), "name": placement.target.name or "?"}
    missing_in: str = policy.kind if policy else PolicyKind.IDENTITY_POLICY
    if placement.layer.kind in (AttachKind.TRUST_POLICY, AttachKind.KEY_POLICY, AttachKind.BUCKET_POLICY):
        missing_in = placement.layer.kind
    key = MISSING_ALLOW_CAUSE.key(missing_in)
    if failure.action.lower() == "iam:passrole" and (failure.context_value("aws:Service") or "") == "ec2":
        key = "cause.implicit.pass_role_to_ec2"  # the seed case's lesson: launching with a profile passes a role
        params["role"] = failure.resource.rsplit("/", 1)[-1]
    todo = [steps[0], *(step for step in steps[1:] if step.key == "step.both_sides")]
    if placement.layer.kind in (AttachKind.USER, AttachKind.ROLE, AttachKind.GROUP):  # only where IAM is what to edit
        todo.append(Line("todo.share"))
    return Line(key, **params), tuple(todo)


def _principal_line(failure: AuthorizationFailure) -> Line:
    principal = failure.principal
    return PRINCIPAL.line(SSO if principal.permission_set else principal.kind,
                          name=principal.short_name or principal.display,
                          role=principal.role_name or "?", session=principal.session_name or "?",
                          permission_set=principal.permission_set or "?")


def _explicit_deny_steps(failure: AuthorizationFailure, policy: PolicyHint | None,
                         readings: tuple[StatementReading, ...], rules: list[Rule], placement: Placement
                         ) -> tuple[Line, ...]:
    steps = [Line("step.explicit.no_allow")]
    if policy:
        kind: str = policy.kind
        if failure.principal.permission_set and kind in (PolicyKind.IDENTITY_POLICY, PolicyKind.PERMISSIONS_BOUNDARY):
            kind = PERMISSION_SET  # Identity Center manages the role's policies and boundary
        if placement.layer.kind is AttachKind.RESOURCE_CONTROL_POLICY and not placement.own_admins:
            # Another organization's RCP: nothing of the caller's to search, no one of theirs to ask.
            steps.append(Line("step.explicit.rcp_other_organization", resource=_named_resource(failure)))
            return tuple(steps)
        if placement.layer.kind in (AttachKind.TRUST_POLICY, AttachKind.KEY_POLICY, AttachKind.BUCKET_POLICY):
            steps.append(Line("step.explicit.resource_side", where=attach_name(placement.target),
                              who_can=_who_can(placement)))
        else:
            steps.append(DENY_STEP.line(kind, account=failure.principal.account or "?",
                                        issuer=_issuer(failure.principal),
                                        permission_set=failure.principal.permission_set or "?"))
        if policy.arn:
            steps.append(Line("step.policy_arn", arn=policy.arn))
        if placement.layer.kind is AttachKind.BUCKET_POLICY:
            steps.append(Line("step.explicit.bucket_policy_reasons"))
    else:
        steps.append(Line("step.explicit.where_unknown"))
    denies = [r for r in readings if not r.allow]
    for reading in denies:
        steps.append(_statement_step(reading.statement))
        steps.extend(rule.detail for rule in read_statement(reading, failure))
    if not denies:
        steps.append(Line("step.explicit.no_statement", action=failure.action))
    return tuple(steps)


def _statement_step(statement: Statement) -> Line:
    key = "step.explicit.statement" if statement.sid else "step.explicit.statement_no_sid"
    if statement.conditions:
        key += "_conditional"
    return Line(key, sid=statement.sid, conditions=", ".join(statement.conditions))


def _deny_sources(failure: AuthorizationFailure) -> list[str]:
    """Where an explicit deny for this principal and service can live, most usual first."""
    principal = failure.principal
    kind = principal.kind
    sources: list[str] = [PolicyKind.SERVICE_CONTROL_POLICY]
    if failure.service in iam.rcp_services():
        sources.append(PolicyKind.RESOURCE_CONTROL_POLICY)
    if kind is not PrincipalKind.ROOT:  # only SCPs and resource policies limit the root user
        if principal.permission_set:
            sources.append(PERMISSION_SET)  # its policies and boundary, managed in IAM Identity Center
        else:
            sources.append(PolicyKind.PERMISSIONS_BOUNDARY)
            # IAM users also get policies through their groups, which the catalog names separately.
            sources.append(USER_POLICIES if kind is PrincipalKind.IAM_USER else PolicyKind.IDENTITY_POLICY)
        # Identity Center passes no session policy: its sessions never have one to look in.
        if kind in (PrincipalKind.ASSUMED_ROLE, PrincipalKind.FEDERATED_USER) and not principal.permission_set:
            sources.append(PolicyKind.SESSION_POLICY)
    if failure.service in RESOURCE_POLICY_SERVICES:
        sources.append(PolicyKind.RESOURCE_POLICY)
    return sources


def _where(kind: str, failure: AuthorizationFailure) -> Line:
    principal = failure.principal
    return DENY_SOURCE.line(kind, name=principal.short_name or "?", permission_set=principal.permission_set or "?",
                            issuer=_issuer(principal))


def _issuer(principal: Principal) -> Line:
    """Who passed the session's policy, where its names show it."""
    role, session, name = principal.role_name or "", principal.session_name or "", principal.short_name or ""
    if role.startswith("Cognito_") or session == "CognitoIdentityCredentials":
        issuer = SessionIssuer.COGNITO
    elif principal.kind is PrincipalKind.FEDERATED_USER and name.lower().startswith("vault-"):
        issuer = SessionIssuer.VAULT
    elif role.startswith("AWSServiceRoleFor"):
        issuer = SessionIssuer.SERVICE
    else:
        issuer = SessionIssuer.UNKNOWN
    return SESSION_ISSUER.line(issuer)


def _implicit_deny_steps(failure: AuthorizationFailure, policy: PolicyHint | None, fix: Fix | None,
                         readings: tuple[StatementReading, ...], placement: Placement) -> tuple[Line, ...]:
    principal = failure.principal
    steps: list[Line] = [_placement_step(failure, policy, placement)]
    if policy and policy.arn:
        steps.append(Line("step.policy_arn", arn=policy.arn))
    if fix and fix.also:
        steps.append(_both_sides(fix))
    for reading in (r for r in readings if r.allow):
        steps.extend(_matched_allow(reading))
    if fix is None and principal.kind is not PrincipalKind.ROOT and placement.layer.cures:
        steps.append(Line("step.implicit.no_fix"))
    if principal.kind is not PrincipalKind.ROOT:
        steps.append(Line("step.implicit.other_layers"))
    return tuple(steps)


def _placement_step(failure: AuthorizationFailure, policy: PolicyHint | None, placement: Placement) -> Line:
    """Where the missing Allow goes, and who can put it there."""
    principal, layer, where = failure.principal, placement.layer, placement.target
    if layer.kind is identity_kind(principal):
        return _attach_step(principal)
    if layer.resource_side and layer.cures:
        return RESOURCE_SIDE_STEP.line(layer.kind, name=where.name or failure.resource or "?",
                                       who_can=_who_can(placement))
    missing: str = policy.kind if policy else PolicyKind.RESOURCE_POLICY
    if principal.permission_set and missing == PolicyKind.PERMISSIONS_BOUNDARY:
        missing = PERMISSION_SET_BOUNDARY
    return MISSING_ALLOW_STEP.line(missing, permission_set=principal.permission_set or "?", issuer=_issuer(principal))


def _who_can(placement: Placement) -> Line:
    account = placement.target.account
    if placement.crossing is Crossing.ACCOUNT and not account:
        return WHO_CAN.line(UNNAMED_ACCOUNT)  # an S3 ARN names no account
    return WHO_CAN.line(placement.crossing, account=account or "?")


def _both_sides(fix: Fix) -> Line:
    first, second = fix.also[0].attach_to, fix.also[1].attach_to
    return Line("step.both_sides", first=attach_name(first), second=attach_name(second))


def attach_name(attach: AttachTo) -> Line:
    return ATTACH_NAME.line(attach.kind, name=attach.name or "?", account=attach.account or "?")


def _attach_step(principal: Principal) -> Line:
    """Add the statement to the principal's own policies (its permission set's, for Identity Center)."""
    return ATTACH_STEP.line(SSO if principal.permission_set else principal.kind, name=principal.short_name or "?",
                            role=principal.role_name or "?", permission_set=principal.permission_set or "?")


def _kms_three_way(failure: AuthorizationFailure) -> bool:
    """KMS's "does not exist in this Region, no resource-based policies allow access, or …" message."""
    return failure.service == "kms" and not failure.resource


def _denied_steps(failure: AuthorizationFailure, fix: Fix | None, placement: Placement) -> tuple[Line, ...]:
    """The message says neither "explicit deny" nor "no … allows": what to check, most likely first."""
    if _kms_three_way(failure):
        return (Line("step.denied.kms", action=failure.action),)
    trust = placement.layer.kind is AttachKind.TRUST_POLICY
    first = "step.denied.web_identity" if failure.action.lower() == "sts:assumerolewithwebidentity" \
        else "step.denied.assume_role"
    role = placement.target.name or Line("label.role_unnamed")
    steps = [Line(first, role=role) if trust else Line("step.denied.unknown")]
    if fix is not None:
        steps.append(_placement_step(failure, None, placement))
        if fix.also:
            steps.append(_both_sides(fix))
    steps.append(Line("step.implicit.other_layers"))
    return tuple(steps)


def _denied_answer(failure: AuthorizationFailure, steps: tuple[Line, ...], placement: Placement
                   ) -> tuple[Line, tuple[Line, ...]]:
    params: dict[str, str | Line] = {"who": _principal_line(failure), "action": failure.action or "?",
                                     "resource": _named_resource(failure),
                                     "role": placement.target.name or Line("label.role_unnamed")}
    key = "cause.denied.kms" if _kms_three_way(failure) else "cause.denied"
    if placement.layer.kind is AttachKind.TRUST_POLICY:
        key = "cause.denied.assume_role"
    # With a statement to offer, adding it comes first (both sides of a crossing, then); what else it can be, last.
    offered = [step for step in steps[1:] if step.key != "step.implicit.other_layers"]
    todo = (*offered, steps[0]) if offered else steps[:1]
    return Line(key, **params), tuple(todo)


def _matched_allow(reading: StatementReading) -> list[Line]:
    """An Allow that matched means the missing Allow is in another layer, unless one of its conditions failed."""
    sid = reading.statement.sid or "-"
    unmet = [k for k in reading.keys if k.reading in (ConditionReading.NOT_LISTED, ConditionReading.KEY_ABSENT,
                                                      ConditionReading.PARTLY)]
    if not unmet:
        return [Line("step.implicit.allow_elsewhere", sid=sid)]
    return [Line("step.implicit.allow_condition_unmet", sid=sid, key=k.key, values=listed(k.values),
                 request=listed(k.unlisted if k.reading is ConditionReading.PARTLY else k.request) if k.request
                 else "-") for k in unmet]
