"""Every setting declared once (its variable, default, conversion and the line that explains a bad value), read into
one frozen object made of the slices the components receive: AWS, Slack, access, state and limits.

`load_environment()` reads `.env` once, for every command, before logging is configured. `Settings.from_env()`
then reads its sources in order (the environment, then what the caller adds: Lambda's secrets) and reports every
problem at once.
"""

from __future__ import annotations

import logging
import os
import re
from collections import ChainMap
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.vocab import DEFAULT_LANGUAGE, LANGUAGES, OWNER_KINDS, Disclosure, FixChecks, StateBackend

DEFAULT_REGION = "us-east-1"
DEFAULT_LOG_LEVEL = "WARNING"
ORGANIZATION = "organization"

_REGION = re.compile(r"[a-z]{2}(?:-[a-z]+)+-\d")
_ROLE_ARN = re.compile(r"arn:aws[a-z-]*:iam::(?:[0-9]{12}|\{account\}):role/[\w+=,.@/-]+")
_ACCOUNT_ID = re.compile(r"[0-9]{12}")  # ASCII digits only: in a str pattern, \d matches any script's digits


@dataclass(frozen=True)
class AwsSettings:
    region: str = DEFAULT_REGION
    decoder_role_arn: str | None = None  # may hold {account}: the same role name in every account
    # Accounts to decode in (with DECODER_ROLE_ARN holding {account}); ("organization",) lists them from AWS.
    decoder_accounts: tuple[str, ...] = ()
    timeout: float = 5.0  # seconds, for each AWS call
    fix_checks: FixChecks = FixChecks.AWS
    check_wait: float = 1.0  # seconds a thread answer waits for AWS's checks before it is posted "checking…"

    @property
    def per_account(self) -> bool:
        """DECODER_ROLE_ARN names one role in every account ({account})."""
        return "{account}" in (self.decoder_role_arn or "")


@dataclass(frozen=True)
class SlackSettings:
    bot_token: str | None = None
    signing_secret: str | None = None
    app_token: str | None = None
    api_url: str | None = None
    timeout: float = 10.0
    startup_seconds: float = 30.0  # how long start-up keeps trying a Slack that fails or does not answer
    port: int = 3000
    http_idle_timeout: float = 30.0  # an HTTP connection idle this long is closed
    http_request_seconds: float = 10.0  # a request not received whole in this time is dropped (slow clients)
    http_max_connections: int = 1000
    shutdown_grace: float = 25.0  # seconds to finish acknowledged answers after SIGTERM
    answer_bots: bool = False  # answer messages posted by other bots (CI notifiers, for example)
    admin_channel: str | None = None  # where problems for the bot's administrators are posted

    @property
    def socket_mode(self) -> bool:
        return bool(self.app_token)

    @property
    def configured(self) -> bool:
        return bool(self.bot_token or self.app_token or self.signing_secret)

    def problems(self) -> list[str]:
        """What stops the Slack app from starting in the mode these settings select."""
        problems = []
        if not self.bot_token:
            problems.append("SLACK_BOT_TOKEN: missing; copy the Bot User OAuth Token (xoxb-…) from your app's "
                            "OAuth & Permissions page.")
        elif not self.bot_token.startswith("xoxb-"):
            problems.append("SLACK_BOT_TOKEN: must start with xoxb- (the Bot User OAuth Token, not a user token).")
        if self.app_token and not self.app_token.startswith("xapp-"):
            problems.append("SLACK_APP_TOKEN: must start with xapp- (an app-level token with connections:write).")
        if not self.socket_mode and not self.signing_secret:
            problems.append("SLACK_SIGNING_SECRET: missing; HTTP mode needs the Signing Secret from your app's "
                            "Basic Information page (or set SLACK_APP_TOKEN to use Socket Mode).")
        if self.api_url and not re.match(r"https?://", self.api_url):
            problems.append("SLACK_API_URL: must be an http(s) URL such as https://slack.com/api/.")
        return problems


