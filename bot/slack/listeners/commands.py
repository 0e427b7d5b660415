"""/decode <paste>: acknowledged at once, answered privately through response_url, in any channel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App

from bot.messages import text
from bot.render.blocks import note_blocks
from bot.slack.app import SlackDeps
from bot.slack.listeners.deliver import respond_privately

HELP_WORDS = frozenset({"", "help", "-h", "--help", "?"})


def register(app: App, deps: SlackDeps) -> None:
    @app.command("/decode")
    def on_decode(ack: Ack, command: dict[str, Any], respond: Callable[..., Any]) -> None:
        pasted = str(command.get("text") or "")
        if pasted.strip().lower() in HELP_WORDS:
            fallback, blocks = note_blocks(text("slack.help", deps.lang))
            ack(text=fallback, blocks=blocks, response_type="ephemeral")
            return
        ack()  # within Slack's 3 seconds, before STS is called
        respond_privately(respond, deps.answerer.answer(pasted, deps.lang), deps)
