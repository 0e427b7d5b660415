"""The message shortcut "Explain this AWS error": the answer goes privately to whoever used it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App

from bot.slack.app import SlackDeps
from bot.slack.listeners.deliver import full_text, respond_privately

CALLBACK_ID = "explain_aws_error"


def register(app: App, deps: SlackDeps) -> None:
    @app.shortcut(CALLBACK_ID)
    def on_shortcut(ack: Ack, shortcut: dict[str, Any], respond: Callable[..., Any]) -> None:
        ack()
        message = shortcut.get("message")
        message = message if isinstance(message, dict) else {}
        files = message.get("files")
        pasted = full_text(
            str(message.get("text") or ""),
            tuple(f for f in files if isinstance(f, dict)) if isinstance(files, list) else (),
            deps,
        )
        respond_privately(respond, deps.answerer.answer(pasted, deps.lang), deps)
