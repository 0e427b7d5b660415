"""Run decode-bot against the local fakes: `LiveBot`, the app `decode-bot run` serves, built from the same
environment variables and served by the same HTTP server, in this process, which knows when the bot is idle;
`RunningBot`, the console script itself (HTTP mode, free port), for what only a process shows (signals, exit
codes, start-up, two processes sharing state)."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import itertools
import json
import logging
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import waitress

from bot.core.outcomes import FunctionLookups, LookupOutcome
from tests.conftest import ISOLATED_AWS_ENV, aws_env_for
from tests.fakes.accessanalyzer import FakeAccessAnalyzer
from tests.fakes.iam import FakeIam
from tests.fakes.slack import BOT_TOKEN, TEAM_ID, FakeSlack
from tests.fakes.sts import FakeSts
from tests.fakes.toolbox import FakeToolbox

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
_counter = itertools.count(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def sign(body: bytes, timestamp: int, secret: str = SIGNING_SECRET) -> str:
    base = f"v0:{timestamp}:".encode() + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def unique_ts() -> str:
    return f"{int(time.time())}.{next(_counter):06d}"


class RunningBot:
    """decode-bot started with `python -m bot run --mode http`; logs go to a file the tests can read."""

    def __init__(self, slack: FakeSlack, sts: FakeSts, toolbox: FakeToolbox | None = None, **env: str) -> None:
        self.port = free_port()
        self.log_path = Path(tempfile.mkstemp(prefix="decode-bot-", suffix=".log")[1])
        base = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "SLACK_", "DECODER_"))}
        base.update(ISOLATED_AWS_ENV)
        base.update(aws_env_for(sts, toolbox, STS_TIMEOUT_SECONDS="6"))
        base.update(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=slack.api_url,
                    PORT=str(self.port), LOG_LEVEL="INFO")
        base.update(env)
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen([sys.executable, "-m", "bot", "run", "--mode", "http"], env=base,
                                        stdout=self._log, stderr=subprocess.STDOUT,
                                        cwd=tempfile.mkdtemp(prefix="decode-bot-cwd-"))  # no developer's .env
        self.url = f"http://127.0.0.1:{self.port}"
        self._wait_until_up()

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"decode-bot exited: {self.log_path.read_text()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("decode-bot did not start: " + self.log_path.read_text())

    def idle(self, timeout: float = 10.0) -> None:
        """Wait until every request acknowledged so far has been answered (or shed): /healthz says how many are
        still being worked on."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                if response.headers.get("X-In-Flight") == "0":
                    return
            time.sleep(0.01)
        raise AssertionError("the bot is still busy")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._log.close()

    def logs(self) -> str:
        return self.log_path.read_text()

    # --- requests as Slack sends them ---------------------------------------------------------------

    def post(self, body: bytes, content_type: str, *, signed: bool = True, timestamp: int | None = None,
             headers: dict[str, str] | None = None, secret: str = SIGNING_SECRET) -> tuple[int, bytes, float]:
        stamp = int(time.time()) if timestamp is None else timestamp
        request_headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": str(stamp)}
        if signed:
            request_headers["X-Slack-Signature"] = sign(body, stamp, secret)
        request_headers.update(headers or {})
        request = urllib.request.Request(self.url + "/slack/events", data=body, headers=request_headers)
        start = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read(), time.monotonic() - start
        except urllib.error.HTTPError as error:
            return error.code, error.read(), time.monotonic() - start

    def post_event(self, event: dict[str, Any], *, event_id: str | None = None, retry_num: int | None = None,
                   **kwargs: Any) -> tuple[int, bytes, float]:
        body = event_body(event, event_id)
        headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"} if retry_num else {}
        return self.post(json.dumps(body).encode(), "application/json", headers=headers, **kwargs)

    def post_command(self, text: str, response_url: str, command: str = "/decode") -> tuple[int, bytes, float]:
        form = {"token": "x", "team_id": TEAM_ID, "channel_id": "C0NOTIN", "user_id": "U0ASKER",
                "command": command, "text": text, "response_url": response_url, "trigger_id": "1.2.3"}
        return self.post(urlencode(form).encode(), "application/x-www-form-urlencoded")

    def post_interactive(self, payload: dict[str, Any]) -> tuple[int, bytes, float]:
        return self.post(urlencode({"payload": json.dumps(payload)}).encode(), "application/x-www-form-urlencoded")


