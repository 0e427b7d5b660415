"""/decode <paste>: acknowledged at once, answered privately through response_url, in any channel."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.i18n import text
from bot.ops.audit import Asker
from bot.render.blocks import note_blocks
from bot.render.voices import SLACK
from bot.slack.delivery import answer_privately
from bot.slack.deps import SlackDeps
from bot.vocab import Surface

HELP_WORDS = frozenset({"", "help", "-h", "--help", "?"})


def on_decode(ack: Ack, command: dict[str, Any], client: WebClient, deps: SlackDeps) -> None:
    pasted = str(command.get("text") or "")
    if pasted.strip().lower() in HELP_WORDS:
        fallback, blocks = note_blocks(text("slack.help", deps.lang, SLACK))
        ack(text=fallback, blocks=blocks, response_type="ephemeral")
        return
    ack()  # within Slack's 3 seconds, before AWS is called
    asker = Asker(Surface.COMMAND, command.get("team_id"), command.get("channel_id"), command.get("user_id"))
    answer_privately(client, command.get("response_url"), deps,
                     lambda: (deps.answers.answer(client, pasted, asker), []))


def register(app: App, deps: SlackDeps) -> None:
    app.command("/decode")(lambda ack, command, client: on_decode(ack, command, client, deps))
