"""A fake IAM Access Analyzer on 127.0.0.1: ValidatePolicy as the API Reference gives it (rest-json,
POST /policy/validation, maxResults and nextToken in the query string, findings with locations), errors as
rest-json errors (x-amzn-ErrorType), in the locale asked for (EN or JA).

Findings are injected per issue (each with its English and Japanese details) and returned for every policy whose
document contains the issue's `when` text; the policy type and resource type are checked as the API checks them.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlparse

from tests.fakes.http import LoopbackServer, QuietHandler, signer

POLICY_TYPES = ("IDENTITY_POLICY", "RESOURCE_POLICY", "SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY")
RESOURCE_TYPES = ("AWS::S3::Bucket", "AWS::S3::AccessPoint", "AWS::S3::MultiRegionAccessPoint",
                  "AWS::S3ObjectLambda::AccessPoint", "AWS::IAM::AssumeRolePolicyDocument", "AWS::DynamoDB::Table")


@dataclass(frozen=True)
class Issue:
    finding_type: str  # ERROR | SECURITY_WARNING | WARNING | SUGGESTION
    code: str
    english: str
    japanese: str
    when: str = ""  # returned for documents containing this text ("" for every document)


@dataclass
class FakeAnalyzerState:
    issues: list[Issue] = field(default_factory=list)
    failures: list[tuple[str, int]] = field(default_factory=list)  # (error type, status) answered first
    deny: bool = False
    delay: float = 0.0
    page_size: int = 1  # findings per page, so that paging is exercised
    calls: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class FakeAccessAnalyzer:
    def __init__(self) -> None:
        self.state = FakeAnalyzerState()
        state = self.state

        class Handler(QuietHandler):
            def do_POST(self) -> None:
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                body = json.loads(self.read_body() or b"{}")
                with state.lock:
                    state.calls.append({**body, **query, "access_key": signer(self.headers.get("Authorization", ""))})
                    failure = state.failures.pop(0) if state.failures else None
                if state.delay:
                    time.sleep(state.delay)
                if failure:
                    self._error(failure[1], failure[0], "injected failure")
                elif url.path != "/policy/validation":
                    self._error(404, "ResourceNotFoundException", f"no route {url.path}")
                elif state.deny:
                    self._error(403, "AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/"
                                "decode-bot-decoder/decode-bot is not authorized to perform: "
                                "access-analyzer:ValidatePolicy")
                elif problem := _invalid(body):
                    self._error(400, "ValidationException", problem)
                else:
                    self._answer(body, int(query.get("nextToken", "0")))

            def _answer(self, body: dict[str, Any], start: int) -> None:
                japanese = body.get("locale") == "JA"
                found = [issue for issue in state.issues if issue.when in body["policyDocument"]]
                page = found[start:start + state.page_size]
                answer: dict[str, Any] = {"findings": [{
                    "findingType": issue.finding_type, "issueCode": issue.code,
                    "findingDetails": issue.japanese if japanese else issue.english,
                    "learnMoreLink": f"https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-"
                                     f"policy-checks.html#access-analyzer-reference-policy-checks-{issue.code}",
                    "locations": [{"path": [{"value": "Statement"}, {"index": 0}],
                                   "span": {"start": {"line": 1, "column": 1, "offset": 0},
                                            "end": {"line": 1, "column": 10, "offset": 9}}}],
                } for issue in page]}
                if start + state.page_size < len(found):
                    answer["nextToken"] = str(start + state.page_size)
                self.send_body(200, json.dumps(answer).encode(), "application/json")

            def _error(self, status: int, error_type: str, message: str) -> None:
                self.send_body(status, json.dumps({"message": message}).encode(), "application/json",
                               {"x-amzn-ErrorType": error_type})

        self.server = LoopbackServer(Handler)

    @property
    def url(self) -> str:
        return self.server.url

    def start(self) -> FakeAccessAnalyzer:
        self.server.start()
        return self

    def stop(self) -> None:
        self.server.stop()


def _invalid(body: dict[str, Any]) -> str | None:
    if body.get("policyType") not in POLICY_TYPES:
        return "policyType is not valid"
    resource_type = body.get("validatePolicyResourceType")
    if resource_type is not None and (resource_type not in RESOURCE_TYPES or body["policyType"] != "RESOURCE_POLICY"):
        return "validatePolicyResourceType is only for resource policies, and must be a supported type"
    try:
        json.loads(body.get("policyDocument", ""))
    except ValueError:
        return "policyDocument is not JSON"
    return None
