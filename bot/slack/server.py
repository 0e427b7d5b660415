"""Start the app: Socket Mode (no public URL) or HTTP behind waitress, a production WSGI server."""

from __future__ import annotations

import logging
import urllib.error
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt.error import BoltError

from bot.config import Settings

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HTTP_THREADS = 16

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class StartupError(Exception):
    """Slack refused the configuration (for example a revoked bot token): one clear line, no traceback."""


def serve(settings: Settings) -> int:
    from bot.slack.app import create_app

    try:
        app = create_app(settings)
    except BoltError as exc:
        raise StartupError(f"SLACK_BOT_TOKEN: Slack rejected the bot token ({_reason(exc)}); copy it again "
                           "from your app's OAuth & Permissions page.") from None
    except urllib.error.URLError as exc:
        raise StartupError(f"could not reach Slack's Web API ({exc.reason}); check the network or "
                           "SLACK_API_URL.") from None
    if settings.socket_mode:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        log.warning("decode-bot is running in Socket Mode")
        SocketModeHandler(app, settings.slack_app_token).start()  # type: ignore[no-untyped-call]
        return 0
    import waitress

    log.warning("decode-bot is listening on port %d at %s", settings.port, EVENTS_PATH)
    waitress.serve(wsgi_app(app), host="0.0.0.0", port=settings.port, threads=HTTP_THREADS,
                   connection_limit=1000, ident="decode-bot")
    return 0


def wsgi_app(app: Any) -> WsgiApp:
    """Slack requests at /slack/events, a health check at /healthz, 404 elsewhere."""
    from slack_bolt.adapter.wsgi import SlackRequestHandler

    bolt = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == EVENTS_PATH:
            return bolt(environ, start_response)
        if path == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok\n"]
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found\n"]

    return application


def _reason(exc: BoltError) -> str:
    message = str(exc)
    for code in ("invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"):
        if code in message:
            return code
    return "auth.test failed"
