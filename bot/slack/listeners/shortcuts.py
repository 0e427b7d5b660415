"""The message shortcut "Explain this AWS error": the answer goes privately to whoever used it."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.audit import Asker
from bot.slack.answer import private_note
from bot.slack.app import SlackDeps
from bot.slack.listeners.deliver import answering, gather, privately

CALLBACK_ID = "explain_aws_error"


def register(app: App, deps: SlackDeps) -> None:
    @app.shortcut(CALLBACK_ID)
    def on_shortcut(ack: Ack, shortcut: dict[str, Any], client: WebClient) -> None:
        ack()
        response_url = shortcut.get("response_url")
        asker = Asker("shortcut", _id(shortcut.get("team")), _id(shortcut.get("channel")), _id(shortcut.get("user")))

        def report(note: str) -> None:
            privately(response_url, private_note(note, deps.lang), deps)

        with answering(report, deps.lang):
            lang = deps.locales.for_user(client, asker.user)
            if not deps.access.user_allowed(client, asker.user):
                privately(response_url, private_note("access.user", lang), deps, lang=lang)
                return
            message = shortcut.get("message")
            message = message if isinstance(message, dict) else {}
            files = message.get("files")
            pasted, notes = gather(
                str(message.get("text") or ""),
                tuple(f for f in files if isinstance(f, dict)) if isinstance(files, list) else (),
                deps,
                lang,
            )
            privately(response_url, deps.answerer.answer(pasted, asker, lang), deps, notes, lang=lang)


def _id(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else None
