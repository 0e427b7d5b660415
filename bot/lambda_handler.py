"""AWS Lambda entry point: `bot.lambda_handler.handler`, behind a function URL.

Slack is acknowledged within the first invocation; the answer runs in a second, asynchronous invocation of
the same function (Bolt's lazy listeners), so Slack never waits for AWS. State is shared in DynamoDB, so a
Slack retry that lands on another invocation is not answered twice. The Slack secrets come from AWS Secrets
Manager (`SLACK_BOT_TOKEN_SECRET_ID`, `SLACK_SIGNING_SECRET_SECRET_ID`) or SSM Parameter Store
(`…_PARAMETER`), read once per cold start, unless the variables themselves are set.
"""

from __future__ import annotations

import base64
import hmac
import json
import logging
import os
from typing import Any

from bot.aws.queue import handled_batch
from bot.ops import logs
from bot.settings import ConfigError, Settings, log_level
from bot.state import open_store

_SECRETS = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
_handler: Any = None
_late_handler: Any = None  # for late second invocations, whose signature this module checks itself
_signing_secret: str | None = None
_watch: Any = None  # the denial watch, for the SQS event source
_owners: Any = None  # "Ask the owner", for the schedule that reminds and expires requests

_BAD_REQUEST = {"statusCode": 400, "headers": {"Content-Type": "text/plain"}, "body": "not a Slack request\n"}
_UNAUTHORIZED = {"statusCode": 401, "headers": {"Content-Type": "text/plain"}, "body": "not signed by Slack\n"}
FRESH_SECONDS = 5 * 60  # how old a request's timestamp Bolt accepts
DRAIN_SECONDS = 5.0  # how long a watch batch waits to make its paced edits (the next batch makes any left)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    global _handler, _late_handler
    if _handler is None:
        _handler = _build()
    if isinstance(event, dict) and event.get("decode-bot") == "owner-requests":  # the SAM template's schedule
        reminded, expired = _owners.sweep()
        return {"reminded": reminded, "expired": expired}
    if _is_queue(event):  # the denial watch's SQS event source: partial batch responses
        return {"batchItemFailures": [{"itemIdentifier": message_id} for message_id in handled_batch(
            event["Records"], _watch.handle_bodies, lambda: _watch.drain(DRAIN_SECONDS))]}
    chosen = _handler
    if _is_lazy(event) and _stale(event):
        # Lambda delivered the second invocation late (a throttled function's queue): Bolt would refuse its
        # timestamp and the acknowledged answer would be lost. It is still Slack's request, signed: check that here,
        # and answer it (each input is answered once per message, so a replay posts nothing new).
        if not _signed_by_slack(event, _signing_secret):
            return _UNAUTHORIZED
        logging.getLogger(__name__).warning("a second invocation arrived late; answering it anyway")
        if _late_handler is None:
            _late_handler = _build(verified_already=True)
        chosen = _late_handler
    elif not _is_lazy(event) and not _plausible(event):
        return _BAD_REQUEST  # as the HTTP server answers: Slack does not retry a 400
    try:
        response: dict[str, Any] = chosen.handle(event, context)
    except Exception as exc:  # Bolt's parsing chokes on some shapes: a malformed request, never a 500 or a crash
        logging.getLogger(__name__).warning("Bolt could not process a request: %s", type(exc).__name__)
        return _BAD_REQUEST
    if int(response.get("statusCode", 200)) >= 500:
        return _BAD_REQUEST
    return response


def _is_queue(event: Any) -> bool:
    records = event.get("Records") if isinstance(event, dict) else None
    return isinstance(records, list) and bool(records) and all(
        isinstance(r, dict) and r.get("eventSource") == "aws:sqs" for r in records)


def _header(event: dict[str, Any], name: str) -> str:
    headers = event.get("headers") if isinstance(event.get("headers"), dict) else {}
    return next((str(v) for k, v in (headers or {}).items() if str(k).lower() == name), "")


def _body(event: dict[str, Any]) -> bytes | None:
    body = (event.get("body") or "").encode()
    if event.get("isBase64Encoded"):
        try:
            return base64.b64decode(body, validate=True)
        except ValueError:
            return None
    return body


def _stale(event: dict[str, Any]) -> bool:
    from slack_sdk.signature import Clock

    stamp = _header(event, "x-slack-request-timestamp")
    return stamp.isdigit() and Clock().now() - int(stamp) > FRESH_SECONDS


