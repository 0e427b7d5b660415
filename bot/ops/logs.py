"""Logging that cannot leak: third-party loggers are capped, and every record is scrubbed of anything that
looks like a token, a Slack secret or an AWS secret before it is written."""

from __future__ import annotations

import logging
import re
import sys
from typing import IO

from bot.core.hints import fingerprint

# Long runs of the token alphabet: whole tokens, and the pieces of one that a terminal wrapped across lines.
_TOKEN_LIKE = re.compile(r"[A-Za-z0-9_-]{32,}")
_UUID = re.compile(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")  # request IDs stay readable
# IAM Identity Center's role names (AWSReservedSSO_<permission set>_<16 hex>) are long runs too; the audit needs them.
_SSO_ROLE = re.compile(r"AWSReservedSSO_[A-Za-z0-9+=,.@-]+_[0-9a-f]{16}")
_SLACK_SECRET = re.compile(r"\bxox[abposr]-[A-Za-z0-9-]+|\bxapp-[A-Za-z0-9-]+")
# A decoded authorization message (raw or escaped) in a log line: the whole line goes.
_DECODED = re.compile(r'\\*"(?:allowed|explicitDeny|matchedStatements|DecodedMessage)\\*"')
# Libraries that log request and response bodies (event payloads, decoded replies) at DEBUG or INFO.
_CHATTY = ("slack_bolt", "slack_sdk", "botocore", "boto3", "urllib3", "websocket", "waitress")
# Where a library's message starts quoting a request or response (Bolt's "Unhandled request ({...})").
_PAYLOAD = re.compile(r"[{\[]['\"]|\bbody[:=]")


def redact(text: str) -> str:
    """The text with Slack secrets, token-like runs and decoded messages removed."""
    if _DECODED.search(text):
        return "<decoded message redacted>"
    cleaned = _SLACK_SECRET.sub("<slack-token>", text)
    return _TOKEN_LIKE.sub(_token, cleaned)


def _token(match: re.Match[str]) -> str:
    run = match.group()
    return run if _UUID.fullmatch(run) or _SSO_ROLE.fullmatch(run) else f"<token {fingerprint(run)}>"


def _library(name: str) -> bool:
    return any(name == chatty or name.startswith((chatty + ".", chatty + ":")) for chatty in _CHATTY)


class RedactingFilter(logging.Filter):
    """On decode-bot's one handler, so every record passes it whatever its logger's level: libraries' records
    below WARNING are dropped (Bolt copies the root's level onto its own loggers, and logs request bodies at
    INFO and DEBUG), payloads in their warnings are cut, and every message is redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        library = _library(record.name)
        if library and record.levelno < logging.WARNING:
            return False
        message = record.getMessage()
        cleaned = redact(message)
        payload = _PAYLOAD.search(cleaned) if library else None
        if payload:
            cleaned = cleaned[: payload.start()] + "<payload redacted>"
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            # The formatter prints exc_text when it is set: an exception's text is redacted like the message.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True


def configure(level_name: str, stream: IO[str] | None = None) -> None:
    level = logging.getLevelName(level_name.upper())
    if not isinstance(level, int):
        level = logging.WARNING
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Every library logs through the one redacting handler: none keeps a handler of its own.
    for logger in list(logging.Logger.manager.loggerDict.values()):
        if isinstance(logger, logging.Logger):
            logger.handlers[:] = []
            logger.propagate = True
    for name in _CHATTY:
        logging.getLogger(name).setLevel(max(level, logging.WARNING))
    # The audit trail is kept whatever the log level.
    logging.getLogger("decode_bot.audit").setLevel(logging.INFO)
    # botocore logs failed credential refreshes with a traceback; decode-bot reports them itself.
    logging.getLogger("botocore.credentials").setLevel(logging.CRITICAL)
