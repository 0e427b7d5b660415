"""create_app(): the Bolt app, built from Settings with no side effects at import."""

from __future__ import annotations

import logging
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.client import RemoteDisconnected
from typing import Any
from urllib.error import URLError
from urllib.parse import urlparse

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient
from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.config import Settings
from bot.pipeline import DecodeFn, LookupFn
from bot.slack.access import AccessPolicy
from bot.slack.answer import Answerer
from bot.slack.locale import Locales
from bot.store import MemoryStore, Store

log = logging.getLogger(__name__)

SLACK_API_DEFAULT = "https://slack.com/api/"
LISTENER_THREADS = 16


@dataclass(frozen=True)
class SlackDeps:
    """What listeners need besides Bolt's own arguments."""

    settings: Settings
    answerer: Answerer
    store: Store
    access: AccessPolicy
    locales: Locales
    file_hosts: frozenset[str]

    @property
    def lang(self) -> str:
        return self.settings.default_language

    @property
    def full_in_threads(self) -> bool:
        return self.settings.disclosure == "full"


def retry_handlers() -> list[RetryHandler]:
    return [
        ConnectionErrorRetryHandler(
            max_retry_count=2, error_types=[URLError, ConnectionResetError, RemoteDisconnected, TimeoutError]
        ),
        RateLimitErrorRetryHandler(max_retry_count=3),  # honours Retry-After
        ServerErrorRetryHandler(max_retry_count=2),
    ]


def web_client(settings: Settings) -> WebClient:
    return WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url or SLACK_API_DEFAULT,
        timeout=int(max(1, settings.slack_timeout)),
        retry_handlers=retry_handlers(),
    )


def create_app(
    settings: Settings, decode: DecodeFn | None = None, store: Store | None = None, lookup: LookupFn | None = None
) -> App:
    """The Bolt app. Calls auth.test once (Bolt does), so a rejected bot token fails here, clearly."""
    for name in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
        if os.environ.pop(name, None) is not None:
            # Bolt would silently switch to multi-workspace OAuth; decode-bot is a single-workspace app.
            log.warning("%s is set but not used by decode-bot; ignoring it", name)
    if decode is None:
        from bot.decoder import Decoder

        decoder = Decoder(settings)
        decode, lookup = decoder.decode, lookup or decoder.authorization_details
    store = store or MemoryStore()
    client = web_client(settings)
    app = App(
        client=client,
        signing_secret=settings.slack_signing_secret,
        request_verification_enabled=not settings.socket_mode,
        listener_executor=ThreadPoolExecutor(max_workers=LISTENER_THREADS, thread_name_prefix="listener"),
        process_before_response=False,
    )
    api_host = urlparse(settings.slack_api_url or SLACK_API_DEFAULT).hostname or "slack.com"
    deps = SlackDeps(
        settings=settings,
        answerer=Answerer(decode, store, settings, lookup),
        store=store,
        access=AccessPolicy(settings),
        locales=Locales(settings.default_language),
        file_hosts=frozenset({"files.slack.com", api_host}),
    )
    app.middleware(_deduplicate_events(store))

    from bot.slack.listeners import actions, catch_all, commands, mentions, messages, shortcuts

    # Order matters: Bolt runs the first listener that matches, so the catch-alls go last.
    for module in (commands, shortcuts, actions, mentions, messages, catch_all):
        module.register(app, deps)
    return app


def _deduplicate_events(store: Store) -> Any:
    def deduplicate(body: dict[str, Any], next: Any, logger: logging.Logger) -> Any:
        # Bolt hands later middleware the None that next() returned, so answer with a response of our own.
        if body.get("type") == "app_rate_limited":
            logger.warning("Slack is rate-limiting this app's events (minute %s)", body.get("minute_rate_limited"))
            return BoltResponse(status=200, body="")
        event_id = body.get("event_id")
        # Slack redelivers an event it thinks we missed (X-Slack-Retry-Num); answer each event once. A retry
        # whose first delivery never arrived has an unseen event_id and is processed normally.
        if isinstance(event_id, str) and not store.first_time(f"event:{event_id}"):
            return BoltResponse(status=200, body="")
        return next()

    return deduplicate
