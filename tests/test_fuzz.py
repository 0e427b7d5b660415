"""Fuzzing the Block Kit renderer and the HTTP endpoint (detect and parse are fuzzed in their own tests)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.explain import explain
from bot.core.hints import PolicyHint
from bot.core.model import AuthorizationFailure, Principal, Statement
from bot.core.outcomes import Decoded, LookupOutcome
from bot.core.pipeline import Finding, Problem
from bot.i18n import Line
from bot.render.blocks import MAX_BLOCKS, MAX_FALLBACK, MAX_FIELD, MAX_SECTION, MAX_TOTAL, reply_blocks, summary_blocks
from bot.vocab import LANGUAGES, PolicyKind
from tests.builders import PASSROLE_MESSAGE
from tests.fakes.slack import FakeSlack
from tests.fuzzstats import CASES
from tests.slack_harness import InProcessBot

_text = st.text(max_size=400)
_values = st.lists(_text, max_size=30).map(tuple)
_conditions = st.dictionaries(st.text(min_size=1, max_size=80), _values, max_size=12)
_statements = st.lists(
    st.builds(Statement, sid=_text, effect=st.sampled_from(["Deny", "Allow", ""]), actions=_values,
              resources=_values, principals=_values, conditions=_conditions),
    max_size=12,
).map(tuple)
_failures = st.builds(
    AuthorizationFailure,
    allowed=st.booleans(),
    explicit_deny=st.booleans(),
    principal=st.builds(Principal, arn=st.one_of(st.none(), _text), id=st.one_of(st.none(), _text),
                        name=st.one_of(st.none(), _text)),
    action=st.one_of(_text, st.just("iam:PassRole"), st.just("ec2:RunInstances")),
    resource=st.text(max_size=2000),
    context=_conditions,
    matched_statements=_statements,
)
_hints = st.one_of(st.none(), st.builds(PolicyHint, kind=st.sampled_from(list(PolicyKind)), explicit_deny=st.booleans(),
                                        arn=st.one_of(st.none(), _text)))
_findings = st.lists(
    st.one_of(
        st.builds(lambda f, h, fp: Finding("encoded", fp, 0, explanation=explain(f, h)), _failures, _hints,
                  st.text(max_size=12)),
        st.builds(lambda code: Finding("encoded", "abc", 0, problem=Problem(code, Line(f"error.{code}.user"))),
                  st.sampled_from(["truncated", "invalid_token", "throttled", "no_token", "unparseable"])
                  .map(lambda c: c if c != "truncated" else "no_token")),
    ),
    min_size=1, max_size=6,
)


def _assert_within_limits(fallback: str, blocks: list[dict[str, object]]) -> None:
    assert len(fallback) <= MAX_FALLBACK
    assert len(blocks) <= MAX_BLOCKS
    assert len(json.dumps(blocks, ensure_ascii=False)) <= MAX_TOTAL + 400
    for block in blocks:
        text = block.get("text")
        if isinstance(text, dict):
            assert len(text["text"]) <= MAX_SECTION
        for field in block.get("fields", []) or []:  # type: ignore[attr-defined]
            assert len(field["text"]) <= MAX_FIELD
        for element in block.get("elements", []) or []:  # type: ignore[attr-defined]
            if element.get("type") == "mrkdwn":
                assert len(element["text"]) <= MAX_FIELD


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_findings, st.integers(0, 100), st.sampled_from(LANGUAGES))
def test_any_explanation_renders_inside_block_kit_limits(findings: list[Finding], left_out: int, lang: str) -> None:
    CASES["render"] += 1
    _assert_within_limits(*reply_blocks(findings, lang, left_out))
    _assert_within_limits(*summary_blocks(findings, lang, left_out, "ref"))


def _decode(token: str) -> LookupOutcome:
    return Decoded(PASSROLE_MESSAGE)


@pytest.fixture(scope="module")
def endpoint() -> Iterator[InProcessBot]:
    slack = FakeSlack().start()
    bot = InProcessBot(slack, _decode)
    yield bot
    bot.stop()
    slack.stop()


_json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=50),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(
        st.sampled_from(["type", "event", "event_id", "text", "channel", "ts", "subtype", "message", "user",
                         "payload", "command", "actions", "files", "team_id", "thread_ts", "bot_id"]) | st.text(
            max_size=10), children, max_size=6),
    max_leaves=30,
)
_bodies = st.one_of(
    st.binary(max_size=2000),
    _json_like.map(lambda v: json.dumps(v).encode()),
    _json_like.map(lambda v: ("payload=" + json.dumps(v)).encode()),
)
_content_types = st.sampled_from(["application/json", "application/x-www-form-urlencoded", "text/plain", ""])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(body=_bodies, content_type=_content_types, signed=st.booleans(), stale=st.booleans())
def test_http_endpoint_never_fails_on_random_bodies(
    endpoint: InProcessBot, body: bytes, content_type: str, signed: bool, stale: bool
) -> None:
    CASES["http"] += 1
    stamp = int(time.time()) - (1000 if stale else 0)
    status, _, _ = endpoint.post(body, content_type, signed=signed, timestamp=stamp)
    assert 200 <= status < 500
    if not signed or stale:
        assert status in (400, 401)
