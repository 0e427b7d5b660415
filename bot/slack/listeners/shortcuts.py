"""The message shortcut "Explain this AWS error": the answer goes privately to whoever used it."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.audit import Asker
from bot.slack.answer import Answer
from bot.slack.app import SlackDeps
from bot.slack.listeners.deliver import answer_privately, gather

CALLBACK_ID = "explain_aws_error"


def register(app: App, deps: SlackDeps) -> None:
    @app.shortcut(CALLBACK_ID)
    def on_shortcut(ack: Ack, shortcut: dict[str, Any], client: WebClient) -> None:
        ack()
        asker = Asker("shortcut", slack_id(shortcut.get("team")), slack_id(shortcut.get("channel")),
                      slack_id(shortcut.get("user")))
        message = shortcut.get("message")
        message = message if isinstance(message, dict) else {}
        files = message.get("files")
        attached = tuple(f for f in files if isinstance(f, dict)) if isinstance(files, list) else ()

        def explain(lang: str) -> tuple[Answer | None, list[str]]:
            pasted, notes = gather(str(message.get("text") or ""), attached, deps, lang)
            return deps.answerer.answer(pasted, asker, lang), notes

        answer_privately(client, shortcut.get("response_url"), asker, deps, explain)


def slack_id(value: Any) -> str | None:
    """Interactive payloads give {"id": …} objects where events give plain IDs."""
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else None
