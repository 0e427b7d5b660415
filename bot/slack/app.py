"""create_app(): the Bolt app, built from Settings with no side effects at import."""

from __future__ import annotations

import dataclasses
import logging
import os
from typing import Any

from slack_bolt import App, BoltResponse

from bot.core.outcomes import Lookups
from bot.ops.doctor import Check
from bot.settings import Settings
from bot.slack.answers import Answerer
from bot.slack.client import SLACK_API_DEFAULT, web_client
from bot.slack.deps import SlackDeps
from bot.slack.files import SLACK_FILES_ORIGIN, origin
from bot.slack.policy import AccessPolicy
from bot.slack.status import StatusBoard
from bot.slack.work import Work
from bot.state import keys, open_store
from bot.state.store import Store

log = logging.getLogger(__name__)



def create_app(settings: Settings, lookups: Lookups | None = None, store: Store | None = None,
               work: Work | None = None, on_lambda: bool = False, verified_already: bool = False) -> App:
    """The Bolt app, without side effects beyond setting up its listeners."""
    ignore_oauth_variables()
    store = store or open_store(settings.state, settings.aws.region, secret=settings.slack.bot_token)
    if lookups is None:
        from bot.aws.lookups import AwsLookups

        # Only a shared store is worth a second copy of what the process cache already holds.
        lookups = AwsLookups(settings.aws, store=store if store.shared else None)
    deps = dataclasses.replace(build_deps(settings, lookups, store, work), lazy=on_lambda)
    app = App(
        name="slack_bolt.decode-bot",  # Bolt names its listener loggers after the app: these are library loggers
        client=web_client(settings.slack),
        signing_secret=settings.slack.signing_secret,
        # verified_already: Lambda's late second invocations, whose signature the entry point has checked.
        request_verification_enabled=not (settings.slack.socket_mode or verified_already),
        listener_executor=deps.work.listeners,
        process_before_response=on_lambda,  # Lambda freezes after the response: work runs in a lazy invocation
        token_verification_enabled=False,  # serve() has checked the token, retrying what Slack failed at
    )
    app.middleware(_deduplicate_events(store, on_lambda))

    from bot.slack.listeners import actions, catch_all, commands, home, mentions, messages, owners, shortcuts, watch

    # Order matters: Bolt runs the first listener that matches, so the catch-alls go last.
    for module in (commands, shortcuts, actions, watch, owners, home, mentions, messages, catch_all):
        module.register(app, deps)
    return app


def ignore_oauth_variables() -> None:
    """Bolt would silently switch to multi-workspace OAuth; decode-bot is a single-workspace app."""
    for name in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
        if os.environ.pop(name, None) is not None:
            log.warning("%s is set but not used by decode-bot; ignoring it", name)


def build_deps(settings: Settings, lookups: Lookups | None, store: Store, work: Work | None = None) -> SlackDeps:
    """Everything the listeners share; create_app() binds it to Bolt, unit tests call listeners with it."""
    api_origin = origin(settings.slack.api_url or SLACK_API_DEFAULT)

    def sweep() -> list[Check]:
        from bot.aws.lookups import AwsLookups
        from bot.ops.doctor import run_checks
        from bot.slack.client import slack_checks

        # The process's own clients: a sweep must not build a second set for every account.
        return run_checks(settings, slack_checks, lookups if isinstance(lookups, AwsLookups) else None)

    return SlackDeps(
        settings=settings,
        answers=Answerer(lookups, store, settings, AccessPolicy(settings.access, settings.limits, store)),
        store=store,
        file_origins=frozenset({SLACK_FILES_ORIGIN, *([api_origin] if api_origin else [])}),
        work=work or Work(),
        status=StatusBoard(sweep),
    )


def _deduplicate_events(store: Store, on_lambda: bool) -> Any:
    def deduplicate(body: dict[str, Any], request: Any, next: Any, logger: logging.Logger) -> Any:
        # Bolt hands later middleware the None that next() returned, so answer with a response of our own.
        if body.get("type") == "app_rate_limited":
            logger.warning("Slack is rate-limiting this app's events (minute %s)", body.get("minute_rate_limited"))
            return BoltResponse(status=200, body="")
        if on_lambda and request.headers.get("x-slack-bolt-lazy-only"):
            return next()  # Lambda's second invocation of an event the first one already claimed
        event_id = body.get("event_id")
        # Slack redelivers an event it thinks we missed (X-Slack-Retry-Num); answer each event once. A retry
        # whose first delivery never arrived has an unseen event_id and is processed normally.
        if isinstance(event_id, str) and not store.first_time(keys.event(event_id)):
            return BoltResponse(status=200, body="")
        return next()

    return deduplicate
