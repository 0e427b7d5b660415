"""The Store contract, run against both backends: this process's memory, and a DynamoDB table (moto's server
mode over real HTTP)."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator

import pytest

from bot.state.dynamodb import DynamoStore
from bot.state.memory import MemoryStore
from bot.state.store import Store
from tests.fakes.dynamodb import FakeDynamoDb

SECRET = "xoxb-1111-2222-decodebottest"  # what signs shared values: the bot token every process has

_tables = itertools.count(1)


@pytest.fixture(scope="module")
def dynamodb() -> Iterator[FakeDynamoDb]:
    fake = FakeDynamoDb().start()
    yield fake
    fake.stop()


@pytest.fixture(params=["memory", "dynamodb"])
def store(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Store:
    if request.param == "memory":
        return MemoryStore()
    fake: FakeDynamoDb = request.getfixturevalue("dynamodb")
    for name, value in fake.env().items():
        monkeypatch.setenv(name, value)
    table = DynamoStore(f"decode-bot-{next(_tables)}", "us-east-1", secret=SECRET)
    assert table.init() == "created"
    return table


def test_first_time_is_true_once_and_forget_resets_it(store: Store) -> None:
    assert store.first_time("event:Ev1") and not store.first_time("event:Ev1")
    store.forget("event:Ev1")
    assert store.first_time("event:Ev1")


def test_only_one_of_many_concurrent_claims_wins(store: Store) -> None:
    wins: list[bool] = []
    threads = [threading.Thread(target=lambda: wins.append(store.first_time("answer:C1:1.2:abc")))
               for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wins.count(True) == 1


def test_rate_windows_count_and_refuse_without_counting(store: Store) -> None:
    assert store.allow("rate:user:U1", 3, 60, cost=2)
    assert not store.allow("rate:user:U1", 3, 60, cost=2)
    assert store.allow("rate:user:U1", 3, 60, cost=1)
    assert not store.allow("rate:user:U1", 3, 60)
    assert store.allow("rate:user:U2", 3, 60)


def test_turns_are_spaced_by_the_gap_across_threads_not_counted_in_fixed_windows(store: Store) -> None:
    assert store.turn("watch:pace:C1", 1.0)
    time.sleep(0.6)  # a one-second window would start again here more than half of the time
    assert not store.turn("watch:pace:C1", 1.0) and store.turn("watch:pace:C2", 1.0)
    time.sleep(0.5)
    taken: list[float] = []

    def take() -> None:
        deadline = time.monotonic() + 2.5
        while time.monotonic() < deadline:
            asked = time.time()  # when the turn was asked for, as the store compares it (an answer may come late)
            if store.turn("watch:pace:C1", 1.0):
                taken.append(asked)
            time.sleep(0.01)

    threads = [threading.Thread(target=take) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    taken.sort()
    assert 2 <= len(taken) <= 3, taken
    assert all(later - earlier > 0.9 for earlier, later in itertools.pairwise(taken)), taken


def test_counters_add_atomically_across_threads_and_restart_once_expired(store: Store) -> None:
    threads = [threading.Thread(target=lambda: [store.add("watch:count:c1") for _ in range(10)]) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.add("watch:count:c1", 0) == 80 and store.add("watch:count:c1", 5) == 85
    assert store.add("watch:count:brief", 3, ttl_seconds=1) == 3
    time.sleep(2.1)
    assert store.add("watch:count:brief", 1, ttl_seconds=1) == 1


@pytest.mark.parametrize("backend", ["memory", "dynamodb"])
def test_a_counter_asked_to_outlive_the_stores_lifetime_does(backend: str, request: pytest.FixtureRequest,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    if backend == "memory":
        brief: Store = MemoryStore(ttl_seconds=1)
    else:
        fake: FakeDynamoDb = request.getfixturevalue("dynamodb")
        for name, value in fake.env().items():
            monkeypatch.setenv(name, value)
        brief = DynamoStore(f"decode-bot-{next(_tables)}", "us-east-1", ttl_seconds=1, secret=SECRET)
        brief.init()
    assert brief.add("ask:numbers", 1, ttl_seconds=3600) == 1 and brief.add("brief", 1) == 1
    time.sleep(2.1)  # past the store's one-second lifetime: numbering must never start again
    assert brief.add("ask:numbers", 1, ttl_seconds=3600) == 2 and brief.add("brief", 1) == 1


def test_values_are_kept_and_unknown_ones_are_none(store: Store) -> None:
    store.put("details:abc", '[{"kind": "encoded"}]' * 100)
    assert store.get("details:abc") == '[{"kind": "encoded"}]' * 100
    assert store.get("details:nothing") is None


def test_a_value_kept_briefly_expires_on_time(store: Store) -> None:
    store.put("lookup:brief", "decoded", ttl_seconds=1)
    store.put("lookup:long", "decoded")
    assert store.get("lookup:brief") == "decoded"
    time.sleep(2.1)
    assert store.get("lookup:brief") is None and store.get("lookup:long") == "decoded"


def test_a_table_that_cannot_be_reached_falls_back_to_memory_and_says_so_once(caplog: pytest.LogCaptureFixture,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    unreachable = DynamoStore("decode-bot-gone", "us-east-1", timeout_seconds=0.5)
    assert unreachable.first_time("e1") and not unreachable.first_time("e1")
    assert unreachable.allow("r", 1, 60) and not unreachable.allow("r", 1, 60)
    unreachable.put("v", "x")
    assert unreachable.get("v") == "x"
    assert caplog.text.count("cannot be used") == 1


def test_state_init_is_idempotent(dynamodb: FakeDynamoDb, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in dynamodb.env().items():
        monkeypatch.setenv(name, value)
    table = DynamoStore("decode-bot-init", "us-east-1")
    assert table.init() == "created" and table.init() == "exists"
    assert "TTL enabled" in table.check()


def test_items_decode_bot_did_not_write_are_never_taken_for_its_values(dynamodb: FakeDynamoDb,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import base64
    import zlib

    import boto3

    for name, value in dynamodb.env().items():
        monkeypatch.setenv(name, value)
    ours, other = (DynamoStore("decode-bot-signed", "us-east-1", secret=s) for s in (SECRET, "xoxb-another-bot"))
    ours.init()
    ours.put("lookup#token:abc", '{"kind": "Decoded", "message": "real"}')
    assert ours.get("lookup#token:abc") == '{"kind": "Decoded", "message": "real"}'
    assert DynamoStore("decode-bot-signed", "us-east-1", secret=SECRET).get("lookup#token:abc") is not None  # shared
    assert other.get("lookup#token:abc") is None  # another key: not ours
    table = boto3.client("dynamodb", region_name="us-east-1")
    planted = base64.b64encode(zlib.compress(b'{"kind": "Decoded", "message": "planted"}')).decode()
    table.put_item(TableName="decode-bot-signed", Item={"pk": {"S": "val#lookup#token:planted"}, "v": {"S": planted},
                                                        "exp": {"N": str(int(time.time()) + 600)}})
    assert ours.get("lookup#token:planted") is None  # written by someone else into the table: ignored
    bomb = base64.b64encode(zlib.compress(b"\0" * (64 * 1024 * 1024), 9)).decode()  # 64 MiB in ~64 KB
    table.put_item(TableName="decode-bot-signed", Item={
        "pk": {"S": "val#details:bomb"}, "v": {"S": bomb}, "mac": {"S": ours._mac("details:bomb", bomb)},
        "exp": {"N": str(int(time.time()) + 600)}})
    assert ours.get("details:bomb") is None  # inflating stops at the bound


def test_one_failed_call_does_not_send_a_process_its_own_way(dynamodb: FakeDynamoDb,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.fakes.dynamodb import DynamoProxy

    proxy = DynamoProxy(dynamodb)
    try:
        for name, value in proxy.env().items():
            monkeypatch.setenv(name, value)
        mine = DynamoStore("decode-bot-flaky", "us-east-1", secret=SECRET)
        mine.init()
        other = DynamoStore("decode-bot-flaky", "us-east-1", secret=SECRET)  # another replica
        proxy.failing_until = time.monotonic() + 0.5  # a blip: every call fails for half a second
        assert mine.first_time("event:Ev1")  # the table failed: answered from memory, this once
        time.sleep(0.6)
        assert mine.first_time("event:Ev2")  # the next call after the blip goes to the table again ...
        assert not other.first_time("event:Ev2")  # ... so the other replica sees the claim
    finally:
        proxy.stop()


def test_a_slow_table_never_holds_slacks_acknowledgement_past_three_seconds(dynamodb: FakeDynamoDb) -> None:
    from tests.fakes.dynamodb import DynamoProxy
    from tests.fakes.slack import FakeSlack
    from tests.fakes.sts import FakeSts
    from tests.slack_harness import LiveBot, message_event

    proxy = DynamoProxy(dynamodb)
    slack, sts = FakeSlack().start(), FakeSts().start()
    bot = LiveBot(slack, sts, **{**proxy.env(), "STATE_TABLE": "decode-bot-slow"})
    try:
        proxy.delay = 10.0  # every DynamoDB call hangs
        status, _, elapsed = bot.post_event(message_event("hello"))
        assert status == 200 and elapsed < 3.0, f"acknowledged after {elapsed:.1f} s"
    finally:
        proxy.delay = 0
        bot.stop()
        slack.stop()
        sts.stop()
        proxy.stop()


def test_a_value_larger_than_an_item_is_shared_in_parts(dynamodb: FakeDynamoDb, monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    import random

    for name, value in dynamodb.env().items():
        monkeypatch.setenv(name, value)
    # Patient (a loaded machine can take more than the default second to move 700 KB through moto): this test is about
    # sharing in parts, not about the fallback to memory that a timeout causes.
    writer = DynamoStore("decode-bot-parts", "us-east-1", secret=SECRET, timeout_seconds=10)
    writer.init()
    rng = random.Random(5)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    large = "".join(rng.choice(alphabet) for _ in range(600_000))
    writer.put("details:large", large)  # compressed, still about twice what one item may hold
    reader = DynamoStore("decode-bot-parts", "us-east-1", secret=SECRET, timeout_seconds=10)  # another process
    assert reader.get("details:large") == large


def test_a_strict_store_raises_instead_of_counting_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    from botocore.exceptions import BotoCoreError

    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9")
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}.items():
        monkeypatch.setenv(name, value)
    strict = DynamoStore("decode-bot-unreachable", "us-east-1", timeout_seconds=0.5, secret=SECRET, strict=True)
    with pytest.raises(BotoCoreError):
        strict.add("watch:count:x")
    lenient = DynamoStore("decode-bot-unreachable", "us-east-1", timeout_seconds=0.5, secret=SECRET)
    assert lenient.add("watch:count:x") == 1  # the Slack path keeps answering from memory
