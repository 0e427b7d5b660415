"""The only AWS I/O: sts:DecodeAuthorizationMessage with the bot's own identity, cached, never raising.

Every failure becomes a DecodeProblem with a code the message catalog explains. The STS client gets an
explicit region, standard retries and short timeouts, and never an endpoint_url, so that
AWS_ENDPOINT_URL_STS (and the rest of botocore's configuration) works as AWS documents it.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
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
from bot.outcomes import Decoded, DecodeOutcome, DecodeProblem, Detailed
from bot.store import ExpiringLru

log = logging.getLogger(__name__)

ROLE_SESSION_SECONDS = 3600  # shorter sessions make botocore refresh before nearly every call
ROLE_SESSION_NAME = "decode-bot"
STS_CONNECTIONS = 16  # as many as the Slack app runs listener threads
MAX_DETAIL_PAGES = 20
_THROTTLING = frozenset({"Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException"})
_BAD_CREDENTIALS = frozenset(
    {"InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException", "ExpiredToken",
     "ExpiredTokenException", "IncompleteSignature"}
)
_EXPIRED = frozenset({"ExpiredToken", "ExpiredTokenException"})




class _AssumedRoleProvider(CredentialProvider):
    METHOD = "decode-bot-assume-role"

    def __init__(self, credentials: DeferredRefreshableCredentials) -> None:
        super().__init__()
        self._credentials = credentials

    def load(self) -> DeferredRefreshableCredentials:
        return self._credentials


class Decoder:
    """Decodes tokens through STS and looks up authorization IDs through IAM Toolbox, with one set of
    credentials. Thread-safe; one instance serves the whole process."""

    def __init__(self, settings: Settings, cache_entries: int = 1024, cache_seconds: float = 3600) -> None:
        self._settings = settings
        self._cache: ExpiringLru[DecodeOutcome] = ExpiringLru(cache_entries, cache_seconds)
        self._lock = threading.Lock()
        self._clients: dict[tuple[str, str], Any] = {}
        self._role_session: Any = None
        self._base_session = botocore.session.get_session()

    def _config(self, region: str | None = None) -> Config:
        return Config(
            region_name=region or self._settings.aws_region,
            retries={"mode": "standard", "total_max_attempts": 3},
            connect_timeout=self._settings.sts_timeout,
            read_timeout=self._settings.sts_timeout,
            user_agent_extra="decode-bot",
            max_pool_connections=STS_CONNECTIONS,
        )

    def base_client(self) -> Any:
        """STS with the standard credential chain (environment, profile, container or instance role)."""
        return self._base_session.create_client("sts", config=self._config())

    def client(self, service: str = "sts", region: str | None = None) -> Any:
        """A client with the decoder role's credentials when DECODER_ROLE_ARN is set, else the base ones."""
        key = (service, region or self._settings.aws_region)
        with self._lock:
            if key not in self._clients:
                session = self._session_locked()
                self._clients[key] = session.create_client(service, config=self._config(region))
            return self._clients[key]

    def _forget_clients(self) -> None:
        with self._lock:
            self._clients.clear()
            self._role_session = None

    def _session_locked(self) -> Any:
        role_arn = self._settings.decoder_role_arn
        if not role_arn:
            return self._base_session
        if self._role_session is not None:
            return self._role_session
        base = self.base_client()

        def assume() -> dict[str, str]:
            log.info("assuming the decoder role")
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

        session = botocore.session.get_session()
        refreshing = DeferredRefreshableCredentials(refresh_using=assume, method=_AssumedRoleProvider.METHOD)
        resolver = CredentialResolver(providers=[_AssumedRoleProvider(refreshing)])
        session.register_component("credential_provider", resolver)
        self._role_session = session
        return session

    def decode(self, token: str) -> DecodeOutcome:
        return self._cached(f"token:{hashlib.sha256(token.encode()).hexdigest()}", fingerprint(token),
                            lambda: self._call(token), cacheable_problems=("invalid_token",))

    def authorization_details(self, authorization_id: str, region: str | None = None) -> DecodeOutcome:
        """iam-toolbox:GetRequestAuthorizationDetails, every page merged; a Detailed outcome or a problem."""
        return self._cached(f"authorization:{region}:{authorization_id}", fingerprint(authorization_id),
                            lambda: self._details(authorization_id, region),
                            cacheable_problems=("authorization_not_found", "invalid_authorization_id"))

    def _cached(self, key: str, name: str, call: Callable[[], DecodeOutcome],
                cacheable_problems: tuple[str, ...]) -> DecodeOutcome:
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        outcome = call()
        if isinstance(outcome, DecodeProblem) and outcome.code == "expired_credentials":
            # Credentials that expired under us: build clients with fresh ones and try once more.
            self._forget_clients()
            outcome = call()
        if not isinstance(outcome, DecodeProblem) or outcome.code in cacheable_problems:
            self._cache.put(key, outcome)
        log.info("lookup %s: %s", name, outcome.code if isinstance(outcome, DecodeProblem) else "ok")
        return outcome

    def _call(self, token: str) -> DecodeOutcome:
        def call() -> DecodeOutcome:
            message = self.client().decode_authorization_message(EncodedMessage=token).get("DecodedMessage")
            return Decoded(message) if isinstance(message, str) else DecodeProblem("unexpected")

        return self._guarded(call)

    def _details(self, authorization_id: str, region: str | None) -> DecodeOutcome:
        def call() -> DecodeOutcome:
            client = self.client("iam-toolbox", region)
            pages: list[dict[str, Any]] = []
            kwargs: dict[str, str] = {"authorizationId": authorization_id}
            while len(pages) < MAX_DETAIL_PAGES:
                page = client.get_request_authorization_details(**kwargs)
                page.pop("ResponseMetadata", None)
                pages.append(page)
                if not page.get("nextToken"):
                    break
                kwargs["nextToken"] = page["nextToken"]
            merged = dict(pages[0])
            merged["evaluations"] = [e for p in pages for e in p.get("evaluations", [])]
            merged["policies"] = [pol for p in pages for pol in p.get("policies", [])]
            merged.pop("nextToken", None)
            return Detailed(merged)

        return self._guarded(call)

    def _guarded(self, call: Callable[[], DecodeOutcome]) -> DecodeOutcome:
        """Run one AWS call; every way it can fail becomes a DecodeProblem."""
        try:
            return call()
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
            log.warning("AWS call failed: %s", type(exc).__name__)
            return DecodeProblem("connection")

    def probe(self) -> DecodeOutcome:
        """Decode a deliberately invalid token: InvalidAuthorizationMessageException proves the permission."""
        return self._call("decode-bot-doctor-probe")

    def probe_details(self) -> DecodeOutcome:
        """Look up an authorization ID that cannot exist: not found (or invalid) proves the permission."""
        return self._details("0decodebotdoctorprobe", None)

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
    if operation == "GetRequestAuthorizationDetails":
        if code == "ResourceNotFoundException":
            return DecodeProblem("authorization_not_found")
        if code == "ValidationException":
            return DecodeProblem("invalid_authorization_id")
        if code in ("AccessDenied", "AccessDeniedException"):
            return DecodeProblem("details_access_denied", _identity_in(error.get("Message", "")))
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
