"""What listeners need besides Bolt's own arguments, built once by create_app()."""

from __future__ import annotations

from dataclasses import dataclass

from bot.settings import Settings
from bot.slack.answers import Answerer
from bot.state.store import Store


@dataclass(frozen=True)
class SlackDeps:
    settings: Settings
    answers: Answerer
    store: Store
    file_hosts: frozenset[str]

    @property
    def lang(self) -> str:
        """For notes sent before the policy knows who asked (help, failures)."""
        return self.settings.default_language
