"""The declaration each input kind fills in: `KINDS` (bot.core.kinds) holds one per InputKind."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from bot.core.hints import Hints, Paste
from bot.core.textsearch import FastPath
from bot.vocab import InputKind, Source

if TYPE_CHECKING:
    from bot.core.outcomes import Lookups, Reading


T = TypeVar("T")


@dataclass(frozen=True)
class Kind(Generic[T]):
    """Everything decode-bot knows about one input kind. `KINDS` (bot.core.kinds) holds one per InputKind."""

    kind: InputKind
    type: type[T]
    # Everything of this kind in a paste, in order; None where another kind's finder finds it (a label without a
    # token is found by the token finder).
    find: Callable[[Paste], Sequence[Any]] | None
    read: Callable[[T, Lookups | None], list[Reading]]  # what it says, with AWS's help where it needs it
    source: Source | None  # who vouches for what is explained (None: nothing is explained)
    to_json: Callable[[T], dict[str, Any]]  # the fields of its stored form, besides kind, start and hints
    from_json: Callable[[dict[str, Any], int, Hints], T]
    scan_field: str | None = None  # its entry in `decode-bot scan --format json`
    scan_form: Callable[[tuple[T, ...]], Any] | None = None
    fast_paths: tuple[FastPath, ...] = field(default=())  # the searches its finder runs

