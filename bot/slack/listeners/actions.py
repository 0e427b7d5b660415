"""The "Show details" button of DISCLOSURE=summary: full details, privately, for allowed people only."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.audit import Asker
from bot.render.blocks import SHOW_DETAILS
from bot.slack.app import SlackDeps
from bot.slack.listeners.deliver import answer_privately
from bot.slack.listeners.shortcuts import slack_id


def register(app: App, deps: SlackDeps) -> None:
    @app.action(SHOW_DETAILS)
    def on_show_details(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        asker = Asker("details", slack_id(body.get("team")), slack_id(body.get("channel")),
                      slack_id(body.get("user")))
        reference = str(action.get("value") or "")
        answer_privately(client, body.get("response_url"), asker, deps,
                         lambda lang: (deps.answerer.details(reference, asker, lang), []))
