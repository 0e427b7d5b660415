"""`decode-bot doctor`: each check says what it found and, when it fails, exactly what to change."""

from __future__ import annotations

from dataclasses import dataclass

from botocore.exceptions import BotoCoreError, ClientError

from bot.config import Settings
from bot.decoder import Decoder
from bot.messages import Line, text
from bot.outcomes import DecodeProblem


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str | None = None
    required: bool = True  # a failed optional check is a warning: decode-bot still works without it


def run_checks(settings: Settings) -> list[Check]:
    return _aws_checks(settings) + _slack_checks(settings)


def _slack_checks(settings: Settings) -> list[Check]:
    if not (settings.slack_bot_token or settings.slack_app_token or settings.slack_signing_secret):
        return [Check("Slack", True, "not configured: only the command line will work (see .env.example)")]
    problems = settings.slack_problems()
    if problems:
        return [Check("Slack configuration", False, "not ready to run the Slack app", " ".join(problems))]
    from slack_sdk.errors import SlackApiError

    from bot.slack.app import web_client

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
    decoder = Decoder(settings)
    checks = [Check("configuration", True, f"region {settings.aws_region}, STS timeout {settings.sts_timeout:g}s")]
    try:
        base = decoder.base_identity()
    except (BotoCoreError, ClientError) as exc:
        checks.append(Check("AWS credentials", False, _describe(exc), text("error.no_credentials.admin")))
        return checks
    checks.append(Check("AWS credentials", True, f"{base['arn']} (account {base['account']})"))
    if settings.decoder_role_arn:
        try:
            assumed = decoder.identity()
        except (BotoCoreError, ClientError) as exc:
            fix = text(Line("error.assume_role_failed.admin", identity=settings.decoder_role_arn))
            checks.append(Check("decoder role", False, _describe(exc), fix))
            return checks
        checks.append(Check("decoder role", True, f"assumed as {assumed['arn']}"))
    outcome = decoder.probe()
    if isinstance(outcome, DecodeProblem) and outcome.code == "invalid_token":
        checks.append(Check("decode permission", True, "sts:DecodeAuthorizationMessage is allowed"))
    elif isinstance(outcome, DecodeProblem):
        identity = outcome.identity or settings.decoder_role_arn or base["arn"]
        admin = Line(f"error.{outcome.code}.admin", identity=identity, region=settings.aws_region)
        checks.append(Check("decode permission", False, outcome.code, text(admin)))
    else:
        checks.append(Check("decode permission", False, "STS decoded a probe that should be invalid"))
    checks.append(_details_check(decoder, settings, base["arn"]))
    return checks


def _details_check(decoder: Decoder, settings: Settings, base_arn: str) -> Check:
    """Authorization IDs (newer errors) need iam:GetRequestAuthorizationDetails; optional, as a warning."""
    name = "authorization-ID lookups"
    outcome = decoder.probe_details()
    if isinstance(outcome, DecodeProblem) and outcome.code in ("authorization_not_found", "invalid_authorization_id"):
        return Check(name, True, "iam:GetRequestAuthorizationDetails is allowed", required=False)
    if isinstance(outcome, DecodeProblem):
        identity = outcome.identity or settings.decoder_role_arn or base_arn
        fix = text(Line("error.details_access_denied.admin", identity=identity)) if outcome.code == (
            "details_access_denied") else "check network access to IAM Toolbox (AWS_ENDPOINT_URL_IAM_TOOLBOX)."
        return Check(name, False, outcome.code, fix, required=False)
    return Check(name, False, "IAM Toolbox answered a probe that should not exist", required=False)


def _describe(exc: Exception) -> str:
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        return f"{error.get('Code', 'error')}: {error.get('Message', '')}".strip()
    return str(exc)
