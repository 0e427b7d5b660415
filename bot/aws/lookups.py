"""The Lookups the pipeline needs, done with AWS: cached by a hash of what was looked up, never raising.

With one decoder role per account (DECODER_ROLE_ARN holding {account}), a token is tried in the account the
asker names, then in the accounts the paste names, then in every other account, a few at a time: the first
account that decodes it wins, the others are abandoned, and the account is cached with the result. A role
that cannot be assumed in one account never stops the others. Credentials that expire under a call get one
retry with fresh clients. Thread-safe; one instance serves the whole process. With a shared store
(STATE_BACKEND=dynamodb), results are also kept there for SHARED_SECONDS, so that the same token pasted again
on another process (another replica, another Lambda invocation, after a restart) is not decoded twice.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import logging
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any, TypeVar

from bot.aws import checks, sts, toolbox
from bot.aws.accounts import Accounts
from bot.aws.clients import Clients
from bot.aws.errors import guarded
from bot.concurrency import ACCOUNT_THREADS, ACCOUNTS_AT_ONCE, LOOKUP_THREADS, LOOKUPS_PER_ANSWER
from bot.core.hints import fingerprint
from bot.core.kinds.authorization_id import AuthorizationId
from bot.core.kinds.encoded import EncodedToken
from bot.core.outcomes import (
    Decoded,
    Detailed,
    LookupOutcome,
    LookupProblem,
    PolicyCheck,
    ReadCall,
    Reading,
    Simulated,
    Simulation,
    SimulationOutcome,
    Validated,
    ValidationOutcome,
)
from bot.settings import AwsSettings
from bot.state import keys
from bot.state.cache import ExpiringLru
from bot.state.store import Store
from bot.vocab import AwsService, ProblemCode

log = logging.getLogger(__name__)
T = TypeVar("T")

SHARED_SECONDS = 900  # how long a result stays in the shared store: decoded contents should not linger
CHECK_SECONDS = 900  # how long a check's result is trusted: a policy changed since is seen within this time
MISSING_PERMISSION_SECONDS = 600  # an account without a check's permission (or endpoint) is not asked again sooner
# Problems that are answers (the token is invalid, the ID does not exist) and may be cached like results.
_FINAL = frozenset({ProblemCode.INVALID_TOKEN, ProblemCode.AUTHORIZATION_NOT_FOUND,
                    ProblemCode.INVALID_AUTHORIZATION_ID, ProblemCode.NOT_IN_ACCOUNTS})
# What one account answers for a token or an ID that is another account's.
_NOT_HERE = frozenset({ProblemCode.INVALID_TOKEN, ProblemCode.AUTHORIZATION_NOT_FOUND})

Attempt = Callable[[str | None], LookupOutcome]


class AwsLookups:
    def __init__(self, aws: AwsSettings, cache_entries: int = 1024, cache_seconds: float = 3600,
                 preferred: tuple[str, ...] = (), shared: AwsLookups | None = None, store: Store | None = None,
                 scope: frozenset[str] | None = None) -> None:
        # A view with other preferred accounts shares the clients, the caches and the pool of the original.
        self.clients: Clients = shared.clients if shared else Clients(aws)
        self._store: Store | None = shared._store if shared else store
        self.accounts: Accounts = shared.accounts if shared else Accounts(aws, self.clients, self._store)
        self._cache: ExpiringLru[LookupOutcome] = shared._cache if shared else ExpiringLru(cache_entries,
                                                                                          cache_seconds)
        self._lookup_pool: ThreadPoolExecutor = shared._lookup_pool if shared else ThreadPoolExecutor(
            max_workers=LOOKUP_THREADS, thread_name_prefix="lookup")
        self._account_pool: ThreadPoolExecutor = shared._account_pool if shared else ThreadPoolExecutor(
            max_workers=ACCOUNT_THREADS, thread_name_prefix="accounts")
        self._checks: ExpiringLru[Validated | Simulated] = shared._checks if shared else ExpiringLru(
            cache_entries, CHECK_SECONDS)
        self._missing: ExpiringLru[LookupProblem] = shared._missing if shared else ExpiringLru(
            256, MISSING_PERMISSION_SECONDS)
        self._tags: ExpiringLru[dict[str, str]] = shared._tags if shared else ExpiringLru(256, CHECK_SECONDS)
        self._aws = aws
        self._preferred = preferred
        self._scope = scope  # the accounts this conversation may decode in (ACCOUNT_SCOPES); None: all

    def preferring(self, accounts: tuple[str, ...]) -> AwsLookups:
        return AwsLookups(self._aws, preferred=accounts, shared=self, scope=self._scope) if accounts else self

    def within(self, scope: frozenset[str] | None) -> AwsLookups:
        if scope == self._scope:
            return self
        return AwsLookups(self._aws, preferred=self._preferred, shared=self, scope=scope)

    def at_once(self, calls: Sequence[ReadCall]) -> list[list[Reading]]:
        return _in_waves(self._lookup_pool, list(calls), LOOKUPS_PER_ANSWER)

    def decode(self, token: EncodedToken) -> LookupOutcome:
        key = f"token:{hashlib.sha256(token.token.encode()).hexdigest()}"
        return self._cached(key, token.fingerprint, lambda: self._routed(
            lambda account: self._sts_decode(token.token, account), token.hints.accounts))

    def decode_token(self, token: str) -> LookupOutcome:
        return self.decode(EncodedToken(token, 0, len(token), False))

    def details(self, authorization: AuthorizationId) -> LookupOutcome:
        identifier, region = authorization.authorization_id, authorization.region
        return self._cached(f"authorization:{region}:{identifier}", fingerprint(identifier), lambda: self._routed(
            lambda account: self._toolbox_details(identifier, region, account), authorization.hints.accounts))

    # The checks of a fix: in the principal's account, with the decoder role, as decoding is routed.

    def validate_policy(self, check: PolicyCheck, locale: str, account: str | None) -> ValidationOutcome | None:
        route = self._check_route(account)
        if route is None:
            return None
        key = "validate:" + _digest(check.document, check.policy_type, check.resource_type, locale)
        found = self._checked(key, AwsService.ACCESS_ANALYZER, route, lambda: checks.validate(
            self.clients.get("accessanalyzer", account=route[0]), check, locale))
        return found if isinstance(found, (Validated, LookupProblem)) else None

    def simulate(self, simulation: Simulation, account: str | None) -> SimulationOutcome | None:
        route = self._check_route(account)
        if route is None:
            return None
        key = "simulate:" + _digest(json.dumps(dataclasses.asdict(simulation), sort_keys=True))
        found = self._checked(key, AwsService.IAM, route, lambda: checks.simulate(
            self.clients.get("iam", account=route[0]), simulation))
        return found if isinstance(found, (Simulated, LookupProblem)) else None

    def role_tags(self, role: str, account: str | None) -> dict[str, str] | None:
        route = self._check_route(account)
        if route is None:
            return None
        key = f"{route[0] or ''}:{role}"
        kept = self._tags.get(key)
        if kept is not None:
            return kept
        found = guarded(lambda: checks.role_tags(self.clients.get("iam", account=route[0]), role), AwsService.IAM,
                        self.clients.region, self.clients.role_for(route[0]))
        if isinstance(found, LookupProblem):
            log.info("tags of a role in %s: %s", route[0] or "home", found.code)
            return None
        self._tags.put(key, found)
        return found

    def _check_route(self, account: str | None) -> tuple[str | None] | None:
        """(the account whose decoder role runs the checks,), or None where decode-bot does not work in the
        principal's account (another account than its one role's, one not configured, one out of scope)."""
        if self.accounts.many:
            if account is None or account not in self.accounts.all() or not self._in_scope(account):
                return None
            return (account,)
        home = self.clients.home_account()
        if account is not None and home is not None and account != home:
            return None
        return (None,) if self._in_scope(home if home is not None else account) else None

    def _checked(self, key: str, service: AwsService, route: tuple[str | None],
                 call: Callable[[], Validated | Simulated]) -> Validated | Simulated | LookupProblem:
        account = route[0] or self.clients.home_account() or ""
        missing = f"{service}:{account}"
        cached = self._missing.get(missing) or self._checks.get(key)
        if cached is not None:
            return cached
        kept = checks.thawed(self._store.get(keys.check(key))) if self._store is not None else None
        if kept is not None:
            self._checks.put(key, kept)
            return kept
        outcome = guarded(call, service, self.clients.region, self.clients.role_for(route[0]))
        if isinstance(outcome, LookupProblem):
            log.info("check %s in %s: %s", service, account or "home", outcome.code)
            if outcome.code in (ProblemCode.ACCESS_DENIED, ProblemCode.CONNECTION):
                self._missing.put(missing, outcome)  # no permission, or no way to the endpoint: not asked again soon
            return outcome
        self._checks.put(key, outcome)
        if self._store is not None:
            self._store.put(keys.check(key), checks.frozen(outcome), CHECK_SECONDS)
        return outcome

    # The doctor's probes: calls that must fail in a known way when the permission is there.

    def probe_validate(self, account: str | None = None) -> ValidationOutcome:
        return guarded(lambda: checks.validate(self.clients.get("accessanalyzer", account=account), PolicyCheck(
            checks.PROBE_POLICY, "IDENTITY_POLICY"), "EN"), AwsService.ACCESS_ANALYZER, self.clients.region,
            self.clients.role_for(account))

    def probe_simulate(self, account: str, route: str | None = None) -> SimulationOutcome:
        """Simulates a user that cannot exist in `account`, with the decoder role of `route`."""
        probe = Simulation(checks.PROBE_PRINCIPAL.format(account=account), "sts:GetCallerIdentity", None)
        return guarded(lambda: checks.simulate(self.clients.get("iam", account=route), probe), AwsService.IAM,
                       self.clients.region, self.clients.role_for(route))

    def probe_decode(self, account: str | None = None) -> LookupOutcome:
        return self._sts_decode(sts.PROBE_TOKEN, account)

    def probe_details(self, account: str | None = None) -> LookupOutcome:
        return self._toolbox_details(toolbox.PROBE_ID, None, account)

    def identity(self, account: str | None = None) -> dict[str, str]:
        """sts:GetCallerIdentity with the decoding credentials; raises botocore errors for doctor to report."""
        return _identity(self.clients.get("sts", account=account))

    def base_identity(self) -> dict[str, str]:
        return _identity(self.clients.base("sts"))

    def _routed(self, attempt: Attempt, named: tuple[str, ...]) -> LookupOutcome:
        if not self.accounts.many:
            home = self.clients.home_account()
            return attempt(None) if self._in_scope(home) else self._out_of_scope(home)
        outside = self.accounts.outside(self._preferred)
        if outside:  # asked for by name: say so, and assume no role anywhere
            return LookupProblem(ProblemCode.ACCOUNT_NOT_CONFIGURED, account=outside[0],
                                 tried=len(self.accounts.all()))
        barred = [account for account in self._preferred if not self._in_scope(account)]
        if barred:
            return self._out_of_scope(barred[0])
        first = self._preferred + named
        order = [account for account in self.accounts.ordered(first) if self._in_scope(account)]
        if not order:
            return self._out_of_scope(named[0] if named else None)
        return _first_success(self._account_pool, attempt, order, len(set(first) & set(order)))

    def _sts_decode(self, token: str, account: str | None) -> LookupOutcome:
        outcome = guarded(lambda: sts.decode(self.clients.get("sts", account=account), token), AwsService.STS,
                          self.clients.region, self.clients.role_for(account))
        if isinstance(outcome, Decoded):
            return dataclasses.replace(outcome, account=account or self.clients.home_account())
        return outcome

    def _toolbox_details(self, authorization_id: str, region: str | None, account: str | None) -> LookupOutcome:
        outcome = guarded(lambda: toolbox.details(self.clients.get("iam-toolbox", region, account), authorization_id),
                          AwsService.IAM_TOOLBOX, region or self.clients.region, self.clients.role_for(account))
        if isinstance(outcome, Detailed):
            return dataclasses.replace(outcome, account=account or self.clients.home_account())
        return outcome

    def _in_scope(self, account: str | None) -> bool:
        return self._scope is None or account in self._scope

    def _out_of_scope(self, account: str | None) -> LookupProblem:
        in_scope = [a for a in self.accounts.all() if self._in_scope(a)] if self.accounts.many else []
        return LookupProblem(ProblemCode.ACCOUNT_NOT_IN_SCOPE, account=account, tried=len(in_scope))

    def _cached(self, key: str, name: str, call: Callable[[], LookupOutcome]) -> LookupOutcome:
        cached = self._cache.get(key)
        if cached is None and self._store is not None:
            cached = _thawed(self._store.get(keys.lookup(key)))
        if cached is not None:
            self._cache.put(key, cached)
            if isinstance(cached, (Decoded, Detailed)) and cached.account and not self._in_scope(cached.account):
                return self._out_of_scope(cached.account)  # decoded for another conversation: not for this one
            return cached
        outcome = call()
        if isinstance(outcome, LookupProblem) and outcome.code is ProblemCode.EXPIRED_CREDENTIALS:
            # Credentials that expired under us: build clients with fresh ones and try once more.
            self.clients.forget()
            outcome = call()
        if not isinstance(outcome, LookupProblem) or outcome.code in _FINAL:
            self._cache.put(key, outcome)
            if self._store is not None:
                self._store.put(keys.lookup(key), _frozen(outcome), SHARED_SECONDS)
        log.info("lookup %s: %s", name, outcome.code if isinstance(outcome, LookupProblem) else "ok")
        return outcome


def _digest(*parts: str | None) -> str:
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def _frozen(outcome: LookupOutcome) -> str:
    if isinstance(outcome, LookupProblem):
        return json.dumps({"problem": outcome.code.value, "service": outcome.service.value, "tried": outcome.tried})
    return json.dumps({"kind": type(outcome).__name__, **dataclasses.asdict(outcome)})


def _thawed(text: str | None) -> LookupOutcome | None:
    """A result kept by another process; None when absent or not understood (then it is looked up again)."""
    try:
        fields = json.loads(text or "null")
        if not isinstance(fields, dict):
            return None
        if "problem" in fields:
            return LookupProblem(ProblemCode(fields["problem"]), service=AwsService(fields["service"]),
                                 tried=int(fields["tried"]))
        kind = fields.pop("kind")
        if kind == "Decoded":
            return Decoded(message=str(fields["message"]), account=fields.get("account"))
        return Detailed(details=dict(fields["details"]), account=fields.get("account")) if kind == "Detailed" else None
    except (ValueError, KeyError, TypeError):
        return None


def _bounded(pool: ThreadPoolExecutor, calls: list[Callable[[], T]], at_once: int) -> Generator[tuple[int, T]]:
    """(index, result) of each call as it finishes, at most `at_once` running at a time. Closing the generator early
    abandons the calls not yet started."""
    waiting = list(enumerate(calls))
    running: dict[Future[T], int] = {}
    try:
        while waiting or running:
            while waiting and len(running) < at_once:
                index, call = waiting.pop(0)
                running[pool.submit(call)] = index
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield running.pop(future), future.result()
    finally:
        for future in running:  # abandoned: their answers no longer matter
            future.cancel()


def _in_waves(pool: ThreadPoolExecutor, calls: list[Callable[[], T]], at_once: int) -> list[T]:
    """Each call's result in order, at most `at_once` of them running at a time."""
    results = dict(_bounded(pool, calls, at_once))
    return [results[index] for index in range(len(calls))]


