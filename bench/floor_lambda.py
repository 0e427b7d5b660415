"""The floor app on AWS Lambda, for bench/lambda_start.py: Bolt's Lambda adapter acknowledging at once, and a
lazy listener making one boto3 decode and replying with the raw JSON. Any decoding bot on Lambda costs this."""

from __future__ import annotations

import os
import re
from typing import Any

import boto3
from slack_bolt import App
from slack_bolt.adapter.aws_lambda import SlackRequestHandler
from slack_sdk import WebClient

TOKEN = re.compile(r"message: ([A-Za-z0-9_-]+)")
_handler: SlackRequestHandler | None = None


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    global _handler
    if _handler is None:
        app = App(client=WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"]),
                  signing_secret=os.environ["SLACK_SIGNING_SECRET"], process_before_response=True)
        sts = boto3.client("sts", region_name="us-east-1")

        def decode(event: dict[str, Any], say: Any) -> None:
            match = TOKEN.search(event.get("text", ""))
            if match:
                text = sts.decode_authorization_message(EncodedMessage=match.group(1))["DecodedMessage"]
                say(text=text, thread_ts=event.get("thread_ts") or event["ts"])

        app.event("message")(ack=lambda ack: ack(), lazy=[decode])
        _handler = SlackRequestHandler(app)
    response: dict[str, Any] = _handler.handle(event, context)
    return response
