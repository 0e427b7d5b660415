"""Every way an AWS call can fail, as a LookupProblem naming the service that failed. Nothing here raises."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

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

from bot.core.outcomes import LookupProblem
from bot.vocab import AwsService, ProblemCode

log = logging.getLogger(__name__)
T = TypeVar("T")

_THROTTLING = frozenset({"Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException"})
_EXPIRED = frozenset({"ExpiredToken", "ExpiredTokenException"})
_BAD_CREDENTIALS = frozenset({"InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException",
                              "IncompleteSignature"}) | _EXPIRED
_ACCESS_DENIED = frozenset({"AccessDenied", "AccessDeniedException"})
# Codes that mean one thing for one service only.
_SERVICE_CODES: dict[AwsService, dict[str, ProblemCode]] = {
    AwsService.STS: {"InvalidAuthorizationMessageException": ProblemCode.INVALID_TOKEN},
    AwsService.IAM_TOOLBOX: {
        "ResourceNotFoundException": ProblemCode.AUTHORIZATION_NOT_FOUND,
        "ValidationException": ProblemCode.INVALID_AUTHORIZATION_ID,
    },
    AwsService.IAM: {"NoSuchEntity": ProblemCode.PRINCIPAL_NOT_FOUND},
    AwsService.ACCESS_ANALYZER: {},
}
_DENIED_AS = {AwsService.STS: ProblemCode.ACCESS_DENIED, AwsService.IAM_TOOLBOX: ProblemCode.DETAILS_ACCESS_DENIED,
              AwsService.IAM: ProblemCode.ACCESS_DENIED, AwsService.ACCESS_ANALYZER: ProblemCode.ACCESS_DENIED}


def guarded(call: Callable[[], T], service: AwsService, region: str, role_arn: str | None) -> T | LookupProblem:
    """Run one AWS call; every way it can fail becomes a LookupProblem."""

    def problem(code: ProblemCode, identity: str | None = None) -> LookupProblem:
        return LookupProblem(code, identity, service, region)

    try:
        return call()
    except ClientError as exc:
        code, identity = _client_error(exc, service)
        return problem(code, identity)
    except (ReadTimeoutError, ConnectTimeoutError):
        return problem(ProblemCode.TIMEOUT)
    except EndpointConnectionError:
        return problem(ProblemCode.CONNECTION)
    except (NoCredentialsError, PartialCredentialsError):
        return problem(ProblemCode.NO_CREDENTIALS)
    except CredentialRetrievalError:
        return problem(ProblemCode.ASSUME_ROLE_FAILED, role_arn)
    except BotoCoreError as exc:
        log.warning("%s call failed: %s", service, type(exc).__name__)
        return problem(ProblemCode.CONNECTION)


def _client_error(exc: ClientError, service: AwsService) -> tuple[ProblemCode, str | None]:
    error = exc.response.get("Error", {})
    code = error.get("Code", "")
    identity = identity_in(error.get("Message", ""))
    if getattr(exc, "operation_name", "") == "AssumeRole":
        return ProblemCode.ASSUME_ROLE_FAILED, identity
    if code in _SERVICE_CODES[service]:
        return _SERVICE_CODES[service][code], None
    if code in _ACCESS_DENIED:
        return _DENIED_AS[service], identity
    if code in _THROTTLING:
        return ProblemCode.THROTTLED, None
    if code in _EXPIRED:
        return ProblemCode.EXPIRED_CREDENTIALS, None
    if code in _BAD_CREDENTIALS:
        return ProblemCode.BAD_CREDENTIALS, None
    log.warning("unexpected %s error code %s", service, code)
    return ProblemCode.UNEXPECTED, None


def identity_in(message: str) -> str | None:
    """AWS names the caller in its AccessDenied text: 'User: arn:aws:sts::…:assumed-role/x/y is not …'."""
    marker = "User: "
    start = message.find(marker)
    if start < 0:
        return None
    arn = message[start + len(marker) :].split(" ", 1)[0]
    return arn if arn.startswith("arn:") else None
