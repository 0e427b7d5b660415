"""moto's DynamoDB in server mode on a free loopback port: real HTTP, started and stopped by the tests."""

from __future__ import annotations

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
