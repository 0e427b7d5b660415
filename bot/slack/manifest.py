"""The Slack app manifest decode-bot needs (`manifest.yaml` is the same, for Socket Mode; a test checks that they
agree), and `decode-bot manifest --url https://HOST`: the HTTP-mode manifest with its Request URLs filled in."""

from __future__ import annotations

from typing import Any

from bot.slack.listeners.shortcuts import CALLBACK_ID
from bot.slack.server import EVENTS_PATH

SCOPES = (
    "app_mentions:read", "channels:history", "groups:history", "im:history", "mpim:history", "chat:write",
    "reactions:write", "commands", "files:read", "usergroups:read", "users:read", "channels:read", "groups:read",
    "users:read.email",
)
EVENTS = ("app_home_opened", "app_mention", "message.channels", "message.groups", "message.im", "message.mpim")


def manifest(url: str | None = None) -> dict[str, Any]:
    """Socket Mode without a URL; HTTP mode with every Request URL at `url`."""
    request_url = _request_url(url) if url else None
    command: dict[str, Any] = {
        "command": "/decode", "description": "Explain an AWS encoded authorization failure message, privately",
        "usage_hint": "<paste the error text or the token>, or nothing to open a form for long pastes",
        "should_escape": False,
    }
    events: dict[str, Any] = {"bot_events": list(EVENTS)}
    interactivity: dict[str, Any] = {"is_enabled": True}
    if request_url:
        command["url"] = events["request_url"] = interactivity["request_url"] = request_url
    return {
        "display_information": {
            "name": "decode-bot",
            "description": 'Explains AWS "Encoded authorization failure message" errors in their thread.',
            "background_color": "#232f3e",
        },
        "features": {
            "app_home": {"home_tab_enabled": True, "messages_tab_enabled": True,
                         "messages_tab_read_only_enabled": False},
            "bot_user": {"display_name": "decode-bot", "always_online": True},
            "slash_commands": [command],
            "shortcuts": [{"name": "Explain this AWS error", "type": "message", "callback_id": CALLBACK_ID,
                           "description": "Decode and explain the AWS error in this message, privately"}],
        },
        "oauth_config": {"scopes": {"bot": list(SCOPES)}},
        "settings": {"event_subscriptions": events, "interactivity": interactivity, "org_deploy_enabled": False,
                     "socket_mode_enabled": request_url is None, "token_rotation_enabled": False},
    }


def _request_url(url: str) -> str:
    """Where Slack posts: EVENTS_PATH on the host (a function URL answers on any path)."""
    if not url.startswith("https://") or len(url) <= len("https://"):
        raise ValueError("Slack posts only to https:// URLs, such as https://decode-bot.example.com")
    base = url.rstrip("/")
    return base if base.endswith(EVENTS_PATH) else base + EVENTS_PATH
