"""@decode-bot with a paste. A mention in a channel also arrives as a message event; the per-message
dedupe in Answerer makes sure only one of the two is answered."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.slack.deps import SlackDeps, bind
from bot.slack.listeners.messages import answer_in_thread
from bot.vocab import Surface


def on_mention(event: dict[str, Any], body: dict[str, Any], client: WebClient, deps: SlackDeps) -> None:
    answer_in_thread(event, client, deps, Surface.MENTION, body)


def register(app: App, deps: SlackDeps) -> None:
    bind(app.event("app_mention"), lambda event, body, client: on_mention(event, body, client, deps), deps)