def _first_success(pool: ThreadPoolExecutor, attempt: Attempt, order: list[str], named: int) -> LookupOutcome:
    """Ask the accounts in order, ACCOUNTS_AT_ONCE at a time; the first that decodes wins. The `named` first
    accounts (the asker's, the paste's) are asked on their own before any other."""
    problems: list[LookupProblem] = []
    for wave in (order[:named], order[named:]):
        found = _ask(pool, attempt, wave, problems)
        if found is not None:
            return found
    # Not another account's token everywhere: say what went wrong; otherwise, that no account knows it.
    telling = [p for p in problems if p.code not in _NOT_HERE]
    if telling and len(telling) == len(problems):
        return telling[0]
    return LookupProblem(ProblemCode.NOT_IN_ACCOUNTS, service=problems[0].service, tried=len(order))


def _ask(pool: ThreadPoolExecutor, attempt: Attempt, accounts: list[str], problems: list[LookupProblem]
         ) -> LookupOutcome | None:
    calls: list[Callable[[], LookupOutcome]] = [functools.partial(attempt, account) for account in accounts]
    with contextlib.closing(_bounded(pool, calls, ACCOUNTS_AT_ONCE)) as finished:
        for index, outcome in finished:
            if not isinstance(outcome, LookupProblem):
                log.info("decoded in account %s after %d others", accounts[index], len(problems))
                return outcome
            problems.append(outcome)
    return None


def _identity(client: Any) -> dict[str, str]:
    response = client.get_caller_identity()
    return {"account": response["Account"], "arn": response["Arn"]}
