"""Every key the store holds, spelled in one place: what each namespace is for and how long it lives is decided
by its caller; how it is spelled, here."""

from __future__ import annotations

# Prefixes of the DynamoDB items behind each Store operation: a claim, a rate window, a value.
CLAIM = "seen#"
WINDOW = "rate#"
VALUE = "val#"

ORGANIZATION_ACCOUNTS = "accounts#organization"  # the organization's active accounts, listed by one process


def event(event_id: str) -> str:
    """A Slack event, handled once whichever process receives it."""
    return f"event:{event_id}"


def answer(message: str, item: str) -> str:
    """One input of one message, answered once whichever event (message, edit, mention, retry) brings it."""
    return f"answer:{message}:{item}"


def admin_notice(problem: str, hour: int) -> str:
    """A problem told to ADMIN_CHANNEL, once an hour."""
    return f"admin:{problem}:{hour}"


def details(reference: str) -> str:
    """The inputs behind a "Show details" button."""
    return f"details:{reference}"


def user_rate(user: str) -> str:
    return f"rate:user:{user}"


def channel_rate(channel: str) -> str:
    return f"rate:channel:{channel}"


def lookup(key: str) -> str:
    """An AWS lookup's result, shared so that other processes do not look it up again."""
    return f"lookup#{key}"


def check(key: str) -> str:
    """A fix's check by AWS (ValidatePolicy, the simulator), shared so that every process serves it."""
    return f"check#{key}"
