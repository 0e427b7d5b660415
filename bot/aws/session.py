"""Credentials: the standard chain (environment, profile, container or instance role), or the decoder role
assumed with it. The assumed role's credentials refresh themselves before they expire."""

from __future__ import annotations

import logging
from typing import Any

import botocore.session
from botocore.credentials import CredentialProvider, CredentialResolver, DeferredRefreshableCredentials

log = logging.getLogger(__name__)

ROLE_SESSION_SECONDS = 3600  # shorter sessions make botocore refresh before nearly every call
ROLE_SESSION_NAME = "decode-bot"


class _AssumedRoleProvider(CredentialProvider):
    METHOD = "decode-bot-assume-role"

    def __init__(self, credentials: DeferredRefreshableCredentials) -> None:
        super().__init__()
        self._credentials = credentials

    def load(self) -> DeferredRefreshableCredentials:
        return self._credentials


def base_session() -> Any:
    return botocore.session.get_session()


def assumed_role_session(base_sts: Any, role_arn: str, loader: Any = None) -> Any:
    """A botocore session whose credentials come from sts:AssumeRole on role_arn, called with base_sts; with
    `loader` (the base session's), the service models are loaded once for every account, not once each."""

    def assume() -> dict[str, str]:
        log.info("assuming the decoder role")
        response = base_sts.assume_role(
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
    if loader is not None:
        session.register_component("data_loader", loader)
    refreshing = DeferredRefreshableCredentials(refresh_using=assume, method=_AssumedRoleProvider.METHOD)
    session.register_component("credential_provider", CredentialResolver(providers=[_AssumedRoleProvider(refreshing)]))
    return session
