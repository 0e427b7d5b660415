"""The AWS Lambda entry point, offline: Function URL events, the fake Slack and STS, moto (DynamoDB, Secrets
Manager, SSM) over HTTP, and a local Lambda endpoint that runs the lazy second invocation."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

import bot.lambda_handler as lambda_handler
from tests.builders import PASSROLE_MESSAGE, cli_error, make_token
from tests.conftest import aws_env_for
from tests.fakes.dynamodb import FakeDynamoDb
from tests.fakes.http import LoopbackServer, QuietHandler
from tests.fakes.slack import BOT_TOKEN, FakeSlack
from tests.fakes.sts import FakeSts
from tests.slack_harness import SIGNING_SECRET, event_body, message_event, sign
from tests.terminal import run

TOKEN = make_token(2101)
CONSOLE_FORM = json.dumps({"SLACK_SIGNING_SECRET": SIGNING_SECRET})


class _Context:
    function_name = "decode-bot"
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:decode-bot"


class FakeLambda:
    """Lambda's Invoke API: an Event invocation is answered 202 and run in the background, as Lambda does."""

    def __init__(self) -> None:
        self.invocations: list[dict[str, Any]] = []
        self.running: list[threading.Thread] = []
        self.hold = False  # record invocations without running them (a throttled function's queue)
        invocations, running, fake = self.invocations, self.running, self

        class Handler(QuietHandler):
            def do_POST(self) -> None:
                payload = json.loads(self.read_body() or b"{}")
                invocations.append(payload)
                self.send_body(202, b"", "application/json")
                if fake.hold:
                    return
                thread = threading.Thread(target=lambda_handler.handler, args=(payload, _Context()), daemon=True)
                running.append(thread)
                thread.start()

        self.server = LoopbackServer(Handler)

    def idle(self) -> None:
        """Wait until every invocation asked for so far has finished."""
        for thread in list(self.running):
            thread.join(15)


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FakeSlack, FakeSts, FakeLambda]]:
    slack, sts, dynamodb, fake_lambda = FakeSlack().start(), FakeSts().start(), FakeDynamoDb().start(), FakeLambda()
    fake_lambda.server.start()
    env = {**aws_env_for(sts), "AWS_ENDPOINT_URL_DYNAMODB": dynamodb.url,
           "AWS_ENDPOINT_URL_SECRETS_MANAGER": dynamodb.url, "AWS_ENDPOINT_URL_SSM": dynamodb.url,
           "AWS_ENDPOINT_URL_LAMBDA": fake_lambda.server.url,
           "AWS_DEFAULT_REGION": "us-east-1",  # Lambda sets it, and Bolt's lazy runner relies on it
           "STATE_BACKEND": "dynamodb", "STATE_TABLE": "decode-bot-lambda", "SLACK_API_URL": slack.api_url,
           "SLACK_BOT_TOKEN_PARAMETER": "/decode-bot/bot-token",
           "SLACK_SIGNING_SECRET_SECRET_ID": "decode-bot/signing-secret"}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    assert run(["state", "init"], env=env).returncode == 0
    boto3.client("ssm", region_name="us-east-1").put_parameter(Name="/decode-bot/bot-token", Value=BOT_TOKEN,
                                                               Type="SecureString", Overwrite=True)
    secrets = boto3.client("secretsmanager", region_name="us-east-1")
    try:
        # Stored as the Secrets Manager console stores a secret by default: key/value JSON.
        secrets.create_secret(Name="decode-bot/signing-secret", SecretString=CONSOLE_FORM)
    except secrets.exceptions.ResourceExistsException:  # moto keeps its state for the whole test process
        secrets.put_secret_value(SecretId="decode-bot/signing-secret", SecretString=CONSOLE_FORM)
    sts.state.messages[TOKEN] = PASSROLE_MESSAGE
    monkeypatch.setattr(lambda_handler, "_handler", None)  # a cold start
    yield slack, sts, fake_lambda
    fake_lambda.server.stop()
    for fake in (slack, sts, dynamodb):
        fake.stop()


