"""One cache of botocore clients per (service, Region), built with the decoding credentials.

Clients get an explicit Region, standard retries and short timeouts, and never an endpoint_url, so that
AWS_ENDPOINT_URL_<SERVICE> (and the rest of botocore's configuration) works as AWS documents it.
"""

from __future__ import annotations

import threading
from typing import Any

from botocore.config import Config

from bot.aws.session import assumed_role_session, base_session
from bot.settings import Settings

CONNECTIONS = 16  # as many as the Slack app runs listener threads


class Clients:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._lock = threading.Lock()
        self._clients: dict[tuple[str, str], Any] = {}
        self._base = base_session()
        self._role_session: Any = None

    @property
    def region(self) -> str:
        return self._settings.aws_region

    @property
    def role_arn(self) -> str | None:
        return self._settings.decoder_role_arn

    def config(self, region: str | None = None) -> Config:
        timeout = self._settings.sts_timeout
        return Config(
            region_name=region or self.region,
            retries={"mode": "standard", "total_max_attempts": 3},
            connect_timeout=timeout,
            read_timeout=timeout,
            user_agent_extra="decode-bot",
            max_pool_connections=CONNECTIONS,
        )

    def base(self, service: str = "sts") -> Any:
        """A client with the standard credential chain, whatever DECODER_ROLE_ARN says."""
        return self._base.create_client(service, config=self.config())

    def get(self, service: str, region: str | None = None) -> Any:
        """A client with the decoder role's credentials when DECODER_ROLE_ARN is set, else the base ones."""
        key = (service, region or self.region)
        with self._lock:
            if key not in self._clients:
                self._clients[key] = self._session_locked().create_client(service, config=self.config(region))
            return self._clients[key]

    def forget(self) -> None:
        """Drop every client and the role session, so that the next call starts with fresh credentials."""
        with self._lock:
            self._clients.clear()
            self._role_session = None

    def _session_locked(self) -> Any:
        if not self.role_arn:
            return self._base
        if self._role_session is None:
            self._role_session = assumed_role_session(self.base(), self.role_arn)
        return self._role_session
