"""Acknowledge whatever else Slack sends, so it never sees a 404 and never disables the app's events."""

from __future__ import annotations

import re

from slack_bolt import Ack, App

from bot.messages import text
from bot.render.blocks import note_blocks
from bot.slack.app import SlackDeps

ANYTHING = re.compile(".*")


def register(app: App, deps: SlackDeps) -> None:
    @app.event(ANYTHING)
    def on_other_event() -> None:
        return None

    @app.action(ANYTHING)
    def on_other_action(ack: Ack) -> None:
        ack()

    @app.shortcut(ANYTHING)
    def on_other_shortcut(ack: Ack) -> None:
        ack()

    @app.command(ANYTHING)
    def on_other_command(ack: Ack) -> None:
        fallback, blocks = note_blocks(text("slack.help", deps.lang))
        ack(text=fallback, blocks=blocks, response_type="ephemeral")

    @app.view(ANYTHING)
    def on_other_view(ack: Ack) -> None:
        ack()

    @app.options(ANYTHING)
    def on_other_options(ack: Ack) -> None:
        ack(options=[])
