"""The "Show details" button of DISCLOSURE=summary: full details, privately, for allowed people only."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.ops.audit import Asker
from bot.render.blocks import SHOW_DETAILS
from bot.slack.delivery import answer_privately
from bot.slack.deps import SlackDeps, bind
from bot.slack.listeners.shortcuts import slack_id, user_team
from bot.vocab import Surface


def on_show_details(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                    deps: SlackDeps) -> None:
    ack()
    asker = Asker(Surface.DETAILS, slack_id(body.get("team")), slack_id(body.get("channel")),
                  slack_id(body.get("user")), user_team(body))
    reference = str(action.get("value") or "")
    answer_privately(client, body.get("response_url"), deps,
                     lambda: (deps.answers.details(client, reference, asker), []))


def register(app: App, deps: SlackDeps) -> None:
    bind(app.action(SHOW_DETAILS), lambda ack, body, action, client: on_show_details(ack, body, action, client, deps),
         deps)
