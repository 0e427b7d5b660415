"""Messages in channels, groups and DMs the bot is in, edits and snippets included: answered in thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.i18n import text
from bot.ops.audit import Asker
from bot.render.voices import SLACK
from bot.slack.delivery import answering, gather, in_thread, notes_in_thread
from bot.slack.deps import SlackDeps, bind
from bot.slack.incoming import unwrap
from bot.slack.work import Work
from bot.vocab import Surface

log = logging.getLogger(__name__)


def answer_in_thread(event: dict[str, Any], client: WebClient, deps: SlackDeps, surface: Surface,
                     body: dict[str, Any]) -> None:
    message = unwrap(event, deps.settings.slack.answer_bots)
    if message is None:
        return

    def report(note: str) -> None:
        notes_in_thread(client, message.channel, message.thread_ts, message.user, [note])

    user_team = event.get("user_team")
    asker = Asker(Surface.DIRECT if message.direct else surface, team_of(body) or message.team, message.channel,
                  message.user, user_team if isinstance(user_team, str) else None,
                  body.get("is_ext_shared_channel") is True)

    # Snippets are fetched only where an answer may be given: never in a channel outside ALLOWED_CHANNELS.
    files = message.files if deps.answers.policy.channel_allowed(asker) else ()

    def answer() -> None:
        with answering(report, deps.lang):
            pasted, notes = gather(message.text, files, deps)
            with decoding_marker(client, message.channel, message.ts, deps.work):  # until the answer is there
                found = deps.answers.answer(client, pasted, asker, once_per=message.scope)
                if found is not None:
                    in_thread(client, message.channel, message.thread_ts, message.user, found, deps)
            if notes:  # an oversized snippet gets its note even when the message itself held nothing
                notes_in_thread(client, message.channel, message.thread_ts, message.user, notes)

    if files or deps.answers.needs_aws(message.text):
        deps.work.with_aws(answer, lambda: report(text("slack.busy", deps.lang, SLACK)))
    else:
        answer()  # nothing to ask AWS: never waits behind those that do


SLOW_SECONDS = 2.0
DECODING_REACTION = "hourglass_flowing_sand"


@contextmanager
def decoding_marker(client: WebClient, channel: str, ts: str, work: Work) -> Iterator[None]:
    """A visible "decoding…" state when an answer takes more than SLOW_SECONDS (many accounts, slow AWS): a
    reaction on the paste, removed when the answer is there."""
    added = threading.Event()

    def mark() -> None:
        try:
            client.reactions_add(channel=channel, timestamp=ts, name=DECODING_REACTION)
            added.set()
        except (SlackApiError, OSError) as exc:
            log.info("no decoding reaction: %s", type(exc).__name__)

    scheduled = work.timers.call_later(SLOW_SECONDS, mark)
    try:
        yield
    finally:
        scheduled.cancel()
        if added.is_set():
            try:
                client.reactions_remove(channel=channel, timestamp=ts, name=DECODING_REACTION)
            except (SlackApiError, OSError) as exc:
                log.info("could not remove the decoding reaction: %s", type(exc).__name__)


def on_message(event: dict[str, Any], body: dict[str, Any], client: WebClient, deps: SlackDeps) -> None:
    """Every subtype goes through here: messages with nothing to explain are acknowledged and left alone."""
    answer_in_thread(event, client, deps, Surface.THREAD, body)


def team_of(body: dict[str, Any]) -> str | None:
    team = body.get("team_id")
    return team if isinstance(team, str) else None


def register(app: App, deps: SlackDeps) -> None:
    bind(app.event("message"), lambda event, body, client: on_message(event, body, client, deps), deps)
