"""/decode <paste>: acknowledged at once, answered privately through response_url, in any channel.

/decode alone opens a form with a multi-line field, for pastes too long or too awkward for the command line;
its answer goes privately to the person, in the channel they were in (or as a direct message)."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.i18n import text
from bot.ops.audit import Asker
from bot.slack.answers import Answer, private_note
from bot.slack.delivery import answer_privately, answering
from bot.slack.deps import SlackDeps, bind
from bot.vocab import Surface

HELP_WORDS = frozenset({"help", "-h", "--help", "?"})
FORM_CALLBACK = "decode_form"
FORM_BLOCK = "paste"
FORM_INPUT = "text"
MAX_PASTE = 3_000  # Slack's limit for a plain-text input


def acknowledge_decode(ack: Ack, command: dict[str, Any], deps: SlackDeps) -> bool:
    """Within Slack's 3 seconds, before AWS or Slack's profile of the person is asked: True for the help."""
    ack()
    return str(command.get("text") or "").strip().lower() in HELP_WORDS


def on_decode(ack: Ack, command: dict[str, Any], client: WebClient, deps: SlackDeps) -> None:
    pasted = str(command.get("text") or "")
    if acknowledge_decode(ack, command, deps):  # the help in the person's language, privately
        lang = deps.answers.policy.language(client, command.get("user_id"))
        answer_privately(client, command.get("response_url"), deps,
                         lambda: (private_note("slack.help", lang), []), needs_aws=False)
        return
    if not pasted.strip():
        open_form(client, str(command.get("trigger_id") or ""), command.get("user_id"), command.get("channel_id"),
                  command.get("team_id"), deps, command.get("response_url"))
        return
    asker = Asker(Surface.COMMAND, command.get("team_id"), command.get("channel_id"), command.get("user_id"))
    answer_privately(client, command.get("response_url"), deps,
                     lambda: (deps.answers.answer(client, pasted, asker), []), deps.answers.needs_aws(pasted))


def open_form(client: WebClient, trigger: str, user: str | None, channel: str | None, team: str | None,
              deps: SlackDeps, response_url: str | None = None) -> None:
    """The form for a paste, in the person's language, saying where its answer appears and how long it may be."""
    lang = deps.answers.policy.language(client, user)
    where = {"channel": channel, "team": team}
    view = {
        "type": "modal", "callback_id": FORM_CALLBACK, "private_metadata": json.dumps(where),
        "title": {"type": "plain_text", "text": text("form.title", lang)[:24]},
        "submit": {"type": "plain_text", "text": text("form.submit", lang)[:24]},
        "close": {"type": "plain_text", "text": text("form.close", lang)[:24]},
        "blocks": [{"type": "input", "block_id": FORM_BLOCK,
                    "label": {"type": "plain_text", "text": text("form.label", lang)[:2000]},
                    "hint": {"type": "plain_text", "text": text("form.hint", lang)[:2000]},
                    "element": {"type": "plain_text_input", "action_id": FORM_INPUT, "multiline": True,
                                "max_length": MAX_PASTE}}],
    }
    try:
        client.views_open(trigger_id=trigger, view=view)
    except SlackApiError:  # no form (an expired trigger): the help says how to paste instead
        answer_privately(client, response_url, deps, lambda: (private_note("slack.help", lang), []), needs_aws=False)


def on_form_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
                      deps: SlackDeps) -> None:
    """The form's paste, answered privately where the person was (or as a direct message)."""
    ack()  # closes the form
    raw_user = body.get("user")
    user: dict[str, Any] = raw_user if isinstance(raw_user, dict) else {}
    user_id = str(user.get("id") or "")
    try:
        where = json.loads(str(view.get("private_metadata") or "{}"))
    except ValueError:
        where = {}
    values = view.get("state", {}).get("values", {})
    pasted = str(values.get(FORM_BLOCK, {}).get(FORM_INPUT, {}).get("value") or "")
    channel = where.get("channel") if isinstance(where, dict) else None
    asker = Asker(Surface.COMMAND, user.get("team_id"), channel, user_id, user.get("team_id"))

    def report(note: str) -> None:
        _privately_to(client, channel, user_id, note, None)

    with answering(report, deps.lang):
        answer = deps.answers.answer(client, pasted, asker) or private_note("slack.nothing_found", deps.lang)
        _deliver(client, channel, user_id, answer)


def _deliver(client: WebClient, channel: Any, user: str, answer: Answer) -> None:
    _privately_to(client, channel, user, answer.text, answer.blocks)
    for note in answer.notes:
        _privately_to(client, channel, user, note, None)


def _privately_to(client: WebClient, channel: Any, user: str, message: str, blocks: list[dict[str, Any]] | None
                  ) -> None:
    """Visible only to the person: in the channel they were in, else as a direct message from the bot."""
    if isinstance(channel, str) and channel:
        try:
            client.chat_postEphemeral(channel=channel, user=user, text=message, blocks=blocks)
            return
        except SlackApiError:
            pass  # not in that channel: a direct message reaches the person anyway
    client.chat_postMessage(channel=user, text=message, blocks=blocks, unfurl_links=False)


def register(app: App, deps: SlackDeps) -> None:
    bind(app.command("/decode"), lambda ack, command, client: on_decode(ack, command, client, deps), deps,
         ack=lambda ack, command: acknowledge_decode(ack, command, deps))
    bind(app.view(FORM_CALLBACK), lambda ack, body, view, client: on_form_submitted(ack, body, view, client, deps),
         deps)
