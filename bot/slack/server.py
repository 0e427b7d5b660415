"""Start the app: Socket Mode (no public URL) or HTTP behind waitress, a production WSGI server."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import signal
import threading
import time
import urllib.error
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

from slack_bolt.error import BoltError

from bot.concurrency import HTTP_THREADS
from bot.settings import Settings
from bot.slack.work import Work
from bot.state import open_store

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
MAX_BODY_BYTES = 2 * 1024 * 1024  # Slack's own payloads are far smaller; larger bodies get 413

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class StartupError(Exception):
    """The app cannot start; `configuration` says whether the configuration is at fault (exit 2) or not (1)."""

    def __init__(self, message: str, configuration: bool) -> None:
        super().__init__(message)
        self.configuration = configuration


class _Stop(Exception):
    """SIGTERM or SIGINT: stop accepting, finish what was acknowledged, exit 0."""


# auth.test errors that mean the token itself is wrong, not that Slack is having a moment.
_REJECTED = frozenset({"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired",
                       "not_allowed_token_type", "missing_scope", "no_permission"})


def serve(settings: Settings) -> int:
    from bot.slack.app import create_app, ignore_oauth_variables

    ignore_oauth_variables()
    verify_token(settings)
    verify_allow_lists(settings)
    work = Work()
    store = open_store(settings.state, settings.aws.region, secret=settings.slack.bot_token)
    try:
        app = create_app(settings, store=store, work=work)
    except BoltError as exc:
        raise StartupError(f"Slack app could not be created ({type(exc).__name__}).", configuration=True) from None
    _stop_on_signals()
    poller = watch_poller(settings, store, app.client)
    from bot.slack.owners import Owners, Sweeper

    sweeper = Sweeper(Owners(settings, store, app.client, None)).start()
    try:
        if settings.slack.socket_mode:
            _serve_socket_mode(app, settings)
        else:
            _serve_http(app, settings, work)
    finally:
        sweeper.stop()
        if poller is not None:
            poller.stop()
    finished = work.drain(settings.slack.shutdown_grace)
    log.warning("decode-bot stopped%s", "" if finished else " with unfinished answers (grace period over)")
    return 0


def watch_poller(settings: Settings, store: Any, client: Any) -> Any:
    """With WATCH_QUEUE_URL, the denial watch's queue, polled in a background thread (started)."""
    if not settings.watch.queue_url:
        return None
    from bot.aws.queue import QueuePoller, sqs_client
    from bot.slack.watch import Watch

    if store.shared:  # its own connection to the table: strict (never counts in memory) and patient
        store = open_store(settings.state, settings.aws.region, timeout_seconds=5, secret=settings.slack.bot_token,
                           strict=True)
    watch = Watch(settings, store, client)
    queue = settings.watch.queue_url
    return QueuePoller(sqs_client(queue, settings.aws.region), queue, watch.handle_bodies, watch.flush,
                       pending=lambda: watch.pending).start()


def verify_token(settings: Settings) -> None:
    """auth.test before anything else: a rejected token is a configuration problem; Slack unreachable, slow or
    failing (5xx, 429) is retried briefly, then reported as what it is."""
    from slack_sdk.errors import SlackApiError

    from bot.slack.client import web_client

    client = web_client(settings.slack)
    deadline = time.monotonic() + settings.slack.startup_seconds
    cause = "no answer"
    while time.monotonic() < deadline:
        try:
            client.auth_test()
            return
        except SlackApiError as exc:
            error = str(exc.response.get("error") or "")
            if error in _REJECTED:
                raise StartupError(f"SLACK_BOT_TOKEN: Slack rejected the bot token ({error}); copy it again from "
                                   "your app's OAuth & Permissions page.", configuration=True) from None
            cause = f"Slack answered {exc.response.status_code} {error}".strip()
        except (urllib.error.URLError, OSError) as exc:
            cause = f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"
        time.sleep(min(2.0, max(0.0, deadline - time.monotonic())))
    raise StartupError(f"could not reach Slack's Web API in {settings.slack.startup_seconds:g}s ({cause}); check the "
                       "network or SLACK_API_URL.", configuration=False)