@dataclass(frozen=True)
class AccessSettings:
    """Who may use decode-bot where, and how much a channel is shown. Empty means everyone / every channel."""

    default_language: str = DEFAULT_LANGUAGE
    disclosure: Disclosure = Disclosure.STANDARD
    allowed_channels: frozenset[str] = frozenset()
    allowed_users: frozenset[str] = frozenset()
    allowed_usergroups: frozenset[str] = frozenset()
    # People from other organisations in Slack Connect channels may use the private surfaces.
    allow_external_users: bool = False
    admin_users: frozenset[str] = frozenset()  # who sees the bot's identities and AWS's error texts in App Home
    # Channel or user group ID (or "*": every channel not listed) -> the accounts it may decode in. Empty: all.
    account_scopes: tuple[tuple[str, frozenset[str]], ...] = ()


@dataclass(frozen=True)
class WatchSettings:
    """The denial watch: CloudTrail denials from an SQS queue, explained in the owning team's channel."""

    queue_url: str | None = None  # WATCH_QUEUE_URL: the long-running bot polls it (Lambda gets an event source)
    channel: str | None = None  # WATCH_CHANNEL: where a denial no route matches goes
    routes: tuple[tuple[str, str], ...] = ()  # WATCH_ROUTES: (match, channel), first match wins
    group_hours: float = 24.0  # a cause quiet this long starts a new parent message
    admins: str | None = None  # WATCH_ADMINS: a user group whose members may mute anywhere

    @property
    def on(self) -> bool:
        return bool(self.channel or self.routes)


@dataclass(frozen=True)
class OwnerSettings:
    """"Ask the owner": where a request to change a policy goes, and how long it waits for a decision."""

    routes: tuple[tuple[str, str], ...] = ()  # OWNER_ROUTES: (match, channel), first match wins
    channel: str | None = None  # OWNER_CHANNEL: where a request no route (and no role tag) sends goes
    remind_hours: float = 24.0  # an undecided request is recalled once after this
    expire_days: float = 7.0  # and expires after this
    access_request_url: str | None = None  # ACCESS_REQUEST_URL: a link template, {account} {role} {action}


@dataclass(frozen=True)
class StateSettings:
    backend: StateBackend = StateBackend.MEMORY
    table: str = "decode-bot"


@dataclass(frozen=True)
class Limits:
    """Abuse limits; over any of them a person gets a private note and nothing else breaks."""

    user_decodes_per_minute: int = 10
    channel_decodes_per_minute: int = 30
    tokens_per_message: int = 5
    chars_per_message: int = 200_000
    snippet_bytes: int = 1_000_000


@dataclass(frozen=True)
class Settings:
    aws: AwsSettings = field(default_factory=AwsSettings)
    slack: SlackSettings = field(default_factory=SlackSettings)
    access: AccessSettings = field(default_factory=AccessSettings)
    state: StateSettings = field(default_factory=StateSettings)
    limits: Limits = field(default_factory=Limits)
    watch: WatchSettings = field(default_factory=WatchSettings)
    owners: OwnerSettings = field(default_factory=OwnerSettings)
    masked_keys: tuple[str, ...] = ()  # condition keys whose values are never shown (aws:SourceIp, …)

    @classmethod
    def from_env(cls, *sources: Mapping[str, str]) -> Settings:
        """Read every variable from the sources (the first that sets it wins); ConfigError lists every problem."""
        env: Mapping[str, str] = ChainMap(*(dict(source) for source in sources)) if sources else {}
        problems: list[str] = []
        values: dict[str, dict[str, Any]] = {}
        for variable in VARIABLES:
            raw = next((found for name in (variable.name, *variable.also) if (found := _get(env, name))), None)
            if raw is None:
                continue
            try:
                value = variable.convert(raw)
            except ValueError as exc:
                problems.append(f"{variable.name}: {str(exc).format(raw=raw)}")
                continue
            section, _, name = variable.field.rpartition(".")
            values.setdefault(section, {})[name] = value
        top = values.pop("", {})
        settings = cls(**{section: _SECTIONS[section](**found) for section, found in values.items()}, **top)
        problems += [problem for rule in RULES if (problem := rule(settings))]
        if _get(env, "LOG_LEVEL") and log_level(env) != (_get(env, "LOG_LEVEL") or "").upper():
            problems.append("LOG_LEVEL: use DEBUG, INFO, WARNING or ERROR.")
        if problems:
            raise ConfigError(problems)
        return settings


