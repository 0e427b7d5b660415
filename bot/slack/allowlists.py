"""ALLOWED_CHANNELS, ALLOWED_USERS and ALLOWED_USERGROUPS hold Slack IDs: a name there would match nobody, silently.
Each entry that is not an ID is reported with the ID to use, looked up in Slack where the app may
(conversations.list, users.lookupByEmail or users.list, usergroups.list), else with where to find it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.settings import AccessSettings

_CHANNEL_ID = re.compile(r"[CGD][A-Z0-9]{6,}")
_USER_ID = re.compile(r"[UW][A-Z0-9]{6,}")
_GROUP_ID = re.compile(r"S[A-Z0-9]{6,}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PAGES = 20  # a workspace of 20,000 channels or people; past that, say where to find the ID


def problems(client: WebClient, access: AccessSettings) -> list[str]:
    """One line per entry that is not a Slack ID, naming the ID to use where Slack says it."""
    lists: list[tuple[str, frozenset[str], re.Pattern[str], Callable[[WebClient, str], str | None], str]] = [
        ("ALLOWED_CHANNELS", access.allowed_channels, _CHANNEL_ID, _channel_id,
         "in Slack, open the channel's details: its ID (C…) is at the bottom"),
        ("ALLOWED_USERS", access.allowed_users, _USER_ID, _user_id,
         "in Slack, open the person's profile, then ⋮ > Copy member ID (U…)"),
        ("ALLOWED_USERGROUPS", access.allowed_usergroups, _GROUP_ID, _group_id,
         "an admin finds it (S…) on the workspace's User groups page"),
        ("ADMIN_USERS", access.admin_users, _USER_ID, _user_id,
         "in Slack, open the person's profile, then ⋮ > Copy member ID (U…)"),
    ]
    lines = []
    for variable, entries, pattern, look_up, where in lists:
        for entry in sorted(entries):
            if pattern.fullmatch(entry):
                continue
            found = _safely(look_up, client, entry)
            advice = f"use its ID, {found}" if found else f"use its ID instead: {where}"
            lines.append(f"{variable}: {entry} is a name, not a Slack ID, and would match nobody; {advice}.")
    return lines


def _safely(look_up: Callable[[WebClient, str], str | None], client: WebClient, entry: str) -> str | None:
    try:
        return look_up(client, entry)
    except (SlackApiError, OSError):  # a scope the app lacks, or Slack out of reach: say where to look instead
        return None


def _pages(call: Callable[..., Any], key: str, **params: object) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    cursor = ""
    for _ in range(_PAGES):
        response = call(limit=1000, cursor=cursor, **params)
        found += [item for item in response.get(key) or [] if isinstance(item, dict)]
        cursor = str((response.get("response_metadata") or {}).get("next_cursor") or "")
        if not cursor:
            break
    return found


def _channel_id(client: WebClient, entry: str) -> str | None:
    name = entry.lstrip("#").lower()
    channels = _pages(client.conversations_list, "channels", types="public_channel,private_channel",
                      exclude_archived=True)
    return next((str(c["id"]) for c in channels if str(c.get("name", "")).lower() == name), None)


def _user_id(client: WebClient, entry: str) -> str | None:
    if _EMAIL.fullmatch(entry):
        user = client.users_lookupByEmail(email=entry).get("user") or {}
        return str(user["id"]) if isinstance(user, dict) and user.get("id") else None
    name = entry.lstrip("@").lower()
    for user in _pages(client.users_list, "members"):
        profile: dict[str, Any] = user["profile"] if isinstance(user.get("profile"), dict) else {}
        names = {str(user.get("name", "")), str(profile.get("display_name", "")), str(profile.get("real_name", ""))}
        if name in {n.lower() for n in names if n}:
            return str(user["id"])
    return None


def _group_id(client: WebClient, entry: str) -> str | None:
    handle = entry.lstrip("@").lower()
    groups = client.usergroups_list().get("usergroups") or []
    return next((str(g["id"]) for g in groups if isinstance(g, dict)
                 and handle in (str(g.get("handle", "")).lower(), str(g.get("name", "")).lower())), None)
