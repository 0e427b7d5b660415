"""What listeners need besides Bolt's own arguments, built once by create_app()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack

from bot.settings import Settings
from bot.slack.answers import Answerer
from bot.slack.status import StatusBoard
from bot.slack.work import Work
from bot.state.store import Store


@dataclass(frozen=True)
class SlackDeps:
    settings: Settings
    answers: Answerer
    store: Store
    file_origins: frozenset[tuple[str, str, int]]  # where the bot token may be sent to read a snippet
    work: Work
    status: StatusBoard  # what App Home shows of `decode-bot doctor`
    lazy: bool = False  # AWS Lambda: acknowledge in the first invocation, answer in a second one

    @property
    def lang(self) -> str:
        """For notes sent before the policy knows who asked (help, failures)."""
        return self.settings.access.default_language


def acknowledge(ack: Ack) -> None:
    ack()


def bind(listen: Callable[..., Any], work: Callable[..., None], deps: SlackDeps,
         ack: Callable[..., object] = acknowledge) -> None:
    """Register a listener. On AWS Lambda (`deps.lazy`) Slack is acknowledged at once (`ack`) and the work runs
    in a second, asynchronous invocation of the same function (Bolt's lazy listeners)."""
    if deps.lazy:
        listen(ack=ack, lazy=[work])
    else:
        listen(work)
