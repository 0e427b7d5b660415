"""The Store in one DynamoDB table, shared by every process (HTTP replicas, Lambda invocations, a restart).

One item per key: `pk` (the key, with its structure as a prefix), `exp` (TTL, epoch seconds) and a value
(`v`) or a counter (`n`). Claims are conditional puts (the first writer wins), rate windows are atomic
counters, values expire with their TTL. Every call is bounded in time (one attempt, within the time Slack
allows for an acknowledgement); a call that fails is answered from per-process memory (never silence), and only
after FAILURES_IN_A_ROW failures does the store say so and stay in memory for RETRY_SECONDS, so that one lost call
never sends a replica its own way for long.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import math
import secrets
import threading
import time
import zlib
from collections.abc import Callable
from typing import Any, TypeVar

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from bot.concurrency import STATE_CONNECTIONS
from bot.state import keys
from bot.state.memory import MemoryStore, lifetime
from bot.state.store import StateProblem

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_TABLE = "decode-bot"
TTL_ATTRIBUTE = "exp"
RETRY_SECONDS = 5.0
FAILURES_IN_A_ROW = 3
MAX_ITEM_VALUE = 350_000  # DynamoDB items are at most 400 KB: a larger value is kept in parts
MAX_PARTS = 8  # beyond this (2.8 MB compressed), a value stays in this process
MAX_VALUE_BYTES = 8 * 1024 * 1024  # what a value may inflate to (decode-bot's own are far smaller)
DEFAULT_TTL_SECONDS = 24 * 3600


class DynamoStore:
    def __init__(self, table: str, region: str, ttl_seconds: float = DEFAULT_TTL_SECONDS,
                 timeout_seconds: float = 1.0, secret: str | None = None, strict: bool = False) -> None:
        """`secret`, which every process shares (the bot token), signs the values: an item someone else wrote into
        the table is never taken for a decode-bot value. Without it, values stay in this process."""
        import botocore.session

        self._table = table
        self._key = hmac.new(b"decode-bot shared values", secret.encode(), hashlib.sha256).digest() if secret else None
        self._ttl = ttl_seconds
        config = Config(region_name=region, connect_timeout=timeout_seconds, read_timeout=timeout_seconds,
                        # One attempt: the event claim runs before Slack is acknowledged (within 3 s). The watch
                        # (strict) is not in that path: it retries, and never counts anywhere but the table.
                        retries={"mode": "standard", "total_max_attempts": 3 if strict else 1},
                        max_pool_connections=STATE_CONNECTIONS)
        self._client: Any = botocore.session.get_session().create_client("dynamodb", config=config)
        self._fallback = MemoryStore(ttl_seconds=ttl_seconds)
        self._strict = strict
        self._degraded_until = 0.0
        self._failures = 0
        self._lock = threading.Lock()

    # The Store protocol

    def first_time(self, key: str) -> bool:
        now = time.time()

        # The claim names its caller: when botocore retries a put whose answer was lost (a timeout), the retry finds
        # its own claim and still wins, instead of losing to itself.
        caller = secrets.token_hex(8)

        def claim() -> bool:
            try:
                self._client.put_item(
                    TableName=self._table, Item={"pk": {"S": keys.CLAIM + key}, TTL_ATTRIBUTE: _n(now + self._ttl),
                                                 "by": {"S": caller}},
                    ConditionExpression="attribute_not_exists(pk) OR #exp < :now OR #by = :caller",
                    ExpressionAttributeNames={"#exp": TTL_ATTRIBUTE, "#by": "by"},
                    ExpressionAttributeValues={":now": _n(now), ":caller": {"S": caller}})
            except ClientError as exc:
                if _code(exc) == "ConditionalCheckFailedException":
                    return False
                raise
            return True

        return self._shared(claim, lambda: self._fallback.first_time(key))

    def forget(self, key: str) -> None:
        self._fallback.forget(key)
        def delete() -> None:
            self._client.delete_item(TableName=self._table, Key={"pk": {"S": keys.CLAIM + key}})

        self._shared(delete, lambda: None)

    def allow(self, key: str, limit: int, window_seconds: float, cost: int = 1) -> bool:
        now = time.time()
        window = int(now // window_seconds)

        def count() -> bool:
            try:
                self._client.update_item(
                    TableName=self._table, Key={"pk": {"S": f"{keys.WINDOW}{key}#{window}"}},
                    UpdateExpression="ADD n :cost SET #exp = :exp",
                    ConditionExpression="attribute_not_exists(n) OR n <= :most",
                    ExpressionAttributeNames={"#exp": TTL_ATTRIBUTE},
                    ExpressionAttributeValues={":cost": _n(cost), ":most": _n(limit - cost),
                                               ":exp": _n((window + 2) * window_seconds)})
            except ClientError as exc:
                if _code(exc) == "ConditionalCheckFailedException":
                    return False
                raise
            return True

        if cost > limit:
            return False
        return self._shared(count, lambda: self._fallback.allow(key, limit, window_seconds, cost))

    def turn(self, key: str, gap_seconds: float) -> bool:
        now = time.time()

        def take() -> bool:
            try:
                self._client.update_item(
                    TableName=self._table, Key={"pk": {"S": f"{keys.WINDOW}{key}"}},
                    UpdateExpression="SET t = :now, #exp = :exp",
                    ConditionExpression="attribute_not_exists(t) OR t <= :last",
                    ExpressionAttributeNames={"#exp": TTL_ATTRIBUTE},
                    # To the millisecond: _n() rounds up to whole seconds, which would space turns by up to two.
                    ExpressionAttributeValues={":now": {"N": f"{now:.3f}"}, ":last": {"N": f"{now - gap_seconds:.3f}"},
                                               ":exp": _n(now + gap_seconds + 60)})
            except ClientError as exc:
                if _code(exc) == "ConditionalCheckFailedException":
                    return False
                raise
            return True

        return self._shared(take, lambda: self._fallback.turn(key, gap_seconds))

    def add(self, key: str, amount: int = 1, ttl_seconds: float | None = None) -> int:
        now = time.time()

        def count() -> int:
            answer = self._client.update_item(
                TableName=self._table, Key={"pk": {"S": keys.COUNTER + key}},
                # An expired counter starts again from the amount (the TTL sweep may lag by days).
                UpdateExpression="SET n = if_not_exists(n, :zero) + :amount, #exp = :exp",
                ConditionExpression="attribute_not_exists(pk) OR #exp >= :now",
                ExpressionAttributeNames={"#exp": TTL_ATTRIBUTE},
                ExpressionAttributeValues={":zero": {"N": "0"}, ":amount": {"N": str(amount)}, ":now": _n(now),
                                           ":exp": _n(now + lifetime(ttl_seconds, self._ttl))},
                ReturnValues="ALL_NEW")
            return int(answer["Attributes"]["n"]["N"])

        def restart() -> int:
            for _ in range(3):
                try:
                    return count()
                except ClientError as exc:
                    if _code(exc) != "ConditionalCheckFailedException":
                        raise
                try:  # expired: start it again (unless another caller just did)
                    self._client.delete_item(TableName=self._table, Key={"pk": {"S": keys.COUNTER + key}},
                                             ConditionExpression="#exp < :now", ExpressionAttributeNames={
                                                 "#exp": TTL_ATTRIBUTE}, ExpressionAttributeValues={":now": _n(now)})
                except ClientError as exc:
                    if _code(exc) != "ConditionalCheckFailedException":
                        raise
            return count()

        return self._shared(restart, lambda: self._fallback.add(key, amount, ttl_seconds))

    def put(self, key: str, value: str, ttl_seconds: float | None = None) -> None:
        packed = base64.b64encode(zlib.compress(value.encode())).decode()
        # An item holds at most 400 KB: a larger value is kept in parts, the head (with the signature) written last.
        parts = [packed[at : at + MAX_ITEM_VALUE] for at in range(0, len(packed), MAX_ITEM_VALUE)] or [""]
        if len(parts) > MAX_PARTS or self._key is None:
            self._fallback.put(key, value, ttl_seconds)
            return
        expires = _n(time.time() + lifetime(ttl_seconds, self._ttl))
        head = {"pk": {"S": keys.VALUE + key}, "v": {"S": parts[0]}, "parts": {"N": str(len(parts))},
                "mac": {"S": self._mac(key, packed)}, TTL_ATTRIBUTE: expires}
        rest = [{"pk": {"S": f"{keys.VALUE}{key}#{index}"}, "v": {"S": part}, TTL_ATTRIBUTE: expires}
                for index, part in enumerate(parts[1:], start=1)]

        def write() -> None:
            for item in [*rest, head]:
                self._client.put_item(TableName=self._table, Item=item)

        self._shared(write, lambda: self._fallback.put(key, value, ttl_seconds))

    def get(self, key: str) -> str | None:
        def read() -> str | None:
            item = self._client.get_item(TableName=self._table, Key={"pk": {"S": keys.VALUE + key}},
                                         ConsistentRead=True).get("Item")
            if not item or float(item[TTL_ATTRIBUTE]["N"]) < time.time():
                return self._fallback.get(key)
            packed = str(item["v"]["S"]) + "".join(self._part(key, index)
                                                   for index in range(1, min(int(item.get("parts", {}).get("N", 1)),
                                                                             MAX_PARTS)))
            if self._key is None or not hmac.compare_digest(str(item.get("mac", {}).get("S", "")),
                                                             self._mac(key, packed)):
                log.warning("an item in table %s is not decode-bot's own (no valid signature): ignored", self._table)
                return self._fallback.get(key)
            return _inflated(packed)

        return self._shared(read, lambda: self._fallback.get(key))

    def _part(self, key: str, index: int) -> str:
        item = self._client.get_item(TableName=self._table, Key={"pk": {"S": f"{keys.VALUE}{key}#{index}"}},
                                     ConsistentRead=True).get("Item") or {}
        return str(item.get("v", {}).get("S", ""))  # a missing part fails the signature check

    # Set-up and checks

    shared = True

    def init(self) -> str:
        """Create the table (on-demand) and its TTL setting; safe to run again. Returns what it did."""
        done = "exists"
        try:
            self._client.create_table(
                TableName=self._table, BillingMode="PAY_PER_REQUEST",
                AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                SSESpecification={"Enabled": True, "SSEType": "KMS"})  # an AWS-managed key: decoded contents
            done = "created"
        except ClientError as exc:
            if _code(exc) != "ResourceInUseException":
                raise
        self._client.get_waiter("table_exists").wait(TableName=self._table,
                                                     WaiterConfig={"Delay": 1, "MaxAttempts": 60})
        ttl = self._client.describe_time_to_live(TableName=self._table).get("TimeToLiveDescription", {})
        if ttl.get("TimeToLiveStatus") not in ("ENABLED", "ENABLING"):
            self._client.update_time_to_live(
                TableName=self._table, TimeToLiveSpecification={"Enabled": True, "AttributeName": TTL_ATTRIBUTE})
        return done

    def check(self) -> str:
        """Describe the table and write, read and delete one item: raises botocore errors for doctor to report."""
        table = self._client.describe_table(TableName=self._table)["Table"]
        probe = f"doctor-{time.time()}"
        self._client.put_item(TableName=self._table, Item={"pk": {"S": probe}, TTL_ATTRIBUTE: _n(time.time() + 60)})
        self._client.get_item(TableName=self._table, Key={"pk": {"S": probe}})
        self._client.delete_item(TableName=self._table, Key={"pk": {"S": probe}})
        ttl = self._client.describe_time_to_live(TableName=self._table).get("TimeToLiveDescription", {})
        status = str(ttl.get("TimeToLiveStatus", "DISABLED"))
        if status not in ("ENABLED", "ENABLING") or ttl.get("AttributeName", TTL_ATTRIBUTE) != TTL_ATTRIBUTE:
            raise StateProblem(f"{self._table}: TTL is {status.lower()} on attribute {ttl.get('AttributeName', '-')}: "
                               "decoded contents would be kept for ever")
        return f"{self._table}: {table.get('TableStatus')}, TTL {status.lower()}"

    def _mac(self, key: str, packed: str) -> str:
        assert self._key is not None
        return hmac.new(self._key, f"{key}\n{packed}".encode(), hashlib.sha256).hexdigest()

    def _shared(self, call: Callable[[], T], local: Callable[[], T]) -> T:
        """Run against the table; while it cannot be reached, against this process's memory (strict: raise)."""
        if self._strict:
            return call()
        if time.monotonic() < self._degraded_until:
            return local()
        try:
            result = call()
        except (BotoCoreError, ClientError) as exc:
            with self._lock:
                self._failures += 1
                degraded = self._failures >= FAILURES_IN_A_ROW
                if degraded:
                    self._failures = 0
                    self._degraded_until = time.monotonic() + RETRY_SECONDS
            if degraded:
                log.error("DynamoDB table %s cannot be used (%s): answering from this process's memory for %gs",
                          self._table, type(exc).__name__, RETRY_SECONDS)
            else:
                log.warning("a DynamoDB call failed (%s): this one answered from memory", type(exc).__name__)
            return local()
        with self._lock:
            self._failures = 0
        return result


def _inflated(packed: str) -> str | None:
    """The value, decompressed to at most MAX_VALUE_BYTES: a small item must never inflate into gigabytes."""
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(base64.b64decode(packed), MAX_VALUE_BYTES)
    except (ValueError, zlib.error):
        return None
    if inflater.unconsumed_tail:
        log.warning("a shared value inflates past %d bytes: ignored", MAX_VALUE_BYTES)
        return None
    return data.decode("utf-8", errors="replace")


def _n(number: float) -> dict[str, str]:
    """Epoch seconds, rounded up: an expiry must never come early (a one-second TTL would be gone at once)."""
    return {"N": str(math.ceil(number))}


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))
