"""Catalog entries named after the members of a closed vocabulary (`kind.service_control_policy`,
`headline.explicit_deny`): each family declared once, with the members it is used with. Code asks a family for
its key, so an undeclared member raises at once, and a test checks that every declared entry is in every
catalog: a vocabulary that grows without its sentences fails a test, not a user."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from bot.i18n import Line, ParamValue
from bot.vocab import (
    AttachKind,
    AwsService,
    CheckResult,
    ConditionReading,
    Crossing,
    Decision,
    PolicyKind,
    PrincipalKind,
    ProblemCode,
    Refusal,
    SessionIssuer,
)

# Owners that are not policy kinds but are named like them: Identity Center manages a role's policies and boundary
# in its permission set, and an IAM user's policies come from its groups too.
PERMISSION_SET = "permission_set"
PERMISSION_SET_BOUNDARY = "permission_set_boundary"
USER_POLICIES = "identity_policy_user"
SSO = "sso"  # an Identity Center session, among the principal kinds
SERVICE_LINKED = "service_linked_role"  # a protected role that is not Identity Center's
UNNAMED_ACCOUNT = "account_unnamed"  # another account, which the resource's ARN does not name
ABSENT_CONTEXT = "key_absent_context"  # a global key the request did not carry


@dataclass(frozen=True)
class Entries:
    template: str  # with {} where the member's value goes
    vocabulary: type[StrEnum]
    used_with: Callable[[StrEnum], bool] = lambda member: True
    extra: tuple[str, ...] = ()  # further names the code uses in the same family

    def members(self) -> tuple[str, ...]:
        return (*(m.value for m in self.vocabulary if self.used_with(m)), *self.extra)

    def key(self, member: str) -> str:
        if member not in self.members():
            raise KeyError(f"{self.template.format(member)}: {member!r} is not declared for this catalog family")
        return self.template.format(member)

    def line(self, member: str, /, **params: ParamValue) -> Line:
        return Line(self.key(member), **params)


def _not(*excluded: StrEnum) -> Callable[[StrEnum], bool]:
    return lambda member: member not in excluded


HEADLINE = Entries("headline.{}", Decision)
SUMMARY = Entries("summary.{}", Decision)
SUMMARY_SHORT = Entries("summary_short.{}", Decision)
SUMMARY_STEP = Entries("summary_step.{}", Decision)
POLICY_KIND = Entries("kind.{}", PolicyKind, extra=(PERMISSION_SET,))
CHECK_KIND = Entries("check.kind.{}", PolicyKind)
CHECK_EFFECT = Entries("check.effect.{}", CheckResult)
ASK_OWNER = Entries("ask.{}", PolicyKind, extra=(PERMISSION_SET,))
MISSING_ALLOW_CAUSE = Entries("cause.implicit.{}", PolicyKind, _not(PolicyKind.UNKNOWN),
                              extra=(AttachKind.TRUST_POLICY, AttachKind.KEY_POLICY, AttachKind.BUCKET_POLICY))
DENY_STEP = Entries("step.explicit.kind.{}", PolicyKind, _not(PolicyKind.UNKNOWN), extra=(PERMISSION_SET,))
DENY_SOURCE = Entries("where.{}", PolicyKind, _not(PolicyKind.UNKNOWN, PolicyKind.VPC_ENDPOINT_POLICY),
                      extra=(PERMISSION_SET, USER_POLICIES))
MISSING_ALLOW_STEP = Entries("step.implicit.missing.{}", PolicyKind,
                             _not(PolicyKind.UNKNOWN, PolicyKind.IDENTITY_POLICY), extra=(PERMISSION_SET_BOUNDARY,))
PRINCIPAL = Entries("principal.{}", PrincipalKind, extra=(SSO,))
ATTACH_STEP = Entries("step.implicit.attach.{}", PrincipalKind, extra=(SSO,))
ATTACH_NAME = Entries("attach.{}", AttachKind)  # a policy as a person names it: "the trust policy of role X"
RESOURCE_SIDE_STEP = Entries("step.add.{}", AttachKind, lambda kind: kind in (
    AttachKind.TRUST_POLICY, AttachKind.KEY_POLICY, AttachKind.BUCKET_POLICY, AttachKind.RESOURCE_POLICY))
WHO_CAN = Entries("who_can.{}", Crossing, extra=(UNNAMED_ACCOUNT,))
REFUSAL_CAUSE = Entries("cause.refusal.{}", Refusal)
REFUSAL_STEP = Entries("step.refusal.{}", Refusal, extra=(SERVICE_LINKED,))
ERROR_USER = Entries("error.{}.user", ProblemCode)
ERROR_ADMIN = Entries("error.{}.admin", ProblemCode, lambda code: isinstance(code, ProblemCode) and code.for_admin)
SERVICE = Entries("service.{}", AwsService)
SESSION_ISSUER = Entries("session_issuer.{}", SessionIssuer)
# The layer IAM's policy simulator says still denies the request with the statement added.
SIMULATOR_BLOCK = Entries("step.simulator.{}", PolicyKind, lambda kind: kind in (
    PolicyKind.SERVICE_CONTROL_POLICY, PolicyKind.PERMISSIONS_BOUNDARY, PolicyKind.IDENTITY_POLICY))
KEY_READING = Entries("rule.key.{}", ConditionReading, extra=("required", ABSENT_CONTEXT))

FAMILIES = (HEADLINE, SUMMARY, SUMMARY_SHORT, SUMMARY_STEP, POLICY_KIND, CHECK_KIND, CHECK_EFFECT, ASK_OWNER,
            MISSING_ALLOW_CAUSE, DENY_STEP, DENY_SOURCE, MISSING_ALLOW_STEP, PRINCIPAL, ATTACH_STEP, ERROR_USER,
            ERROR_ADMIN, SERVICE, KEY_READING, SESSION_ISSUER, ATTACH_NAME, RESOURCE_SIDE_STEP, WHO_CAN,
            REFUSAL_CAUSE, REFUSAL_STEP, SIMULATOR_BLOCK)
