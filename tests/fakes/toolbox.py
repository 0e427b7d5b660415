"""A fake IAM Toolbox on 127.0.0.1 speaking rest-json: GET /authorization-details/{id}[?nextToken=…].

Answers the pages it was given, 404 ResourceNotFoundException for unknown IDs, 400 ValidationException for
IDs outside the API's pattern, 403 AccessDeniedException when told to; records the signing access key.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlparse

from tests.fakes.http import LoopbackServer, QuietHandler

_CREDENTIAL = re.compile(r"Credential=([A-Z0-9]+)/")
_ID = re.compile(r"[0-9a-z]+")


@dataclass
class ToolboxCall:
    authorization_id: str
    next_token: str | None
    access_key: str | None


@dataclass
class FakeToolboxState:
    pages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # id -> pages of the answer
    deny: bool = False
    calls: list[ToolboxCall] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class FakeToolbox:
    def __init__(self) -> None:
        self.state = FakeToolboxState()
        state = self.state

        class Handler(QuietHandler):
            def do_GET(self) -> None:
                url = urlparse(self.path)
                match = re.fullmatch(r"/authorization-details/([^/]+)", url.path)
                credential = _CREDENTIAL.search(self.headers.get("Authorization", ""))
                token = parse_qs(url.query).get("nextToken", [None])[0]
                identifier = match.group(1) if match else ""
                with state.lock:
                    state.calls.append(ToolboxCall(identifier, token, credential.group(1) if credential else None))
                if not match:
                    self._error(404, "UnknownOperationException", "no such operation")
                elif state.deny:
                    self._error(403, "AccessDeniedException", "User: arn:aws:iam::123456789012:user/decode-bot-base "
                                "is not authorized to perform: iam:GetRequestAuthorizationDetails")
                elif not _ID.fullmatch(identifier):
                    self._error(400, "ValidationException", "authorizationId does not match the pattern")
                elif identifier not in state.pages:
                    self._error(404, "ResourceNotFoundException", "No authorization details for that ID")
                else:
                    pages = state.pages[identifier]
                    index = int(token or 0)
                    page = dict(pages[index])
                    if index + 1 < len(pages):
                        page["nextToken"] = str(index + 1)
                    self.send_body(200, json.dumps(page).encode(), "application/json")

            def _error(self, status: int, code: str, message: str) -> None:
                self.send_body(status, json.dumps({"message": message}).encode(), "application/json",
                               {"x-amzn-ErrorType": code})

        self.server = LoopbackServer(Handler)

    @property
    def url(self) -> str:
        return self.server.url

    def start(self) -> FakeToolbox:
        self.server.start()
        return self

    def stop(self) -> None:
        self.server.stop()
