"""Logging that cannot leak: third-party loggers are capped, and every record is scrubbed of anything that
looks like a token, a Slack secret or an AWS secret before it is written."""

from __future__ import annotations

import logging
import re
import sys

from bot.core.inputs import fingerprint

_TOKEN_LIKE = re.compile(r"[A-Za-z0-9_-]{100,}")
_SLACK_SECRET = re.compile(r"\bxox[abposr]-[A-Za-z0-9-]+|\bxapp-[A-Za-z0-9-]+")
# Libraries that log request and response bodies (event payloads, decoded replies) at DEBUG or INFO.
_CHATTY = ("slack_bolt", "slack_sdk", "botocore", "boto3", "urllib3", "websocket")


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = _SLACK_SECRET.sub("<slack-token>", message)
        cleaned = _TOKEN_LIKE.sub(lambda m: f"<token {fingerprint(m.group())}>", cleaned)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def configure(level_name: str) -> None:
    level = logging.getLevelName(level_name.upper())
    if not isinstance(level, int):
        level = logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in _CHATTY:
        logging.getLogger(name).setLevel(max(level, logging.WARNING))
    # The audit trail is kept whatever the log level.
    logging.getLogger("decode_bot.audit").setLevel(logging.INFO)
    # botocore logs failed credential refreshes with a traceback; decode-bot reports them itself.
    logging.getLogger("botocore.credentials").setLevel(logging.CRITICAL)
