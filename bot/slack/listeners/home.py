"""The App Home tab: how to use the bot, its languages, and for the people allowed to use it, its status as
`decode-bot doctor` sees it (checked at most every few minutes, so opening the tab stays cheap)."""

from __future__ import annotations

import logging
import time
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.watch import DEFAULT_MUTES
from bot.i18n import Line, text
from bot.ops.audit import Asker
from bot.render.blocks import section_block
from bot.render.voices import SLACK
from bot.slack.deps import SlackDeps, bind
from bot.slack.listeners.commands import open_form
from bot.slack.listeners.watch import DEFAULT_TOGGLE, UNMUTE, lifted_defaults, mutes, watch_admin
from bot.state import keys
from bot.vocab import Surface

log = logging.getLogger(__name__)
EXPLAIN_BUTTON = "home_explain"

_LANGUAGE_NAMES = {"en": "English", "ja": "日本語"}


def on_home_opened(event: dict[str, Any], client: WebClient, deps: SlackDeps) -> None:
    user = event.get("user")
    if not isinstance(user, str) or event.get("tab", "home") != "home":
        return
    allowed = _may_see_status(client, deps, user)
    publish(client, deps, user, allowed)
    if allowed:
        # One sweep at a time, on its own thread: whoever opens the tab meanwhile sees the last status now and
        # the fresh one when the sweep is done.
        def publish_for(waiting: set[str]) -> None:
            for person in waiting:
                publish(client, deps, person, True)

        deps.status.refresh(user, publish_for)


def publish(client: WebClient, deps: SlackDeps, user: str, with_status: bool) -> None:
    policy = deps.answers.policy
    lang = policy.language(client, user)
    explain = {"type": "button", "action_id": EXPLAIN_BUTTON, "style": "primary",
               "text": {"type": "plain_text", "text": text("home.explain", lang)[:75]}}
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": text("home.title", lang)}},
        {"type": "actions", "elements": [explain]},
        section_block(text("slack.help", lang, SLACK)),
        section_block(text(Line("home.languages", lang=_LANGUAGE_NAMES.get(deps.lang, deps.lang)), lang, SLACK)),
    ]
    if with_status:
        blocks.append(section_block(_status_text(deps, user, lang)))
        admin = watch_admin(client, deps, user)
        if deps.settings.watch.on and admin:
            blocks.extend(watch_blocks(deps, lang))
        if admin:
            blocks.extend(owner_blocks(client, deps, lang))
    else:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": text("home.no_status", lang)}]})
    try:
        client.views_publish(user_id=user, view={"type": "home", "blocks": blocks})
    except SlackApiError as exc:
        log.error("could not publish the App Home tab: %s", exc.response.get("error"))
    except OSError as exc:  # Slack unreachable: the next opening of the tab publishes it
        log.error("could not publish the App Home tab: %s", type(exc).__name__)


def watch_blocks(deps: SlackDeps, lang: str) -> list[dict[str, Any]]:
    """For administrators: the causes people muted (each with Unmute), the default mutes (lift or restore), and the
    denials no route matched."""
    header = {"type": "plain_text", "text": text("watch.home", lang)}
    blocks: list[dict[str, Any]] = [{"type": "header", "text": header}]
    for mute in mutes(deps)[:20]:
        until = str(mute.get("until") or text("watch.until_unmuted", lang))
        said = f"<@{mute.get('who')}> " + text(Line("watch.home_mute", until=until, summary=str(
            mute.get("summary") or "")[:150]), lang, SLACK)
        blocks.append({**section_block(said), "accessory": {
            "type": "button", "action_id": UNMUTE, "value": str(mute.get("cause")),
            "text": {"type": "plain_text", "text": text("watch.unmute", lang)}}})
    lifted = set(lifted_defaults(deps))
    for default in DEFAULT_MUTES:
        state = "watch.default_lifted" if default.name in lifted else "watch.default_on"
        said = text(Line(state, description=default.description, source=default.source), lang, SLACK)
        blocks.append({**section_block(said), "accessory": {
            "type": "button", "action_id": DEFAULT_TOGGLE, "value": default.name, "text": {
                "type": "plain_text", "text": text("watch.restore" if default.name in lifted else "watch.lift",
                                                   lang)}}})
    unrouted = deps.store.add(keys.WATCH_UNROUTED, 0)
    if unrouted:
        blocks.append(section_block(text(Line("watch.unrouted", count=unrouted), lang, SLACK)))
    return blocks


def owner_blocks(client: WebClient, deps: SlackDeps, lang: str) -> list[dict[str, Any]]:
    """For administrators: where requests to policy owners go, and the requests still waiting for a decision."""
    from bot.slack.listeners.owners import owners
    from bot.slack.owners import utc_minute

    settings = deps.settings.owners
    routes = "\n".join(f"• `{match}` → <#{channel}>" for match, channel in settings.routes) or text(
        "owner.home_none", lang)
    default = f"<#{settings.channel}>" if settings.channel else text("owner.home_none", lang)
    waiting = owners(client, deps).open_requests()
    listed = "\n".join(f"• <@{request.asker}> → <#{request.owner_channel}>: " + text(Line(
        "owner.home_request", action=request.summary.get("action", "?"), principal=request.summary.get(
            "principal", "?"), time=utc_minute(request.created)), lang, SLACK) for request in waiting[:20])
    return [{"type": "header", "text": {"type": "plain_text", "text": text("owner.home", lang)}},
            section_block(f"{text('owner.home_routes', lang, SLACK)}\n{routes}\n"
                          f"{text('owner.home_default', lang, SLACK)} {default}"),
            section_block("\n".join(filter(None, (text(Line("owner.home_open", count=len(waiting)), lang, SLACK),
                                              listed))))]


def _may_see_status(client: WebClient, deps: SlackDeps, user: str) -> bool:
    return deps.answers.policy.decide(client, Asker(Surface.DETAILS, user=user)).refusal is None


def _status_text(deps: SlackDeps, user: str, lang: str) -> str:
    """The last sweep: every check's name and result; what it found (identities, ARNs, AWS's error texts) only for
    ADMIN_USERS."""
    last = deps.status.last()
    if last is None:
        return text("home.status_pending", lang, SLACK)
    checked, checks = last
    admin = user in deps.settings.access.admin_users
    # What was found and how to fix it can name the bot's AWS identity: for ADMIN_USERS only.
    lines = [f"{':white_check_mark:' if c.ok else ':warning:'} *{SLACK.prose(c.name)}*"
             + (f": {SLACK.prose(c.detail)}" if admin else "")
             + (f"\n      {text(Line('home.fix', fix=c.fix), lang, SLACK)}" if admin and c.fix and not c.ok else "")
             for c in checks]
    age = f"{max(1, int(time.monotonic() - checked) // 60)} min"
    return text(Line("home.status", age=age), lang, SLACK) + "\n" + "\n".join(lines)


def on_explain_pressed(ack: Ack, body: dict[str, Any], client: WebClient, deps: SlackDeps) -> None:
    """App Home's "Explain an AWS error": the /decode form, answered as a direct message."""
    ack()
    raw_user = body.get("user")
    user = raw_user if isinstance(raw_user, dict) else {}
    open_form(client, str(body.get("trigger_id") or ""), user.get("id"), None, user.get("team_id"), deps)


def register(app: App, deps: SlackDeps) -> None:
    bind(app.event("app_home_opened"), lambda event, client: on_home_opened(event, client, deps), deps)
    bind(app.action(EXPLAIN_BUTTON), lambda ack, body, client: on_explain_pressed(ack, body, client, deps), deps)

