"""The Slack Web API client: one base URL (SLACK_API_URL for GovSlack or a test fake), timeouts and retries."""

from __future__ import annotations

import logging
from http.client import RemoteDisconnected
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.http_retry import HttpRequest, HttpResponse, RetryHandler, RetryState
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.settings import Settings

log = logging.getLogger(__name__)

SLACK_API_DEFAULT = "https://slack.com/api/"
MAX_RETRY_AFTER = 10.0  # seconds one rate-limited call may wait before its next attempt
MAX_RATE_LIMIT_WAIT = 20.0  # seconds one call may spend waiting in all


class CappedRateLimitRetryHandler(RateLimitErrorRetryHandler):
    """Slack's Retry-After, obeyed only while it is short: a listener thread never sleeps for minutes (16
    replies told to wait 600 s would silence the bot for every channel). Past the cap the call fails and the
    caller gives up cleanly."""

    def _can_retry(self, *, state: RetryState, request: HttpRequest, response: HttpResponse | None = None,
                   error: Exception | None = None) -> bool:
        if response is None or response.status_code != 429:
            return False
        wait = _retry_after(response)
        waited: float = getattr(state, "decode_bot_waited", 0.0)
        if wait > MAX_RETRY_AFTER or waited + wait > MAX_RATE_LIMIT_WAIT:
            log.warning("Slack asked to wait %gs before retrying %s; giving up on it", wait, request.url)
            return False
        state.decode_bot_waited = waited + wait  # type: ignore[attr-defined]
        return True


def _retry_after(response: HttpResponse) -> float:
    for name, values in response.headers.items():
        if name.lower() == "retry-after":
            value: Any = values[0] if isinstance(values, list) else values
            try:
                return float(value)
            except (TypeError, ValueError):
                return MAX_RETRY_AFTER + 1
    return 1.0


def retry_handlers() -> list[RetryHandler]:
    return [
        ConnectionErrorRetryHandler(
            max_retry_count=2, error_types=[URLError, ConnectionResetError, RemoteDisconnected, TimeoutError]
        ),
        CappedRateLimitRetryHandler(max_retry_count=3),  # honours a short Retry-After
        ServerErrorRetryHandler(max_retry_count=2),
    ]


def web_client(settings: Settings) -> WebClient:
    return WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url or SLACK_API_DEFAULT,
        timeout=int(max(1, settings.slack_timeout)),
        retry_handlers=retry_handlers(),
    )
