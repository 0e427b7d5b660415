"""Two decode-bot processes sharing one DynamoDB table (moto in server mode), under the load of bench/load.py:
every event goes to one process at random and its Slack retry to the other. The same load on one process
with state in memory gives the baseline.

Run: python bench/scale.py [--seconds 20] [--events 900]
Reports, for both: valid events answered exactly once, acknowledgement and answer latency, and for the
shared table the DynamoDB requests per answered event (counted by a proxy in front of moto) and what they
cost at on-demand prices.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from load import build_plan, count_answers, load_arguments, percentile, send_all, wait_for_answers  # noqa: E402

from bot.state.dynamodb import DynamoStore  # noqa: E402
from tests.fakes.dynamodb import _free_port  # noqa: E402
from tests.fakes.slack import FakeSlack  # noqa: E402
from tests.fakes.sts import FakeSts  # noqa: E402
from tests.slack_harness import RunningBot  # noqa: E402

# us-east-1 on-demand prices since November 2024, in dollars per million request units.
WRITE_PRICE, READ_PRICE = 0.625, 0.125
WRITES = {"PutItem", "UpdateItem", "DeleteItem"}
TABLE = "decode-bot-scale"


class Moto:
    """moto's server in its own process, so that it does not share this one's interpreter lock."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p",
                                         str(self.port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/moto-api/", timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("moto did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


class CountingProxy:
    """Forwards DynamoDB requests to moto, counting them by operation (X-Amz-Target) and the write units
    their items need (1 KB each, from the request size: an upper bound)."""

    def __init__(self, upstream_port: int) -> None:
        self.counts: Counter[str] = Counter()
        lock = threading.Lock()
        counts = self.counts

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                operation = self.headers.get("X-Amz-Target", "?").split(".")[-1]
                with lock:
                    counts[operation] += 1
                    counts["write units"] += -(-len(body) // 1024) if operation in WRITES else 0
                upstream = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=10)
                upstream.request("POST", self.path, body, dict(self.headers))
                answer = upstream.getresponse()
                data = answer.read()
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in ("content-length", "transfer-encoding", "connection", "server", "date"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                upstream.close()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def moto_latency() -> float:
    """Median of 200 sequential PutItem calls straight to moto, in ms: what one store call costs here."""
    store = DynamoStore(TABLE, "us-east-1", secret="bench")
    times = []
    for i in range(200):
        begun = time.perf_counter()
        store.first_time(f"bench-latency-{i}")
        times.append(time.perf_counter() - begun)
    return statistics.median(times) * 1000


def answer_latencies(slack: FakeSlack, posted_at: dict[str, float]) -> list[float]:
    """From each event's first post to its answer reaching Slack."""
    return [call.at - posted_at[str(call.params.get("thread_ts"))] for call in slack.delivered("chat.postMessage")
            if str(call.params.get("thread_ts")) in posted_at]


def run(label: str, shared: bool, args: argparse.Namespace) -> dict[str, float]:
    slack, sts = FakeSlack().start(), FakeSts().start()
    sts.state.delay = 0.2
    limits = {"LIMIT_USER_DECODES_PER_MINUTE": "100000", "LIMIT_CHANNEL_DECODES_PER_MINUTE": "100000",
              "LOG_LEVEL": "WARNING"}
    moto = proxy = None
    if shared:
        moto = Moto()
        proxy = CountingProxy(moto.port)
        os.environ.update(AWS_ENDPOINT_URL_DYNAMODB=f"http://127.0.0.1:{moto.port}", AWS_ACCESS_KEY_ID="testing",
                          AWS_SECRET_ACCESS_KEY="testing")
        DynamoStore(TABLE, "us-east-1").init()
        result_latency = moto_latency()
        proxy.counts.clear()
        env = {"STATE_BACKEND": "dynamodb", "STATE_TABLE": TABLE, "AWS_ENDPOINT_URL_DYNAMODB": proxy.url}
        bots = [RunningBot(slack, sts, **limits, **env), RunningBot(slack, sts, **limits, **env)]
    else:
        bots = [RunningBot(slack, sts, **limits)]
    valid, ordered = build_plan(sts, args.events, args.retry_share, args.forged_share, random.Random(42))
    rng = random.Random(7)
    first_process: dict[str, int] = {}

    def bot_for(index: int) -> RunningBot:
        kind, _, event_id = ordered[index]
        if len(bots) == 1:
            return bots[0]
        if kind == "retry" and event_id in first_process:
            return bots[1 - first_process[event_id]]  # the retry lands on the other process
        first_process.setdefault(event_id, rng.randrange(2))
        return bots[first_process[event_id]]

    started = time.monotonic()
    acks, _, _ = send_all(ordered, args.seconds, bot_for)
    wait_for_answers(slack, valid)
    for bot in bots:
        bot.stop()
    slack.stop()
    sts.stop()
    once, duplicated, lost, forged = count_answers(slack, valid, ordered)
    posted_at: dict[str, float] = {}  # send_all posts at an even pace: each event's first post is planned
    for index, (kind, event, _) in enumerate(ordered):
        if kind != "forged":
            posted_at.setdefault(str(event["ts"]), started + index * args.seconds / len(ordered))
    answers = answer_latencies(slack, posted_at)
    result = {"once": once, "valid": len(valid), "duplicated": duplicated, "lost": lost, "forged": forged,
              "ack50": statistics.median(acks) * 1000, "ack99": percentile(acks, 0.99) * 1000,
              "answer50": statistics.median(answers) * 1000, "answer99": percentile(answers, 0.99) * 1000}
    if proxy is not None and moto is not None:
        writes = sum(n for op, n in proxy.counts.items() if op in WRITES)
        reads = sum(n for op, n in proxy.counts.items() if op in ("GetItem",))
        units = proxy.counts["write units"]
        result.update(writes=writes / len(valid), reads=reads / len(valid), units=units / len(valid),
                      moto_ms=result_latency,
                      dollars_per_million=(units * WRITE_PRICE + reads * READ_PRICE) / len(valid))
        print(f"  DynamoDB requests: {dict(proxy.counts)}")
        proxy.server.shutdown()
        moto.stop()
    print(f"{label}: answered exactly once {once}/{len(valid)}, duplicated {duplicated}, lost {lost}, "
          f"forged answered {forged}; acknowledgement p50 {result['ack50']:.1f} ms p99 {result['ack99']:.1f} ms; "
          f"answer p50 {result['answer50']:.0f} ms p99 {result['answer99']:.0f} ms")
    return result


def main() -> None:
    args = load_arguments()
    memory = run("one process, memory", False, args)
    shared = run("two processes, one DynamoDB table", True, args)
    print(f"shared store per answered event: {shared['writes']:.1f} writes ({shared['units']:.1f} write units at "
          f"most), {shared['reads']:.1f} reads, ${shared['dollars_per_million']:.2f} per million events at "
          f"on-demand prices; one store call to moto here: {shared['moto_ms']:.1f} ms median; "
          f"acknowledgement p50 {shared['ack50'] / memory['ack50']:.1f}x memory's, "
          f"answer p50 {shared['answer50'] / memory['answer50']:.2f}x")


if __name__ == "__main__":
    main()
