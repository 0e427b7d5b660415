"""The denial watch under load, against moto's SQS and DynamoDB (server mode, real HTTP) and the fake Slack:

- a storm: 5,000 denials of one cause;
- a spread: 100 distinct causes (10 denials each), routed to 10 team channels;

each through one process (one Watch, one poller thread) and through two (two Watches on one queue and one table).
Reported: events handled per second, the most Slack calls in any one second per channel, DynamoDB and SQS requests
per event (counted on the botocore clients), their cost per million events at us-east-1 on-demand prices, and
whether any event was lost or counted twice (the last edit's count against what was sent). Beside each run, moto's
floor: the same queue and producer with a consumer that only claims each eventID (one conditional write per event,
the least an exactly-once consumer does); and first, the engine alone, with the in-memory store and no queue.

Run: python bench/watch.py
"""

from __future__ import annotations

import collections
import copy
import json
import os
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import boto3  # noqa: E402

from bot.aws.queue import QueuePoller, sqs_client  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.slack.client import web_client  # noqa: E402
from bot.slack.watch import Watch  # noqa: E402
from bot.state import keys  # noqa: E402
from bot.state.dynamodb import DynamoStore  # noqa: E402
from bot.state.memory import MemoryStore  # noqa: E402
from tests.core.test_cloudtrail import DENIED  # noqa: E402
from tests.fakes.dynamodb import FakeDynamoDb  # noqa: E402
from tests.fakes.slack import BOT_TOKEN, FakeSlack  # noqa: E402

# us-east-1 on-demand prices (USD): DynamoDB per million write / read request units, SQS per million requests,
# EventBridge per million events forwarded to another account's bus, Lambda per GB-second and per million requests.
DYNAMODB_WRITE, DYNAMODB_READ, SQS_REQUEST, EVENTBRIDGE_CROSS_ACCOUNT = 0.625, 0.125, 0.40, 1.00
LAMBDA_GB_SECOND, LAMBDA_REQUEST, LAMBDA_GB = 0.0000166667, 0.20, 0.5
_WRITES = re.compile(r"PutItem|UpdateItem|DeleteItem")


def record(cause: int, index: int) -> dict[str, Any]:
    denied = copy.deepcopy(DENIED)
    role = f"arn:aws:iam::1238373920{cause % 100:02d}:role/team-{cause % 10}/app-{cause}"
    denied["userIdentity"]["arn"] = f"arn:aws:sts::1238373920{cause % 100:02d}:assumed-role/app-{cause}/run-{index}"
    denied["userIdentity"]["sessionContext"]["sessionIssuer"]["arn"] = role
    denied["recipientAccountId"] = f"1238373920{cause % 100:02d}"
    denied["errorMessage"] = (f"User: {denied['userIdentity']['arn']} is not authorized to perform: "
                              "ec2:GetPasswordData on resource: "
                              f"arn:aws:ec2:us-east-1:123837392027:instance/i-{index % 7} because no "
                              "identity-based policy allows the ec2:GetPasswordData action")
    denied["eventID"] = f"{cause}-{index}"
    return {"version": "0", "id": f"e-{cause}-{index}", "detail-type": "AWS API Call via CloudTrail",
            "source": "aws.ec2", "account": denied["recipientAccountId"], "detail": denied}


def counting(client: Any, counts: collections.Counter[str]) -> Any:
    def count(**kwargs: Any) -> None:
        counts[kwargs["event_name"].split(".")[-1]] += 1

    client.meta.events.register("before-call.*.*", lambda event_name, **_: count(event_name=event_name))
    return client


def claims_only(store: DynamoStore) -> Any:
    """The least any exactly-once consumer does per event: one conditional write (the eventID's claim, made at once
    for a batch, as the watch makes them). Through the same queue and producer, it is moto's floor."""
    pool = ThreadPoolExecutor(10)

    def handle(bodies: list[str]) -> set[int]:
        list(pool.map(lambda body: store.first_time(keys.watch_event(json.loads(body)["detail"]["eventID"])), bodies))
        return set()
    return handle


