"""Cold start: from process start to the first answer, for the HTTP app against the floor app (Bolt with
boto3, replying with the raw decoded JSON); what a Lambda cold start imports against Bolt's adapter with
boto3; and the whole-process time of the CLI on one error against a bare `python -c pass`.

Run: python bench/startup.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import functools
import os
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


# Every process measured here runs as installed, with the bytecode caches that pip writes: some shells set
# PYTHONDONTWRITEBYTECODE, and then every start compiles every module again, which no deployment does.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
# What any typed Python command line of this shape imports before doing anything: its floor.
STDLIB_FLOOR = "import argparse, dataclasses, enum, json, logging, re, typing"


def process(*args: str, stdin: str = "") -> Callable[[], float | None]:
    def run() -> None:
        subprocess.run([sys.executable, *args], input=stdin, capture_output=True, text=True, check=False,
                       cwd=tempfile.gettempdir())

    return run


def interleaved_ms(runs: dict[str, Callable[[], float | None]], repeats: int) -> dict[str, float]:
    """Median of each, measured in turns after a warm-up (which writes the bytecode caches), so that the machine's
    drift touches all alike. A run that returns its own measure (seconds) is taken at its word."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for run in runs.values():
        run()
    for _ in range(repeats):
        for name, run in runs.items():
            begun = time.perf_counter()
            measured = run()
            times[name].append(time.perf_counter() - begun if measured is None else measured)
    return {name: statistics.median(values) * 1000 for name, values in times.items()}


# Run in a fresh process: where a command's own start-up goes, by what Python does for it.
BREAKDOWN = """
import dataclasses, io, contextlib, re, sys, time
spent = {"dataclasses": 0.0, "regex": 0.0}
def timing(kind, function):
    def timed(*args, **kwargs):
        begun = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[kind] += time.perf_counter() - begun
    return timed
dataclasses._process_class = timing("dataclasses", dataclasses._process_class)
re._compile = timing("regex", re._compile)
begun = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()):
    from bot.cli import main
    main(sys.argv[1:])
total = time.perf_counter() - begun
print(" ".join(f"{kind}={seconds * 1000:.1f}" for kind, seconds in {**spent, "total": total}.items()))
"""


def breakdown(*args: str) -> dict[str, float]:
    """Milliseconds spent building dataclasses and compiling regular expressions, and in all, from importing the
    command line to its answer (the process's own start excluded)."""
    runs = []
    for _ in range(5):
        out = subprocess.run([sys.executable, "-c", BREAKDOWN, *args], capture_output=True, text=True, check=True,
                             cwd=tempfile.gettempdir()).stdout.split()
        runs.append({key: float(value) for key, value in (item.split("=") for item in out)})
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


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
    starts: dict[str, Callable[[], RunningBot]] = {
        "decode-bot": lambda: RunningBot(slack, sts, LOG_LEVEL="WARNING"),
        "floor app": lambda: BaselineApp("floor", slack, sts),
    }
    http = interleaved_ms({name: functools.partial(first_answer, start, slack, sts, seed)
                           for name, start in starts.items()}, args.repeats)
    slack.stop()
    sts.stop()

    error = cli_error(make_token(1))
    processes = interleaved_ms({
        "bare": process("-c", "pass"),
        "stdlib": process("-c", STDLIB_FLOOR),
        "lambda": process("-c", "import bot.lambda_handler, bot.slack.app, bot.slack.work, "
                                "slack_bolt.adapter.aws_lambda"),
        "lambda floor": process("-c", "import boto3, slack_bolt.adapter.aws_lambda"),
        "decode-bot scan (one error)": process("-m", "bot", "scan", "-", stdin=error),
        "decode-bot explain (decoded JSON)": process("-m", "bot", "explain",
                                                     str(EXAMPLES / "region-guardrail-scp.json")),
        "decode-bot explain (plain-text denial)": process("-m", "bot", "explain",
                                                          str(EXAMPLES / "s3-access-denied.txt")),
    }, args.repeats * 3)
    bare, stdlib = processes.pop("bare"), processes.pop("stdlib")
    lambda_imports, lambda_floor = processes.pop("lambda"), processes.pop("lambda floor")
    print("| measurement | median | against its baseline |")
    print("|---|---|---|")
    print(f"| HTTP app: process start to first thread answer | {http['decode-bot']:.0f} ms | "
          f"floor app {http['floor app']:.0f} ms ({http['decode-bot'] / http['floor app']:.2f}x) |")
    print(f"| Lambda cold start: imports of the first invocation | {lambda_imports:.0f} ms | Bolt's Lambda "
          f"adapter with boto3 {lambda_floor:.0f} ms ({lambda_imports / lambda_floor:.2f}x) |")
    for name, value in processes.items():
        print(f"| {name} | {value:.0f} ms | `python -c pass` {bare:.0f} ms ({value / bare:.1f}x); "
              f"the standard library it needs {stdlib:.0f} ms ({value / stdlib:.1f}x) |")
    print()
    print("| in-process, from importing the command line to its answer | in all | building dataclasses | "
          "compiling regular expressions |")
    print("|---|---|---|---|")
    for name, command in (("scan (one error)", ("scan", str(EXAMPLES / "terraform-token.txt"))),
                          ("explain (decoded JSON)", ("explain", str(EXAMPLES / "region-guardrail-scp.json"))),
                          ("explain (plain-text denial)", ("explain", str(EXAMPLES / "s3-access-denied.txt")))):
        spent = breakdown(*command)
        print(f"| {name} | {spent['total']:.0f} ms | {spent['dataclasses']:.0f} ms | "
              f"{spent['regex']:.0f} ms |")


if __name__ == "__main__":
    main()
