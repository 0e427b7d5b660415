"""The only AWS I/O: sts:DecodeAuthorizationMessage with the bot's own identity, cached, never raising.

Every failure becomes a DecodeProblem with a code the message catalog explains. The STS client gets an
explicit region, standard retries and short timeouts, and never an endpoint_url, so that
AWS_ENDPOINT_URL_STS (and the rest of botocore's configuration) works as AWS documents it.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from typing import Any

import botocore.session
from botocore.config import Config
from botocore.credentials import CredentialProvider, CredentialResolver, DeferredRefreshableCredentials
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    CredentialRetrievalError,
    EndpointConnectionError,
    NoCredentialsError,
    PartialCredentialsError,
    ReadTimeoutError,
)

from bot.config import Settings
from bot.detect import fingerprint
from bot.outcomes import Decoded, DecodeOutcome, DecodeProblem

log = logging.getLogger(__name__)

ROLE_SESSION_SECONDS = 3600  # shorter sessions make botocore refresh before nearly every call
ROLE_SESSION_NAME = "decode-bot"
STS_CONNECTIONS = 16  # as many as the Slack app runs listener threads
_THROTTLING = frozenset({"Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException"})
_BAD_CREDENTIALS = frozenset(
    {"InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException", "ExpiredToken",
     "ExpiredTokenException", "IncompleteSignature"}
)
_EXPIRED = frozenset({"ExpiredToken", "ExpiredTokenException"})




class _TtlCache:
    """Bounded LRU keyed by token hash; values expire after ttl seconds. Safe across threads."""

    def __init__(self, max_entries: int, ttl: float) -> None:
        self._entries: OrderedDict[str, tuple[float, DecodeOutcome]] = OrderedDict()
        self._max = max_entries
        self._ttl = ttl
        self._lock = threading.Lock()

    def get(self, key: str) -> DecodeOutcome | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            stored_at, value = entry
            if time.monotonic() - stored_at > self._ttl:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return value

    def put(self, key: str, value: DecodeOutcome) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic(), value)
            self._entries.move_to_end(key)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


class _AssumedRoleProvider(CredentialProvider):
    METHOD = "decode-bot-assume-role"

    def __init__(self, credentials: DeferredRefreshableCredentials) -> None:
        super().__init__()
        self._credentials = credentials

    def load(self) -> DeferredRefreshableCredentials:
        return self._credentials


class Decoder:
    """Decodes tokens through STS. Thread-safe; one instance serves the whole process."""

    def __init__(self, settings: Settings, cache_entries: int = 1024, cache_seconds: float = 3600) -> None:
        self._settings = settings
        self._cache = _TtlCache(cache_entries, cache_seconds)
        self._client_lock = threading.Lock()
        self._client: Any = None
        self._base_session = botocore.session.get_session()

    def _config(self) -> Config:
        return Config(
            region_name=self._settings.aws_region,
            retries={"mode": "standard", "total_max_attempts": 3},
            connect_timeout=self._settings.sts_timeout,
            read_timeout=self._settings.sts_timeout,
            user_agent_extra="decode-bot",
            max_pool_connections=STS_CONNECTIONS,
        )

    def base_client(self) -> Any:
        """STS with the standard credential chain (environment, profile, container or instance role)."""
        return self._base_session.create_client("sts", config=self._config())

    def client(self) -> Any:
        """STS with the decoder role's credentials when DECODER_ROLE_ARN is set, else the base client."""
        with self._client_lock:
            if self._client is None:
                self._client = self._make_client()
            return self._client

    def _make_client(self) -> Any:
        role_arn = self._settings.decoder_role_arn
        if not role_arn:
            return self.base_client()
        base = self.base_client()

        def assume() -> dict[str, str]:
            log.info("assuming decoder role", extra={"role_arn": role_arn})
            response = base.assume_role(
                RoleArn=role_arn, RoleSessionName=ROLE_SESSION_NAME, DurationSeconds=ROLE_SESSION_SECONDS
            )
            credentials = response["Credentials"]
            return {
                "access_key": credentials["AccessKeyId"],
                "secret_key": credentials["SecretAccessKey"],
                "token": credentials["SessionToken"],
                "expiry_time": credentials["Expiration"].isoformat(),
            }

        role_session = botocore.session.get_session()
        refreshing = DeferredRefreshableCredentials(refresh_using=assume, method=_AssumedRoleProvider.METHOD)
        role_session.register_component(
            "credential_provider", CredentialResolver(providers=[_AssumedRoleProvider(refreshing)])
        )
        return role_session.create_client("sts", config=self._config())

    def decode(self, token: str) -> DecodeOutcome:
        key = hashlib.sha256(token.encode()).hexdigest()
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        outcome = self._call(token)
        if isinstance(outcome, DecodeProblem) and outcome.code == "expired_credentials":
            # Credentials that expired under us: build a client with fresh ones and try once more.
            with self._client_lock:
                self._client = None
            outcome = self._call(token)
        if isinstance(outcome, Decoded) or outcome.code == "invalid_token":
            self._cache.put(key, outcome)
        log.info(
            "decode attempt",
            extra={"token": fingerprint(token), "outcome": "ok" if isinstance(outcome, Decoded) else outcome.code},
        )
        return outcome

    def _call(self, token: str) -> DecodeOutcome:
        try:
            response = self.client().decode_authorization_message(EncodedMessage=token)
        except ClientError as exc:
            return _from_client_error(exc)
        except (ReadTimeoutError, ConnectTimeoutError):
            return DecodeProblem("timeout")
        except EndpointConnectionError:
            return DecodeProblem("connection")
        except (NoCredentialsError, PartialCredentialsError):
            return DecodeProblem("no_credentials")
        except CredentialRetrievalError:
            return DecodeProblem("assume_role_failed", self._settings.decoder_role_arn)
        except BotoCoreError as exc:
            log.warning("STS call failed: %s", type(exc).__name__)
            return DecodeProblem("connection")
        message = response.get("DecodedMessage")
        if not isinstance(message, str):
            return DecodeProblem("unexpected")
        return Decoded(message)

    def probe(self) -> DecodeOutcome:
        """Decode a deliberately invalid token: InvalidAuthorizationMessageException proves the permission."""
        return self._call("decode-bot-doctor-probe")

    def identity(self) -> dict[str, str]:
        """sts:GetCallerIdentity with the decoding credentials; raises botocore errors for doctor to report."""
        response = self.client().get_caller_identity()
        return {"account": response["Account"], "arn": response["Arn"]}

    def base_identity(self) -> dict[str, str]:
        response = self.base_client().get_caller_identity()
        return {"account": response["Account"], "arn": response["Arn"]}


def _from_client_error(exc: ClientError) -> DecodeProblem:
    error = exc.response.get("Error", {})
    code = error.get("Code", "")
    operation = getattr(exc, "operation_name", "")
    if operation == "AssumeRole":
        return DecodeProblem("assume_role_failed", _identity_in(error.get("Message", "")))
    if code == "InvalidAuthorizationMessageException":
        return DecodeProblem("invalid_token")
    if code in ("AccessDenied", "AccessDeniedException"):
        return DecodeProblem("access_denied", _identity_in(error.get("Message", "")))
    if code in _THROTTLING:
        return DecodeProblem("throttled")
    if code in _EXPIRED:
        return DecodeProblem("expired_credentials")
    if code in _BAD_CREDENTIALS:
        return DecodeProblem("bad_credentials")
    log.warning("unexpected STS error code %s", code)
    return DecodeProblem("unexpected")


def _identity_in(message: str) -> str | None:
    """STS names the caller in its AccessDenied text: 'User: arn:aws:sts::…:assumed-role/x/y is not …'."""
    marker = "User: "
    start = message.find(marker)
    if start < 0:
        return None
    arn = message[start + len(marker) :].split(" ", 1)[0]
    return arn if arn.startswith("arn:") else None
