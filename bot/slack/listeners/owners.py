""""Ask the owner": the button on an answer opens a modal (what you were trying to do, how urgent); the request
card goes to the owners' channel, whose members decide with its buttons ("Will change it", "Decline", "Expected,
mute"). Each step is audited; people from another organization can neither ask nor decide."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.asking import askable
from bot.core.explain import attach_name
from bot.core.pipeline import Finding
from bot.i18n import Line, text
from bot.ops import audit
from bot.ops.audit import Asker
from bot.render.blocks import ASK_OWNER
from bot.render.voices import PLAIN, SLACK
from bot.slack.deps import SlackDeps, bind
from bot.slack.listeners.shortcuts import slack_id, user_team
from bot.slack.listeners.watch import ephemeral, may_act, mute_cause
from bot.slack.owners import DECISIONS, URGENCIES, Owners, Request, quietly
from bot.vocab import Surface

log = logging.getLogger(__name__)
ASK_VIEW = "ask_owner_submit"
DECISION_VIEW = "owner_decision_submit"


def owners(client: WebClient, deps: SlackDeps) -> Owners:
    return Owners(deps.settings, deps.store, client, deps.answers.lookups)


def on_ask_pressed(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                   deps: SlackDeps) -> None:
    ack()
    asker = _asker(body)
    lang = deps.answers.policy.language(client, asker.user)
    refusal = _refusal(client, deps, asker)
    if refusal is not None:
        _tell(client, body, asker, text(refusal, lang, SLACK))
        return
    message = body.get("message") if isinstance(body.get("message"), dict) else {}
    container = body.get("container") if isinstance(body.get("container"), dict) else {}
    private = bool((container or {}).get("is_ephemeral")) or not message
    thread = None if private else str((message or {}).get("thread_ts") or (message or {}).get("ts") or "") or None
    metadata = {"reference": str(action.get("value") or ""), "channel": asker.channel, "thread": thread,
                "response_url": body.get("response_url")}
    urgencies = [{"text": {"type": "plain_text", "text": text(f"owner.urgency.{u}", lang)}, "value": u}
                 for u in URGENCIES]
    _open_form(client, body, ASK_VIEW, metadata, "owner.modal.title", [
        {"type": "section", "text": {"type": "mrkdwn", "text": text("owner.modal.intro", lang, SLACK)}},
        _typed("purpose", text("owner.modal.purpose", lang), optional=False),
        {"type": "input", "block_id": "urgency", "optional": True, "label": {"type": "plain_text", "text": text(
            "owner.modal.urgency", lang)}, "element": {"type": "static_select", "action_id": "value",
                                                       "options": urgencies}},
    ], lang)


def on_ask_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
                     deps: SlackDeps) -> None:
    ack()
    metadata, asker, lang = _submitted(body, view, client, deps)
    user = asker.user
    values = _values(view)
    words, urgency = values.get("purpose", "").strip(), values.get("urgency") or "soon"
    refusal = _refusal(client, deps, asker)
    found = refusal if refusal is not None else deps.answers.for_owner(
        client, str(metadata.get("reference") or ""), asker, deps.settings.access.default_language)
    if isinstance(found, Line):
        _tell_privately(client, metadata, asker, text(found, lang, SLACK))
        return
    finding = next((f for f in found if askable(f)), None)
    if finding is None or not words or urgency not in URGENCIES:
        _tell_privately(client, metadata, asker, text("owner.not_askable", lang, SLACK))
        return
    thread = metadata.get("thread")
    engine = owners(client, deps)
    try:
        request = engine.ask(finding, user or "", lang, (asker.channel if thread else None, thread), words, urgency)
    except SlackApiError as exc:
        error = str(exc.response.get("error") or "")
        log.error("could not post a request to the owners: %s", error)
        _tell_privately(client, metadata, asker, text(Line("owner.not_sent", error=error), lang, SLACK))
        return
    if request is None:
        audit.record(asker, "ask_owner_nobody", finding)
        _tell_privately(client, metadata, asker, _no_owner(deps, finding, lang))
        return
    audit.record(asker, f"ask_owner:{request.id}", finding)
    channel = f"<#{request.owner_channel}>"
    said = Line("owner.sent" if thread else "owner.sent_private", channel=channel)
    _tell_privately(client, metadata, asker, text(said, lang, PLAIN))
    if thread and asker.channel:
        try:
            client.chat_postMessage(channel=asker.channel, thread_ts=thread,
                                    text=f"<@{user}> {text('owner.asked_in_thread', deps.lang, SLACK)}")
        except SlackApiError as exc:
            log.warning("could not say in the thread that the owners were asked: %s", exc.response.get("error"))


def on_decision_pressed(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                        deps: SlackDeps) -> None:
    ack()
    decision = str(action.get("action_id") or "").removeprefix("owner_")
    asker = _asker(body)
    lang = deps.answers.policy.language(client, asker.user)
    engine = owners(client, deps)
    request = engine.load(str(action.get("value") or ""))
    if decision not in DECISIONS or request is None or (decision == "expected" and not (
            deps.settings.watch.on and request.cause)):
        return  # "Expected, mute" is offered only where the denial watch is on and knows the cause
    if not may_act(client, deps, asker):
        audit.record(asker, "owner_decide_refused")
        _tell(client, body, asker, text("owner.refused_decide", lang, SLACK))
        return
    if request.state != "open":
        _tell(client, body, asker, _stale(engine, request, lang))
        return
    if decision == "expected":
        _decide(client, deps, engine, asker, request.id, decision, "", lang)
        return
    required = decision == "decline"
    note = _typed("note", text("owner.modal.reason" if required else "owner.modal.note", lang), optional=not required)
    _open_form(client, body, DECISION_VIEW, {"request": request.id, "decision": decision, "channel": asker.channel},
               f"owner.modal.{decision}_title", [note], lang)


def on_decision_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
                          deps: SlackDeps) -> None:
    ack()
    metadata, asker, lang = _submitted(body, view, client, deps)
    decision, note = str(metadata.get("decision") or ""), _values(view).get("note", "").strip()
    if decision not in DECISIONS or (decision == "decline" and not note):
        return
    if not may_act(client, deps, asker):
        audit.record(asker, "owner_decide_refused")
        return
    _decide(client, deps, owners(client, deps), asker, str(metadata.get("request") or ""), decision, note, lang)


def _decide(client: WebClient, deps: SlackDeps, engine: Owners, asker: Asker, request_id: str, decision: str,
            note: str, lang: str) -> None:
    request, decided = engine.decide(request_id, decision, asker.user, note)
    if request is None:
        return
    if not decided:
        ephemeral(client, request.owner_channel, asker.user, _stale(engine, request, lang))
        return
    audit.record(asker, f"owner_{decision}:{request.id}")
    if decision == "expected" and request.cause and deps.settings.watch.on:
        mute_cause(deps, request.cause, asker.user or "", request.owner_channel, None, request.fallback)
        ephemeral(client, request.owner_channel, asker.user, text("owner.decided.muted", lang, SLACK))


def _stale(engine: Owners, request: Request, lang: str) -> str:
    return text(Line("owner.stale", decision=engine.decision_line(request, lang)), lang, PLAIN)


def _no_owner(deps: SlackDeps, finding: Finding, lang: str) -> str:
    """Said plainly, with whom to ask instead (the administrators App Home names), never a request nobody sees."""
    policy = attach_name(finding.explanation.placement.target) if finding.explanation else Line("owner.card.not_named")
    said = text(Line("owner.no_owner", policy=policy), lang, SLACK)
    admins = [f"<@{user}>" for user in sorted(deps.settings.access.admin_users)]
    if deps.settings.watch.admins:
        admins.append(f"<!subteam^{deps.settings.watch.admins}>")
    if admins:
        return f"{said}\n{text('owner.no_owner_ask', lang, SLACK)} {', '.join(admins)}"
    return f"{said}\n{text('owner.no_owner_nobody', lang, SLACK)}"


def _refusal(client: WebClient, deps: SlackDeps, asker: Asker) -> Line | None:
    """People allowed to use the private surfaces may ask; never someone from another organization, whatever
    ALLOW_EXTERNAL_USERS says (a request speaks for this workspace)."""
    if deps.answers.policy.external(client, asker):
        audit.record(asker, "ask_owner_external")
        return Line("owner.refused_external")
    return deps.answers.policy.decide(client, asker).refusal


def _asker(body: dict[str, Any]) -> Asker:
    return Asker(Surface.DETAILS, slack_id(body.get("team")), slack_id(body.get("channel")),
                 slack_id(body.get("user")), user_team(body))


def _open_form(client: WebClient, body: dict[str, Any], callback: str, metadata: dict[str, Any], title: str,
               blocks: list[dict[str, Any]], lang: str) -> None:
    view = {"type": "modal", "callback_id": callback, "private_metadata": json.dumps(metadata),
            "title": {"type": "plain_text", "text": text(title, lang)[:24]},
            "submit": {"type": "plain_text", "text": text("owner.modal.submit", lang)[:24]},
            "close": {"type": "plain_text", "text": text("owner.modal.cancel", lang)[:24]}, "blocks": blocks}
    try:
        client.views_open(trigger_id=str(body.get("trigger_id") or ""), view=view)
    except SlackApiError as exc:
        log.warning("could not open a form (%s): %s", callback, exc.response.get("error"))


def _typed(block_id: str, label: str, optional: bool) -> dict[str, Any]:
    """A text box of at most 2,000 characters, read back by _values()."""
    return {"type": "input", "block_id": block_id, "optional": optional,
            "label": {"type": "plain_text", "text": label},
            "element": {"type": "plain_text_input", "action_id": "value", "multiline": True, "max_length": 2000}}


def _submitted(body: dict[str, Any], view: dict[str, Any], client: WebClient, deps: SlackDeps
               ) -> tuple[dict[str, Any], Asker, str]:
    """A form's metadata, who sent it (in the conversation the form was opened from) and their language."""
    metadata = _metadata(view)
    user = slack_id(body.get("user"))
    asker = Asker(Surface.DETAILS, slack_id(body.get("team")), metadata.get("channel"), user, user_team(body))
    return metadata, asker, deps.answers.policy.language(client, user)


