"""A fake IAM policy simulator on 127.0.0.1, speaking the query protocol (SimulatePrincipalPolicy), written from
the IAM API Reference: EvaluationResults with EvalDecision, MatchedStatements, MissingContextValues,
OrganizationsDecisionDetail and PermissionsBoundaryDecisionDetail; errors as IAM's XML ErrorResponse.

The principal's own policies are given per principal as policy documents; SCPs and boundaries as documents too.
Evaluation is IAM's order, for one action on one resource: an explicit Deny anywhere wins; then the SCPs and the
boundary must allow; then an identity policy (or one in PolicyInputList) must. Conditions understand the
operators decode-bot writes (String*, Arn*, Bool, Null, Numeric*, IfExists, ForAnyValue/ForAllValues).
"""

from __future__ import annotations

import fnmatch
import json
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

from tests.fakes.http import LoopbackServer, QuietHandler, signer

NS = "https://iam.amazonaws.com/doc/2010-05-08/"
_MEMBER = re.compile(r"^(\w+)\.member\.(\d+)(?:\.(\w+)(?:\.member\.(\d+))?)?$")


@dataclass
class FakeIamState:
    policies: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # principal ARN -> its own policies
    scps: list[dict[str, Any]] = field(default_factory=list)  # empty: no organization (no detail in the answer)
    boundaries: dict[str, dict[str, Any]] = field(default_factory=dict)  # principal ARN -> its boundary
    failures: list[tuple[str, int]] = field(default_factory=list)  # (code, status) answered first, in order
    deny_simulate: bool = False
    tags: dict[str, dict[str, str]] = field(default_factory=dict)  # role name -> its tags (ListRoleTags)
    delay: float = 0.0
    calls: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def simulations(self) -> list[dict[str, Any]]:
        return [c for c in self.calls if c.get("Action") == "SimulatePrincipalPolicy"]


class FakeIam:
    def __init__(self) -> None:
        self.state = FakeIamState()
        state = self.state

        class Handler(QuietHandler):
            def do_POST(self) -> None:
                params = _params(self.read_body().decode())
                params["access_key"] = signer(self.headers.get("Authorization", ""))
                with state.lock:
                    state.calls.append(params)
                    failure = state.failures.pop(0) if state.failures else None
                if state.delay:
                    time.sleep(state.delay)
                if failure:
                    self._error(failure[1], failure[0], "injected failure")
                elif params.get("Action") == "ListRoleTags":
                    self._list_role_tags(str(params.get("RoleName")))
                elif params.get("Action") != "SimulatePrincipalPolicy":
                    self._error(400, "InvalidAction", f"Could not find operation {params.get('Action')}")
                elif state.deny_simulate:
                    self._error(403, "AccessDenied", "User: arn:aws:sts::123456789012:assumed-role/decode-bot-decoder/"
                                "decode-bot is not authorized to perform: iam:SimulatePrincipalPolicy on resource: "
                                f"{params.get('PolicySourceArn')}")
                elif params["PolicySourceArn"] not in state.policies:
                    self._error(404, "NoSuchEntity", f"The principal {params['PolicySourceArn']} cannot be found.")
                else:
                    self._ok(_simulate(state, params))

            def _list_role_tags(self, role: str) -> None:
                if role not in state.tags:
                    self._error(404, "NoSuchEntity", f"The role with name {role} cannot be found.")
                    return
                members = "".join(f"<member><Key>{escape(k)}</Key><Value>{escape(v)}</Value></member>"
                                  for k, v in state.tags[role].items())
                body = (f'<ListRoleTagsResponse xmlns="{NS}"><ListRoleTagsResult><Tags>{members}</Tags>'
                        "<IsTruncated>false</IsTruncated></ListRoleTagsResult><ResponseMetadata>"
                        f"<RequestId>{uuid.uuid4()}</RequestId></ResponseMetadata></ListRoleTagsResponse>")
                self.send_body(200, body.encode(), "text/xml")

            def _ok(self, result: str) -> None:
                body = (f'<SimulatePrincipalPolicyResponse xmlns="{NS}"><SimulatePrincipalPolicyResult>{result}'
                        f"<IsTruncated>false</IsTruncated></SimulatePrincipalPolicyResult><ResponseMetadata>"
                        f"<RequestId>{uuid.uuid4()}</RequestId></ResponseMetadata></SimulatePrincipalPolicyResponse>")
                self.send_body(200, body.encode(), "text/xml")

            def _error(self, status: int, code: str, message: str) -> None:
                kind = "Receiver" if status >= 500 else "Sender"
                body = (f'<ErrorResponse xmlns="{NS}"><Error><Type>{kind}</Type><Code>{code}</Code>'
                        f"<Message>{escape(message)}</Message></Error><RequestId>{uuid.uuid4()}</RequestId>"
                        "</ErrorResponse>")
                self.send_body(status, body.encode(), "text/xml")

        self.server = LoopbackServer(Handler)

    @property
    def url(self) -> str:
        return self.server.url

    def start(self) -> FakeIam:
        self.server.start()
        return self

    def stop(self) -> None:
        self.server.stop()


def _params(body: str) -> dict[str, Any]:
    """The query protocol's flattened lists back into lists (Name.member.N, Name.member.N.Field.member.M)."""
    params: dict[str, Any] = {}
    for name, values in parse_qs(body).items():
        match = _MEMBER.match(name)
        if not match:
            params[name] = values[0]
            continue
        listed, index, inner, inner_index = match.groups()
        items = params.setdefault(listed, {})
        if inner is None:
            items[int(index)] = values[0]
        elif inner_index is None:
            items.setdefault(int(index), {})[inner] = values[0]
        else:
            items.setdefault(int(index), {}).setdefault(inner, {})[int(inner_index)] = values[0]
    for name, value in params.items():
        if isinstance(value, dict):
            params[name] = [_listed(value[i]) for i in sorted(value)]
    return params


