"""Messages in channels, groups and DMs the bot is in, edits and snippets included: answered in thread."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.ops.audit import Asker
from bot.slack.delivery import answering, gather, in_thread, notes_in_thread
from bot.slack.deps import SlackDeps
from bot.slack.incoming import unwrap
from bot.vocab import Surface


def answer_in_thread(event: dict[str, Any], client: WebClient, deps: SlackDeps, surface: Surface,
                     body: dict[str, Any]) -> None:
    message = unwrap(event, deps.settings.answer_bots)
    if message is None:
        return

    def report(note: str) -> None:
        notes_in_thread(client, message.channel, message.thread_ts, message.user, [note])

    with answering(report, deps.lang):
        pasted, notes = gather(message.text, message.files, deps)
        user_team = event.get("user_team")
        asker = Asker(Surface.DIRECT if message.direct else surface, team_of(body) or message.team, message.channel,
                      message.user, user_team if isinstance(user_team, str) else None,
                      body.get("is_ext_shared_channel") is True)
        answer = deps.answers.answer(client, pasted, asker, once_per=message.scope)
        if answer is not None:
            in_thread(client, message.channel, message.thread_ts, message.user, answer, deps)
        if notes:  # an oversized snippet gets its note even when the message itself held nothing
            notes_in_thread(client, message.channel, message.thread_ts, message.user, notes)


def on_message(event: dict[str, Any], body: dict[str, Any], client: WebClient, deps: SlackDeps) -> None:
    """Every subtype goes through here: messages with nothing to explain are acknowledged and left alone."""
    answer_in_thread(event, client, deps, Surface.THREAD, body)


def team_of(body: dict[str, Any]) -> str | None:
    team = body.get("team_id")
    return team if isinstance(team, str) else None


def register(app: App, deps: SlackDeps) -> None:
    app.event("message")(lambda event, body, client: on_message(event, body, client, deps))
