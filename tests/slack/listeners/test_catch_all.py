from __future__ import annotations

from slack_bolt import Ack

from bot.slack.listeners.catch_all import on_other_command, on_other_event, on_other_interaction, on_other_options
from tests.slack.listeners.conftest import MakeDeps


def test_other_events_and_interactions_are_acknowledged_and_nothing_else() -> None:
    assert on_other_event() is None
    ack = Ack()
    on_other_interaction(ack)
    assert ack.response is not None and ack.response.status == 200 and not ack.response.body


def test_other_options_get_an_empty_list() -> None:
    ack = Ack()
    on_other_options(ack)
    assert ack.response is not None and '"options": []' in str(ack.response.body)


def test_other_commands_get_the_help(make_deps: MakeDeps) -> None:
    deps, _ = make_deps()
    ack = Ack()
    on_other_command(ack, deps)
    assert ack.response is not None and "/decode" in str(ack.response.body)
