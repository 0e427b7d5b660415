"""The language of private answers: the asking person's Slack locale when known, else DEFAULT_LANGUAGE."""

from __future__ import annotations

import logging
import threading
import time

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.messages import LANGUAGES

log = logging.getLogger(__name__)

LOCALE_CACHE_SECONDS = 3600
MAX_CACHED_USERS = 10_000


class Locales:
    def __init__(self, default: str) -> None:
        self._default = default
        self._known: dict[str, tuple[float, str]] = {}
        self._lock = threading.Lock()

    def for_user(self, client: WebClient, user: str | None) -> str:
        if not user:
            return self._default
        with self._lock:
            cached = self._known.get(user)
        if cached and time.monotonic() - cached[0] < LOCALE_CACHE_SECONDS:
            return cached[1]
        try:
            response = client.users_info(user=user, include_locale=True)
            locale = str((response.get("user") or {}).get("locale") or "")
        except (SlackApiError, OSError) as exc:
            log.info("no locale for a user: %s", type(exc).__name__)
            return cached[1] if cached else self._default
        language = locale.split("-", 1)[0].lower()
        chosen = language if language in LANGUAGES else self._default
        with self._lock:
            if len(self._known) >= MAX_CACHED_USERS:
                self._known.clear()
            self._known[user] = (time.monotonic(), chosen)
        return chosen
