"""`decode-bot doctor`: each check says what it found and, when it fails, exactly what to change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    PartialCredentialsError,
    ReadTimeoutError,
)

from bot.aws.lookups import AwsLookups
from bot.core.outcomes import LookupProblem, Problem
from bot.i18n import Line, text
from bot.i18n.keys import SERVICE
from bot.settings import AccessSettings, OwnerSettings, Settings, SlackSettings, WatchSettings
from bot.state import open_store
from bot.state.store import StateProblem
from bot.vocab import AwsService, FixChecks, ProblemCode


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str | None = None
    required: bool = True  # a failed optional check is a warning: decode-bot still works without it


SlackCheck = Callable[[SlackSettings, AccessSettings, WatchSettings, OwnerSettings], list["Check"]]


def run_checks(settings: Settings, slack_checks: SlackCheck | None = None, decoder: AwsLookups | None = None
               ) -> list[Check]:
    """Every check; the Slack ones are handed in by whoever can talk to Slack (bot.slack.client), so that this
    module stays below the Slack layer."""
    if not settings.slack.configured:
        slack = [Check("Slack", True, "not configured: only the command line will work (see .env.example)")]
    elif problems := settings.slack.problems():
        slack = [Check("Slack configuration", False, "not ready to run the Slack app", " ".join(problems))]
    else:
        slack = slack_checks(settings.slack, settings.access, settings.watch, settings.owners) if slack_checks else []
    return _aws_checks(settings, decoder or AwsLookups(settings.aws)) + _state_checks(settings) + \
        _watch_checks(settings) + slack


def _state_checks(settings: Settings) -> list[Check]:
    store = open_store(settings.state, settings.aws.region)
    name = "state table" if store.shared else "state"
    try:
        detail = store.check()
    except StateProblem as exc:
        return [Check(name, False, str(exc), f"run `decode-bot state init`, which turns TTL on (attribute exp), or "
                                             f"turn it on for table {settings.state.table} in the DynamoDB console.")]
    except (BotoCoreError, ClientError) as exc:
        return [Check(name, False, _describe(exc),
                      f"run `decode-bot state init`, and allow dynamodb:PutItem, GetItem, UpdateItem, DeleteItem and "
                      f"DescribeTable on table {settings.state.table} to the bot's identity.")]
    return [Check(name, True, detail)]


def _watch_checks(settings: Settings) -> list[Check]:
    """The denial watch's queue: readable by this identity, and what its dead-letter queue holds."""
    queue = settings.watch.queue_url
    if not queue:
        return [Check("denial watch", True, "off (no WATCH_QUEUE_URL)" if not settings.watch.on else
                      "routes set; events arrive through the Lambda event source", required=False)]
    from bot.aws.queue import sqs_client

    client = sqs_client(queue, settings.aws.region, timeout=10)
    try:
        attributes = client.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])["Attributes"]
    except (BotoCoreError, ClientError) as exc:
        return [Check("denial watch queue", False, _describe(exc),
                      "allow sqs:ReceiveMessage, sqs:DeleteMessage and sqs:GetQueueAttributes on the queue to the "
                      "bot's identity, and check WATCH_QUEUE_URL (deploy/watch/watch-queue.yaml's QueueUrl output).")]
    checks = [Check("denial watch queue", True, f"{attributes.get('ApproximateNumberOfMessages', '?')} waiting")]
    if not settings.watch.on:
        checks.append(Check("denial watch routes", False, "no WATCH_CHANNEL and no WATCH_ROUTES: nothing is posted",
                            "set WATCH_CHANNEL (a channel ID) or WATCH_ROUTES."))
    redrive = attributes.get("RedrivePolicy")
    if not redrive:
        checks.append(Check("denial watch dead-letter queue", False, "none: a message that cannot be handled is "
                            "retried until it expires", "give the queue a redrive policy (the template does).",
                            required=False))
        return checks
    import json

    dlq_arn = str(json.loads(redrive).get("deadLetterTargetArn", ""))
    try:
        dlq = client.get_queue_url(QueueName=dlq_arn.rsplit(":", 1)[-1], QueueOwnerAWSAccountId=dlq_arn.split(":")[4])
        depth = int(client.get_queue_attributes(QueueUrl=dlq["QueueUrl"], AttributeNames=[
            "ApproximateNumberOfMessages"])["Attributes"]["ApproximateNumberOfMessages"])
    except (BotoCoreError, ClientError, IndexError, ValueError) as exc:
        return [*checks, Check("denial watch dead-letter queue", False, f"cannot be read: {type(exc).__name__}",
                               "allow sqs:GetQueueAttributes on it to see what failed.", required=False)]
    checks.append(Check("denial watch dead-letter queue", depth == 0, f"{depth} messages that could not be handled",
                        None if depth == 0 else "look at them in the SQS console: a message that is not an "
                        "EventBridge event, or one that failed every retry.", required=False))
    return checks


