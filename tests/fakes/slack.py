"""A fake Slack Web API on 127.0.0.1: records every call, serves response_url and files, and can be told
to answer 429 (with Retry-After) or 500. apps.connections.open hands out a local WebSocket URL."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlparse

from tests.fakes.http import LoopbackServer, QuietHandler

BOT_TOKEN = "xoxb-1111-2222-decodebottest"
BOT_USER_ID = "UBOT0001"
BOT_ID = "BBOT0001"
TEAM_ID = "T0001"


@dataclass
class SlackCall:
    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    at: float


@dataclass
class FakeSlackState:
    calls: list[SlackCall] = field(default_factory=list)
    failures: dict[str, list[tuple[int, dict[str, str]]]] = field(default_factory=dict)  # method -> answers
    files: dict[str, bytes] = field(default_factory=dict)  # file id -> content
    redirects: dict[str, str] = field(default_factory=dict)  # file id -> where its download redirects
    socket_url: str | None = None
    stalls: dict[str, list[float]] = field(default_factory=dict)  # method -> seconds to hang, then drop
    usergroups: dict[str, list[str]] = field(default_factory=dict)  # usergroup id -> member user ids
    locales: dict[str, str] = field(default_factory=dict)  # user id -> Slack locale ("ja-JP")
    user_teams: dict[str, str] = field(default_factory=dict)  # user id -> their workspace, if not this one
    channels: dict[str, str] = field(default_factory=dict)  # channel name -> id (conversations.list)
    people: dict[str, tuple[str, str]] = field(default_factory=dict)  # user id -> (name, email)
    group_handles: dict[str, str] = field(default_factory=dict)  # usergroup handle -> id (usergroups.list)
    valid_tokens: set[str] = field(default_factory=lambda: {BOT_TOKEN})
    refusals: dict[str, list[str]] = field(default_factory=dict)  # method -> errors for ok:false answers (HTTP 200)
    posted: set[tuple[str, str]] = field(default_factory=set)  # (channel, ts) of each message posted
    members: dict[str, list[str]] = field(default_factory=dict)  # channel id -> member user ids
    joined: set[str] = field(default_factory=set)  # the channels the bot is a member of (conversations.info)
    shared_channels: set[str] = field(default_factory=set)  # Slack Connect channels (conversations.info)
    lock: threading.Lock = field(default_factory=threading.Lock)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def of(self, method: str) -> list[SlackCall]:
        with self.lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[SlackCall]:
        deadline = time.monotonic() + timeout
        with self.changed:
            while len(self.of(method)) < count and time.monotonic() < deadline:
                self.changed.wait(timeout=0.05)
        return self.of(method)

    def stall_next(self, method: str, seconds: float) -> None:
        """The next call hangs, then the connection drops unanswered: a request lost in transit."""
        self.stalls.setdefault(method, []).append(seconds)

    def reset(self) -> None:
        """Forget the calls and every answer queued for later calls, between tests sharing one fake."""
        with self.lock:
            self.calls.clear()
            self.failures.clear()
            self.stalls.clear()
            self.refusals.clear()

    def refuse_next(self, method: str, error: str, times: int = 1) -> None:
        """The next calls answer HTTP 200 with {"ok": false, "error": error}, as Slack does."""
        self.refusals.setdefault(method, []).extend([error] * times)

    def fail_next(self, method: str, status: int, times: int = 1, retry_after: int | None = None) -> None:
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        self.failures.setdefault(method, []).extend([(status, headers)] * times)


class FakeSlack:
    def __init__(self) -> None:
        self.state = FakeSlackState()
        state = self.state

        class Handler(QuietHandler):
            def do_GET(self) -> None:
                path = urlparse(self.path).path
                if path.startswith("/files/"):
                    file_id = path.rsplit("/", 1)[-1]
                    self._record("files.download", {"file": file_id})
                    if file_id in state.redirects:
                        self.send_body(302, b"", "text/plain", {"Location": state.redirects[file_id]})
                        return
                    content = state.files.get(file_id)
                    if self.headers.get("Authorization") != f"Bearer {BOT_TOKEN}" or content is None:
                        self.send_body(404, b"not found", "text/plain")
                        return
                    self.send_body(200, content, "text/plain")
                    return
                self.send_body(404, b"", "text/plain")

            def do_POST(self) -> None:
                path = urlparse(self.path).path
                raw = self.read_body()
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    params = json.loads(raw or b"{}")
                else:
                    params = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
                method = "response_url" if path.startswith("/response/") else path.rsplit("/", 1)[-1]
                with state.lock:
                    queued = state.failures.get(method)
                    failure = queued.pop(0) if queued else None
                    stalls = state.stalls.get(method)
                    stall = stalls.pop(0) if stalls else None
                if stall is not None:
                    time.sleep(stall)
                    self.close_connection = True
                    self.connection.close()
                    return
                self._record(method, params, failed=failure is not None)
                if failure:
                    status, headers = failure
                    self.send_body(status, json.dumps({"ok": False, "error": "ratelimited" if status == 429
                                                       else "internal_error"}).encode(), "application/json", headers)
                    return
                if method == "response_url":
                    self.send_body(200, b"ok", "text/plain")
                    return
                self._api(method, params)

            def _api(self, method: str, params: dict[str, Any]) -> None:
                token = (self.headers.get("Authorization") or "").removeprefix("Bearer ") or params.get("token")
                with state.lock:
                    refusals = state.refusals.get(method)
                    refusal = refusals.pop(0) if refusals else None
                if refusal:
                    self._json({"ok": False, "error": refusal})
                    return
                if method == "auth.test":
                    if token not in state.valid_tokens:
                        self._json({"ok": False, "error": "invalid_auth"})
                        return
                    self._json({"ok": True, "url": "https://test.slack.com/", "team": "Test", "user": "decode-bot",
                                "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID})
                elif method == "chat.postMessage":
                    ts = f"{time.time():.6f}"
                    with state.lock:
                        state.posted.add((str(params.get("channel")), ts))
                    self._json({"ok": True, "channel": params.get("channel"), "ts": ts,
                                "message": {"text": params.get("text")}})
                elif method == "chat.update":  # only a message the app posted, as Slack allows
                    known = (str(params.get("channel")), str(params.get("ts"))) in state.posted
                    self._json({"ok": True, "channel": params.get("channel"), "ts": params.get("ts"),
                                "text": params.get("text")} if known else {"ok": False, "error": "message_not_found"})
                elif method == "chat.getPermalink":
                    channel, ts = str(params.get("channel")), str(params.get("message_ts"))
                    self._json({"ok": True, "channel": channel,
                                "permalink": f"https://test.slack.com/archives/{channel}/p{ts.replace('.', '')}"})
                elif method == "usergroups.users.list":
                    group = params.get("usergroup")
                    if group not in state.usergroups:
                        self._json({"ok": False, "error": "no_such_subteam"})
                        return
                    self._json({"ok": True, "users": state.usergroups[group]})
                elif method == "users.info":
                    user = params.get("user")
                    self._json({"ok": True, "user": {"id": user, "locale": state.locales.get(str(user), "en-US"),
                                                     "team_id": state.user_teams.get(str(user), TEAM_ID)}})
                elif method == "conversations.members":  # two pages when there are several members
                    everyone = state.members.get(str(params.get("channel")), [])
                    half = max(1, len(everyone) // 2)
                    page, cursor = (everyone[half:], "") if params.get("cursor") else (everyone[:half], "next" if
                                                                                       everyone[half:] else "")
                    self._json({"ok": True, "members": page, "response_metadata": {"next_cursor": cursor}})
                elif method == "conversations.info":
                    channel = str(params.get("channel"))
                    self._json({"ok": True, "channel": {"id": channel, "is_member": channel in state.joined,
                                                        "is_ext_shared": channel in state.shared_channels}})
                elif method == "conversations.list":
                    # Two pages, as Slack paginates: the cursor must be followed.
                    items = [{"id": cid, "name": name} for name, cid in sorted(state.channels.items())]
                    half = len(items) // 2
                    page, cursor = (items[half:], "") if params.get("cursor") else (items[:half], "next")
                    self._json({"ok": True, "channels": page, "response_metadata": {"next_cursor": cursor}})
                elif method == "users.lookupByEmail":
                    found = [uid for uid, (_, email) in state.people.items() if email == params.get("email")]
                    self._json({"ok": True, "user": {"id": found[0]}} if found else
                               {"ok": False, "error": "users_not_found"})
                elif method == "users.list":
                    self._json({"ok": True, "members": [{"id": uid, "name": name, "profile": {"display_name": name}}
                                                        for uid, (name, _) in state.people.items()]})
                elif method == "usergroups.list":
                    self._json({"ok": True, "usergroups": [{"id": gid, "handle": handle}
                                                           for handle, gid in state.group_handles.items()]})
                elif method == "apps.connections.open":
                    self._json({"ok": True, "url": state.socket_url})
                else:
                    self._json({"ok": True})

            def _json(self, body: dict[str, Any]) -> None:
                self.send_body(200, json.dumps(body).encode(), "application/json")

            def _record(self, method: str, params: dict[str, Any], failed: bool = False) -> None:
                call = SlackCall(method, params, dict(self.headers.items()), time.monotonic())
                if failed:
                    call.params = {**params, "_answered_with_error": True}
                with state.changed:
                    with state.lock:
                        state.calls.append(call)
                    state.changed.notify_all()

        self.server = LoopbackServer(Handler)

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def api_url(self) -> str:
        return self.server.url + "/api/"

    def response_url(self, name: str) -> str:
        return f"{self.server.url}/response/{name}"

    def file_url(self, file_id: str) -> str:
        return f"{self.server.url}/files/{file_id}"

    def delivered(self, method: str) -> list[SlackCall]:
        """Calls that were answered with success (not the injected 429s and 500s)."""
        return [c for c in self.state.of(method) if not c.params.get("_answered_with_error")]

    def start(self) -> FakeSlack:
        self.server.start()
        return self

    def stop(self) -> None:
        self.server.stop()


def running_slack() -> Iterator[FakeSlack]:
    """For a fixture of its own: a started fake Slack, stopped when the fixture ends."""
    fake = FakeSlack().start()
    yield fake
    fake.stop()
