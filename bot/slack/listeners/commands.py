"""/decode <paste>: acknowledged at once, answered privately through response_url, in any channel."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.audit import Asker
from bot.messages import text
from bot.render.blocks import note_blocks
from bot.slack.answer import private_note
from bot.slack.app import SlackDeps
from bot.slack.listeners.deliver import answering, privately

HELP_WORDS = frozenset({"", "help", "-h", "--help", "?"})


def register(app: App, deps: SlackDeps) -> None:
    @app.command("/decode")
    def on_decode(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        pasted = str(command.get("text") or "")
        if pasted.strip().lower() in HELP_WORDS:
            fallback, blocks = note_blocks(text("slack.help", deps.lang))
            ack(text=fallback, blocks=blocks, response_type="ephemeral")
            return
        ack()  # within Slack's 3 seconds, before STS is called
        response_url = command.get("response_url")
        asker = Asker("command", command.get("team_id"), command.get("channel_id"), command.get("user_id"))

        def report(note: str) -> None:
            privately(response_url, private_note(note, deps.lang), deps)

        with answering(report, deps.lang):
            lang = deps.locales.for_user(client, asker.user)
            if not deps.access.user_allowed(client, asker.user):
                privately(response_url, private_note("access.user", lang), deps, lang=lang)
                return
            privately(response_url, deps.answerer.answer(pasted, asker, lang), deps, lang=lang)
