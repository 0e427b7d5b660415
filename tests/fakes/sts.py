"""A fake AWS STS on 127.0.0.1 speaking the query protocol, with injectable delays and errors.

Supports DecodeAuthorizationMessage, AssumeRole and GetCallerIdentity; records every call with the access
key that signed it, so tests can check which credentials were used.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

from tests.fakes.http import LoopbackServer, QuietHandler

NS = "https://sts.amazonaws.com/doc/2011-06-15/"
ACCOUNT = "123456789012"
BASE_KEY = "AKIAFAKEBASEKEY00001"
ASSUMED_KEY = "ASIAFAKEASSUMEDKEY01"
_CREDENTIAL = re.compile(r"Credential=([A-Z0-9]+)/")


@dataclass
class StsCall:
    action: str
    access_key: str | None
    params: dict[str, str]


@dataclass
class FakeStsState:
    messages: dict[str, str] = field(default_factory=dict)  # token -> decoded JSON text
    failures: list[tuple[str, int]] = field(default_factory=list)  # (code, status) answered first, in order
    delay: float = 0.0
    deny_decode: bool = False  # AccessDenied for the decode call, as for a role without the permission
    deny_assume: bool = False
    # Many accounts: a token listed here decodes only with its own account's credentials; AssumeRole hands out
    # per-account credentials; roles in `refused` cannot be assumed; `slow` delays one account's decodes.
    token_accounts: dict[str, str] = field(default_factory=dict)
    refused: set[str] = field(default_factory=set)
    slow: dict[str, float] = field(default_factory=dict)
    calls: list[StsCall] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    in_flight: int = 0
    most_in_flight: int = 0  # the most requests answered at the same time

    def decode_calls(self) -> list[StsCall]:
        return [c for c in self.calls if c.action == "DecodeAuthorizationMessage"]


class FakeSts:
    def __init__(self) -> None:
        self.state = FakeStsState()
        state = self.state

        class Handler(QuietHandler):
            def do_POST(self) -> None:
                params = {k: v[0] for k, v in parse_qs(self.read_body().decode()).items()}
                match = _CREDENTIAL.search(self.headers.get("Authorization", ""))
                call = StsCall(params.get("Action", ""), match.group(1) if match else None, params)
                with state.lock:
                    state.calls.append(call)
                    failure = state.failures.pop(0) if state.failures else None
                    state.in_flight += 1
                    state.most_in_flight = max(state.most_in_flight, state.in_flight)
                try:
                    self._answer(call, failure)
                finally:
                    with state.lock:
                        state.in_flight -= 1

            def _answer(self, call: StsCall, failure: tuple[str, int] | None) -> None:
                if state.delay:
                    time.sleep(state.delay)
                if failure:
                    self._error(failure[1], failure[0], "injected failure")
                    return
                handler = getattr(self, f"_{call.action}", None)
                if handler is None:
                    self._error(400, "InvalidAction", f"Could not find operation {call.action}")
                    return
                handler(call)

            def _DecodeAuthorizationMessage(self, call: StsCall) -> None:
                caller = _arn_for(call.access_key)
                account = account_of(call.access_key)
                if account in state.slow:
                    time.sleep(state.slow[account])
                token = call.params.get("EncodedMessage", "")
                if token in state.token_accounts and state.token_accounts[token] != account:
                    self._error(400, "InvalidAuthorizationMessageException", "Message is not valid")
                    return
                if state.deny_decode:
                    self._error(403, "AccessDenied", f"User: {caller} is not authorized to perform: "
                                "sts:DecodeAuthorizationMessage because no identity-based policy allows the "
                                "sts:DecodeAuthorizationMessage action")
                    return
                message = state.messages.get(call.params.get("EncodedMessage", ""))
                if message is None:
                    self._error(400, "InvalidAuthorizationMessageException", "Message is not valid")
                    return
                result = f"<DecodedMessage>{escape(message)}</DecodedMessage>"
                self._ok("DecodeAuthorizationMessage", result)

            def _AssumeRole(self, call: StsCall) -> None:
                role_arn = call.params.get("RoleArn", "")
                account = role_arn.split(":")[4] if role_arn.count(":") >= 5 else ACCOUNT
                if state.deny_assume or account in state.refused:
                    self._error(403, "AccessDenied", f"User: {_arn_for(call.access_key)} is not authorized to "
                                f"perform: sts:AssumeRole on resource: {role_arn}")
                    return
                seconds = int(call.params.get("DurationSeconds", "3600"))
                expiry = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)
                role_name = role_arn.rsplit("/", 1)[-1]
                session = call.params.get("RoleSessionName", "s")
                key = ASSUMED_KEY if account == ACCOUNT else f"ASIAFAKE{account}"
                result = (
                    f"<Credentials><AccessKeyId>{key}</AccessKeyId>"
                    "<SecretAccessKey>fakeAssumedSecret</SecretAccessKey><SessionToken>fakeSessionToken</SessionToken>"
                    f"<Expiration>{expiry.strftime('%Y-%m-%dT%H:%M:%SZ')}</Expiration></Credentials>"
                    f"<AssumedRoleUser><Arn>arn:aws:sts::{account}:assumed-role/{role_name}/{session}</Arn>"
                    f"<AssumedRoleId>AROAFAKE:{session}</AssumedRoleId></AssumedRoleUser>"
                )
                self._ok("AssumeRole", result)

            def _GetCallerIdentity(self, call: StsCall) -> None:
                result = (f"<Arn>{_arn_for(call.access_key)}</Arn><UserId>AIDAFAKE</UserId>"
                          f"<Account>{account_of(call.access_key)}</Account>")
                self._ok("GetCallerIdentity", result)

            def _ok(self, action: str, result: str) -> None:
                body = (
                    f'<{action}Response xmlns="{NS}"><{action}Result>{result}</{action}Result>'
                    f"<ResponseMetadata><RequestId>{uuid.uuid4()}</RequestId></ResponseMetadata></{action}Response>"
                )
                self.send_body(200, body.encode(), "text/xml")

            def _error(self, status: int, code: str, message: str) -> None:
                kind = "Receiver" if status >= 500 else "Sender"
                body = (
                    f'<ErrorResponse xmlns="{NS}"><Error><Type>{kind}</Type><Code>{code}</Code>'
                    f"<Message>{escape(message)}</Message></Error><RequestId>{uuid.uuid4()}</RequestId></ErrorResponse>"
                )
                self.send_body(status, body.encode(), "text/xml")

        self.server = LoopbackServer(Handler)

    @property
    def url(self) -> str:
        return self.server.url

    def start(self) -> FakeSts:
        self.server.start()
        return self

    def stop(self) -> None:
        self.server.stop()


def account_of(access_key: str | None) -> str:
    """The account whose credentials these are: per-account keys carry it, the others are ACCOUNT's."""
    if access_key and access_key.startswith("ASIAFAKE") and access_key[8:].isdigit():
        return access_key[8:]
    return ACCOUNT


def _arn_for(access_key: str | None) -> str:
    if access_key == ASSUMED_KEY or (access_key or "").startswith("ASIAFAKE"):
        return f"arn:aws:sts::{account_of(access_key)}:assumed-role/decode-bot-decoder/decode-bot"
    return f"arn:aws:iam::{ACCOUNT}:user/decode-bot-base"
