"""The Slack Web API client: one base URL (SLACK_API_URL for GovSlack or a test fake), timeouts and retries."""

from __future__ import annotations

from http.client import RemoteDisconnected
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.settings import Settings

SLACK_API_DEFAULT = "https://slack.com/api/"


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
