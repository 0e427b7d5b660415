"""The denial watch's controls: "Mute" on a cause's parent message (members of the routed channel, or WATCH_ADMINS),
and in App Home, for administrators, "Unmute" and the default mutes lifted or restored. Each is audited."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.watch import DEFAULT_MUTES
from bot.i18n import Line, text
from bot.ops import audit
from bot.ops.audit import Asker
from bot.render.voices import SLACK
from bot.slack.deps import SlackDeps, bind
from bot.slack.listeners.shortcuts import slack_id, user_team
from bot.slack.watch import MUTE_CHOICES
from bot.state import keys
from bot.vocab import Surface

log = logging.getLogger(__name__)
UNMUTE = "watch_unmute"
DEFAULT_TOGGLE = "watch_default"
MAX_MEMBER_PAGES = 20


def on_mute(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, deps: SlackDeps) -> None:
    ack()
    user, channel = slack_id(body.get("user")), slack_id(body.get("channel"))
    message = body.get("message") if isinstance(body.get("message"), dict) else {}
    cause, _, choice = str((action.get("selected_option") or {}).get("value") or "").partition(":")
    lang = deps.answers.policy.language(client, user)
    asker = Asker(Surface.DETAILS, slack_id(body.get("team")), channel, user, user_team(body))
    if not cause or choice not in MUTE_CHOICES or not channel or not user:
        return
    if not may_act(client, deps, asker):
        audit.record(asker, "watch_mute_refused")
        ephemeral(client, channel, user, text("watch.mute_refused", lang, SLACK))
        return
    entry = mute_cause(deps, cause, user, channel, MUTE_CHOICES[choice], str((message or {}).get("text") or ""))
    audit.record(asker, f"watch_mute:{choice}")
    said = Line("watch.muted", until=entry["until"] or text("watch.until_unmuted", lang))
    try:
        client.chat_postMessage(channel=channel, thread_ts=str((message or {}).get("ts") or ""),
                                text=f"<@{user}> {text(said, lang, SLACK)}")
    except SlackApiError as exc:
        log.warning("could not say a cause was muted: %s", exc.response.get("error"))


def mute_cause(deps: SlackDeps, cause: str, who: str, channel: str, seconds: float | None, summary: str
               ) -> dict[str, Any]:
    """Mute a cause of the denial watch (for `seconds`, or until unmuted), recorded with who, when and until when,
    and listed in App Home."""
    until = None if seconds is None else dt.datetime.fromtimestamp(time.time() + seconds, dt.UTC)
    entry = {"cause": cause, "who": who, "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
             "until": until.isoformat(timespec="seconds") if until else None, "channel": channel,
             "summary": summary[:200]}
    deps.store.put(keys.watch_mute(cause), json.dumps(entry), seconds or 400 * 86_400)
    _listed(deps, lambda mutes: [*[m for m in mutes if m.get("cause") != cause], entry])
    return entry


def on_unmute(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, deps: SlackDeps) -> None:
    ack()
    user = slack_id(body.get("user"))
    if not watch_admin(client, deps, user):
        return
    cause = str(action.get("value") or "")
    deps.store.put(keys.watch_mute(cause), "", 1)  # gone in a second (a mute is any value at all)
    _listed(deps, lambda mutes: [m for m in mutes if m.get("cause") != cause])
    audit.record(Asker(Surface.DETAILS, user=user), "watch_unmute")
    _refresh_home(client, deps, user)


def on_default_toggled(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                       deps: SlackDeps) -> None:
    ack()
    user = slack_id(body.get("user"))
    name = str(action.get("value") or "")
    if not watch_admin(client, deps, user) or name not in {mute.name for mute in DEFAULT_MUTES}:
        return
    lifted = set(lifted_defaults(deps))
    lifted ^= {name}
    deps.store.put(f"{keys.WATCH_MUTES}:lifted", json.dumps(sorted(lifted)), 400 * 86_400)
    audit.record(Asker(Surface.DETAILS, user=user), f"watch_default:{name}:{'lifted' if name in lifted else 'on'}")
    _refresh_home(client, deps, user)


def watch_admin(client: WebClient, deps: SlackDeps, user: str | None) -> bool:
    """ADMIN_USERS, or members of the WATCH_ADMINS user group."""
    if not user:
        return False
    if user in deps.settings.access.admin_users:
        return True
    group = deps.settings.watch.admins
    return bool(group) and user in deps.answers.policy.group_members(client, group or "")


def may_act(client: WebClient, deps: SlackDeps, asker: Asker) -> bool:
    """Members of the channel (never people from another organization), or the administrators: who may mute a
    cause in its channel, or decide a request in the owners' channel."""
    if watch_admin(client, deps, asker.user):
        return True
    if deps.answers.policy.decide(client, asker).refusal is not None:
        return False
    cursor = None
    for _ in range(MAX_MEMBER_PAGES):
        try:
            page = client.conversations_members(channel=asker.channel or "", cursor=cursor, limit=1000)
        except SlackApiError as exc:
            log.warning("could not list the members of %s: %s", asker.channel, exc.response.get("error"))
            return False
        if asker.user in (page.get("members") or []):
            return True
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return False
    return False


def mutes(deps: SlackDeps) -> list[dict[str, Any]]:
    """The causes people muted, still in force."""
    try:
        listed = json.loads(deps.store.get(keys.WATCH_MUTES) or "[]")
    except ValueError:
        return []
    return [m for m in listed if isinstance(m, dict) and deps.store.get(keys.watch_mute(str(m.get("cause"))))]


def lifted_defaults(deps: SlackDeps) -> list[str]:
    try:
        return [str(name) for name in json.loads(deps.store.get(f"{keys.WATCH_MUTES}:lifted") or "[]")]
    except ValueError:
        return []


def _listed(deps: SlackDeps, change: Any) -> None:
    deps.store.put(keys.WATCH_MUTES, json.dumps(change(mutes(deps))[-100:]), 400 * 86_400)


def ephemeral(client: WebClient, channel: str, user: str | None, said: str) -> None:
    """A note only this person sees, in the channel they acted in."""
    if not user:
        return
    try:
        client.chat_postEphemeral(channel=channel, user=user, text=said)
    except SlackApiError as exc:
        log.warning("could not send a private note: %s", exc.response.get("error"))


def _refresh_home(client: WebClient, deps: SlackDeps, user: str | None) -> None:
    from bot.slack.listeners.home import publish

    if user:
        publish(client, deps, user, True)


def register(app: App, deps: SlackDeps) -> None:
    bind(app.action("watch_mute"), lambda ack, body, action, client: on_mute(ack, body, action, client, deps), deps)
    bind(app.action(UNMUTE), lambda ack, body, action, client: on_unmute(ack, body, action, client, deps), deps)
    bind(app.action(DEFAULT_TOGGLE),
         lambda ack, body, action, client: on_default_toggled(ack, body, action, client, deps), deps)
