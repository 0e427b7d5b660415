"""The message shortcut "Explain this AWS error": the answer goes privately to whoever used it."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.ops.audit import Asker
from bot.slack.answers import Answer
from bot.slack.delivery import answer_privately, gather
from bot.slack.deps import SlackDeps, bind
from bot.vocab import Surface

CALLBACK_ID = "explain_aws_error"


def on_shortcut(ack: Ack, shortcut: dict[str, Any], client: WebClient, deps: SlackDeps) -> None:
    ack()
    asker = Asker(Surface.SHORTCUT, slack_id(shortcut.get("team")), slack_id(shortcut.get("channel")),
                  slack_id(shortcut.get("user")), user_team(shortcut))
    message = shortcut.get("message")
    message = message if isinstance(message, dict) else {}
    files = message.get("files")
    attached = tuple(f for f in files if isinstance(f, dict)) if isinstance(files, list) else ()

    def explain() -> tuple[Answer | None, list[str]]:
        pasted, notes = gather(str(message.get("text") or ""), attached, deps)
        return deps.answers.answer(client, pasted, asker), notes

    needs_aws = bool(attached) or deps.answers.needs_aws(str(message.get("text") or ""))
    answer_privately(client, shortcut.get("response_url"), deps, explain, needs_aws)


def user_team(payload: dict[str, Any]) -> str | None:
    """The workspace of whoever used an interactive surface (another organisation's, in Slack Connect)."""
    user = payload.get("user")
    team = user.get("team_id") if isinstance(user, dict) else None
    return team if isinstance(team, str) else None


def slack_id(value: Any) -> str | None:
    """Interactive payloads give {"id": …} objects where events give plain IDs."""
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else None


def register(app: App, deps: SlackDeps) -> None:
    bind(app.shortcut(CALLBACK_ID), lambda ack, shortcut, client: on_shortcut(ack, shortcut, client, deps), deps)