def event_body(event: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
    return {
        "token": "x", "team_id": TEAM_ID, "api_app_id": "A0001", "type": "event_callback",
        "event_id": event_id or f"Ev{next(_counter):08d}", "event_time": int(time.time()),
        "event": event, "authorizations": [{"team_id": TEAM_ID, "user_id": "UBOT0001", "is_bot": True}],
    }


def message_event(text: str, **extra: Any) -> dict[str, Any]:
    ts = unique_ts()
    event = {"type": "message", "channel": "C0CHAN", "channel_type": "channel", "user": "U0PERSON", "text": text,
             "ts": ts, "event_ts": ts, "team": TEAM_ID}
    event.update(extra)
    return event


class LiveBot(RunningBot):
    """The app `decode-bot run --mode http` serves, from the same variables, on waitress on loopback, in this
    process: os.environ holds the bot's variables while it runs (botocore reads its endpoints there), and its logs go
    through decode-bot's own redacting handler into memory."""

    def __init__(self, slack: FakeSlack, sts: FakeSts, toolbox: FakeToolbox | None = None,
                 iam: FakeIam | None = None, analyzer: FakeAccessAnalyzer | None = None, **env: str) -> None:
        import dataclasses
        import io

        from bot.ops import logs
        from bot.settings import VARIABLES, Settings, log_level
        from bot.slack.app import create_app
        from bot.slack.server import http_server
        from bot.slack.work import Work

        read = {name for variable in VARIABLES for name in (variable.name, *variable.also)} | {"LOG_LEVEL"}
        variables = {k: v for k, v in os.environ.items()
                     if not k.startswith(("AWS_", "SLACK_", "DECODER_")) and k not in read}  # another bot's
        variables.update(ISOLATED_AWS_ENV)
        variables.update(aws_env_for(sts, toolbox, iam, analyzer, STS_TIMEOUT_SECONDS="6"))
        variables.update(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=slack.api_url,
                         LOG_LEVEL="INFO")
        variables.update(env)
        self._saved_environ = dict(os.environ)
        os.environ.clear()
        os.environ.update(variables)
        self._log = io.StringIO()
        self._saved_logging = _logging_state()
        logs.configure(log_level(variables), self._log)
        settings = Settings.from_env(variables)
        settings = dataclasses.replace(settings, slack=dataclasses.replace(settings.slack, port=0))
        self.work = Work()
        self.server = http_server(create_app(settings, work=self.work), settings, self.work, host="127.0.0.1")
        self.port = self.server.effective_port
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()


    @property
    def alive(self) -> bool:
        return self.thread.is_alive()

    def stop(self) -> None:
        self.server.close()
        self.work.drain(5)
        _restore_logging(self._saved_logging)
        os.environ.clear()
        os.environ.update(self._saved_environ)

    def logs(self) -> str:
        return self._log.getvalue()

    def _serve(self) -> None:
        with contextlib.suppress(OSError):  # stop() closes the sockets under the loop
            self.server.run()


LoggingState = tuple[list[tuple[logging.Logger, list[logging.Handler], bool, int]], list[logging.Handler], int]


def _logging_state() -> LoggingState:
    loggers = [logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)]
    root = logging.getLogger()
    return ([(logger, logger.handlers[:], logger.propagate, logger.level) for logger in loggers], root.handlers[:],
            root.level)


def _restore_logging(state: LoggingState) -> None:
    for logger, handlers, propagate, level in state[0]:
        logger.handlers[:], logger.propagate, logger.level = handlers, propagate, level
    root = logging.getLogger()
    root.handlers[:], root.level = state[1], state[2]


class InProcessBot(RunningBot):
    _serve = LiveBot._serve

    """The real Bolt app behind waitress on loopback, in this process, so a test can replace its decoder."""

    def __init__(self, slack: FakeSlack, decode: Callable[[str], LookupOutcome], **env: str) -> None:
        from bot.settings import Settings
        from bot.slack.app import create_app
        from bot.slack.server import wsgi_app

        settings = Settings.from_env({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                                      "SLACK_API_URL": slack.api_url, "LIMIT_USER_DECODES_PER_MINUTE": "100000",
                                      "LIMIT_CHANNEL_DECODES_PER_MINUTE": "100000", **env})
        self.server = waitress.create_server(wsgi_app(create_app(settings, FunctionLookups(decode))), host="127.0.0.1",
                                             port=0, threads=4)
        self.url = f"http://127.0.0.1:{self.server.effective_port}"  # type: ignore[union-attr]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.close()


def library_records_below_warning(logs: str) -> list[str]:
    """Lines a library (Bolt, the Slack SDK, botocore …) wrote at INFO or DEBUG: where request bodies hide."""
    libraries = ("slack_bolt", "slack_sdk", "botocore", "boto3", "urllib3", "websocket", "waitress")
    return [line for line in logs.splitlines()
            if any(f" {level} {name}" in line for level in ("DEBUG", "INFO") for name in libraries)]
