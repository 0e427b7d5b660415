"""Load test: about 1,000 events over 20 s against decode-bot in HTTP mode, with Slack's retries mixed in,
some forged signatures, and STS taking 200 ms per decode.

Run: python bench/load.py [--seconds 20] [--events 900]
Reports: replies counted (every valid event answered exactly once, forged ones never), acknowledgement
latency p50/p99, and decode-bot's resident memory before and after.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.builders import PASSROLE_MESSAGE, cli_error, make_token  # noqa: E402
from tests.fakes.slack import FakeSlack  # noqa: E402
from tests.fakes.sts import FakeSts  # noqa: E402
from tests.slack_harness import RunningBot, message_event  # noqa: E402


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


Plan = list[tuple[str, dict[str, object], str]]


def build_plan(sts: FakeSts, events: int, retry_share: float, forged_share: float, rng: random.Random
               ) -> tuple[list[tuple[dict[str, object], str]], Plan]:
    """Distinct valid events (their tokens known to the fake STS), and the posts to send: each valid event,
    Slack retries of some (always after their first delivery), and some forged signatures, shuffled."""
    valid = []
    for i in range(events):
        token = make_token(50_000 + i)
        sts.state.messages[token] = PASSROLE_MESSAGE
        channel = f"C0LOAD{i % 20:02d}"
        valid.append((message_event(cli_error(token), channel=channel, user=f"U0LOAD{i % 50:02d}"), f"EvLOAD{i:06d}"))
    plan: Plan = [("valid", e, eid) for e, eid in valid]
    plan += [("retry", e, eid) for e, eid in rng.sample(valid, int(events * retry_share))]
    plan += [("forged", message_event(cli_error(make_token(90_000 + i))), f"EvFORGED{i:04d}")
             for i in range(int(events * forged_share))]
    rng.shuffle(plan)
    first_seen: set[str] = set()
    ordered: Plan = []
    for kind, event, event_id in plan:
        if kind == "retry" and event_id not in first_seen:
            kind = "retry-first"  # a retry whose first delivery never arrived is just a valid event
        if kind in ("valid", "retry-first"):
            first_seen.add(event_id)
        ordered.append((kind, event, event_id))
    return valid, ordered


def send_all(ordered: Plan, seconds: float, bot_for: Callable[[int], RunningBot]
             ) -> tuple[list[float], dict[str, list[int]], float]:
    """Post every planned request at an even pace, 32 at a time, each to the bot `bot_for(index)` names."""
    interval = seconds / len(ordered)
    start = time.monotonic()
    acks: list[float] = []
    statuses: dict[str, list[int]] = {}
    lock = threading.Lock()

    def send(index: int) -> None:
        kind, event, event_id = ordered[index]
        delay = start + index * interval - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        retry = 1 if kind == "retry" else None
        status, _, elapsed = bot_for(index).post_event(event, event_id=event_id, retry_num=retry,
                                                       secret="forged" if kind == "forged" else
                                                       "8f742231b10e8888abcd99yyyzzz85a5")
        with lock:
            acks.append(elapsed)
            statuses.setdefault(kind, []).append(status)

    with ThreadPoolExecutor(32) as pool:
        list(pool.map(send, range(len(ordered))))
    return acks, statuses, time.monotonic() - start


def wait_for_answers(slack: FakeSlack, valid: list[tuple[dict[str, object], str]], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    expected = {str(e["ts"]) for e, _ in valid}
    while time.monotonic() < deadline:
        if expected <= {str(c.params.get("thread_ts")) for c in slack.delivered("chat.postMessage")}:
            break
        time.sleep(0.2)
    time.sleep(1.0)


def count_answers(slack: FakeSlack, valid: list[tuple[dict[str, object], str]], ordered: Plan
                  ) -> tuple[int, int, int, int]:
    """(answered exactly once, duplicated, lost, forged answered)."""
    replies: dict[str, int] = {}
    for call in slack.delivered("chat.postMessage"):
        key = str(call.params.get("thread_ts"))
        replies[key] = replies.get(key, 0) + 1
    expected = [str(e["ts"]) for e, _ in valid]
    forged = {str(e["ts"]) for kind, e, _ in ordered if kind == "forged"}
    return (sum(1 for ts in expected if replies.get(ts) == 1), sum(1 for ts in expected if replies.get(ts, 0) > 1),
            sum(1 for ts in expected if ts not in replies), sum(1 for ts in forged if ts in replies))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def load_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--events", type=int, default=900, help="distinct valid events")
    parser.add_argument("--retry-share", type=float, default=0.10)
    parser.add_argument("--forged-share", type=float, default=0.05)
    return parser.parse_args()


def main() -> None:
    args = load_arguments()

    slack, sts = FakeSlack().start(), FakeSts().start()
    sts.state.delay = 0.2
    bot = RunningBot(slack, sts, LOG_LEVEL="WARNING", LIMIT_USER_DECODES_PER_MINUTE="100000",
                     LIMIT_CHANNEL_DECODES_PER_MINUTE="100000")
    rss_before = rss_kib(bot.process.pid)
    valid, ordered = build_plan(sts, args.events, args.retry_share, args.forged_share, random.Random(42))
    acks, statuses, sent_for = send_all(ordered, args.seconds, lambda _: bot)
    wait_for_answers(slack, valid)
    rss_after = rss_kib(bot.process.pid)
    bot.stop()
    slack.stop()
    sts.stop()

    once, duplicated, lost, forged_answered = count_answers(slack, valid, ordered)
    print(f"posts: {len(ordered)} in {sent_for:.1f} s ({len(valid)} distinct valid events, "
          f"{sum(1 for k, _, _ in ordered if k == 'retry')} retries, "
          f"{sum(1 for k, _, _ in ordered if k == 'forged')} forged signatures); STS answering in 200 ms")
    print("statuses: " + ", ".join(f"{kind} {sorted(set(codes))}" for kind, codes in sorted(statuses.items())))
    print(f"valid events answered exactly once: {once}/{len(valid)}; duplicated {duplicated}; lost {lost}; "
          f"forged answered: {forged_answered}")
    print(f"acknowledgement latency: p50 {statistics.median(acks) * 1000:.1f} ms, "
          f"p99 {percentile(acks, 0.99) * 1000:.1f} ms")
    print(f"decode-bot resident memory: {rss_before / 1024:.1f} MiB before, {rss_after / 1024:.1f} MiB after")


if __name__ == "__main__":
    main()
