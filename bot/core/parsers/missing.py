"""A label with no usable token after it: nothing to decode, only a request to paste the original error."""

from __future__ import annotations

from bot.core.inputs import MissingToken
from bot.core.outcomes import Lookups, Problem, Reading
from bot.vocab import ProblemCode


def read(item: MissingToken, lookups: Lookups | None) -> list[Reading]:
    return [Reading(problem=Problem.of(ProblemCode.NO_TOKEN))]