def _metadata(view: dict[str, Any]) -> dict[str, Any]:
    try:
        found = json.loads(str(view.get("private_metadata") or "{}"))
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _values(view: dict[str, Any]) -> dict[str, str]:
    """Each input block's value: typed text, or the chosen option's value."""
    values: dict[str, str] = {}
    for block, actions in ((view.get("state") or {}).get("values") or {}).items():
        element = (actions or {}).get("value") or {}
        chosen = element.get("selected_option") or {}
        values[block] = str(element.get("value") or chosen.get("value") or "")
    return values


def _tell(client: WebClient, body: dict[str, Any], asker: Asker, said: str) -> None:
    _tell_privately(client, {"response_url": body.get("response_url"), "channel": asker.channel}, asker, said)


def _tell_privately(client: WebClient, metadata: dict[str, Any], asker: Asker, said: str) -> None:
    """Only to the person: in the conversation they pressed the button in when Slack allows, else in a DM."""
    url = metadata.get("response_url")
    if isinstance(url, str) and url:
        from slack_sdk.webhook import WebhookClient

        try:
            if WebhookClient(url).send(text=said, response_type="ephemeral", replace_original=False).status_code < 400:
                return
        except OSError as exc:
            log.warning("could not answer through response_url: %s", type(exc).__name__)
    if asker.user:
        quietly(lambda: client.chat_postMessage(channel=asker.user or "", text=said))




def register(app: App, deps: SlackDeps) -> None:
    bind(app.action(ASK_OWNER), lambda ack, body, action, client: on_ask_pressed(ack, body, action, client, deps),
         deps)
    bind(app.view(ASK_VIEW), lambda ack, body, view, client: on_ask_submitted(ack, body, view, client, deps), deps)
    for decision in DECISIONS:
        bind(app.action(f"owner_{decision}"),
             lambda ack, body, action, client: on_decision_pressed(ack, body, action, client, deps), deps)
    bind(app.view(DECISION_VIEW),
         lambda ack, body, view, client: on_decision_submitted(ack, body, view, client, deps), deps)
