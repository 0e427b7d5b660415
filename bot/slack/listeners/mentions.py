"""@decode-bot with a paste. A mention in a channel also arrives as a message event; the per-message
dedupe in Answerer makes sure only one of the two is answered."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.slack.app import SlackDeps
from bot.slack.listeners.messages import answer_in_thread


def register(app: App, deps: SlackDeps) -> None:
    @app.event("app_mention")
    def on_mention(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        team = body.get("team_id")
        answer_in_thread(event, client, deps, "mention", team if isinstance(team, str) else None)
