"""Authorization IDs of newer access-denied errors, looked up with IAM Toolbox (through Lookups):

    Go to https://us-east-1.console.aws.amazon.com/iam/home?region=us-east-1#/authorization-details/<id> for
    complete details, or call the GetRequestAuthorizationDetails API with the following authorization id: <id>
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.core.hints import Hints, Paste, fingerprint
from bot.core.kinds.base import Kind
from bot.core.outcomes import Detailed, LookupProblem, Lookups, Problem, Reading
from bot.core.parsers.details import failures_from_details
from bot.core.textsearch import LazyPattern, Search
from bot.vocab import InputKind, ProblemCode, Source

MAX_IDS = 20


@dataclass(frozen=True)
class AuthorizationId:
    """An authorization ID from a newer access-denied error, looked up with IAM Toolbox."""

    authorization_id: str
    start: int
    region: str | None  # from the console link, which points at the Region that holds the details
    hints: Hints = field(default_factory=Hints)
    kind = InputKind.AUTHORIZATION_ID
    needs_aws = True

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.authorization_id)


ID = Search(
    "authorization id",
    LazyPattern(r"(?:#/authorization-details/|authorization[ _-]id:?[ \t]*[\"'`]?)([A-Za-z0-9]{6,256})"
                r"(?![A-Za-z0-9_-])", re.IGNORECASE),
    (b"author",), lead=2,  # "#/" may stand before it
)
_CONSOLE_REGION = LazyPattern(r"region=([a-z]{2}(?:-[a-z]+)+-\d)")


def find(paste: Paste) -> list[AuthorizationId]:
    text = paste.text
    found: dict[str, AuthorizationId] = {}
    for match in ID.fast(paste.folded):
        identifier = match.group(1)
        a_word = identifier.isalpha() and len(identifier) < 12  # "the authorization id received …"
        if identifier in found or len(found) >= MAX_IDS or a_word:
            continue
        region = _CONSOLE_REGION.findall(text, max(0, match.start() - 300), match.start())
        found[identifier] = AuthorizationId(identifier, match.start(1), region[-1] if region else None,
                                            paste.hints_before(0, match.start()))
    # The console link and the "authorization id:" sentence name the same ID; the link carries the Region.
    return sorted(found.values(), key=lambda a: a.start)


def read(item: AuthorizationId, lookups: Lookups | None) -> list[Reading]:
    outcome = lookups.details(item) if lookups else LookupProblem(ProblemCode.UNEXPECTED)
    if isinstance(outcome, LookupProblem) and outcome.code in (ProblemCode.NOT_IN_ACCOUNTS,
                                                                ProblemCode.ACCOUNT_NOT_CONFIGURED,
                                                                ProblemCode.ACCOUNT_NOT_IN_SCOPE):
        # Another account's: its console shows the details to whoever may read them there.
        region = item.region or "us-east-1"
        link = (f"https://{region}.console.aws.amazon.com/iam/home?region={region}#/authorization-details/"
                f"{item.authorization_id}")
        problem = Problem.of(outcome.code, count=outcome.tried, account=outcome.account or "?")
        return [Reading(problem=problem.with_commands((link,), (), label="label.look_yourself"))]
    if isinstance(outcome, LookupProblem):
        return [Reading(problem=Problem.from_lookup(outcome))]
    evaluations = failures_from_details(outcome.details) if isinstance(outcome, Detailed) else []
    if not evaluations:
        return [Reading(problem=Problem.of(ProblemCode.UNPARSEABLE))]
    account = outcome.account if isinstance(outcome, Detailed) else None
    return [Reading(failure=failure, policy=hint, account=account) for failure, hint in evaluations]


def _scan_form(ids: tuple[AuthorizationId, ...]) -> list[dict[str, Any]]:
    return [{"id": a.authorization_id, "start": a.start, "region": a.region} for a in ids]


AUTHORIZATION_ID = Kind(
    InputKind.AUTHORIZATION_ID, AuthorizationId, find, read, Source.IAM_TOOLBOX,
    lambda item: {"id": item.authorization_id, "region": item.region},
    lambda entry, start, hints: AuthorizationId(str(entry["id"]), start, entry.get("region"), hints),
    scan_field="authorization_ids", scan_form=_scan_form, fast_paths=(ID,),
)
