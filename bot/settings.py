"""Every setting in one frozen object, validated once, with one clear line per problem.

`load_environment()` reads `.env` once, for every command, before logging is configured; `Settings.from_env()`
then reads the merged environment.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.vocab import DEFAULT_LANGUAGE, LANGUAGES, Disclosure

DEFAULT_REGION = "us-east-1"
DEFAULT_PORT = 3000
DEFAULT_STS_TIMEOUT = 5.0
DEFAULT_SLACK_TIMEOUT = 10.0

_REGION = re.compile(r"[a-z]{2}(?:-[a-z]+)+-\d")
_ROLE_ARN = re.compile(r"arn:aws[a-z-]*:iam::(?:\d{12}|\{account\}):role/[\w+=,.@/-]+")
_ACCOUNT_ID = re.compile(r"\d{12}")
ORGANIZATION = "organization"


@dataclass(frozen=True)
class Limits:
    """Abuse limits; over any of them a person gets a private note and nothing else breaks."""

    user_decodes_per_minute: int = 10
    channel_decodes_per_minute: int = 30
    tokens_per_message: int = 5
    chars_per_message: int = 200_000
    snippet_bytes: int = 1_000_000


_LIMIT_VARIABLES = {
    "LIMIT_USER_DECODES_PER_MINUTE": "user_decodes_per_minute",
    "LIMIT_CHANNEL_DECODES_PER_MINUTE": "channel_decodes_per_minute",
    "LIMIT_TOKENS_PER_MESSAGE": "tokens_per_message",
    "LIMIT_CHARS_PER_MESSAGE": "chars_per_message",
    "LIMIT_SNIPPET_BYTES": "snippet_bytes",
}


DEFAULT_LOG_LEVEL = "WARNING"
_loaded = False


def load_environment(path: str = ".env") -> Mapping[str, str]:
    """os.environ with the variables of `.env` (in the working directory) that it does not set already.

    botocore reads AWS_* variables from os.environ itself, so `.env` is merged into it, once per process.
    """
    global _loaded
    if not _loaded:
        if os.path.exists(path):  # importing python-dotenv costs more than a `decode-bot scan` of one error
            from dotenv import load_dotenv

            load_dotenv(path, override=False)
        _loaded = True
    return os.environ


def log_level(env: Mapping[str, str]) -> str:
    """LOG_LEVEL, or WARNING when it is unset or not a level's name (reported by from_env)."""
    name = (_get(env, "LOG_LEVEL") or DEFAULT_LOG_LEVEL).upper()
    return name if isinstance(logging.getLevelName(name), int) else DEFAULT_LOG_LEVEL