def _aws_checks(settings: Settings, decoder: AwsLookups) -> list[Check]:
    checks = [Check("configuration", True, f"region {settings.aws.region}, STS timeout {settings.aws.timeout:g}s")]
    try:
        base = decoder.base_identity()
    except (BotoCoreError, ClientError) as exc:
        checks.append(_credentials_failure(exc, settings))
        return checks
    checks.append(Check("AWS credentials", True, f"{base['arn']} (account {base['account']})"))
    if decoder.accounts.many:
        return checks + _account_checks(decoder, settings, base["arn"])
    if settings.aws.decoder_role_arn:
        try:
            assumed = decoder.identity()
        except (BotoCoreError, ClientError) as exc:
            fix = text(Line("error.assume_role_failed.admin", identity=settings.aws.decoder_role_arn))
            checks.append(Check("decoder role", False, _describe(exc), fix))
            return checks
        checks.append(Check("decoder role", True, f"assumed as {assumed['arn']}"))
    checks.append(_decode_check(decoder, settings, base["arn"], None))
    checks.append(_details_check(decoder, settings, base["arn"]))
    if settings.aws.fix_checks is FixChecks.OFFLINE:
        return [*checks, Check("fix checks", True, "off (FIX_CHECKS=offline): statements are checked offline only",
                               required=False)]
    account = decoder.clients.home_account() or base["account"]
    return checks + _fix_checks(decoder, settings, base["arn"], None, account)


def _account_checks(decoder: AwsLookups, settings: Settings, base_arn: str) -> list[Check]:
    """Every configured account: its role can be assumed and may decode. One line per account that fails."""
    accounts = decoder.accounts.all()
    if not accounts:
        return [Check("accounts", False, "no accounts to decode in",
                      "list them in DECODER_ACCOUNTS, or allow organizations:ListAccounts to the base identity "
                      "(management account or delegated administrator) for DECODER_ACCOUNTS=organization.")]
    failing: list[Check] = []
    cannot_check: list[Check] = []
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
            continue
        if settings.aws.fix_checks is FixChecks.AWS:
            missing = [c for c in _fix_checks(decoder, settings, base_arn, account, account) if not c.ok]
            cannot_check.extend(Check(f"account {account}: {c.name}", False, c.detail, c.fix, required=False)
                                for c in missing)
    ok = len(accounts) - len(failing)
    summary = Check("accounts", not failing, f"{ok} of {len(accounts)} accounts can decode")
    if settings.aws.fix_checks is FixChecks.OFFLINE:
        return [summary, *failing]
    checking = len(accounts) - len({c.name.split(":")[0] for c in cannot_check}) - len(failing)
    checked = Check("fix checks", not cannot_check, f"{checking} of {len(accounts)} accounts can validate and "
                    "simulate suggested statements", required=False)
    return [summary, *failing, checked, *cannot_check]


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


def _fix_checks(decoder: AwsLookups, settings: Settings, base_arn: str, route: str | None, account: str
                ) -> list[Check]:
    """The optional permissions that let a statement reach "validated" and "proven" (see the README's levels)."""
    found = []
    validated = decoder.probe_validate(route)
    if isinstance(validated, LookupProblem):
        found.append(Check("statement validation", False, f"{validated.code}: access-analyzer:ValidatePolicy",
                           _check_fix(validated, "access-analyzer:ValidatePolicy", settings, base_arn), required=False))
    else:
        found.append(Check("statement validation", True, "access-analyzer:ValidatePolicy is allowed", required=False))
    simulated = decoder.probe_simulate(account, route)
    if isinstance(simulated, LookupProblem) and simulated.code is ProblemCode.PRINCIPAL_NOT_FOUND:
        found.append(Check("request simulation", True, "iam:SimulatePrincipalPolicy is allowed", required=False))
    else:
        problem = simulated.code if isinstance(simulated, LookupProblem) else "IAM simulated a principal that should "\
                                                                               "not exist"
        fix = _check_fix(simulated, "iam:SimulatePrincipalPolicy", settings, base_arn) if isinstance(
            simulated, LookupProblem) else None
        found.append(Check("request simulation", False, f"{problem}: iam:SimulatePrincipalPolicy", fix,
                           required=False))
    return found


def _check_fix(outcome: LookupProblem, action: str, settings: Settings, base_arn: str) -> str | None:
    if outcome.code is not ProblemCode.ACCESS_DENIED:
        return _admin_text(outcome, settings, base_arn)
    identity = outcome.identity or settings.aws.decoder_role_arn or base_arn
    return (f"allow {action} to {identity} (deploy/iam/decoder-policy.json, the StackSet and the SAM template have "
            "it); without it, suggested statements are shown at the level below.")


def _admin_text(outcome: LookupProblem, settings: Settings, base_arn: str) -> str | None:
    """What the administrator should do, with the identity that lacks a permission filled in."""
    named = LookupProblem(outcome.code, outcome.identity or settings.aws.decoder_role_arn or base_arn, outcome.service,
                          outcome.region)
    admin = Problem.from_lookup(named).admin
    return text(admin) if admin else None


def _credentials_failure(exc: Exception, settings: Settings) -> Check:
    """No credentials, credentials AWS rejects, and an STS endpoint that cannot be reached are three different fixes."""
    if isinstance(exc, (NoCredentialsError, PartialCredentialsError)):
        return Check("AWS credentials", False, _describe(exc), text("error.no_credentials.admin"))
    if isinstance(exc, (EndpointConnectionError, ConnectTimeoutError, ReadTimeoutError)):
        fix = text(Line("error.connection.admin", service=SERVICE.line(AwsService.STS), region=settings.aws.region))
        return Check("AWS STS endpoint", False, f"credentials found, but STS cannot be reached ({_describe(exc)})", fix)
    return Check("AWS credentials", False, _describe(exc),
                 "AWS rejected these credentials: check the access key, the session token's expiry, or the profile.")


def _describe(exc: Exception) -> str:
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        return f"{error.get('Code', 'error')}: {error.get('Message', '')}".strip()
    return str(exc)
