"""Socket Mode end to end: apps.connections.open on the fake Web API hands out a local WebSocket, the fake
pushes an events_api envelope, and decode-bot must acknowledge it and answer in the thread."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from websockets.sync.server import ServerConnection, serve

from tests.builders import PASSROLE_MESSAGE, cli_error, make_token
from tests.conftest import ISOLATED_AWS_ENV, aws_env_for
from tests.fakes.slack import BOT_TOKEN, FakeSlack
from tests.fakes.sts import FakeSts
from tests.slack_harness import event_body, library_records_below_warning, message_event

TOKEN = make_token(71)


class FakeSocketModeEndpoint:
    def __init__(self) -> None:
        self.outbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.received: list[dict[str, Any]] = []
        self.connected = threading.Event()
        self.server = serve(self._session, "127.0.0.1", 0)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.socket.getsockname()[:2]
        return f"ws://{host}:{port}/link"

    def _session(self, connection: ServerConnection) -> None:
        connection.send(json.dumps({"type": "hello", "num_connections": 1, "debug_info": {"host": "local"},
                                    "connection_info": {"app_id": "A0001"}}))
        self.connected.set()
        while True:
            try:
                envelope = self.outbox.get(timeout=0.05)
                connection.send(json.dumps(envelope))
            except queue.Empty:
                pass
            try:
                message = connection.recv(timeout=0.01)
            except TimeoutError:
                continue
            except Exception:
                return
            self.received.append(json.loads(message))

    def acks(self) -> list[str]:
        return [m["envelope_id"] for m in self.received if "envelope_id" in m]


@pytest.fixture
def endpoint() -> Iterator[FakeSocketModeEndpoint]:
    fake = FakeSocketModeEndpoint()
    fake.thread.start()
    yield fake
    fake.server.shutdown()


def test_socket_mode_answers_a_pasted_error_in_its_thread(endpoint: FakeSocketModeEndpoint) -> None:
    slack, sts = FakeSlack().start(), FakeSts().start()
    slack.state.socket_url = endpoint.url
    sts.state.messages[TOKEN] = PASSROLE_MESSAGE
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "SLACK_", "DECODER_"))}
    env.update(ISOLATED_AWS_ENV)
    env.update(aws_env_for(sts))
    env.update(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_APP_TOKEN="xapp-1-A0001-1-testsecret", SLACK_API_URL=slack.api_url,
               LOG_LEVEL="DEBUG")  # what Bolt and the Socket Mode client write at DEBUG must not leak either
    log = tempfile.TemporaryFile("w+")  # noqa: SIM115 - read after the process ends, closed below
    process = subprocess.Popen([sys.executable, "-m", "bot"], env=env, stdout=log, stderr=subprocess.STDOUT,
                               cwd=tempfile.mkdtemp(prefix="decode-bot-cwd-"))  # never the developer's .env
    try:
        assert endpoint.connected.wait(20), "decode-bot never connected"
        [opened] = slack.state.of("apps.connections.open")
        assert opened.headers.get("Authorization") == "Bearer xapp-1-A0001-1-testsecret"
        event = message_event("canary-socket-5b1e " + cli_error(TOKEN))
        endpoint.outbox.put({"envelope_id": "env-1", "type": "events_api", "accepts_response_payload": False,
                             "retry_attempt": 0, "retry_reason": "", "payload": event_body(event)})
        [reply] = [c for c in slack.state.wait_for("chat.postMessage", timeout=15)]
        assert reply.params["thread_ts"] == event["ts"]
        assert "iam:PassRole" in reply.params["text"]
        deadline = time.monotonic() + 5
        while "env-1" not in endpoint.acks() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "env-1" in endpoint.acks()
    finally:
        process.terminate()  # SIGTERM: disconnect, finish what is in flight, exit 0
        exit_code = process.wait(timeout=30)
        slack.stop()
        sts.stop()
        log.seek(0)
        output = log.read()
        log.close()
    assert TOKEN not in output
    assert "testsecret" not in output
    assert "canary-socket-5b1e" not in output and "EC2_instance_Profile_role" not in output
    assert not library_records_below_warning(output)
    assert exit_code == 0, output
