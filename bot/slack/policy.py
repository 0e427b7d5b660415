"""Who may see what, where, how much of it, and in which language: one decision for every Slack surface.

- Channel surfaces (a thread, a mention) answer where others read along: ALLOWED_CHANNELS applies, the
  answer follows DISCLOSURE, and it is worded in DEFAULT_LANGUAGE.
- Private surfaces (a direct message or group DM, /decode, the shortcut, "Show details") answer one
  person: ALLOWED_USERS / ALLOWED_USERGROUPS apply, the answer is complete, in that person's Slack locale.
- Every surface counts its AWS lookups against the per-person and per-channel rate limits.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.i18n import Line
from bot.ops import audit
from bot.ops.audit import Asker
from bot.settings import AccessSettings, Limits
from bot.state import keys
from bot.state.cache import ExpiringLru
from bot.state.store import Store
from bot.vocab import LANGUAGES, Disclosure

log = logging.getLogger(__name__)

GROUP_CACHE_SECONDS = 300
LOCALE_CACHE_SECONDS = 3600
MAX_CACHED_USERS = 10_000
RATE_WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Permit:
    """The policy's answer for one request: refused (with the note to send), or allowed at a disclosure."""

    lang: str
    disclosure: Disclosure = Disclosure.STANDARD
    refusal: Line | None = None

    @property
    def allowed(self) -> bool:
        return self.refusal is None


class AccessPolicy:
    def __init__(self, access: AccessSettings, limits: Limits, store: Store) -> None:
        self._access = access
        self._limits = limits
        self._store = store
        self._members: ExpiringLru[frozenset[str]] = ExpiringLru(MAX_CACHED_USERS, GROUP_CACHE_SECONDS)
        self._people: ExpiringLru[tuple[str | None, str | None, str | None]] = ExpiringLru(MAX_CACHED_USERS,
                                                                                            LOCALE_CACHE_SECONDS)
        self._home_team: tuple[str, str | None] | None = None

    def decide(self, client: WebClient, asker: Asker) -> Permit:
        access = self._access
        if asker.surface.public:
            if not self.channel_allowed(asker):
                audit.record(asker, "channel_not_allowed")
                return Permit(access.default_language, refusal=Line("access.channel"))
            # Another organisation reads a Slack Connect channel: no condition values, no statement internals.
            disclosure = Disclosure.SUMMARY if asker.shared_channel else access.disclosure
            return Permit(access.default_language, disclosure)
        lang = self.language(client, asker.user)
        if self.external(client, asker) and not access.allow_external_users:
            audit.record(asker, "external_user")
            return Permit(lang, refusal=Line("access.external"))
        if not self.user_allowed(client, asker.user):
            audit.record(asker, "user_not_allowed")
            return Permit(lang, refusal=Line("access.user"))
        return Permit(lang, Disclosure.STANDARD)

    def accounts_for(self, client: WebClient, asker: Asker) -> frozenset[str] | None:
        """The accounts this conversation may decode in (ACCOUNT_SCOPES): its channel's scope, or the default `*`
        for a channel not listed, and those of the asker's listed user groups; None when nothing is scoped."""
        scopes = dict(self._access.account_scopes)
        if not scopes:
            return None
        allowed = set(scopes[asker.channel] if asker.channel in scopes else scopes.get("*", frozenset()))
        for group, accounts in scopes.items():
            if group.startswith("S") and asker.user and asker.user in self.group_members(client, group):
                allowed |= accounts
        return frozenset(allowed)

    def channel_allowed(self, asker: Asker) -> bool:
        """Whether a channel message may be answered where it was posted (ALLOWED_CHANNELS)."""
        allowed = self._access.allowed_channels
        return not allowed or asker.channel in allowed

    def external(self, client: WebClient, asker: Asker) -> bool:
        """Whether the asker belongs to another organisation than the bot's workspace (Slack Connect). Payloads that
        do not say (/decode, App Home) are answered by Slack's profile of the person; unknown means external."""
        home = self._home(client)
        if home is None:
            return True  # fail closed: unknown means not ours
        if asker.user_team:
            return asker.user_team != home[0]
        _, team, enterprise = self._person(client, asker.user)
        if team is None and enterprise is None:
            return asker.user is not None  # a person Slack would not describe: not let in
        return team != home[0] and (enterprise is None or enterprise != home[1])

    def _home(self, client: WebClient) -> tuple[str, str | None] | None:
        """The bot's own workspace and, on Enterprise Grid, its organization."""
        if self._home_team is None:
            try:
                identity = client.auth_test()
                self._home_team = (str(identity.get("team_id") or ""), identity.get("enterprise_id") or None)
            except (SlackApiError, OSError) as exc:
                log.warning("could not tell the bot's own workspace: %s", type(exc).__name__)
        return self._home_team

    def over_limit(self, asker: Asker, lookups: int) -> Line | None:
        """The note to send when `lookups` more AWS calls would exceed the asker's or the channel's rate."""
        if not lookups:
            return None
        limits = self._limits
        if asker.user and not self._store.allow(keys.user_rate(asker.user), limits.user_decodes_per_minute,
                                                RATE_WINDOW_SECONDS, lookups):
            audit.record(asker, "rate_limited_user")
            return Line("limit.user", limit=limits.user_decodes_per_minute)
        if asker.channel and not self._store.allow(keys.channel_rate(asker.channel),
                                                   limits.channel_decodes_per_minute, RATE_WINDOW_SECONDS, lookups):
            audit.record(asker, "rate_limited_channel")
            return Line("limit.channel", limit=limits.channel_decodes_per_minute)
        return None

    def user_allowed(self, client: WebClient, user: str | None) -> bool:
        users, groups = self._access.allowed_users, self._access.allowed_usergroups
        if not (users or groups):
            return True
        if user is None:
            return False
        return user in users or any(user in self.group_members(client, group) for group in sorted(groups))

    def language(self, client: WebClient, user: str | None) -> str:
        """The person's Slack locale when decode-bot speaks it, else DEFAULT_LANGUAGE."""
        return self._person(client, user)[0] or self._access.default_language

    def _person(self, client: WebClient, user: str | None) -> tuple[str | None, str | None, str | None]:
        """(language decode-bot speaks or None, team ID, enterprise ID) from Slack's profile of the person."""
        if not user:
            return None, None, None
        cached = self._people.get(user)
        if cached:
            return cached
        try:
            profile = client.users_info(user=user, include_locale=True).get("user") or {}
        except (SlackApiError, OSError) as exc:
            log.info("no profile for a user: %s", type(exc).__name__)
            return self._people.stale(user) or (None, None, None)
        language = str(profile.get("locale") or "").split("-", 1)[0].lower()
        enterprise = (profile.get("enterprise_user") or {}).get("enterprise_id")
        person = (language if language in LANGUAGES else None, profile.get("team_id") or None, enterprise or None)
        self._people.put(user, person)
        return person

    def group_members(self, client: WebClient, group: str) -> frozenset[str]:
        """A user group's members (cached; on an error, those read before, else nobody)."""
        cached = self._members.get(group)
        if cached is not None:
            return cached
        try:
            response = client.usergroups_users_list(usergroup=group)
        except SlackApiError as exc:
            # Fail closed: without the member list nobody is let in through this group, unless it was read before.
            log.error("could not read user group %s: %s", group, exc.response.get("error"))
            return self._members.stale(group) or frozenset()
        members = frozenset(str(u) for u in response.get("users") or [])
        self._members.put(group, members)
        return members
