"""The Lookups the pipeline needs, done with AWS: cached by a hash of what was looked up, never raising.

Credentials that expire under a call get one retry with fresh clients. Thread-safe; one instance serves the
whole process.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import Any

from bot.aws import sts, toolbox
from bot.aws.clients import Clients
from bot.aws.errors import guarded
from bot.core.inputs import AuthorizationId, EncodedToken, fingerprint
from bot.core.outcomes import LookupOutcome, LookupProblem
from bot.settings import Settings
from bot.state.cache import ExpiringLru
from bot.vocab import AwsService, ProblemCode

log = logging.getLogger(__name__)

# Problems that are answers (the token is invalid, the ID does not exist) and may be cached like results.
_FINAL = frozenset({ProblemCode.INVALID_TOKEN, ProblemCode.AUTHORIZATION_NOT_FOUND,
                    ProblemCode.INVALID_AUTHORIZATION_ID})


class AwsLookups:
    def __init__(self, settings: Settings, cache_entries: int = 1024, cache_seconds: float = 3600) -> None:
        self.clients = Clients(settings)
        self._cache: ExpiringLru[LookupOutcome] = ExpiringLru(cache_entries, cache_seconds)

    def decode(self, token: EncodedToken) -> LookupOutcome:
        return self.decode_token(token.token)

    def decode_token(self, token: str) -> LookupOutcome:
        key = f"token:{hashlib.sha256(token.encode()).hexdigest()}"
        return self._cached(key, fingerprint(token), lambda: self._sts_decode(token))

    def details(self, authorization: AuthorizationId) -> LookupOutcome:
        identifier, region = authorization.authorization_id, authorization.region
        return self._cached(f"authorization:{region}:{identifier}", fingerprint(identifier),
                            lambda: self._toolbox_details(identifier, region))

    # The doctor's probes: calls that must fail in a known way when the permission is there.

    def probe_decode(self) -> LookupOutcome:
        return self._sts_decode(sts.PROBE_TOKEN)

    def probe_details(self) -> LookupOutcome:
        return self._toolbox_details(toolbox.PROBE_ID, None)

    def identity(self) -> dict[str, str]:
        """sts:GetCallerIdentity with the decoding credentials; raises botocore errors for doctor to report."""
        return _identity(self.clients.get("sts"))

    def base_identity(self) -> dict[str, str]:
        return _identity(self.clients.base("sts"))

    def _sts_decode(self, token: str) -> LookupOutcome:
        return guarded(lambda: sts.decode(self.clients.get("sts"), token), AwsService.STS, self.clients.region,
                       self.clients.role_arn)

    def _toolbox_details(self, authorization_id: str, region: str | None) -> LookupOutcome:
        return guarded(lambda: toolbox.details(self.clients.get("iam-toolbox", region), authorization_id),
                       AwsService.IAM_TOOLBOX, region or self.clients.region, self.clients.role_arn)

    def _cached(self, key: str, name: str, call: Callable[[], LookupOutcome]) -> LookupOutcome:
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        outcome = call()
        if isinstance(outcome, LookupProblem) and outcome.code is ProblemCode.EXPIRED_CREDENTIALS:
            # Credentials that expired under us: build clients with fresh ones and try once more.
            self.clients.forget()
            outcome = call()
        if not isinstance(outcome, LookupProblem) or outcome.code in _FINAL:
            self._cache.put(key, outcome)
        log.info("lookup %s: %s", name, outcome.code if isinstance(outcome, LookupProblem) else "ok")
        return outcome


def _identity(client: Any) -> dict[str, str]:
    response = client.get_caller_identity()
    return {"account": response["Account"], "arn": response["Arn"]}
