"""Which accounts to decode in: a configured list, or the organisation's active accounts
(organizations:ListAccounts from the management account or a delegated administrator), listed once an hour
and, with a shared store, once an hour for every process."""

from __future__ import annotations

import json
import logging
import threading
import time

from botocore.exceptions import BotoCoreError, ClientError

from bot.aws.clients import Clients
from bot.settings import ORGANIZATION, AwsSettings
from bot.state import keys
from bot.state.store import Store

log = logging.getLogger(__name__)

LIST_SECONDS = 3600


class Accounts:
    def __init__(self, aws: AwsSettings, clients: Clients, store: Store | None = None) -> None:
        self._configured = aws.decoder_accounts
        self._clients = clients
        self._store = store
        self._listed: tuple[float, tuple[str, ...]] | None = None
        self._lock = threading.Lock()

    @property
    def many(self) -> bool:
        return bool(self._configured) and self._clients.per_account

    def all(self) -> tuple[str, ...]:
        if self._configured != (ORGANIZATION,):
            return self._configured
        with self._lock:
            if self._listed and time.monotonic() - self._listed[0] < LIST_SECONDS:
                return self._listed[1]
        listed = self._shared_list()
        if not listed:
            listed = self._list_organization()
            if listed and self._store is not None:
                self._store.put(keys.ORGANIZATION_ACCOUNTS, json.dumps(listed), LIST_SECONDS)
        with self._lock:
            if listed or self._listed is None:
                self._listed = (time.monotonic(), listed)
            return self._listed[1]

    def ordered(self, first: tuple[str, ...]) -> list[str]:
        """Every account decode-bot decodes in, those of `first` (an account the asker names, then those the paste
        names) first. A paste never adds an account: only configured ones (or the organization's) are assumed."""
        configured = self.all()
        return list(dict.fromkeys([*(a for a in first if a in configured), *configured]))

    def outside(self, accounts: tuple[str, ...]) -> tuple[str, ...]:
        """The accounts among these that decode-bot does not decode in."""
        configured = set(self.all())
        return tuple(a for a in accounts if a not in configured)

    def _shared_list(self) -> tuple[str, ...]:
        try:
            listed = json.loads((self._store.get(keys.ORGANIZATION_ACCOUNTS) if self._store else None) or "[]")
        except ValueError:
            return ()
        return tuple(a for a in listed if isinstance(a, str)) if isinstance(listed, list) else ()

    def _list_organization(self) -> tuple[str, ...]:
        try:
            client = self._clients.base("organizations")
            accounts: list[str] = []
            for page in client.get_paginator("list_accounts").paginate():
                accounts += [a["Id"] for a in page.get("Accounts", []) if a.get("Status", "ACTIVE") == "ACTIVE"]
        except (BotoCoreError, ClientError) as exc:
            log.error("could not list the organization's accounts: %s", type(exc).__name__)
            return ()
        log.info("the organization has %d active accounts", len(accounts))
        return tuple(accounts)