class ConfigError(Exception):
    """Configuration that cannot work; each problem names the variable and how to fix it."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# Conversions: each returns the value or raises ValueError with the rest of the problem line ({raw}: the value).

def _text(raw: str) -> str:
    return raw


def _seconds(zero_allowed: bool = False, example: str = "") -> Callable[[str], float]:
    def convert(raw: str) -> float:
        try:
            number = float(raw)
        except ValueError:
            raise ValueError(f"'{raw}' is not a number.") from None
        if number < 0 or (number == 0 and not zero_allowed):
            raise ValueError(f"must be a positive number of seconds{example}.")
        return number

    return convert


def _whole(least: int) -> Callable[[str], int]:
    def convert(raw: str) -> int:
        try:
            number = float(raw)
        except ValueError:
            raise ValueError(f"'{raw}' is not a number.") from None
        if number != int(number) or number < least:
            raise ValueError(f"must be a whole number of at least {least}.")
        return int(number)

    return convert


def _port(raw: str) -> int:
    try:
        number = float(raw)
    except ValueError:
        raise ValueError(f"'{raw}' is not a number.") from None
    if not 0 < number < 65536 or number != int(number):
        raise ValueError("'{raw}' is not a TCP port; use a whole number such as 3000.")
    return int(number)


def _flag(raw: str) -> bool:
    value = raw.lower()
    if value not in ("true", "false", "1", "0", "yes", "no"):
        raise ValueError("use true or false.")
    return value in ("true", "1", "yes")


def _ids(raw: str) -> frozenset[str]:
    return frozenset(part.strip() for part in raw.split(",") if part.strip())


def _region(raw: str) -> str:
    if not _REGION.fullmatch(raw):
        raise ValueError("'{raw}' is not an AWS Region code; set it to one such as us-east-1.")
    return raw


def _role_arn(raw: str) -> str:
    if not _ROLE_ARN.fullmatch(raw):
        raise ValueError("expected an IAM role ARN such as arn:aws:iam::123456789012:role/decode-bot (or "
                         "arn:aws:iam::{{account}}:role/decode-bot for many accounts); leave it empty to use the "
                         "default credentials as they are.")
    return raw


def _accounts(raw: str) -> tuple[str, ...]:
    if raw.lower() == ORGANIZATION:
        return (ORGANIZATION,)
    accounts = tuple(dict.fromkeys(part.strip() for part in raw.split(",") if part.strip()))
    wrong = [a for a in accounts if not _ACCOUNT_ID.fullmatch(a)]
    if wrong:
        raise ValueError(f"{', '.join(wrong)} is not a 12-digit account ID; list account IDs, comma-separated, or "
                         "write organization.")
    return accounts


_SCOPE_KEY = re.compile(r"\*|[CGDS][A-Z0-9]{6,}")


def _scopes(raw: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """`C0SANDBOX=111111111111+222222222222,S0SECURITY=333333333333,*=111111111111`."""
    scopes: dict[str, frozenset[str]] = {}
    for entry in (part.strip() for part in raw.split(",") if part.strip()):
        key, _, accounts = entry.partition("=")
        listed = frozenset(a.strip() for a in accounts.split("+") if a.strip())
        if not _SCOPE_KEY.fullmatch(key.strip()) or not listed or not all(_ACCOUNT_ID.fullmatch(a) for a in listed):
            raise ValueError(f"'{entry}' is not CHANNEL_OR_GROUP_ID=ACCOUNT[+ACCOUNT…] (a channel ID C…, a user group "
                             "ID S…, or * for every other channel; 12-digit account IDs).")
        scopes[key.strip()] = scopes.get(key.strip(), frozenset()) | listed
    return tuple(sorted(scopes.items()))


def _choice(kinds: type[Any], explained: str) -> Callable[[str], Any]:
    def convert(raw: str) -> Any:
        try:
            return kinds(raw.lower())
        except ValueError:
            raise ValueError(explained) from None

    return convert


def _language(raw: str) -> str:
    if raw not in LANGUAGES:
        raise ValueError(f"'{{raw}}' is not one of {', '.join(LANGUAGES)}.")
    return raw


def _routes(raw: str, kinds: frozenset[str] = frozenset()) -> tuple[tuple[str, str], ...]:
    """`match=channel`, comma-separated, in order: an account ID, an IAM ARN pattern with `*`, `*`, or one of
    `kinds` (the policy kinds OWNER_ROUTES may match)."""
    routes = []
    for part in (p.strip() for p in raw.split(",") if p.strip()):
        match, _, channel = part.rpartition("=")
        match, channel = match.strip(), channel.strip()
        if not match or not re.fullmatch(r"[CG][A-Z0-9]{6,}", channel):
            raise ValueError(f"'{part}' is not match=CHANNEL_ID (such as 123456789012=C0123ABCD, "
                             "arn:aws:iam::*:role/ci-*=C0456DEFG or *=C0789HIJK).")
        if match != "*" and not re.fullmatch(r"\d{12}", match) and not match.startswith("arn:") and match not in kinds:
            raise ValueError(f"'{match}' is neither an account ID, an ARN pattern{', a policy kind (' if kinds else ''}"
                             f"{', '.join(sorted(kinds))}{')' if kinds else ''} nor *.")
        routes.append((match, channel))
    return tuple(routes)


def _sorted_keys(raw: str) -> tuple[str, ...]:
    return tuple(sorted(_ids(raw)))


@dataclass(frozen=True)
class Variable:
    name: str
    field: str  # section.name in Settings (a bare name: Settings' own)
    convert: Callable[[str], Any]  # the value, or ValueError with the rest of the problem line
    also: tuple[str, ...] = ()  # older names, read when `name` is unset


VARIABLES: tuple[Variable, ...] = (
    Variable("AWS_REGION", "aws.region", _region, also=("AWS_DEFAULT_REGION",)),
    Variable("DECODER_ROLE_ARN", "aws.decoder_role_arn", _role_arn),
    Variable("DECODER_ACCOUNTS", "aws.decoder_accounts", _accounts),
    Variable("STS_TIMEOUT_SECONDS", "aws.timeout", _seconds(example=", such as 5")),
    Variable("FIX_CHECKS", "aws.fix_checks", _choice(
        FixChecks, "use aws (check statements with IAM Access Analyzer and IAM's policy simulator where permitted) "
                   "or offline (never call AWS to check them).")),
    Variable("FIX_CHECK_WAIT_SECONDS", "aws.check_wait", _seconds(zero_allowed=True)),
    Variable("SLACK_BOT_TOKEN", "slack.bot_token", _text),
    Variable("SLACK_SIGNING_SECRET", "slack.signing_secret", _text),
    Variable("SLACK_APP_TOKEN", "slack.app_token", _text),
    Variable("SLACK_API_URL", "slack.api_url", _text),
    Variable("SLACK_TIMEOUT_SECONDS", "slack.timeout", _seconds()),
    Variable("SLACK_STARTUP_SECONDS", "slack.startup_seconds", _seconds()),
    Variable("PORT", "slack.port", _port),
    Variable("HTTP_IDLE_TIMEOUT_SECONDS", "slack.http_idle_timeout", _seconds()),
    Variable("HTTP_MAX_CONNECTIONS", "slack.http_max_connections", _whole(1)),
    Variable("HTTP_REQUEST_SECONDS", "slack.http_request_seconds", _seconds()),
    Variable("SHUTDOWN_GRACE_SECONDS", "slack.shutdown_grace", _seconds(zero_allowed=True)),
    Variable("ANSWER_BOTS", "slack.answer_bots", _flag),
    Variable("ADMIN_CHANNEL", "slack.admin_channel", _text),
    Variable("DEFAULT_LANGUAGE", "access.default_language", _language),
    Variable("DISCLOSURE", "access.disclosure", _choice(
        Disclosure, "use standard (the answer in the thread, details on request), full (everything in the thread) "
                    "or summary (no condition values in the thread).")),
    Variable("ALLOWED_CHANNELS", "access.allowed_channels", _ids),
    Variable("ALLOWED_USERS", "access.allowed_users", _ids),
    Variable("ALLOWED_USERGROUPS", "access.allowed_usergroups", _ids),
    Variable("ALLOW_EXTERNAL_USERS", "access.allow_external_users", _flag),
    Variable("ADMIN_USERS", "access.admin_users", _ids),
    Variable("ACCOUNT_SCOPES", "access.account_scopes", _scopes),
    Variable("STATE_BACKEND", "state.backend", _choice(
        StateBackend, "use memory (one process) or dynamodb (shared by every process).")),
    Variable("STATE_TABLE", "state.table", _text),
    Variable("LIMIT_USER_DECODES_PER_MINUTE", "limits.user_decodes_per_minute", _whole(1)),
    Variable("LIMIT_CHANNEL_DECODES_PER_MINUTE", "limits.channel_decodes_per_minute", _whole(1)),
    Variable("LIMIT_TOKENS_PER_MESSAGE", "limits.tokens_per_message", _whole(1)),
    Variable("LIMIT_CHARS_PER_MESSAGE", "limits.chars_per_message", _whole(1)),
    Variable("LIMIT_SNIPPET_BYTES", "limits.snippet_bytes", _whole(1)),
    Variable("MASK_CONDITION_KEYS", "masked_keys", _sorted_keys),
    Variable("WATCH_QUEUE_URL", "watch.queue_url", _text),
    Variable("WATCH_CHANNEL", "watch.channel", _text),
    Variable("WATCH_ROUTES", "watch.routes", _routes),
    Variable("WATCH_GROUP_HOURS", "watch.group_hours", _seconds(example=", such as 24")),
    Variable("WATCH_ADMINS", "watch.admins", _text),
    Variable("OWNER_ROUTES", "owners.routes", lambda raw: _routes(raw, OWNER_KINDS)),
    Variable("OWNER_CHANNEL", "owners.channel", _text),
    Variable("OWNER_REMIND_HOURS", "owners.remind_hours", _seconds(example=", such as 24")),
    Variable("OWNER_EXPIRE_DAYS", "owners.expire_days", _seconds(example=", such as 7")),
    Variable("ACCESS_REQUEST_URL", "owners.access_request_url", _text),
)
_SECTIONS: dict[str, Callable[..., Any]] = {
    "aws": AwsSettings, "slack": SlackSettings, "access": AccessSettings, "state": StateSettings, "limits": Limits,
    "watch": WatchSettings, "owners": OwnerSettings,
}


def _role_needs_accounts(settings: Settings) -> str | None:
    if settings.aws.per_account and not settings.aws.decoder_accounts:
        return ("DECODER_ACCOUNTS: DECODER_ROLE_ARN holds {account}; list the accounts (comma-separated) or set "
                "DECODER_ACCOUNTS=organization.")
    return None


def _accounts_need_a_role(settings: Settings) -> str | None:
    if settings.aws.decoder_accounts and not settings.aws.per_account:
        return ("DECODER_ROLE_ARN: with DECODER_ACCOUNTS, give the role ARN with {account} in place of the account "
                "ID, e.g. arn:aws:iam::{account}:role/decode-bot-decoder.")
    return None


def _scopes_need_a_role(settings: Settings) -> str | None:
    if settings.access.account_scopes and not settings.aws.decoder_role_arn:
        return ("ACCOUNT_SCOPES: scopes name the accounts of decoder roles; set DECODER_ROLE_ARN (with {account} and "
                "DECODER_ACCOUNTS for many accounts) so that decode-bot knows which account it decodes in.")
    return None


# Problems of settings taken together.
RULES: tuple[Callable[[Settings], str | None], ...] = (_role_needs_accounts, _accounts_need_a_role, _scopes_need_a_role)

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


def masked_condition_keys(env: Mapping[str, str]) -> tuple[str, ...]:
    """MASK_CONDITION_KEYS, which holds everywhere, the terminal included, whatever else is configured."""
    return _sorted_keys(_get(env, "MASK_CONDITION_KEYS") or "")


def _get(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None
