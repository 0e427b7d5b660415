"""Routes to channels (WATCH_ROUTES, OWNER_ROUTES): ordered `match=channel` rules, the first that matches wins. Pure."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable


def first_route(routes: tuple[tuple[str, str], ...], names: Iterable[str | None], accounts: Iterable[str | None],
                kinds: Iterable[str | None] = ()) -> str | None:
    """The channel of the first rule that matches: `*`, an account ID, an ARN pattern with `*` (matched against
    every name: a session's role as well as the session), or a policy kind."""
    arns = [name for name in names if name]
    plain = {value for value in (*accounts, *kinds) if value}
    for match, channel in routes:
        if match == "*" or match in plain:
            return channel
        if match.startswith("arn:") and any(fnmatch.fnmatchcase(name, match) for name in arns):
            return channel
    return None
