"""The Slack Web API client: one base URL (SLACK_API_URL for GovSlack or a test fake), timeouts and retries."""

from __future__ import annotations

import logging
from http.client import RemoteDisconnected
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import HttpRequest, HttpResponse, RetryHandler, RetryState
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.ops.doctor import Check
from bot.settings import AccessSettings, OwnerSettings, SlackSettings, WatchSettings

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


def web_client(slack: SlackSettings) -> WebClient:
    return WebClient(
        token=slack.bot_token,
        base_url=slack.api_url or SLACK_API_DEFAULT,
        timeout=int(max(1, slack.timeout)),
        retry_handlers=retry_handlers(),
    )


def slack_checks(slack: SlackSettings, access: AccessSettings, watch: WatchSettings | None = None,
                 owners: OwnerSettings | None = None) -> list[Check]:
    """`decode-bot doctor`'s Slack checks: does Slack accept the bot token, in which mode the app would run, and does
    every allow-list entry name someone (a name instead of an ID matches nobody)."""
    from bot.slack import allowlists

    mode = "Socket Mode" if slack.socket_mode else f"HTTP mode on port {slack.port}"
    client = web_client(slack)
    try:
        identity = client.auth_test()
    except SlackApiError as exc:
        fix = "copy the Bot User OAuth Token (xoxb-…) again from your app's OAuth & Permissions page."
        return [Check("Slack bot token", False, f"Slack rejected it ({exc.response.get('error')})", fix)]
    except OSError as exc:
        return [Check("Slack bot token", False, f"could not reach Slack ({type(exc).__name__})",
                      "check the network or SLACK_API_URL.")]
    token = Check("Slack bot token", True, f"{identity.get('user')} in team {identity.get('team')}; {mode}")
    names = allowlists.problems(client, access)
    found = [token, *(Check("allow-lists", False, line.split(";", 1)[0], line.split("; ", 1)[1]) for line in names)]
    if watch and watch.on:
        found += _joined(client, "denial watch channels", watch.routes, watch.channel, "WATCH_CHANNEL and WATCH_ROUTES")
    if owners and (owners.routes or owners.channel):
        found += _joined(client, "owners' channels", owners.routes, owners.channel, "OWNER_CHANNEL and OWNER_ROUTES")
    return found


def _joined(client: WebClient, name: str, routes: tuple[tuple[str, str], ...], default: str | None,
            variables: str) -> list[Check]:
    """Every channel the bot posts to unasked (the watch's, the owners'): it must be a member to post there."""
    channels = dict.fromkeys([*(channel for _, channel in routes), *([default] if default else [])])
    missing = []
    for channel in channels:
        try:
            info = client.conversations_info(channel=channel).get("channel") or {}
        except SlackApiError as exc:
            missing.append(f"{channel} ({exc.response.get('error')})")
            continue
        if not info.get("is_member"):
            missing.append(channel)
    if missing:
        return [Check(name, False, f"the bot is not in {', '.join(missing)}",
                      f"invite the bot (/invite @decode-bot) to each channel in {variables}.")]
    return [Check(name, True, f"the bot is in all {len(channels)}")]
