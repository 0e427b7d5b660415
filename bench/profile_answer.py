"""Where a thread answer's time goes, in-process: decode-bot and the floor app (Bolt + one boto3 decode, raw JSON
reply), each served by waitress on loopback against the same fakes, over the same number of events.

Run: python bench/profile_answer.py [--events 300]
Each stage is the function that does it, wrapped with a clock (about a microsecond of overhead, where a
profiler would multiply the time of pure-Python code): its mean wall time per answer, what it calls included.
The rest of the event-to-reply latency is the HTTP hops (to the app, to STS, to Slack), which both apps share.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import waitress

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from tests.builders import PASSROLE_MESSAGE, cli_error, make_token  # noqa: E402
from tests.conftest import ISOLATED_AWS_ENV, aws_env_for  # noqa: E402
from tests.fakes.slack import BOT_TOKEN, FakeSlack  # noqa: E402
from tests.fakes.sts import FakeSts  # noqa: E402
from tests.slack_harness import SIGNING_SECRET, RunningBot, message_event  # noqa: E402

# (stage, module, attribute): each stage by the function that does it, wrapped where its callers look it up.
DECODE_BOT_STAGES = [
    ("Bolt: verify, parse, route, acknowledge", "slack_bolt.app.app", "App.dispatch"),
    ("  answer-once claims (event ID, then each input)", "bot.state.memory", "MemoryStore.first_time"),
    ("listener (after Bolt hands over)", "bot.slack.listeners.messages", "answer_in_thread"),
    ("  needs AWS? (a first scan)", "bot.slack.answers", "Answerer.needs_aws"),
    ("answer, in all (on the AWS pool)", "bot.slack.answers", "Answerer.answer"),
    ("  scan (the first one's result, kept)", "bot.slack.answers", "_scanned"),
    ("  access, disclosure, language", "bot.slack.answers", "AccessPolicy.decide"),
    ("  rate limits", "bot.slack.answers", "AccessPolicy.over_limit"),
    ("  explanation, lookups included", "bot.slack.answers", "explain_inputs"),
    ("    STS decode (boto3 and the HTTP call)", "bot.aws.sts", "decode"),
    ("  audit line", "bot.ops.audit", "record_findings"),
    ("  Block Kit", "bot.slack.answers", "reply_blocks"),
    ("  details kept for the button", "bot.slack.answers", "Answerer._details_reference"),
    ("thread reply (chat.postMessage)", "bot.slack.listeners.messages", "in_thread"),
]
FLOOR_STAGES = [
    ("Bolt: verify, parse, route, acknowledge", "slack_bolt.app.app", "App.dispatch"),
    ("STS decode (boto3 and the HTTP call)", "botocore.client", "BaseClient._make_api_call"),
    ("thread reply (say)", "slack_bolt.context.say.say", "Say.__call__"),
]


class Clocks:
    """Wraps functions with a clock; totals by stage, safe across threads (+= on floats under one lock)."""

    def __init__(self, stages: list[tuple[str, str, str]]) -> None:
        self.spent = {stage: 0.0 for stage, _, _ in stages}
        self._lock = threading.Lock()
        self.counting = False
        for stage, module_name, attribute in stages:
            module = importlib.import_module(module_name)
            *owner_path, name = attribute.split(".")
            owner: Any = module
            for part in owner_path:
                owner = getattr(owner, part) if hasattr(owner, part) else getattr(module, part)
            setattr(owner, name, self._clocked(stage, getattr(owner, name)))

    def _clocked(self, stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def clocked(*args: Any, **kwargs: Any) -> Any:
            begun = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                if self.counting:
                    with self._lock:
                        self.spent[stage] += time.perf_counter() - begun

        return clocked


class Served(RunningBot):
    """A Bolt app served by waitress on loopback in this process, so that its functions can be clocked."""

    def __init__(self, app: Any) -> None:
        from bot.concurrency import HTTP_THREADS
        from bot.slack.server import wsgi_app

        self.server = waitress.create_server(wsgi_app(app), host="127.0.0.1", port=0, threads=HTTP_THREADS)
        self.url = f"http://127.0.0.1:{self.server.effective_port}"  # type: ignore[union-attr]
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.close()


def environment(slack: FakeSlack, sts: FakeSts) -> dict[str, str]:
    env = {**ISOLATED_AWS_ENV, **aws_env_for(sts), "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": slack.api_url, "LOG_LEVEL": "WARNING", "LIMIT_USER_DECODES_PER_MINUTE": "100000",
           "LIMIT_CHANNEL_DECODES_PER_MINUTE": "100000"}
    os.environ.update(env)  # botocore reads its endpoint and credentials from the process environment
    return env


def decode_bot(slack: FakeSlack, sts: FakeSts) -> Any:
    from bot.ops import logs
    from bot.settings import Settings
    from bot.slack.app import create_app

    settings = Settings.from_env(environment(slack, sts))
    logs.configure("WARNING")
    return create_app(settings)


def floor(slack: FakeSlack, sts: FakeSts) -> Any:
    from baseline_apps import build

    environment(slack, sts)
    return build("floor")


def profile(make: Callable[[FakeSlack, FakeSts], Any], stages: list[tuple[str, str, str]], events: int
            ) -> tuple[dict[str, float], float]:
    """Milliseconds per answer in each stage, and the median event-to-reply latency."""
    slack, sts = FakeSlack().start(), FakeSts().start()
    app = make(slack, sts)
    clocks = Clocks(stages)
    served = Served(app)
    tokens = [make_token(20_000 + n) for n in range(events + 10)]
    for token in tokens:
        sts.state.messages[token] = PASSROLE_MESSAGE
    try:
        for token in tokens[:10]:  # warm up: first calls build clients, load the IAM dataset
            send(served, slack, token)
        clocks.counting = True
        latencies = sorted(send(served, slack, token) for token in tokens[10:])
        time.sleep(0.05)  # let the last answer's bookkeeping finish
        clocks.counting = False
    finally:
        served.stop()
        slack.stop()
        sts.stop()
    per_answer = {stage: total / events * 1000 for stage, total in clocks.spent.items()}
    return per_answer, latencies[len(latencies) // 2] * 1000


def send(served: RunningBot, slack: FakeSlack, token: str) -> float:
    event = message_event(cli_error(token))
    sent = time.monotonic()
    served.post_event(event)
    deadline = sent + 10
    while time.monotonic() < deadline:
        for call in reversed(slack.delivered("chat.postMessage")):
            if call.params.get("thread_ts") == event["ts"]:
                return call.at - sent
        time.sleep(0.0005)
    raise RuntimeError("no reply within 10 s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=300)
    args = parser.parse_args()
    ours, our_latency = profile(decode_bot, DECODE_BOT_STAGES, args.events)
    theirs, floor_latency = profile(floor, FLOOR_STAGES, args.events)
    print(f"| decode-bot, per answer (median event to reply {our_latency:.2f} ms) | ms |")
    print("|---|---|")
    for stage, ms in ours.items():
        print(f"| {stage} | {ms:.2f} |")
    print()
    print(f"| floor app, per answer (median event to reply {floor_latency:.2f} ms) | ms |")
    print("|---|---|")
    for stage, ms in theirs.items():
        print(f"| {stage} | {ms:.2f} |")


if __name__ == "__main__":
    main()
