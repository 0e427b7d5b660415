"""One cache of botocore clients per (service, Region), built with the decoding credentials.

Clients get an explicit Region, standard retries and short timeouts, and never an endpoint_url, so that
AWS_ENDPOINT_URL_<SERVICE> (and the rest of botocore's configuration) works as AWS documents it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from botocore.config import Config

from bot.aws.session import assumed_role_session, base_session
from bot.concurrency import AWS_CONNECTIONS, KEPT_ACCOUNTS
from bot.settings import AwsSettings


@dataclass
class _Account:
    """One account's role session and the clients made with it."""

    session: Any
    clients: dict[tuple[str, str], Any] = field(default_factory=dict)


class Clients:
    def __init__(self, aws: AwsSettings) -> None:
        self._aws = aws
        self._lock = threading.Lock()
        self._base = base_session()
        self._base_sts: Any = None
        # The base identity's ("") and the KEPT_ACCOUNTS accounts used last: an organization of thousands of
        # accounts costs as much memory as a few dozen.
        self._accounts: OrderedDict[str, _Account] = OrderedDict()

    @property
    def region(self) -> str:
        return self._aws.region

    @property
    def role_arn(self) -> str | None:
        return self._aws.decoder_role_arn

    @property
    def per_account(self) -> bool:
        """DECODER_ROLE_ARN names one role in every account ({account})."""
        return "{account}" in (self.role_arn or "")

    def role_for(self, account: str | None) -> str | None:
        """The decoder role to assume for an account (the one configured role when there is no {account})."""
        if self.role_arn and self.per_account:
            return self.role_arn.replace("{account}", account or "")
        return self.role_arn

    def home_account(self) -> str | None:
        """The account a single configured role belongs to; None for the base credentials as they are."""
        parts = (self.role_arn or "").split(":")
        return parts[4] if len(parts) > 5 and not self.per_account else None

    def config(self, region: str | None = None) -> Config:
        timeout = self._aws.timeout
        return Config(
            region_name=region or self.region,
            retries={"mode": "standard", "total_max_attempts": 3},
            connect_timeout=timeout,
            read_timeout=timeout,
            user_agent_extra="decode-bot",
            max_pool_connections=AWS_CONNECTIONS,
        )

    def base(self, service: str = "sts") -> Any:
        """A client with the standard credential chain, whatever DECODER_ROLE_ARN says."""
        return self._base.create_client(service, config=self.config())

    def get(self, service: str, region: str | None = None, account: str | None = None) -> Any:
        """A client with the decoder role's credentials (in `account`, when the role is per account) when
        DECODER_ROLE_ARN is set, else the base ones."""
        account = account if self.per_account else None
        name = account or ""
        with self._lock:
            kept = self._accounts.get(name)
            if kept is None:
                kept = self._accounts[name] = _Account(self._session_locked(account))
                while len(self._accounts) > KEPT_ACCOUNTS + 1:
                    self._accounts.popitem(last=False)
            self._accounts.move_to_end(name)
            key = (service, region or self.region)
            if key not in kept.clients:
                kept.clients[key] = kept.session.create_client(service, config=self.config(region))
            return kept.clients[key]

    @property
    def kept_accounts(self) -> int:
        with self._lock:
            return len(self._accounts)

    def forget(self) -> None:
        """Drop every client and role session, so that the next call starts with fresh credentials."""
        with self._lock:
            self._accounts.clear()
            self._base_sts = None

    def _session_locked(self, account: str | None) -> Any:
        role = self.role_for(account)
        if not role:
            return self._base
        if self._base_sts is None:  # one client assumes every account's role
            self._base_sts = self.base()
        return assumed_role_session(self._base_sts, role, self._base.get_component("data_loader"))
