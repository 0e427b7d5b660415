"""Shared state: the Store protocol, its backends, and the bounded caches."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.settings import Settings
    from bot.state.store import Store


def open_store(settings: Settings) -> Store:
    """The store STATE_BACKEND names: this process's memory, or the DynamoDB table every process shares."""
    if settings.state_backend == "dynamodb":
        from bot.state.dynamodb import DynamoStore

        return DynamoStore(settings.state_table, settings.aws_region)
    from bot.state.memory import MemoryStore

    return MemoryStore()
