"""The denial watch's decisions about one CloudTrail denial, before anything is posted: which channel owns it
(WATCH_ROUTES, first match wins), and whether a documented default mute keeps it quiet. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core import trail
from bot.core.routes import first_route


@dataclass(frozen=True)
class DefaultMute:
    """A kind of denial that is noise by default, visible in App Home and reversible there."""

    name: str
    description: str
    source: str  # the public material that documents it

    def applies(self, event: trail.Event) -> bool:
        return _DEFAULT_RULES[self.name](event)


_DEFAULT_RULES = {
    # An AWS service calling on its own, or on someone's behalf: the service retries and reports what it needs.
    "aws_service": lambda event: event.identity_type == "AWSService" or bool(
        event.invoked_by and event.invoked_by.endswith(".amazonaws.com") and event.invoked_by not in (
            "signin.amazonaws.com",)),
    # The console's account picker asks Organizations on every page load of some services; outside the
    # management account it is always refused ("CallerValidation check failed").
    "console_list_accounts": lambda event: event.action == "organizations:ListAccounts" and "CallerValidation" in (
        event.error_message),
}

DEFAULT_MUTES = (
    DefaultMute("aws_service", "AWS service principals (userIdentity.type AWSService, or invokedBy an AWS service)",
                "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity"
                ".html"),
    DefaultMute("console_list_accounts", "The console's organizations:ListAccounts on page loads outside the "
                "management account (\"CallerValidation check failed\")",
                "https://github.com/fivexl/terraform-aws-cloudtrail-to-slack/issues/2"),
)


def default_mute(event: trail.Event, lifted: frozenset[str] = frozenset()) -> DefaultMute | None:
    """The default mute that keeps this denial quiet, unless an administrator lifted it."""
    return next((mute for mute in DEFAULT_MUTES if mute.name not in lifted and mute.applies(event)), None)


def route(event: trail.Event, routes: tuple[tuple[str, str], ...], default: str | None) -> str | None:
    """The channel of the first route that matches: an account ID (the called account or the caller's), an ARN
    pattern with `*` (a session matches through its role), or `*`; else the default channel."""
    return first_route(routes, (event.role_arn, event.principal_arn), (event.account, event.caller_account)) or default
