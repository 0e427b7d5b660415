"""The App Home tab: how to use the bot, its languages, and for the people allowed to use it, its status as
`decode-bot doctor` sees it (checked at most every few minutes, so opening the tab stays cheap)."""

from __future__ import annotations

import logging
import time
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.i18n import Line, text
from bot.ops.audit import Asker
from bot.render.voices import SLACK
from bot.slack.deps import SlackDeps, bind
from bot.vocab import Surface

log = logging.getLogger(__name__)

STATUS_SECONDS = 300
_LANGUAGE_NAMES = {"en": "English", "ja": "日本語"}


def on_home_opened(event: dict[str, Any], client: WebClient, deps: SlackDeps) -> None:
    user = event.get("user")
    if not isinstance(user, str) or event.get("tab", "home") != "home":
        return
    policy = deps.answers.policy
    lang = policy.language(client, user)
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": text("home.title", lang)}},
        _section(text("slack.help", lang, SLACK)),
        _section(text(Line("home.languages", lang=_LANGUAGE_NAMES.get(deps.lang, deps.lang)), lang, SLACK)),
    ]
    if policy.decide(client, Asker(Surface.DETAILS, user=user)).refusal is None:
        checked, lines = _status(deps)
        age = f"{max(1, int(time.monotonic() - checked) // 60)} min"
        blocks.append(_section(text(Line("home.status", age=age), lang, SLACK) + "\n" + "\n".join(lines)))
    else:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": text("home.no_status", lang)}]})
    try:
        client.views_publish(user_id=user, view={"type": "home", "blocks": blocks})
    except SlackApiError as exc:
        log.error("could not publish the App Home tab: %s", exc.response.get("error"))


_cache: dict[object, tuple[float, list[str]]] = {}


def _status(deps: SlackDeps) -> tuple[float, list[str]]:
    """(when it was checked, one line per doctor check), from a cache of STATUS_SECONDS."""
    cached = _cache.get(deps.settings)
    if cached and time.monotonic() - cached[0] < STATUS_SECONDS:
        return cached
    from bot.ops.doctor import run_checks
    from bot.slack.client import slack_checks

    try:
        checks = run_checks(deps.settings, slack_checks)
        lines = [f"{':white_check_mark:' if c.ok else ':warning:'} *{c.name}*: {SLACK.prose(c.detail)}"
                 for c in checks]
    except Exception as exc:  # a status page must never take the tab down
        log.error("the status checks failed: %s", type(exc).__name__)
        lines = [f":warning: {type(exc).__name__}"]
    _cache[deps.settings] = (time.monotonic(), lines)
    return _cache[deps.settings]


def _section(markdown: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": markdown[:3000]}}


def register(app: App, deps: SlackDeps) -> None:
    bind(app.event("app_home_opened"), lambda event, client: on_home_opened(event, client, deps), deps)

