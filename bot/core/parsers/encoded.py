"""Parser for encoded tokens: STS decodes the token (through Lookups), then it reads as a decoded message."""

from __future__ import annotations

import dataclasses

from bot.core.inputs import EncodedToken
from bot.core.outcomes import Decoded, LookupProblem, Lookups, Problem, Reading
from bot.core.parsers import decoded
from bot.vocab import ProblemCode


def read(item: EncodedToken, lookups: Lookups | None) -> list[Reading]:
    if item.truncated:
        return [Reading(problem=Problem.of(ProblemCode.TRUNCATED, length=len(item.token)))]
    outcome = lookups.decode(item) if lookups else LookupProblem(ProblemCode.UNEXPECTED)
    if isinstance(outcome, Decoded):
        return [dataclasses.replace(decoded.reading(outcome.message), account=outcome.account)]
    if isinstance(outcome, LookupProblem) and outcome.code in (ProblemCode.INVALID_TOKEN, ProblemCode.NOT_IN_ACCOUNTS):
        # Most often a token from another account: the exact command to run there, and an offer to explain its
        # output, which needs no AWS access.
        command = f"aws sts decode-authorization-message --encoded-message {item.token} --query DecodedMessage " \
                  "--output text"
        return [Reading(problem=Problem.of(outcome.code, command=command, count=outcome.tried))]
    if isinstance(outcome, LookupProblem):
        return [Reading(problem=Problem.from_lookup(outcome))]
    return [Reading(problem=Problem.of(ProblemCode.UNPARSEABLE))]
