"""Benchmark the Slack door: signed event -> thread reply latency, and a burst of concurrent events.

Run: python bench/slack.py [--events 60] [--burst 100]
Three apps are started side by side against the same in-process fakes (Slack Web API, STS answering at
once) and measured in one run, events interleaved between them: decode-bot, a bare Bolt app replying "ok",
and the "floor" app (Bolt + one boto3 decode, raw JSON reply). Latency is from sending the signed POST to
the fake Slack receiving chat.postMessage for that message's thread.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.builders import PASSROLE_MESSAGE, cli_error, make_token  # noqa: E402
from tests.conftest import ISOLATED_AWS_ENV, aws_env_for  # noqa: E402
from tests.fakes.slack import BOT_TOKEN, FakeSlack  # noqa: E402
from tests.fakes.sts import FakeSts  # noqa: E402
from tests.slack_harness import SIGNING_SECRET, RunningBot, free_port, message_event  # noqa: E402


class BaselineApp(RunningBot):
    def __init__(self, kind: str, slack: FakeSlack, sts: FakeSts) -> None:
        self.port = free_port()
        self.log_path = Path(tempfile.mkstemp(prefix=f"bench-{kind}-", suffix=".log")[1])
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "SLACK_"))}
        env.update(ISOLATED_AWS_ENV)
        env.update(aws_env_for(sts))
        env.update(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=slack.api_url,
                   PORT=str(self.port))
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen([sys.executable, str(ROOT / "bench" / "baseline_apps.py"), kind], env=env,
                                        stdout=self._log, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{self.port}"
        self._wait_until_up()


def reply_times(slack: FakeSlack) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    for call in slack.delivered("chat.postMessage"):
        times.setdefault(str(call.params.get("thread_ts")), []).append(call.at)
    return times


def wait_for_replies(slack: FakeSlack, expected: set[str], timeout: float = 60) -> dict[str, list[float]]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        times = reply_times(slack)
        if expected <= set(times):
            time.sleep(0.3)  # let any duplicate arrive too
            return reply_times(slack)
        time.sleep(0.02)
    return reply_times(slack)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=60, help="events per app for the latency comparison")
    parser.add_argument("--burst", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()

    slack, sts = FakeSlack().start(), FakeSts().start()
    tokens = [make_token(10_000 + i) for i in range(args.events * 3 + args.burst + 10)]
    for token in tokens:
        sts.state.messages[token] = PASSROLE_MESSAGE
    # Abuse limits off the table: this measures speed, and every event comes from the same person.
    apps = {"decode-bot": RunningBot(slack, sts, LOG_LEVEL="WARNING", LIMIT_USER_DECODES_PER_MINUTE="100000",
                                     LIMIT_CHANNEL_DECODES_PER_MINUTE="100000"),
            "bare Bolt (ok)": BaselineApp("bare", slack, sts),
            "Bolt + decode (floor)": BaselineApp("floor", slack, sts)}
    try:
        token_iter = iter(tokens)
        latencies: dict[str, list[float]] = {name: [] for name in apps}
        for round_number in range(args.events + 3):
            for name, app in apps.items():
                event = message_event(cli_error(next(token_iter)))
                sent = time.monotonic()
                app.post_event(event)
                arrived = wait_for_replies(slack, {event["ts"]}, timeout=10).get(event["ts"], [None])[0]
                if round_number >= 3 and arrived is not None:  # the first rounds warm up each app
                    latencies[name].append(arrived - sent)
        medians = {name: statistics.median(values) * 1000 for name, values in latencies.items()}

        bot = apps["decode-bot"]
        events = [message_event(cli_error(next(token_iter))) for _ in range(args.burst)]
        slack.state.calls.clear()
        with ThreadPoolExecutor(args.concurrency) as pool:
            statuses = list(pool.map(lambda e: bot.post_event(e)[0], events))
        times = wait_for_replies(slack, {e["ts"] for e in events})
        answered_once = sum(1 for e in events if len(times.get(e["ts"], [])) == 1)
        duplicated = sum(1 for e in events if len(times.get(e["ts"], [])) > 1)
        lost = sum(1 for e in events if e["ts"] not in times)
    finally:
        for app in apps.values():
            app.stop()
        slack.stop()
        sts.stop()

    print("| app | median latency, signed event -> thread reply |")
    print("|---|---|")
    for name, value in medians.items():
        print(f"| {name} | {value:.1f} ms |")
    bare, floor = medians["bare Bolt (ok)"], medians["Bolt + decode (floor)"]
    print(f"\nratio decode-bot / bare Bolt: {medians['decode-bot'] / bare:.2f}; "
          f"decode-bot / floor: {medians['decode-bot'] / floor:.2f}; "
          f"decode-bot's own cost above the floor: {medians['decode-bot'] - floor:.1f} ms "
          f"({(medians['decode-bot'] - floor) / floor * 100:.0f}% of the floor)")
    print(f"burst of {args.burst} events, {args.concurrency} at a time: HTTP statuses "
          f"{json.dumps({str(s): statuses.count(s) for s in sorted(set(statuses))})}, answered exactly once "
          f"{answered_once}, duplicated {duplicated}, lost {lost}")


if __name__ == "__main__":
    main()
