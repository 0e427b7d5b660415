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


def run_checks(settings: Settings) -> list[Check]:
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
    return checks


def _describe(exc: Exception) -> str:
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        return f"{error.get('Code', 'error')}: {error.get('Message', '')}".strip()
    return str(exc)
