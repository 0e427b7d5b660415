"""Snippets are read with the bot token, which must never reach anyone but Slack (issue 11, point 2)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import ClassVar

import pytest

from bot.slack.files import SLACK_FILES_ORIGIN, origin, snippet_texts
from tests.fakes.http import LoopbackServer, QuietHandler
from tests.fakes.slack import BOT_TOKEN, FakeSlack, running_slack


class _Elsewhere(QuietHandler):
    seen: ClassVar[list[dict[str, str]]] = []

    def do_GET(self) -> None:
        _Elsewhere.seen.append(dict(self.headers.items()))
        self.send_body(200, b"Encoded authorization failure message: stolen", "text/plain")


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    yield from running_slack()


@pytest.fixture
def elsewhere() -> Iterator[LoopbackServer]:
    handler: type[BaseHTTPRequestHandler] = _Elsewhere
    server = LoopbackServer(handler).start()
    _Elsewhere.seen = []
    yield server
    server.stop()


def _file(slack: FakeSlack, file_id: str, **extra: object) -> dict[str, object]:
    return {"id": file_id, "name": f"{file_id}.log", "mimetype": "text/plain", "url_private": slack.file_url(file_id),
            **extra}


def _allowed(slack: FakeSlack) -> frozenset[tuple[str, str, int]]:
    api = origin(slack.api_url)
    assert api is not None
    return frozenset({SLACK_FILES_ORIGIN, api})


def test_a_snippet_from_slack_is_read(slack: FakeSlack) -> None:
    slack.state.files["F1"] = b"the error text"
    assert snippet_texts((_file(slack, "F1"),), BOT_TOKEN, _allowed(slack), 1000) == (["the error text"], [])


def test_a_redirect_to_another_origin_never_carries_the_token(slack: FakeSlack, elsewhere: LoopbackServer) -> None:
    slack.state.redirects["F2"] = elsewhere.url + "/steal"
    texts, _ = snippet_texts((_file(slack, "F2"),), BOT_TOKEN, _allowed(slack), 1000)
    assert texts == []
    assert all("Authorization" not in headers and "authorization" not in headers for headers in _Elsewhere.seen)


def test_only_slacks_exact_origins_get_the_token(slack: FakeSlack, elsewhere: LoopbackServer) -> None:
    host = slack.api_url.split("//", 1)[1].split(":", 1)[0]
    for url in (elsewhere.url + "/files/F3",  # same host, other port
                "https://files.slack.com.evil.example/files/F3", "ftp://files.slack.com/F3",
                f"https://{host}:1/files/F3"):  # same host, other scheme and port
        assert snippet_texts(({"id": "F3", "mimetype": "text/plain", "url_private": url},), BOT_TOKEN,
                             _allowed(slack), 1000) == ([], [])
    assert _Elsewhere.seen == []
    assert origin("http://files.slack.com/x") != SLACK_FILES_ORIGIN  # plain http is not Slack's file host


def test_size_is_checked_before_reading(slack: FakeSlack) -> None:
    slack.state.files["F4"] = b"x" * 5000
    texts, too_large = snippet_texts((_file(slack, "F4"),), BOT_TOKEN, _allowed(slack), 1000)
    assert texts == [] and too_large == ["F4.log"]


class _Trickle(QuietHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        try:
            for _ in range(40):  # a byte every 0.1 s: each read gets something, so a per-read timeout never fires
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass  # the client gave up, as it should


def test_a_server_trickling_a_snippet_cannot_hold_the_answer_past_the_deadline(monkeypatch: pytest.MonkeyPatch
                                                                                ) -> None:
    from bot.slack import files

    monkeypatch.setattr(files, "DOWNLOAD_SECONDS", 0.5)
    handler: type[BaseHTTPRequestHandler] = _Trickle
    server = LoopbackServer(handler).start()
    try:
        started = time.monotonic()
        texts, too_large = snippet_texts([{"id": "F1", "name": "slow.log", "mimetype": "text/plain",
                                           "url_private": server.url + "/slow"}], BOT_TOKEN,
                                         frozenset({origin(server.url)}), 1_000_000)
        elapsed = time.monotonic() - started
    finally:
        server.stop()
    assert texts == [] and too_large == []
    assert elapsed < 1.5, f"the download held the answer {elapsed:.1f} s"
