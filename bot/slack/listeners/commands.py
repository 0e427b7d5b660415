"""/decode <paste>: acknowledged at once, answered privately through response_url, in any channel."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.audit import Asker
from bot.messages import text
from bot.render.blocks import note_blocks
from bot.slack.app import SlackDeps
from bot.slack.listeners.deliver import answer_privately

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
        asker = Asker("command", command.get("team_id"), command.get("channel_id"), command.get("user_id"))
        answer_privately(client, command.get("response_url"), asker, deps,
                         lambda lang: (deps.answerer.answer(pasted, asker, lang), []))
