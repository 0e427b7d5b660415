"""Every key the store holds, spelled in one place: what each namespace is for and how long it lives is decided
by its caller; how it is spelled, here."""

from __future__ import annotations

# Prefixes of the DynamoDB items behind each Store operation: a claim, a rate window, a value.
CLAIM = "seen#"
WINDOW = "rate#"
VALUE = "val#"
COUNTER = "cnt#"

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


def watch_event(event_id: str) -> str:
    """A CloudTrail event the watch has counted (EventBridge and SQS both deliver at least once)."""
    return f"watch:event:{event_id}"


def watch_cause(cause: str, generation: int) -> str:
    """A cause's thread in one quiet-separated period: the claim to open it, its message, its counts."""
    return f"watch:cause:{cause}:{generation}"


def watch_member(cause: str, generation: int, kind: str, name: str) -> str:
    """A principal or resource already seen in a cause's thread."""
    return f"watch:member:{cause}:{generation}:{kind}:{name}"


def watch_mute(cause: str) -> str:
    return f"watch:mute:{cause}"


WATCH_MUTES = "watch:mutes"  # the list App Home shows (causes muted by people, default mutes lifted)
WATCH_UNROUTED = "watch:unrouted"  # denials no route matched, counted for administrators


def ask_request(request_id: str) -> str:
    """A request to a policy's owners ("Ask the owner"), kept until it expires."""
    return f"ask:request:{request_id}"


def ask_number(number: int) -> str:
    """The request with this number (numbered in order, so that reminders and expiry find the open ones)."""
    return f"ask:number:{number}"


def ask_decided(request_id: str) -> str:
    """The claim on a request's decision: two clicks at once give one decision."""
    return f"ask:decided:{request_id}"


def ask_reminded(request_id: str) -> str:
    return f"ask:reminded:{request_id}"


ASK_NUMBERS = "ask:numbers"  # the counter that numbers requests
ASK_LOW = "ask:low"  # every request numbered below it is decided or expired
