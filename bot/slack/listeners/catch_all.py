"""Acknowledge whatever else Slack sends, so it never sees a 404 and never disables the app's events."""

from __future__ import annotations

import re

from slack_bolt import Ack, App

from bot.i18n import text
from bot.render.blocks import note_blocks
from bot.render.voices import SLACK
from bot.slack.deps import SlackDeps

ANYTHING = re.compile(".*")


def on_other_event() -> None:
    return None


def on_other_interaction(ack: Ack) -> None:
    """Actions, shortcuts and views that decode-bot does not own: acknowledged, nothing else."""
    ack()


def on_other_options(ack: Ack) -> None:
    ack(options=[])


def on_other_command(ack: Ack, deps: SlackDeps) -> None:
    fallback, blocks = note_blocks(text("slack.help", deps.lang, SLACK))
    ack(text=fallback, blocks=blocks, response_type="ephemeral")


def register(app: App, deps: SlackDeps) -> None:
    app.event(ANYTHING)(on_other_event)
    app.action(ANYTHING)(on_other_interaction)
    app.shortcut(ANYTHING)(on_other_interaction)
    app.view(ANYTHING)(on_other_interaction)
    app.options(ANYTHING)(on_other_options)
    app.command(ANYTHING)(lambda ack: on_other_command(ack, deps))
