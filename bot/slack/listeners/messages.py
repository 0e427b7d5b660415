"""Messages in channels, groups and DMs the bot is in, edits and snippets included: answered in thread."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.audit import Asker
from bot.slack.app import SlackDeps
from bot.slack.incoming import unwrap
from bot.slack.listeners.deliver import answering, gather, in_thread, notes_in_thread


def answer_in_thread(event: dict[str, Any], client: WebClient, deps: SlackDeps, surface: str,
                     team: str | None) -> None:
    message = unwrap(event, deps.settings.answer_bots)
    if message is None:
        return

    def report(note: str) -> None:
        notes_in_thread(client, message.channel, message.thread_ts, message.user, [note])

    with answering(report, deps.lang):
        pasted, notes = gather(message.text, message.files, deps)
        asker = Asker(surface, team or message.team, message.channel, message.user)
        answer = deps.answerer.answer(pasted, asker, deps.lang, once_per=message.scope, full=deps.full_in_threads)
        if answer is not None:
            in_thread(client, message.channel, message.thread_ts, message.user, answer, deps)
        if notes and answer is not None:
            notes_in_thread(client, message.channel, message.thread_ts, message.user, notes)


def register(app: App, deps: SlackDeps) -> None:
    @app.event("message")
    def on_message(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        # One listener for every subtype: messages without a token are acknowledged and left alone.
        answer_in_thread(event, client, deps, "thread", _team(body))


def _team(body: dict[str, Any]) -> str | None:
    team = body.get("team_id")
    return team if isinstance(team, str) else None