def _function_url_event(body: dict[str, Any], retry: int | None = None) -> dict[str, Any]:
    raw = json.dumps(body)
    stamp = int(time.time())
    headers = {"content-type": "application/json", "x-slack-request-timestamp": str(stamp),
               "x-slack-signature": sign(raw.encode(), stamp)}
    if retry:
        headers.update({"x-slack-retry-num": str(retry), "x-slack-retry-reason": "http_timeout"})
    return {"version": "2.0", "routeKey": "$default", "rawPath": "/", "rawQueryString": "", "headers": headers,
            "requestContext": {"http": {"method": "POST", "path": "/", "protocol": "HTTP/1.1",
                                        "sourceIp": "127.0.0.1"}, "requestId": "r1", "stage": "$default"},
            "body": raw, "isBase64Encoded": False}


def test_a_paste_is_acknowledged_at_once_and_answered_by_a_second_invocation(world: Any) -> None:
    slack, _, fake_lambda = world
    event = message_event(cli_error(TOKEN))
    started = time.monotonic()
    response = lambda_handler.handler(_function_url_event(event_body(event, "EvLambda1")), _Context())
    assert response["statusCode"] == 200 and time.monotonic() - started < 3.0
    [reply] = [c.params for c in slack.state.wait_for("chat.postMessage", timeout=15)]
    assert reply["thread_ts"] == event["ts"] and "iam:PassRole" in reply["text"]
    assert fake_lambda.invocations and fake_lambda.invocations[0]["headers"]["x-slack-bolt-lazy-only"] == "1"


