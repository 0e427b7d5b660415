"""`decode-bot doctor`: each check says what it found and, when it fails, exactly what to change."""

from __future__ import annotations

from dataclasses import dataclass

from botocore.exceptions import BotoCoreError, ClientError

from bot.aws.lookups import AwsLookups
from bot.core.outcomes import LookupProblem, Problem
from bot.i18n import Line, text
from bot.settings import Settings
from bot.vocab import ProblemCode


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str | None = None
    required: bool = True  # a failed optional check is a warning: decode-bot still works without it


def run_checks(settings: Settings) -> list[Check]:
    return _aws_checks(settings) + _state_checks(settings) + _slack_checks(settings)


def _state_checks(settings: Settings) -> list[Check]:
    if settings.state_backend != "dynamodb":
        return [Check("state", True, "in this process's memory (run one process, or set STATE_BACKEND=dynamodb)")]
    from bot.state.dynamodb import DynamoStore

    try:
        detail = DynamoStore(settings.state_table, settings.aws_region).check()
    except (BotoCoreError, ClientError) as exc:
        return [Check("state table", False, _describe(exc),
                      f"run `decode-bot state init`, and allow dynamodb:PutItem, GetItem, UpdateItem, DeleteItem and "
                      f"DescribeTable on table {settings.state_table} to the bot's identity.")]
    return [Check("state table", True, detail)]


def _slack_checks(settings: Settings) -> list[Check]:
    if not (settings.slack_bot_token or settings.slack_app_token or settings.slack_signing_secret):
        return [Check("Slack", True, "not configured: only the command line will work (see .env.example)")]
    problems = settings.slack_problems()
    if problems:
        return [Check("Slack configuration", False, "not ready to run the Slack app", " ".join(problems))]
    from slack_sdk.errors import SlackApiError

    from bot.slack.client import web_client

    mode = "Socket Mode" if settings.socket_mode else f"HTTP mode on port {settings.port}"
    try:
        identity = web_client(settings).auth_test()
    except SlackApiError as exc:
        fix = "copy the Bot User OAuth Token (xoxb-…) again from your app's OAuth & Permissions page."
        return [Check("Slack bot token", False, f"Slack rejected it ({exc.response.get('error')})", fix)]
    except OSError as exc:
        return [Check("Slack bot token", False, f"could not reach Slack ({type(exc).__name__})",
                      "check the network or SLACK_API_URL.")]
    return [Check("Slack bot token", True, f"{identity.get('user')} in team {identity.get('team')}; {mode}")]


def _aws_checks(settings: Settings) -> list[Check]:
    decoder = AwsLookups(settings)
    checks = [Check("configuration", True, f"region {settings.aws_region}, STS timeout {settings.sts_timeout:g}s")]
    try:
        base = decoder.base_identity()
    except (BotoCoreError, ClientError) as exc:
        checks.append(Check("AWS credentials", False, _describe(exc), text("error.no_credentials.admin")))
        return checks
    checks.append(Check("AWS credentials", True, f"{base['arn']} (account {base['account']})"))
    if decoder.accounts.many:
        return checks + _account_checks(decoder, settings, base["arn"])
    if settings.decoder_role_arn:
        try:
            assumed = decoder.identity()
        except (BotoCoreError, ClientError) as exc:
            fix = text(Line("error.assume_role_failed.admin", identity=settings.decoder_role_arn))
            checks.append(Check("decoder role", False, _describe(exc), fix))
            return checks
        checks.append(Check("decoder role", True, f"assumed as {assumed['arn']}"))
    checks.append(_decode_check(decoder, settings, base["arn"], None))
    checks.append(_details_check(decoder, settings, base["arn"]))
    return checks


def _account_checks(decoder: AwsLookups, settings: Settings, base_arn: str) -> list[Check]:
    """Every configured account: its role can be assumed and may decode. One line per account that fails."""
    accounts = decoder.accounts.all()
    if not accounts:
        return [Check("accounts", False, "no accounts to decode in",
                      "list them in DECODER_ACCOUNTS, or allow organizations:ListAccounts to the base identity "
                      "(management account or delegated administrator) for DECODER_ACCOUNTS=organization.")]
    failing = []
    for account in accounts:
        role = decoder.clients.role_for(account) or "?"
        try:
            decoder.identity(account)
        except (BotoCoreError, ClientError) as exc:
            fix = text(Line("error.assume_role_failed.admin", identity=role))
            failing.append(Check(f"account {account}", False, f"role {role} cannot be assumed: {_describe(exc)}",
                                 fix))
            continue
        check = _decode_check(decoder, settings, base_arn, account)
        if not check.ok:
            failing.append(Check(f"account {account}", False, check.detail, check.fix))
    ok = len(accounts) - len(failing)
    summary = Check("accounts", not failing, f"{ok} of {len(accounts)} accounts can decode")
    return [summary, *failing]


def _decode_check(decoder: AwsLookups, settings: Settings, base_arn: str, account: str | None) -> Check:
    outcome = decoder.probe_decode(account)
    if isinstance(outcome, LookupProblem) and outcome.code is ProblemCode.INVALID_TOKEN:
        return Check("decode permission", True, "sts:DecodeAuthorizationMessage is allowed")
    if isinstance(outcome, LookupProblem):
        return Check("decode permission", False, outcome.code, _admin_text(outcome, settings, base_arn))
    return Check("decode permission", False, "STS decoded a probe that should be invalid")


def _details_check(decoder: AwsLookups, settings: Settings, base_arn: str) -> Check:
    """Authorization IDs (newer errors) need iam:GetRequestAuthorizationDetails; optional, as a warning."""
    name = "authorization-ID lookups"
    outcome = decoder.probe_details()
    if isinstance(outcome, LookupProblem) and outcome.code in (ProblemCode.AUTHORIZATION_NOT_FOUND,
                                                                ProblemCode.INVALID_AUTHORIZATION_ID):
        return Check(name, True, "iam:GetRequestAuthorizationDetails is allowed", required=False)
    if isinstance(outcome, LookupProblem):
        return Check(name, False, outcome.code, _admin_text(outcome, settings, base_arn), required=False)
    return Check(name, False, "IAM Toolbox answered a probe that should not exist", required=False)


def _admin_text(outcome: LookupProblem, settings: Settings, base_arn: str) -> str | None:
    """What the administrator should do, with the identity that lacks a permission filled in."""
    named = LookupProblem(outcome.code, outcome.identity or settings.decoder_role_arn or base_arn, outcome.service,
                          outcome.region)
    admin = Problem.from_lookup(named).admin
    return text(admin) if admin else None


def _describe(exc: Exception) -> str:
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        return f"{error.get('Code', 'error')}: {error.get('Message', '')}".strip()
    return str(exc)
