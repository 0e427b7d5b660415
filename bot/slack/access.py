"""Who may use /decode, the shortcut and "Show details": listed users, or members of listed user groups."""

from __future__ import annotations

import logging
import threading
import time

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config import Settings

log = logging.getLogger(__name__)

GROUP_CACHE_SECONDS = 300


class AccessPolicy:
    def __init__(self, settings: Settings) -> None:
        self._users = settings.allowed_users
        self._groups = settings.allowed_usergroups
        self._members: dict[str, tuple[float, frozenset[str]]] = {}
        self._lock = threading.Lock()

    def user_allowed(self, client: WebClient, user: str | None) -> bool:
        if not (self._users or self._groups):
            return True
        if user is None:
            return False
        if user in self._users:
            return True
        return any(user in self._group_members(client, group) for group in sorted(self._groups))

    def _group_members(self, client: WebClient, group: str) -> frozenset[str]:
        with self._lock:
            cached = self._members.get(group)
        if cached and time.monotonic() - cached[0] < GROUP_CACHE_SECONDS:
            return cached[1]
        try:
            response = client.usergroups_users_list(usergroup=group)
        except SlackApiError as exc:
            # Fail closed: without the member list nobody is let in through this group.
            log.error("could not read user group %s: %s", group, exc.response.get("error"))
            return cached[1] if cached else frozenset()
        members = frozenset(str(u) for u in response.get("users") or [])
        with self._lock:
            self._members[group] = (time.monotonic(), members)
        return members
