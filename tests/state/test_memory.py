from __future__ import annotations

import threading

from bot.state.memory import MemoryStore


def test_first_time_is_true_once_and_forget_resets_it() -> None:
    store = MemoryStore()
    assert store.first_time("a") and not store.first_time("a")
    store.forget("a")
    assert store.first_time("a")


def test_structures_are_bounded() -> None:
    store = MemoryStore(max_keys=100, max_values=10)
    for i in range(1000):
        store.first_time(f"k{i}")
        store.put(f"v{i}", "x")
        store.allow(f"w{i}", 5, 60)
    sizes = store.sizes()
    assert (sizes["seen"], sizes["values"], sizes["windows"]) == (100, 10, 100)
    assert sizes["value_bytes"] == 10  # ten values of one character
    assert store.get("v999") == "x" and store.get("v0") is None


def test_values_are_bounded_in_bytes_too() -> None:
    store = MemoryStore(max_values=1000, max_value_bytes=10_000)
    for i in range(100):
        store.put(f"v{i}", "x" * 1000)
    assert store.sizes()["value_bytes"] <= 10_000 and store.sizes()["values"] == 10
    assert store.get("v99") is not None and store.get("v0") is None


def test_sliding_window_counts_cost_and_refuses_without_counting() -> None:
    store = MemoryStore()
    assert store.allow("u", 3, 60, cost=2)
    assert not store.allow("u", 3, 60, cost=2)
    assert store.allow("u", 3, 60, cost=1)
    assert not store.allow("u", 3, 60)
    assert store.allow("u", 3, 0.0)  # an expired window starts afresh


def test_expiry() -> None:
    store = MemoryStore(ttl_seconds=0.0)
    store.put("v", "x")
    assert store.first_time("a") and store.first_time("a")
    assert store.get("v") is None


def test_first_time_under_contention_has_one_winner() -> None:
    store = MemoryStore()
    winners = []
    threads = [threading.Thread(target=lambda: winners.append(store.first_time("same"))) for _ in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert winners.count(True) == 1