def _listed(item: Any) -> Any:
    if isinstance(item, dict):
        return {k: [v[i] for i in sorted(v)] if isinstance(v, dict) else v for k, v in item.items()}
    return item


def _simulate(state: FakeIamState, params: dict[str, Any]) -> str:
    principal = params["PolicySourceArn"]
    action = params["ActionNames"][0]
    resource = (params.get("ResourceArns") or ["*"])[0]
    context = {entry["ContextKeyName"].lower(): entry.get("ContextKeyValues", [])
               for entry in params.get("ContextEntries", [])}
    context.setdefault("aws:principalarn", [principal])
    own = [(f"policy-{n}", p) for n, p in enumerate(state.policies[principal], 1)]
    added = [(f"PolicyInputList.{n}", json.loads(p)) for n, p in enumerate(params.get("PolicyInputList", []), 1)]
    boundary_docs = [json.loads(p) for p in params.get("PermissionsBoundaryPolicyInputList", [])] or \
        ([state.boundaries[principal]] if principal in state.boundaries else [])
    missing: set[str] = set()
    identity = own + added
    denied = [pid for pid, doc in identity if _matches(doc, "Deny", action, resource, context, missing)]
    scp_ok = all(_matches(doc, "Allow", action, resource, context, missing) and not
                 _matches(doc, "Deny", action, resource, context, missing) for doc in state.scps)
    boundary_ok = all(_matches(doc, "Allow", action, resource, context, missing) for doc in boundary_docs)
    allowed = [pid for pid, doc in identity if _matches(doc, "Allow", action, resource, context, missing)]
    if denied:
        decision, matched = "explicitDeny", denied
    elif allowed and scp_ok and boundary_ok:
        decision, matched = "allowed", allowed
    else:
        decision, matched = "implicitDeny", []
    parts = [f"<EvalActionName>{escape(action)}</EvalActionName><EvalResourceName>{escape(resource)}"
             f"</EvalResourceName><EvalDecision>{decision}</EvalDecision>",
             "<MatchedStatements>" + "".join(
                 f"<member><SourcePolicyId>{escape(pid)}</SourcePolicyId><SourcePolicyType>"
                 f"{'user' if pid.startswith('PolicyInputList') else 'role'}</SourcePolicyType></member>"
                 for pid in matched) + "</MatchedStatements>",
             "<MissingContextValues>" + "".join(f"<member>{escape(k)}</member>" for k in sorted(missing)) +
             "</MissingContextValues>"]
    if state.scps:
        parts.append(f"<OrganizationsDecisionDetail><AllowedByOrganizations>{str(scp_ok).lower()}"
                     "</AllowedByOrganizations></OrganizationsDecisionDetail>")
    if boundary_docs:
        parts.append(f"<PermissionsBoundaryDecisionDetail><AllowedByPermissionsBoundary>{str(boundary_ok).lower()}"
                     "</AllowedByPermissionsBoundary></PermissionsBoundaryDecisionDetail>")
    return f"<EvaluationResults><member>{''.join(parts)}</member></EvaluationResults>"


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _like(pattern: str, value: str) -> bool:
    return fnmatch.fnmatchcase(value.lower(), pattern.lower())


def _matches(document: dict[str, Any], effect: str, action: str, resource: str, context: dict[str, list[str]],
             missing: set[str]) -> bool:
    for statement in document.get("Statement", []):
        if statement.get("Effect") != effect:
            continue
        if not any(_like(a, action) for a in _as_list(statement.get("Action", []))):
            continue
        if not any(_like(r, resource) for r in _as_list(statement.get("Resource", "*"))):
            continue
        if all(_condition(op, key, _as_list(expected), context, missing)
               for op, tests in (statement.get("Condition") or {}).items() for key, expected in tests.items()):
            return True
    return False


def _condition(operator: str, key: str, expected: list[str], context: dict[str, list[str]], missing: set[str]
               ) -> bool:
    qualifier, _, op = operator.rpartition(":")
    if_exists = op.endswith("IfExists")
    op = op.removesuffix("IfExists")
    values = context.get(key.lower())
    if op == "Null":
        return (values is None) == (expected[0].lower() == "true")
    if values is None:
        if not if_exists:
            missing.add(key)
        return if_exists or qualifier == "ForAllValues"
    negated = "Not" in op
    base = op.replace("Not", "")

    def one(value: str) -> bool:
        if base in ("StringLike", "ArnLike", "ArnEquals"):
            return any(_like(e, value) for e in expected)
        if base in ("StringEquals", "Bool"):
            return value in expected if base == "StringEquals" else value.lower() in (e.lower() for e in expected)
        if base == "StringEqualsIgnoreCase":
            return value.lower() in (e.lower() for e in expected)
        if base.startswith("Numeric"):
            number, limit = float(value), float(expected[0])
            return {"NumericEquals": number == limit, "NumericLessThan": number < limit,
                    "NumericLessThanEquals": number <= limit, "NumericGreaterThan": number > limit,
                    "NumericGreaterThanEquals": number >= limit}.get(base, False)
        return False

    found = all(one(v) for v in values) if qualifier == "ForAllValues" else any(one(v) for v in values)
    return not found if negated else found