def _signed_by_slack(event: dict[str, Any], secret: str | None) -> bool:
    """Slack's signature over the request, whatever its age."""
    from slack_sdk.signature import SignatureVerifier

    body = _body(event)
    if not secret or body is None:
        return False
    expected = SignatureVerifier(secret).generate_signature(timestamp=_header(event, "x-slack-request-timestamp"),
                                                            body=body)
    return bool(expected) and hmac.compare_digest(expected or "", _header(event, "x-slack-signature"))


def _is_lazy(event: Any) -> bool:
    """Bolt's second, asynchronous invocation carries the request it already verified."""
    return isinstance(event, dict) and bool(_header(event, "x-slack-bolt-lazy-only"))


def _plausible(event: Any) -> bool:
    """A Function URL event whose body is what Slack sends (see slack/server.plausible)."""
    from bot.slack.server import plausible

    if not isinstance(event, dict) or not isinstance(event.get("body"), (str, type(None))):
        return False
    body = _body(event)
    return body is not None and plausible(body, _header(event, "content-type"))


def _build(verified_already: bool = False) -> Any:
    global _signing_secret
    from slack_bolt.adapter.aws_lambda import SlackRequestHandler

    from bot.slack.app import create_app
    from bot.slack.work import Work

    env = os.environ  # a function's configuration is its environment; a `.env` file has no place in it
    logs.configure(log_level(env))
    try:
        settings = Settings.from_env(env, read_secrets(env))
    except ConfigError as exc:
        for problem in exc.problems:  # one line each in the function's log, not a traceback to decipher
            logging.getLogger(__name__).error("configuration: %s", problem)
        raise RuntimeError("decode-bot's configuration cannot work; its log says what to change") from None
    store = open_store(settings.state, settings.aws.region, secret=settings.slack.bot_token)
    if not store.shared:
        # Each invocation may run in a new environment: only a shared table keeps one answer per event.
        raise RuntimeError("STATE_BACKEND must be dynamodb on AWS Lambda")
    _signing_secret = settings.slack.signing_secret
    app = create_app(settings, store=store, work=Work(inline=True), on_lambda=True, verified_already=verified_already)
    global _watch
    from bot.slack.watch import Watch

    # Its own connection to the table: strict (a message is never acknowledged on a count kept in memory).
    _watch = Watch(settings, open_store(settings.state, settings.aws.region, timeout_seconds=5,
                                        secret=settings.slack.bot_token, strict=True), app.client)
    global _owners
    from bot.slack.owners import Owners

    _owners = Owners(settings, store, app.client, None)
    request_handler = SlackRequestHandler(app)
    logs.configure(log_level(env))  # the adapter may have reset the root handlers: ours redact
    return request_handler


def read_secrets(env: Any) -> dict[str, str]:
    """The Slack secrets named by `<NAME>_SECRET_ID` (Secrets Manager) or `<NAME>_PARAMETER` (SSM, decrypted)."""
    import botocore.session

    session = botocore.session.get_session()
    found: dict[str, str] = {}
    region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION")
    for name in _SECRETS:
        if env.get(name):
            continue
        secret_id, parameter = env.get(f"{name}_SECRET_ID"), env.get(f"{name}_PARAMETER")
        if secret_id:
            client: Any = session.create_client("secretsmanager", region_name=region)
            stored = str(client.get_secret_value(SecretId=secret_id)["SecretString"])
            found[name] = secret_value(name, stored, f"{name}_SECRET_ID ({secret_id})")
        elif parameter:
            client = session.create_client("ssm", region_name=region)
            stored = str(client.get_parameter(Name=parameter, WithDecryption=True)["Parameter"]["Value"])
            found[name] = secret_value(name, stored, f"{name}_PARAMETER ({parameter})")
    return found


def secret_value(name: str, stored: str, where: str) -> str:
    """The secret as plaintext, or from the key/value JSON the Secrets Manager console stores by default: under
    its variable's name (or the name without SLACK_, in any case), or its only value."""
    text = stored.strip()
    try:
        pairs = json.loads(text) if text.startswith("{") else None
    except ValueError:
        pairs = None
    if not isinstance(pairs, dict):
        return text
    values = {str(key).lower(): value.strip() for key, value in pairs.items() if isinstance(value, str)}
    for key in (name.lower(), name.lower().removeprefix("slack_")):
        if values.get(key):
            return values[key]
    if len(values) == 1:
        return next(iter(values.values()))
    raise ConfigError([f"{where}: holds key/value JSON with no {name} key; store the value as plaintext, or as "
                       f'{{"{name}": "…"}}.'])
