"""Getting an answer to a person: in a thread, privately in the channel, or through response_url; and the text
of a message with its snippets.

Every listener runs its work through `answering`, so that an unexpected error is logged (by type, never
with message contents) and the person still gets a short note instead of silence.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.i18n import Line, text
from bot.render.blocks import MAX_BLOCKS
from bot.render.voices import SLACK
from bot.slack.answers import Answer, private_note
from bot.slack.client import retry_handlers
from bot.slack.deps import SlackDeps
from bot.slack.files import snippet_texts

log = logging.getLogger(__name__)


def gather(message_text: str, files: tuple[dict[str, Any], ...], deps: SlackDeps, lang: str | None = None
           ) -> tuple[str, list[str]]:
    """(the message text followed by its text snippets, private notes about snippets left unread)."""
    settings = deps.settings
    texts, too_large = snippet_texts(files, settings.slack.bot_token or "", deps.file_origins,
                                     settings.limits.snippet_bytes)
    notes = [text(Line("limit.snippet", name=name, limit=settings.limits.snippet_bytes), lang or deps.lang, SLACK)
             for name in too_large]
    return "\n".join([message_text, *texts]), notes


# Slack refused the message itself: a plain, shorter answer may still go through.
_REFUSED_CONTENT = frozenset({"invalid_blocks", "invalid_blocks_format", "msg_too_long", "too_many_attachments",
                              "invalid_arguments", "markdown_text_conflict"})
PLAIN_ANSWER_LIMIT = 3_000


def in_thread(client: WebClient, channel: str, thread_ts: str, user: str | None, answer: Answer,
              deps: SlackDeps) -> None:
    """A public answer goes into the thread; a private note goes to the asker alone, in the same thread.

    Never silent: if Slack refuses the blocks, the plain text goes instead; if the thread cannot be written to
    at all, the asker gets a private note saying so."""
    if answer.private:
        _ephemeral(client, channel, thread_ts, user, answer.text, answer.blocks)
        return
    error, posted = _post(client, channel, thread_ts, answer.text, answer.blocks)
    if error in _REFUSED_CONTENT:
        log.warning("Slack refused the answer's blocks in %s (%s); sending it as plain text", channel, error)
        error, posted = _post(client, channel, thread_ts, answer.text[:PLAIN_ANSWER_LIMIT], None)
    if error is not None:
        # Let a later delivery of the same message (an edit, a Slack retry) try again.
        deps.answers.release(answer.claimed)
        log.error("could not post a reply in %s: %s", channel, error)
        _ephemeral(client, channel, thread_ts, user, text(Line("slack.not_posted", error=error), deps.lang, SLACK),
                   None)
    for note in answer.notes:
        _ephemeral(client, channel, thread_ts, user, note, None)
    if answer.later is not None and posted:
        _edited(client, channel, posted, answer.later())


def _post(client: WebClient, channel: str, thread_ts: str, fallback: str, blocks: list[dict[str, Any]] | None
          ) -> tuple[str | None, str | None]:
    """(None, the message's ts) when posted, else (Slack's error code, None)."""
    try:
        response = client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=fallback, blocks=blocks,
                                           unfurl_links=False, unfurl_media=False)
    except SlackApiError as exc:
        return str(exc.response.get("error") or "unknown_error"), None
    return None, str(response.get("ts") or "") or None


def _edited(client: WebClient, channel: str, ts: str, answer: Answer) -> None:
    """The answer posted "checking…", edited in place once AWS's checks are done (the same plain-text fallback as
    a first post when Slack refuses the blocks)."""
    for blocks in (answer.blocks, None):
        try:
            client.chat_update(channel=channel, ts=ts, text=answer.text if blocks else answer.text[
                :PLAIN_ANSWER_LIMIT], blocks=blocks or [])
            return
        except SlackApiError as exc:
            error = str(exc.response.get("error") or "unknown_error")
            if error not in _REFUSED_CONTENT:
                log.error("could not edit the answer in %s with the checks' result: %s", channel, error)
                return


def notes_in_thread(client: WebClient, channel: str, thread_ts: str, user: str | None, notes: list[str]) -> None:
    for note in notes:
        _ephemeral(client, channel, thread_ts, user, note, None)


def _ephemeral(client: WebClient, channel: str, thread_ts: str, user: str | None, message: str,
               blocks: list[dict[str, Any]] | None) -> None:
    if not user:
        return
    try:
        client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread_ts, text=message, blocks=blocks)
    except SlackApiError as exc:
        log.error("could not send a private note in %s: %s", channel, exc.response.get("error"))


def privately(response_url: str | None, answer: Answer | None, deps: SlackDeps, notes: list[str] | None = None
              ) -> None:
    """Answer through response_url (retrying Slack's 429s and 5xx), visible only to whoever asked."""
    if not response_url:
        log.error("no response_url to answer through")
        return
    if answer is None:
        answer = private_note("slack.nothing_found", deps.lang)
    webhook = WebhookClient(response_url, timeout=int(max(1, deps.settings.slack.timeout)),
                            retry_handlers=retry_handlers())
    blocks: list[dict[str, Any]] | None = answer.blocks
    if blocks:  # say it is private: Slack's own "Only visible to you" is easy to miss on a phone
        marker = {"type": "context", "elements": [{"type": "mrkdwn", "text": text("slack.private", deps.lang, SLACK)}]}
        blocks = [*blocks, marker] if len(blocks) < MAX_BLOCKS else blocks
    messages: list[tuple[str, list[dict[str, Any]] | None]] = [(answer.text, blocks)]
    messages += [(note, None) for note in [*answer.notes, *(notes or [])]]
    for fallback, shown in messages:
        try:
            response = webhook.send(text=fallback, blocks=shown, response_type="ephemeral", replace_original=False)
        except OSError as exc:
            log.error("could not answer through response_url: %s", type(exc).__name__)
            return
        if response.status_code >= 400:
            log.error("response_url answered %d", response.status_code)
            return


@contextmanager
def answering(on_failure: Callable[[str], None], lang: str) -> Iterator[None]:
    """Run a listener's work; if it fails unexpectedly, tell the person instead of going silent."""
    try:
        yield
    except Exception as exc:
        log.error("a listener failed: %s", type(exc).__name__)
        try:
            on_failure(text("slack.failed", lang, SLACK))
        except Exception as again:
            log.error("could not report the failure either: %s", type(again).__name__)


def answer_privately(
    client: WebClient,
    response_url: str | None,
    deps: SlackDeps,
    work: Callable[[], tuple[Answer | None, list[str]]],
    needs_aws: bool = True,
) -> None:
    """The private surfaces' common path: the answer (and any notes) through response_url; a failure still
    reaches the person as a note. Work that asks AWS runs on its own pool (see slack/work.py)."""

    def report(note: str) -> None:
        privately(response_url, private_note(note, deps.lang), deps)

    def answer() -> None:
        with answering(report, deps.lang):
            found, notes = work()
            privately(response_url, found, deps, notes)

    if needs_aws:
        deps.work.with_aws(answer, lambda: report(text("slack.busy", deps.lang, SLACK)))
    else:
        answer()
