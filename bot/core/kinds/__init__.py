"""Every input kind decode-bot reads, one module each (its type, its finder with the fast paths it runs, its reader,
its source, its JSON form), and `KINDS`, the one table that detect, the pipeline and the JSON contracts read.

Inputs are plain frozen data. They serialise to JSON (for "Show details" references, which must keep the
hints of the error text rather than re-scan a token on its own) and back.
"""

from __future__ import annotations

import json
from typing import Any

from bot.core.hints import Hints
from bot.core.kinds.authorization_id import AUTHORIZATION_ID, AuthorizationId
from bot.core.kinds.base import Kind
from bot.core.kinds.cloudtrail import CLOUDTRAIL, CloudTrailEvent
from bot.core.kinds.decoded import DECODED, DecodedMessage
from bot.core.kinds.encoded import ENCODED, MISSING, EncodedToken, MissingToken
from bot.core.kinds.text import REFUSAL, TEXT, PlainDenial, RefusalText
from bot.vocab import InputKind

Input = EncodedToken | DecodedMessage | AuthorizationId | MissingToken | PlainDenial | RefusalText | CloudTrailEvent

KINDS: dict[InputKind, Kind[Any]] = {kind.kind: kind for kind in (ENCODED, DECODED, AUTHORIZATION_ID, MISSING, TEXT,
                                                                    REFUSAL, CLOUDTRAIL)}


def capped(inputs: tuple[Input, ...], room: int) -> tuple[tuple[Input, ...], int]:
    """At most `room` inputs, those that need AWS first, then the paste's order; and how many were left out."""
    ranked = sorted(range(len(inputs)), key=lambda i: (not inputs[i].needs_aws, i))[:room]
    kept = tuple(inputs[i] for i in sorted(ranked))
    return kept, len(inputs) - len(kept)


def input_to_dict(item: Input) -> dict[str, Any]:
    return {"kind": item.kind, "start": item.start, "hints": item.hints.to_dict(), **KINDS[item.kind].to_json(item)}


def input_from_dict(entry: dict[str, Any]) -> Input:
    kind = KINDS[InputKind(entry["kind"])]
    found: Input = kind.from_json(entry, int(entry["start"]), Hints.from_dict(entry["hints"]))
    return found


def inputs_to_json(inputs: tuple[Input, ...]) -> str:
    return json.dumps([input_to_dict(item) for item in inputs], separators=(",", ":"))


def inputs_from_json(stored: str) -> tuple[Input, ...]:
    """The inputs kept by inputs_to_json(); anything malformed is left out."""
    try:
        return inputs_from_list(json.loads(stored))
    except (ValueError, RecursionError):
        return ()


def inputs_from_list(raw: object) -> tuple[Input, ...]:
    """The inputs of a list of input_to_dict() entries; anything malformed is left out."""
    found: list[Input] = []
    for entry in raw if isinstance(raw, list) else []:
        try:
            found.append(input_from_dict(entry))
        except (KeyError, TypeError, ValueError):
            continue
    return tuple(found)
