"""moto's DynamoDB in server mode on a free loopback port: real HTTP, started and stopped by the tests."""

from __future__ import annotations

import contextlib
import socket
import time
import urllib.request

from moto.server import ThreadedMotoServer


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class FakeDynamoDb:
    def __init__(self) -> None:
        self.port = _free_port()
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FakeDynamoDb:
        self.server.start()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/moto-api/", timeout=1).close()
                return self
            except OSError:
                time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.server.stop()

    def env(self) -> dict[str, str]:
        """What a process needs to use it: the endpoint and credentials moto accepts."""
        return {"AWS_ENDPOINT_URL_DYNAMODB": self.url, "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1", "STATE_BACKEND": "dynamodb"}


class DynamoProxy:
    """A proxy in front of the fake DynamoDB that can delay every call, or fail every call (HTTP 500) for a moment."""

    def __init__(self, target: FakeDynamoDb) -> None:
        import urllib.error

        from tests.fakes.http import LoopbackServer, QuietHandler

        self.delay = 0.0
        self.failing_until = 0.0  # time.monotonic() until which every call fails
        proxy = self

        class Handler(QuietHandler):
            def do_POST(self) -> None:
                body = self.read_body()
                if time.monotonic() < proxy.failing_until:
                    self.send_body(500, b'{"__type": "InternalServerError", "message": "injected"}',
                                   "application/x-amz-json-1.0")
                    return
                time.sleep(proxy.delay)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                request = urllib.request.Request(target.url + self.path, data=body, headers=headers, method="POST")
                try:
                    with urllib.request.urlopen(request, timeout=10) as response:
                        status, payload, kind = response.status, response.read(), response.headers["Content-Type"]
                except urllib.error.HTTPError as error:
                    status, payload, kind = error.code, error.read(), error.headers["Content-Type"]
                with contextlib.suppress(OSError):  # the client gave up waiting
                    self.send_body(status, payload, kind or "application/x-amz-json-1.0")

        self.server = LoopbackServer(Handler).start()

    def env(self) -> dict[str, str]:
        return {"AWS_ENDPOINT_URL_DYNAMODB": self.server.url, "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1", "STATE_BACKEND": "dynamodb"}

    def stop(self) -> None:
        self.server.stop()
