"""Messages in channels, groups and DMs the bot is in, edits and snippets included: answered in thread."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.slack.app import SlackDeps
from bot.slack.incoming import unwrap
from bot.slack.listeners.deliver import full_text, post_in_thread

log = logging.getLogger(__name__)


def answer_in_thread(event: dict[str, Any], client: WebClient, deps: SlackDeps) -> None:
    message = unwrap(event, deps.settings.answer_bots)
    if message is None:
        return
    pasted = full_text(message.text, message.files, deps)
    answer = deps.answerer.answer(pasted, deps.lang, once_per=message.scope)
    if answer is not None:
        post_in_thread(client, message.channel, message.thread_ts, answer, deps)


def register(app: App, deps: SlackDeps) -> None:
    @app.event("message")
    def on_message(event: dict[str, Any], client: WebClient) -> None:
        # One listener for every subtype: messages without a token are acknowledged and left alone.
        answer_in_thread(event, client, deps)