def verify_allow_lists(settings: Settings) -> None:
    """An allow-list entry that is a name, not an ID, would lock out everyone it was meant to let in: refuse to
    start, one line per entry, naming the ID to use."""
    from bot.slack import allowlists
    from bot.slack.client import web_client

    problems = allowlists.problems(web_client(settings.slack), settings.access)
    if problems:
        raise StartupError("\n".join(problems), configuration=True)


def _stop_on_signals() -> None:
    def stop(signum: int, frame: Any) -> None:
        log.warning("signal %d: no longer accepting, finishing the answers in flight", signum)
        raise _Stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)


def _serve_socket_mode(app: Any, settings: Settings) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    handler = SocketModeHandler(app, settings.slack.app_token)
    log.warning("decode-bot is running in Socket Mode")
    try:
        with contextlib.suppress(_Stop):  # SIGTERM/SIGINT end the wait; closing follows
            handler.connect()  # type: ignore[no-untyped-call]
            threading.Event().wait()
    finally:
        handler.close()  # type: ignore[no-untyped-call]


def http_server(app: Any, settings: Settings, work: Work | None = None, host: str = "0.0.0.0") -> Any:
    """The production HTTP server (waitress) for the app, listening, not yet serving."""
    from waitress.server import create_server

    idle, whole = settings.slack.http_idle_timeout, settings.slack.http_request_seconds
    server = create_server(
        wsgi_app(app, work), host=host, port=settings.slack.port, threads=HTTP_THREADS, ident="decode-bot",
        connection_limit=settings.slack.http_max_connections, channel_timeout=idle,
        cleanup_interval=max(1, int(min(idle, whole) // 2)), max_request_body_size=MAX_BODY_BYTES)
    _close_slow_requests(server, whole)
    return server


def _close_slow_requests(server: Any, seconds: float) -> None:
    """A request must arrive whole within `seconds`: waitress closes only idle connections, so a client sending a
    header line every few seconds would hold its connection for ever, and enough of them every connection."""
    idle_maintenance = server.maintenance
    started: dict[int, tuple[object, float]] = {}  # channel -> (the request being received, when it began)

    def maintenance(now: float) -> None:
        idle_maintenance(now)
        seen = set()
        for channel in list(server.active_channels.values()):
            request = channel.request  # received in part, or None
            if request is None or request.completed:
                continue
            seen.add(id(channel))
            known = started.get(id(channel))
            if known is None or known[0] is not request:
                started[id(channel)] = (request, now)
            elif now - known[1] > seconds:
                log.warning("closing a connection whose request did not arrive within %gs", seconds)
                channel.will_close = True
        for gone in set(started) - seen:
            del started[gone]

    server.maintenance = maintenance


def _serve_http(app: Any, settings: Settings, work: Work) -> None:
    server = http_server(app, settings, work)
    log.warning("decode-bot is listening on port %d at %s", settings.slack.port, EVENTS_PATH)
    try:
        with contextlib.suppress(_Stop):  # SIGTERM/SIGINT end the loop; the graceful close follows
            server.run()
    finally:
        server.close()  # stop accepting; acknowledged work goes on in the listener threads
        server.task_dispatcher.shutdown(cancel_pending=False, timeout=5)


def wsgi_app(app: Any, work: Work | None = None) -> WsgiApp:
    """Slack requests at /slack/events, a health check at /healthz (with the number of acknowledged requests still
    being answered, for whoever waits for the bot to be idle: a rolling deploy, a test), 404 elsewhere."""
    from slack_bolt.adapter.wsgi import SlackRequestHandler

    bolt = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == EVENTS_PATH:
            body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
            if not plausible(body, environ.get("CONTENT_TYPE", "")):
                return _bad_request(start_response)
            environ["wsgi.input"] = io.BytesIO(body)
            try:
                return bolt(environ, _no_server_errors(start_response))
            except Exception as exc:  # Bolt's request parsing chokes on some shapes ({"channel": false})
                log.warning("Bolt could not parse a request: %s", type(exc).__name__)
                return _bad_request(start_response)
        if path == "/healthz":
            in_flight = [("X-In-Flight", str(work.in_flight))] if work else []
            start_response("200 OK", [("Content-Type", "text/plain"), *in_flight])
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


def plausible(body: bytes, content_type: str) -> bool:
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
