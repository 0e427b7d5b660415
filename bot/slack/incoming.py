"""Unwrap Slack's message shapes in one place: plain, threaded, edited, broadcast, with files, from bots."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Subtypes that carry something a person wrote; everything else (joins, deletions, topic changes…) is skipped.
_DIRECT_CHANNEL_TYPES = frozenset({"im", "mpim"})
_ANSWERED_SUBTYPES = frozenset({None, "thread_broadcast", "file_share", "me_message", "message_changed", "bot_message"})


@dataclass(frozen=True)
class IncomingMessage:
    channel: str
    ts: str
    thread_ts: str  # where the reply goes: the thread the message is in, or a new one under it
    text: str
    files: tuple[dict[str, Any], ...]
    user: str | None
    team: str | None
    direct: bool = False  # a direct message or group DM with the bot

    @property
    def scope(self) -> str:
        return f"{self.channel}:{self.ts}"


def unwrap(event: dict[str, Any], answer_bots: bool = False) -> IncomingMessage | None:
    """The message to look at, or None when decode-bot should stay quiet."""
    subtype = event.get("subtype")
    if subtype not in _ANSWERED_SUBTYPES:
        return None
    message: dict[str, Any] = event
    if subtype == "message_changed":
        edited = event.get("message")
        if not isinstance(edited, dict):
            return None
        message = edited
        previous = event.get("previous_message")
        ts = message.get("ts") or (previous.get("ts") if isinstance(previous, dict) else None) or event.get("ts")
    else:
        ts = event.get("ts")
    if (message.get("bot_id") or message.get("subtype") == "bot_message" or subtype == "bot_message") and not (
        answer_bots
    ):
        return None
    channel = event.get("channel")
    text = message.get("text")
    if not isinstance(channel, str) or not isinstance(ts, str):
        return None
    files = message.get("files")
    return IncomingMessage(
        channel=channel,
        ts=ts,
        thread_ts=str(message.get("thread_ts") or ts),
        text=text if isinstance(text, str) else "",
        files=tuple(f for f in files if isinstance(f, dict)) if isinstance(files, list) else (),
        user=message.get("user") if isinstance(message.get("user"), str) else None,
        team=event.get("team") if isinstance(event.get("team"), str) else None,
        direct=event.get("channel_type") in _DIRECT_CHANNEL_TYPES or channel.startswith("D"),
    )
