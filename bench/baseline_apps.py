"""The two reference apps for bench/slack.py, served like decode-bot (waitress, same threads).

  bare:  Bolt only; answers a pasted error in its thread with "ok".
  floor: Bolt plus one boto3 decode_authorization_message call; replies with the raw decoded JSON.
         Any decoding bot costs at least this much.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import boto3
import waitress
from botocore.config import Config
from slack_bolt import App
from slack_sdk import WebClient

from bot.concurrency import HTTP_THREADS
from bot.slack.server import wsgi_app

TOKEN = re.compile(r"message: ([A-Za-z0-9_-]+)")


def build(kind: str) -> App:
    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    app = App(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"])
    sts = boto3.client("sts", region_name="us-east-1", config=Config(retries={"mode": "standard"}))

    @app.event("message")
    def reply(event: dict[str, Any], say: Any) -> None:
        text = "ok"
        if kind == "floor":
            match = TOKEN.search(event.get("text", ""))
            if not match:
                return
            text = sts.decode_authorization_message(EncodedMessage=match.group(1))["DecodedMessage"]
        say(text=text, thread_ts=event.get("thread_ts") or event["ts"])

    return app


if __name__ == "__main__":
    waitress.serve(wsgi_app(build(sys.argv[1])), host="127.0.0.1", port=int(os.environ["PORT"]),
                   threads=HTTP_THREADS, connection_limit=1000)
