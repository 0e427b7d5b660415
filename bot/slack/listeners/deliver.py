"""Getting an answer to a person: in a thread, or privately through response_url."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.messages import text
from bot.render.blocks import note_blocks
from bot.slack.answer import Answer
from bot.slack.app import SlackDeps
from bot.slack.files import snippet_texts

log = logging.getLogger(__name__)


def full_text(message_text: str, files: tuple[dict[str, Any], ...], deps: SlackDeps) -> str:
    """The message text followed by the contents of its text snippets."""
    token = deps.settings.slack_bot_token or ""
    return "\n".join([message_text, *snippet_texts(files, token, deps.file_hosts)])


def post_in_thread(client: WebClient, channel: str, thread_ts: str, answer: Answer, deps: SlackDeps) -> None:
    try:
        client.chat_postMessage(
            channel=channel, thread_ts=thread_ts, text=answer.text, blocks=answer.blocks,
            unfurl_links=False, unfurl_media=False,
        )
    except SlackApiError as exc:
        # Let a later delivery of the same message (edit, Slack retry) try again.
        deps.answerer.release(answer)
        log.error("could not post a reply in %s: %s", channel, exc.response.get("error"))


def respond_privately(respond: Callable[..., Any], answer: Answer | None, deps: SlackDeps) -> None:
    if answer is None:
        fallback, blocks = note_blocks(text("slack.nothing_found", deps.lang))
    else:
        fallback, blocks = answer.text, answer.blocks
    try:
        respond(text=fallback, blocks=blocks, response_type="ephemeral", replace_original=False)
    except Exception as exc:  # the response_url client raises plain errors
        log.error("could not answer through response_url: %s", type(exc).__name__)
