"""Cold start: from process start to the first answer, for the HTTP app against the floor app (Bolt with
boto3, replying with the raw decoded JSON); what a Lambda cold start imports against Bolt's adapter with
boto3; and the whole-process time of the CLI on one error against a bare `python -c pass`.

Run: python bench/startup.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from slack import BaselineApp, wait_for_replies  # noqa: E402

from tests.builders import PASSROLE_MESSAGE, cli_error, make_token  # noqa: E402
from tests.fakes.slack import FakeSlack  # noqa: E402
from tests.fakes.sts import FakeSts  # noqa: E402
from tests.slack_harness import RunningBot, message_event  # noqa: E402

EXAMPLES = ROOT / "examples"


def median_ms(run: Callable[[], None], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        begun = time.perf_counter()
        run()
        times.append(time.perf_counter() - begun)
    return statistics.median(times) * 1000


def process(*args: str, stdin: str = "") -> Callable[[], None]:
    def run() -> None:
        subprocess.run([sys.executable, *args], input=stdin, capture_output=True, text=True, check=False,
                       cwd=tempfile.gettempdir())

    return run


def first_answer(start: Callable[[], RunningBot], slack: FakeSlack, sts: FakeSts, seed: list[int]) -> float:
    """Seconds from spawning the app to its first thread reply (the event is sent as soon as it listens)."""
    seed[0] += 1
    token = make_token(80_000 + seed[0])
    sts.state.messages[token] = PASSROLE_MESSAGE
    event = message_event(cli_error(token))
    begun = time.monotonic()
    app = start()
    try:
        app.post_event(event)
        arrived = wait_for_replies(slack, {event["ts"]}, timeout=20).get(event["ts"], [begun])[0]
    finally:
        app.stop()
    return arrived - begun


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    slack, sts = FakeSlack().start(), FakeSts().start()
    seed = [0]
    http = {name: statistics.median(first_answer(start, slack, sts, seed) for _ in range(args.repeats)) * 1000
            for name, start in (("decode-bot", lambda: RunningBot(slack, sts, LOG_LEVEL="WARNING")),
                                ("floor app", lambda: BaselineApp("floor", slack, sts)))}
    slack.stop()
    sts.stop()

    bare = median_ms(process("-c", "pass"), args.repeats)
    lambda_imports = median_ms(process("-c", "import bot.lambda_handler, bot.slack.app, bot.slack.work, "
                                             "slack_bolt.adapter.aws_lambda"), args.repeats)
    lambda_floor = median_ms(process("-c", "import boto3, slack_bolt.adapter.aws_lambda"), args.repeats)
    error = cli_error(make_token(1))
    cli = {
        "decode-bot scan (one error)": median_ms(process("-m", "bot", "scan", "-", stdin=error), args.repeats),
        "decode-bot explain (decoded JSON)": median_ms(
            process("-m", "bot", "explain", str(EXAMPLES / "region-guardrail-scp.json")), args.repeats),
        "decode-bot explain (plain-text denial)": median_ms(
            process("-m", "bot", "explain", str(EXAMPLES / "s3-access-denied.txt")), args.repeats),
    }
    print("| measurement | median | against its baseline |")
    print("|---|---|---|")
    print(f"| HTTP app: process start to first thread answer | {http['decode-bot']:.0f} ms | "
          f"floor app {http['floor app']:.0f} ms ({http['decode-bot'] / http['floor app']:.2f}x) |")
    print(f"| Lambda cold start: imports of the first invocation | {lambda_imports:.0f} ms | Bolt's Lambda "
          f"adapter with boto3 {lambda_floor:.0f} ms ({lambda_imports / lambda_floor:.2f}x) |")
    for name, value in cli.items():
        print(f"| {name} | {value:.0f} ms | `python -c pass` {bare:.0f} ms ({value / bare:.1f}x) |")


if __name__ == "__main__":
    main()
