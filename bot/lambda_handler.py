"""AWS Lambda entry point: `bot.lambda_handler.handler`, behind a function URL.

Slack is acknowledged within the first invocation; the answer runs in a second, asynchronous invocation of
the same function (Bolt's lazy listeners), so Slack never waits for AWS. State is shared in DynamoDB, so a
Slack retry that lands on another invocation is not answered twice. The Slack secrets come from AWS Secrets
Manager (`SLACK_BOT_TOKEN_SECRET_ID`, `SLACK_SIGNING_SECRET_SECRET_ID`) or SSM Parameter Store
(`…_PARAMETER`), read once per cold start, unless the variables themselves are set.
"""

from __future__ import annotations

import base64
import json
import logging
import os
from typing import Any

from bot.ops import logs
from bot.settings import ConfigError, Settings, log_level
from bot.state import open_store

_SECRETS = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
_handler: Any = None


_BAD_REQUEST = {"statusCode": 400, "headers": {"Content-Type": "text/plain"}, "body": "not a Slack request\n"}


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    global _handler
    if _handler is None:
        _handler = _build()
    if not _is_lazy(event) and not _plausible(event):
        return _BAD_REQUEST  # as the HTTP server answers: Slack does not retry a 400
    try:
        response: dict[str, Any] = _handler.handle(event, context)
    except Exception as exc:  # Bolt's parsing chokes on some shapes: a malformed request, never a 500 or a crash
        logging.getLogger(__name__).warning("Bolt could not process a request: %s", type(exc).__name__)
        return _BAD_REQUEST
    if int(response.get("statusCode", 200)) >= 500:
        return _BAD_REQUEST
    return response


def _is_lazy(event: Any) -> bool:
    """Bolt's second, asynchronous invocation carries the request it already verified."""
    headers = event.get("headers") if isinstance(event, dict) else None
    return isinstance(headers, dict) and bool(headers.get("x-slack-bolt-lazy-only"))


def _plausible(event: Any) -> bool:
    """A Function URL event whose body is what Slack sends (see slack/server.plausible)."""
    from bot.slack.server import plausible

    if not isinstance(event, dict) or not isinstance(event.get("body"), (str, type(None))):
        return False
    body = (event.get("body") or "").encode()
    if event.get("isBase64Encoded"):
        try:
            body = base64.b64decode(body, validate=True)
        except ValueError:
            return False
    headers: dict[str, Any] = event["headers"] if isinstance(event.get("headers"), dict) else {}
    content_type = next((str(v) for k, v in headers.items() if str(k).lower() == "content-type"), "")
    return plausible(body, content_type)


def _build() -> Any:
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
    app = create_app(settings, store=store, work=Work(inline=True), on_lambda=True)
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
