"""Start the app: Socket Mode (no public URL) or HTTP behind waitress, a production WSGI server."""

from __future__ import annotations

import io
import json
import logging
import urllib.error
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

from slack_bolt.error import BoltError

from bot.settings import Settings

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HTTP_THREADS = 16
MAX_BODY_BYTES = 2 * 1024 * 1024  # Slack's own payloads are far smaller; larger bodies get 413

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
                   connection_limit=1000, ident="decode-bot", max_request_body_size=MAX_BODY_BYTES)
    return 0


def wsgi_app(app: Any) -> WsgiApp:
    """Slack requests at /slack/events, a health check at /healthz, 404 elsewhere."""
    from slack_bolt.adapter.wsgi import SlackRequestHandler

    bolt = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == EVENTS_PATH:
            body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
            if not _plausible(body, environ.get("CONTENT_TYPE", "")):
                return _bad_request(start_response)
            environ["wsgi.input"] = io.BytesIO(body)
            try:
                return bolt(environ, _no_server_errors(start_response))
            except Exception as exc:  # Bolt's request parsing chokes on some shapes ({"channel": false})
                log.warning("Bolt could not parse a request: %s", type(exc).__name__)
                return _bad_request(start_response)
        if path == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok\n"]
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found\n"]

    return application


def _bad_request(start_response: Callable[..., Any]) -> list[bytes]:
    start_response("400 Bad Request", [("Content-Type", "text/plain")])
    return [b"not a Slack request\n"]


def _no_server_errors(start_response: Callable[..., Any]) -> Callable[..., Any]:
    """Bolt answers 500 when a payload's shape breaks its own middleware (`"event": null`, found by fuzzing).
    With listeners running after the ack, that only ever means a malformed request: say 400, so that Slack
    does not retry it, and keep serving."""

    def guarded(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        if status.startswith("5"):
            log.warning("Bolt could not process a request (%s); answering 400", status.split(" ", 1)[0])
            status = "400 Bad Request"
        return start_response(status, headers, exc_info)

    return guarded


def _plausible(body: bytes, content_type: str) -> bool:
    """Bolt expects a JSON object (events) or a form whose `payload`, if any, is one (interactivity);
    anything else would crash it."""
    try:
        if content_type.startswith("application/json"):
            document = json.loads(body)
            return isinstance(document, dict) and isinstance(document.get("event", {}), dict)
        if content_type.startswith("application/x-www-form-urlencoded"):
            payload = parse_qs(body.decode("utf-8")).get("payload")
            return payload is None or isinstance(json.loads(payload[0]), dict)
    except (ValueError, RecursionError):  # not UTF-8, not JSON, or nested deeper than any Slack payload
        return False
    return False


def _reason(exc: BoltError) -> str:
    message = str(exc)
    for code in ("invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"):
        if code in message:
            return code
    return "auth.test failed"
