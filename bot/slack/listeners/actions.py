"""The "Show details" button of DISCLOSURE=summary: full details, privately, for allowed people only."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.audit import Asker
from bot.render.blocks import SHOW_DETAILS
from bot.slack.answer import private_note
from bot.slack.app import SlackDeps
from bot.slack.listeners.deliver import answering, privately
from bot.slack.listeners.shortcuts import _id


def register(app: App, deps: SlackDeps) -> None:
    @app.action(SHOW_DETAILS)
    def on_show_details(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        response_url = body.get("response_url")
        asker = Asker("details", _id(body.get("team")), _id(body.get("channel")), _id(body.get("user")))

        def report(note: str) -> None:
            privately(response_url, private_note(note, deps.lang), deps)

        with answering(report, deps.lang):
            lang = deps.locales.for_user(client, asker.user)
            if not deps.access.user_allowed(client, asker.user):
                privately(response_url, private_note("access.user", lang), deps, lang=lang)
                return
            answer = deps.answerer.details(str(action.get("value") or ""), asker, lang)
            privately(response_url, answer, deps, lang=lang)