class ConfigError(Exception):
    """Configuration that cannot work; each problem names the variable and how to fix it."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Settings:
    aws_region: str
    decoder_role_arn: str | None  # may hold {account}: the same role name in every account
    sts_timeout: float
    slack_bot_token: str | None
    slack_signing_secret: str | None
    slack_app_token: str | None
    slack_api_url: str | None
    port: int
    default_language: str = "en"
    answer_bots: bool = False  # answer messages posted by other bots (CI notifiers, for example)
    # People from other organisations in Slack Connect channels may use the private surfaces.
    allow_external_users: bool = False
    admin_channel: str | None = None  # where problems for the bot's administrators are posted
    slack_timeout: float = DEFAULT_SLACK_TIMEOUT
    shutdown_grace: float = 25.0  # seconds to finish acknowledged answers after SIGTERM
    startup_seconds: float = 30.0  # how long start-up keeps trying a Slack that fails or does not answer
    http_idle_timeout: float = 30.0  # an HTTP connection idle this long is closed
    http_max_connections: int = 1000
    # Access: empty means "everyone" / "every channel the bot is in".
    allowed_channels: frozenset[str] = frozenset()
    allowed_users: frozenset[str] = frozenset()
    allowed_usergroups: frozenset[str] = frozenset()
    disclosure: Disclosure = Disclosure.STANDARD
    # Accounts to decode in (with DECODER_ROLE_ARN holding {account}); ("organization",) lists them from AWS.
    decoder_accounts: tuple[str, ...] = ()
    state_backend: str = "memory"  # "dynamodb": shared by every process, in STATE_TABLE
    state_table: str = "decode-bot"
    masked_keys: tuple[str, ...] = ()  # condition keys whose values are never shown (aws:SourceIp, …)
    limits: Limits = field(default_factory=lambda: Limits())

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """Read and check the AWS side; the Slack side is checked by slack_problems() when the app starts."""
        problems: list[str] = []
        region = _get(env, "AWS_REGION") or _get(env, "AWS_DEFAULT_REGION") or DEFAULT_REGION
        if not _REGION.fullmatch(region):
            problems.append(f"AWS_REGION: '{region}' is not an AWS Region code; set it to one such as us-east-1.")
        role_arn = _get(env, "DECODER_ROLE_ARN")
        if role_arn and not _ROLE_ARN.fullmatch(role_arn):
            problems.append(
                "DECODER_ROLE_ARN: expected an IAM role ARN such as arn:aws:iam::123456789012:role/decode-bot "
                "(or arn:aws:iam::{account}:role/decode-bot for many accounts); leave it empty to use the default "
                "credentials as they are."
            )
        accounts = _accounts(env, problems)
        backend = (_get(env, "STATE_BACKEND") or "memory").lower()
        if backend not in ("memory", "dynamodb"):
            problems.append("STATE_BACKEND: use memory (one process) or dynamodb (shared by every process).")
        if role_arn and "{account}" in role_arn and not accounts:
            problems.append("DECODER_ACCOUNTS: DECODER_ROLE_ARN holds {account}; list the accounts (comma-separated) "
                            "or set DECODER_ACCOUNTS=organization.")
        if accounts and not (role_arn and "{account}" in role_arn):
            problems.append("DECODER_ROLE_ARN: with DECODER_ACCOUNTS, give the role ARN with {account} in place of "
                            "the account ID, e.g. arn:aws:iam::{account}:role/decode-bot-decoder.")
        sts_timeout = _number(env, "STS_TIMEOUT_SECONDS", DEFAULT_STS_TIMEOUT, problems)
        port = _number(env, "PORT", DEFAULT_PORT, problems)
        if not 0 < port < 65536 or port != int(port):
            problems.append(f"PORT: '{_get(env, 'PORT')}' is not a TCP port; use a whole number such as 3000.")
        language = _get(env, "DEFAULT_LANGUAGE") or DEFAULT_LANGUAGE
        if language not in LANGUAGES:
            problems.append(f"DEFAULT_LANGUAGE: '{language}' is not one of {', '.join(LANGUAGES)}.")
        answer_bots = _flag(env, "ANSWER_BOTS", problems)
        allow_external = _flag(env, "ALLOW_EXTERNAL_USERS", problems)
        disclosure = (_get(env, "DISCLOSURE") or Disclosure.STANDARD).lower()
        if disclosure not in tuple(Disclosure):
            problems.append("DISCLOSURE: use standard (the answer in the thread, details on request), full "
                            "(everything in the thread) or summary (no condition values in the thread).")
        if _get(env, "LOG_LEVEL") and log_level(env) != (_get(env, "LOG_LEVEL") or "").upper():
            problems.append("LOG_LEVEL: use DEBUG, INFO, WARNING or ERROR.")
        limits = Limits(**{field_name: int(_number(env, name, getattr(Limits(), field_name), problems))
                           for name, field_name in _LIMIT_VARIABLES.items()})
        for name, field_name in _LIMIT_VARIABLES.items():
            if getattr(limits, field_name) < 1:
                problems.append(f"{name}: must be a whole number of at least 1.")
        slack_timeout = _number(env, "SLACK_TIMEOUT_SECONDS", DEFAULT_SLACK_TIMEOUT, problems)
        grace = _number(env, "SHUTDOWN_GRACE_SECONDS", 25.0, problems)
        startup = _number(env, "SLACK_STARTUP_SECONDS", 30.0, problems)
        idle = _number(env, "HTTP_IDLE_TIMEOUT_SECONDS", 30.0, problems)
        connections = _number(env, "HTTP_MAX_CONNECTIONS", 1000, problems)
        if grace < 0 or idle <= 0 or connections < 1 or startup <= 0:
            problems.append("SHUTDOWN_GRACE_SECONDS, SLACK_STARTUP_SECONDS, HTTP_IDLE_TIMEOUT_SECONDS and "
                            "HTTP_MAX_CONNECTIONS must be positive numbers.")
        if sts_timeout <= 0:
            problems.append("STS_TIMEOUT_SECONDS: must be a positive number of seconds, such as 5.")
        if problems:
            raise ConfigError(problems)
        return cls(
            aws_region=region,
            decoder_role_arn=role_arn,
            decoder_accounts=accounts,
            state_backend=backend,
            state_table=_get(env, "STATE_TABLE") or "decode-bot",
            sts_timeout=sts_timeout,
            slack_bot_token=_get(env, "SLACK_BOT_TOKEN"),
            slack_signing_secret=_get(env, "SLACK_SIGNING_SECRET"),
            slack_app_token=_get(env, "SLACK_APP_TOKEN"),
            slack_api_url=_get(env, "SLACK_API_URL"),
            port=int(port),
            default_language=language,
            answer_bots=answer_bots,
            allow_external_users=allow_external,
            admin_channel=_get(env, "ADMIN_CHANNEL"),
            slack_timeout=slack_timeout,
            shutdown_grace=grace,
            startup_seconds=startup,
            http_idle_timeout=idle,
            http_max_connections=int(connections),
            allowed_channels=_ids(env, "ALLOWED_CHANNELS"),
            allowed_users=_ids(env, "ALLOWED_USERS"),
            allowed_usergroups=_ids(env, "ALLOWED_USERGROUPS"),
            disclosure=Disclosure(disclosure),
            masked_keys=masked_condition_keys(env),
            limits=limits,
        )

    @property
    def socket_mode(self) -> bool:
        return bool(self.slack_app_token)

    def slack_problems(self) -> list[str]:
        """What stops the Slack app from starting in the mode these settings select."""
        problems = []
        if not self.slack_bot_token:
            problems.append("SLACK_BOT_TOKEN: missing; copy the Bot User OAuth Token (xoxb-…) from your app's "
                            "OAuth & Permissions page.")
        elif not self.slack_bot_token.startswith("xoxb-"):
            problems.append("SLACK_BOT_TOKEN: must start with xoxb- (the Bot User OAuth Token, not a user token).")
        if self.slack_app_token and not self.slack_app_token.startswith("xapp-"):
            problems.append("SLACK_APP_TOKEN: must start with xapp- (an app-level token with connections:write).")
        if not self.socket_mode and not self.slack_signing_secret:
            problems.append("SLACK_SIGNING_SECRET: missing; HTTP mode needs the Signing Secret from your app's "
                            "Basic Information page (or set SLACK_APP_TOKEN to use Socket Mode).")
        if self.slack_api_url and not re.match(r"https?://", self.slack_api_url):
            problems.append("SLACK_API_URL: must be an http(s) URL such as https://slack.com/api/.")
        return problems


def _get(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


def _accounts(env: Mapping[str, str], problems: list[str]) -> tuple[str, ...]:
    raw = (_get(env, "DECODER_ACCOUNTS") or "").strip()
    if raw.lower() == ORGANIZATION:
        return (ORGANIZATION,)
    accounts = tuple(dict.fromkeys(part.strip() for part in raw.split(",") if part.strip()))
    wrong = [a for a in accounts if not _ACCOUNT_ID.fullmatch(a)]
    if wrong:
        problems.append(f"DECODER_ACCOUNTS: {', '.join(wrong)} is not a 12-digit account ID; list account IDs, "
                        "comma-separated, or write organization.")
    return accounts


def masked_condition_keys(env: Mapping[str, str]) -> tuple[str, ...]:
    """MASK_CONDITION_KEYS, which holds everywhere, the terminal included, whatever else is configured."""
    return tuple(sorted(_ids(env, "MASK_CONDITION_KEYS")))


def _flag(env: Mapping[str, str], name: str, problems: list[str]) -> bool:
    raw = (_get(env, name) or "false").lower()
    if raw not in ("true", "false", "1", "0", "yes", "no"):
        problems.append(f"{name}: use true or false.")
    return raw in ("true", "1", "yes")


def _ids(env: Mapping[str, str], name: str) -> frozenset[str]:
    return frozenset(part.strip() for part in (env.get(name) or "").split(",") if part.strip())


def _number(env: Mapping[str, str], name: str, default: float, problems: list[str]) -> float:
    raw = _get(env, name)
    if raw is None:
        return default
    try:
        return float(raw)
    except ValueError:
        problems.append(f"{name}: '{raw}' is not a number.")
        return default
