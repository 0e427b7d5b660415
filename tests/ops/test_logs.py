from __future__ import annotations

import io
import logging

from bot.ops import logs
from tests.builders import PASSROLE_MESSAGE, make_token


def test_wrapped_tokens_decoded_messages_and_exceptions_are_redacted() -> None:
    token = make_token(1401)
    stream = io.StringIO()
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    chatty = logging.getLogger("some.library")
    chatty.addHandler(logging.StreamHandler(io.StringIO()))  # a library's own handler, which configure removes
    logs.configure("DEBUG")
    root.handlers[0].stream = stream  # type: ignore[attr-defined]
    wrapped = "\n".join(token[i : i + 76] for i in range(0, len(token), 76))
    chatty.info("body: %s", "Encoded authorization failure message: " + wrapped)
    chatty.info("decoded: %s", PASSROLE_MESSAGE)
    try:
        raise ValueError(token)
    except ValueError:
        chatty.exception("failed")
    chatty.info("request id 1550870c-6e0b-4fac-ba19-1da46fef7f17")
    written = stream.getvalue()
    for piece in (token[i : i + 76] for i in range(0, len(token) - 76, 76)):
        assert piece not in written
    assert "EC2_instance_Profile_role" not in written and "<decoded message redacted>" in written
    assert "1550870c-6e0b-4fac-ba19-1da46fef7f17" in written
    assert chatty.handlers == [] and chatty.propagate
    root.handlers[:], root.level = saved[0], saved[1]


def test_the_audit_keeps_identity_center_role_names() -> None:
    arn = "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_AdministratorAccess_0a1b2c3d4e5f6789/alice"
    assert logs.redact(f'{{"principal": "{arn}"}}') == f'{{"principal": "{arn}"}}'
    token_like = "AWSReservedSSO_" + make_token(1402)[:60]  # not a role name's shape: still a token
    assert token_like not in logs.redact(token_like)


def test_library_records_below_warning_never_pass_whatever_their_loggers_level() -> None:
    bolt = logging.getLogger("slack_bolt.decode-bot:ThreadListenerRunner")
    bolt.setLevel(logging.DEBUG)  # as Bolt does, copying the root's level
    keep = logs.RedactingFilter()
    body = logging.LogRecord(bolt.name, logging.DEBUG, __file__, 1, "body: %s", ({"text": "paste"},), None)
    assert not keep.filter(body)
    warning = logging.LogRecord("slack_bolt.App", logging.WARNING, __file__, 1, "Unhandled request (%s)",
                                ({"type": "event_callback", "event": {"text": "canary"}},), None)
    assert keep.filter(warning) and warning.getMessage() == "Unhandled request (<payload redacted>"
    ours = logging.LogRecord("bot.slack.answers", logging.INFO, __file__, 1, "answered %s", ("abc",), None)
    assert keep.filter(ours) and ours.getMessage() == "answered abc"
