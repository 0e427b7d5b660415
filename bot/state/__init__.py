"""Shared state: the Store protocol, its backends, and the bounded caches."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.vocab import StateBackend

if TYPE_CHECKING:
    from bot.settings import StateSettings
    from bot.state.store import Store


def open_store(state: StateSettings, region: str, timeout_seconds: float = 2.0, secret: str | None = None,
               strict: bool = False) -> Store:
    """The store STATE_BACKEND names: this process's memory, or the DynamoDB table every process shares (`secret`,
    the same in every process, signs the values it shares). The only place that names a backend. `strict`: a table
    that cannot be reached raises (the denial watch then leaves its message on the queue) instead of answering from
    this process's memory."""
    if state.backend is StateBackend.DYNAMODB:
        from bot.state.dynamodb import DynamoStore

        return DynamoStore(state.table, region, timeout_seconds=timeout_seconds, secret=secret, strict=strict)
    from bot.state.memory import MemoryStore

    return MemoryStore()
