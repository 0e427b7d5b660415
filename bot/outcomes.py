"""What a decode attempt can end in. Kept apart from decoder.py so that callers need not import botocore."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Decoded:
    message: str  # the DecodedMessage JSON text


@dataclass(frozen=True)
class Detailed:
    details: dict[str, Any]  # IAM Toolbox's GetRequestAuthorizationDetails answer, all pages merged


@dataclass(frozen=True)
class DecodeProblem:
    code: str  # names the catalog's "error.<code>.user" and "error.<code>.admin" entries
    identity: str | None = None  # the bot identity that lacks a permission, where AWS names it

    @property
    def retryable(self) -> bool:
        return self.code in {"throttled", "timeout", "connection"}


DecodeOutcome = Decoded | Detailed | DecodeProblem