def test_a_retry_landing_on_another_invocation_is_answered_once(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    slack, _, fake_lambda = world
    event = message_event(cli_error(TOKEN))
    lambda_handler.handler(_function_url_event(event_body(event, "EvLambda2")), _Context())
    slack.state.wait_for("chat.postMessage", timeout=15)
    monkeypatch.setattr(lambda_handler, "_handler", None)  # the retry reaches a fresh execution environment
    response = lambda_handler.handler(_function_url_event(event_body(event, "EvLambda2"), retry=1), _Context())
    assert response["statusCode"] == 200
    fake_lambda.idle()
    assert len([c for c in slack.state.of("chat.postMessage") if c.params.get("thread_ts") == event["ts"]]) == 1


def test_a_forged_request_is_refused(world: Any) -> None:
    forged = _function_url_event(event_body(message_event(cli_error(TOKEN))))
    forged["headers"]["x-slack-signature"] = "v0=" + "0" * 64
    assert lambda_handler.handler(forged, _Context())["statusCode"] == 401


@pytest.mark.parametrize(("stored", "value"), [
    ("  xoxb-plain  ", "xoxb-plain"), ('{"SLACK_BOT_TOKEN": "xoxb-1"}', "xoxb-1"),
    ('{"bot_token": "xoxb-2"}', "xoxb-2"), ('{"token": "xoxb-3"}', "xoxb-3"), ("{not json", "{not json"),
])
def test_secrets_are_read_as_plaintext_or_as_the_consoles_key_value_form(stored: str, value: str) -> None:
    assert lambda_handler.secret_value("SLACK_BOT_TOKEN", stored, "here") == value


def test_key_value_secrets_without_the_key_are_refused_with_one_line() -> None:
    from bot.settings import ConfigError

    with pytest.raises(ConfigError) as refused:
        lambda_handler.secret_value("SLACK_BOT_TOKEN", '{"user": "a", "password": "b"}',
                                    "SLACK_BOT_TOKEN_SECRET_ID (x)")
    assert refused.value.problems == ['SLACK_BOT_TOKEN_SECRET_ID (x): holds key/value JSON with no SLACK_BOT_TOKEN '
                                      'key; store the value as plaintext, or as {"SLACK_BOT_TOKEN": "…"}.']


def test_nothing_of_the_paste_reaches_the_functions_log_at_debug(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    from tests.slack_harness import library_records_below_warning
    from tests.terminal import logging_restored

    slack, _, fake_lambda = world
    log = io.StringIO()
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    monkeypatch.setattr(lambda_handler, "_handler", None)  # a cold start, which configures logging
    monkeypatch.setattr(sys, "stderr", log)
    with logging_restored():
        event = message_event("canary-lambda-3c9d " + cli_error(TOKEN))
        lambda_handler.handler(_function_url_event(event_body(event, "EvLambda3")), _Context())
        slack.state.wait_for("chat.postMessage", timeout=15)
        fake_lambda.idle()
    written = log.getvalue()
    assert "decode_bot.audit" in written  # the log was captured
    assert "canary-lambda-3c9d" not in written and TOKEN not in written and "EC2_instance_Profile_role" not in written
    assert not library_records_below_warning(written)


@pytest.mark.parametrize("mangle", [
    lambda e: {**e, "body": "{"},  # not JSON
    lambda e: {**e, "body": "[]"},  # JSON, not an object
    lambda e: {**e, "body": json.dumps({"type": "event_callback", "event": None})},
    lambda e: {**e, "body": None},
    lambda e: {**e, "body": "not base64!", "isBase64Encoded": True},
    lambda e: {"version": "2.0"},  # no headers, no body
])
def test_a_malformed_request_gets_400_never_a_crash_or_a_500(world: Any, mangle: Any) -> None:
    event = mangle(_function_url_event(event_body(message_event(cli_error(TOKEN)))))
    response = lambda_handler.handler(event, _Context())
    assert response["statusCode"] == 400


def test_a_second_invocation_delivered_late_still_answers(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from slack_sdk.signature import Clock

    slack, _, fake_lambda = world
    fake_lambda.hold = True
    event = message_event(cli_error(TOKEN))
    assert lambda_handler.handler(_function_url_event(event_body(event, "EvLambdaLate")), _Context())["statusCode"] \
        == 200
    [queued] = fake_lambda.invocations
    now = time.time()
    monkeypatch.setattr(Clock, "now", lambda self: now + 400)  # Lambda ran it six and a half minutes later
    assert lambda_handler.handler(queued, _Context())["statusCode"] == 200
    [reply] = [c.params for c in slack.state.wait_for("chat.postMessage", timeout=15)]
    assert reply["thread_ts"] == event["ts"] and "iam:PassRole" in reply["text"]
    forged = {**queued, "headers": {**queued["headers"], "x-slack-signature": "v0=" + "0" * 64}}
    assert lambda_handler.handler(forged, _Context())["statusCode"] == 401  # late, and not Slack's: refused


def test_the_watch_queue_event_source_answers_with_partial_batch_failures(world: Any,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.slack.test_watch import denial, envelope

    slack, _, _ = world
    monkeypatch.setenv("WATCH_CHANNEL", "C0WATCH01")
    records = [{"messageId": f"m{n}", "receiptHandle": f"h{n}", "body": body, "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:decode-bot-watch", "attributes": {}}
               for n, body in enumerate([envelope(denial("s1", "l-1")), "not json", envelope(denial("s2", "l-2"))])]
    answer = lambda_handler.handler({"Records": records}, _Context())
    assert answer == {"batchItemFailures": [{"itemIdentifier": "m1"}]}  # only the poisoned one comes back
    parents = [c.params for c in slack.state.of("chat.postMessage") if not c.params.get("thread_ts")]
    assert len(parents) == 1 and parents[0]["channel"] == "C0WATCH01"
    # Delivered again (SQS at least once): nothing is counted twice, nothing posted twice.
    assert lambda_handler.handler({"Records": records[:1]}, _Context()) == {"batchItemFailures": []}
    assert len([c for c in slack.state.of("chat.postMessage") if not c.params.get("thread_ts")]) == 1
    assert "denied 2×" in slack.state.of("chat.update")[-1].params["text"]


def test_the_schedule_reminds_and_expires_requests_to_owners(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.slack.owners import Request
    from bot.state import keys
    from bot.state.dynamodb import DynamoStore

    slack, _, _ = world
    store = DynamoStore(os.environ["STATE_TABLE"], "us-east-1", secret=BOT_TOKEN)
    asked = time.time() - 25 * 3600  # a request waiting for a day: due its one reminder
    request = Request("r-lambda", store.add(keys.ASK_NUMBERS, 1), asked, "U0ASKER", "en", "C0OWNERS", None, None,
                      "Request to change a policy", [], {"action": "s3:GetObject", "principal": "?"},
                      card_ts="1.000001")
    store.put(keys.ask_request(request.id), request.to_json(), 9 * 86_400)
    store.put(keys.ask_number(request.number), request.id, 9 * 86_400)
    schedule = {"decode-bot": "owner-requests"}
    assert lambda_handler.handler(schedule, _Context()) == {"reminded": 1, "expired": 0}
    assert lambda_handler.handler(schedule, _Context()) == {"reminded": 0, "expired": 0}
    [reminder] = slack.state.of("chat.postMessage")
    assert reminder.params["channel"] == "C0OWNERS" and reminder.params["thread_ts"] == "1.000001"
