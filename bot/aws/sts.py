"""sts:DecodeAuthorizationMessage: one call, the DecodedMessage text or a problem."""

from __future__ import annotations

from typing import Any

from bot.core.outcomes import Decoded, LookupOutcome, LookupProblem
from bot.vocab import ProblemCode

PROBE_TOKEN = "decode-bot-doctor-probe"  # STS rejects it as invalid, which proves the permission


def decode(client: Any, token: str) -> LookupOutcome:
    message = client.decode_authorization_message(EncodedMessage=token).get("DecodedMessage")
    return Decoded(message) if isinstance(message, str) else LookupProblem(ProblemCode.UNEXPECTED)
