"""Shared state: the Store protocol, its backends, and the bounded caches."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.vocab import StateBackend

if TYPE_CHECKING:
    from bot.settings import StateSettings
    from bot.state.store import Store


def open_store(state: StateSettings, region: str, timeout_seconds: float = 2.0, secret: str | None = None) -> Store:
    """The store STATE_BACKEND names: this process's memory, or the DynamoDB table every process shares (`secret`,
    the same in every process, signs the values it shares). The only place that names a backend."""
    if state.backend is StateBackend.DYNAMODB:
        from bot.state.dynamodb import DynamoStore

        return DynamoStore(state.table, region, timeout_seconds=timeout_seconds, secret=secret)
    from bot.state.memory import MemoryStore

    return MemoryStore()