def run(name: str, events: list[dict[str, Any]], processes: int, moto: FakeDynamoDb, slack: FakeSlack,
        routes: str, floor: bool = False) -> None:
    sqs = boto3.client("sqs", region_name="us-east-1")
    table = f"bench-{name}-{processes}{'-floor' if floor else ''}"
    queue = sqs.create_queue(QueueName=table, Attributes={"VisibilityTimeout": "120"})["QueueUrl"]
    DynamoStore(table, "us-east-1", secret=BOT_TOKEN).init()
    slack.state.reset()
    settings = Settings.from_env({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_API_URL": slack.api_url,
                                  "WATCH_CHANNEL": "C0WATCH00", "WATCH_ROUTES": routes})
    dynamodb_calls: collections.Counter[str] = collections.Counter()
    sqs_calls: collections.Counter[str] = collections.Counter()
    watches, pollers = [], []
    handled_count = [0]
    lock = threading.Lock()

    def counted(handle: Any) -> Any:
        def wrapped(bodies: list[str]) -> set[int]:
            failed: set[int] = handle(bodies)
            with lock:
                handled_count[0] += len(bodies) - len(failed)
            return failed
        return wrapped
    for _ in range(processes):
        store = DynamoStore(table, "us-east-1", timeout_seconds=5, secret=BOT_TOKEN, strict=True)
        counting(store._client, dynamodb_calls)
        watch = Watch(settings, store, web_client(settings.slack))
        client = counting(sqs_client(queue, "us-east-1"), sqs_calls)
        if floor:
            pollers.append(QueuePoller(client, queue, counted(claims_only(store)), lambda: None, wait_seconds=0))
            continue
        watches.append(watch)
        pollers.append(QueuePoller(client, queue, counted(watch.handle_bodies), watch.flush, wait_seconds=0,
                                   pending=lambda w=watch: w.pending))
    begun = time.perf_counter()
    sent = threading.Event()

    def produce() -> None:
        """As EventBridge delivers: while the consumers read, keeping at most a few hundred messages waiting (moto's
        queue scans every message on each receive, so a deep queue measures moto, not the watch)."""
        for start in range(0, len(events), 10):
            while start - handled_count[0] > 50:
                time.sleep(0.005)
            sqs.send_message_batch(QueueUrl=queue, Entries=[{"Id": str(i), "MessageBody": json.dumps(e)}
                                                            for i, e in enumerate(events[start:start + 10])])
        sent.set()

    def consume(poller: QueuePoller) -> None:
        deadline = time.monotonic() + 900
        while handled_count[0] < len(events) and time.monotonic() < deadline:  # moto may answer empty early
            poller.poll_once()

    threads = [threading.Thread(target=produce), *(threading.Thread(target=consume, args=(p,)) for p in pollers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    handled = time.perf_counter() - begun
    if floor:
        print(f"moto's floor for a {name} (receive, one conditional write per event, delete), {processes} "
              f"process{'es' if processes > 1 else ''}: {len(events):,} events in {handled:.1f} s "
              f"({len(events) / handled:,.0f}/s)")
        return
    for watch in watches:
        watch.drain(30)
        if watch.pending:
            print(f"  {watch.pending} edits still pending after 30 s", file=sys.stderr)
    calls = [c for c in slack.state.calls if c.method in ("chat.postMessage", "chat.update")]
    per_second: collections.Counter[tuple[str, int]] = collections.Counter(
        (str(c.params.get("channel")), int(c.at)) for c in calls)
    parents = [c for c in calls if c.method == "chat.postMessage" and not c.params.get("thread_ts")]
    counted = sum(_last_counts(calls).values())
    items = boto3.client("dynamodb", region_name="us-east-1").scan(TableName=table)["Items"]
    in_table = sum(int(i["n"]["N"]) for i in items if i["pk"]["S"].startswith("cnt#watch:cause:")
                   and i["pk"]["S"].endswith(":count"))
    writes = sum(n for op, n in dynamodb_calls.items() if _WRITES.search(op))
    reads = sum(dynamodb_calls.values()) - writes
    per_event = len(events)
    cost = (writes * DYNAMODB_WRITE + reads * DYNAMODB_READ + (sum(sqs_calls.values()) + per_event) * SQS_REQUEST
            ) / per_event + EVENTBRIDGE_CROSS_ACCOUNT + (LAMBDA_REQUEST + handled / per_event * 1e6 * LAMBDA_GB *
                                                         LAMBDA_GB_SECOND) / 10
    print(f"{name}, {processes} process{'es' if processes > 1 else ''}: {len(events):,} events in {handled:.1f} s "
          f"({len(events) / handled:,.0f}/s); {len(parents)} threads; most Slack calls in one second in one channel "
          f"{max(per_second.values())}; DynamoDB {writes / per_event:.1f} writes + {reads / per_event:.1f} reads and "
          f"SQS {(sum(sqs_calls.values()) + per_event) / per_event:.2f} requests per event; counted {counted:,} of "
          f"{len(events):,} in the last edits, {in_table:,} in the table "
          f"({'none lost, none twice' if counted == in_table == len(events) else 'MISMATCH'}); about "
          f"${cost:.2f} per million events (EventBridge cross-account, SQS, DynamoDB, Lambda)")


def engine_alone(name: str, events: list[dict[str, Any]], slack: FakeSlack, routes: str) -> None:
    """The same engine with the in-memory store and no queue: what the watch itself costs, without moto."""
    slack.state.reset()
    settings = Settings.from_env({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_API_URL": slack.api_url,
                                  "WATCH_CHANNEL": "C0WATCH00", "WATCH_ROUTES": routes})
    watch = Watch(settings, MemoryStore(), web_client(settings.slack))
    bodies = [json.dumps(event) for event in events]
    begun = time.perf_counter()
    for start in range(0, len(bodies), 10):
        watch.handle_bodies(bodies[start:start + 10])
        watch.flush()
    handled = time.perf_counter() - begun
    print(f"{name}, the engine alone (in-memory store, no queue): {len(events):,} events in {handled:.1f} s "
          f"({len(events) / handled:,.0f}/s)")


def _last_counts(calls: list[Any]) -> dict[tuple[str, str], int]:
    """Each parent's count in its last edit (every cause here has several denials, so every parent is edited)."""
    last: dict[tuple[str, str], int] = {}
    for call in calls:
        found = re.search(r"denied ([\d,]+)×", str(call.params.get("text")))  # numbers are grouped: 1,000
        if found and call.method == "chat.update":
            last[(str(call.params["channel"]), str(call.params["ts"]))] = int(found.group(1).replace(",", ""))
    return last


class MotoProcess(FakeDynamoDb):
    """moto's server in a process of its own, as the services are: in this one it would share the interpreter
    lock with the watch it serves, and measure itself."""

    def start(self) -> MotoProcess:
        import subprocess
        import urllib.request

        self.process = subprocess.Popen([str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p",
                                         str(self.port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/moto-api/", timeout=1).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise SystemExit("moto_server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def main() -> None:
    moto, slack = MotoProcess().start(), FakeSlack().start()
    os.environ.update({**moto.env(), "AWS_ENDPOINT_URL_SQS": moto.url})
    routes = ",".join(f"arn:aws:iam::*:role/team-{team}/*=C0TEAM{team:03d}" for team in range(10))
    storm = [record(7, index) for index in range(int(os.environ.get("STORM", "5000")))]
    spread = [record(cause, index) for cause in range(100) for index in range(int(os.environ.get("SPREAD", "10")))]
    try:
        for name, events in (("storm", storm), ("spread", spread)):
            if events:
                engine_alone(name, events, slack, routes)
        for processes in (1, 2):
            for name, events in (("storm", storm), ("spread", spread)):
                if events:
                    run(name, events, processes, moto, slack, routes)
                    run(name, events, processes, moto, slack, routes, floor=True)
    finally:
        slack.stop()
        moto.stop()


if __name__ == "__main__":
    main()
