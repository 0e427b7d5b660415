"""What listeners need besides Bolt's own arguments, built once by create_app()."""

from __future__ import annotations

from dataclasses import dataclass

from bot.settings import Settings
from bot.slack.answers import Answerer
from bot.slack.work import Work
from bot.state.store import Store


@dataclass(frozen=True)
class SlackDeps:
    settings: Settings
    answers: Answerer
    store: Store
    file_origins: frozenset[tuple[str, str, int]]  # where the bot token may be sent to read a snippet
    work: Work

    @property
    def lang(self) -> str:
        """For notes sent before the policy knows who asked (help, failures)."""
        return self.settings.default_language
