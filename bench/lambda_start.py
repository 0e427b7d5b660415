"""Lambda cold start, whole: from a fresh process to Slack's acknowledgement, and to the thread answer, for
decode-bot's handler against a floor Lambda app (Bolt's Lambda adapter, a lazy listener making one boto3
decode and replying with the raw JSON), both behind the same fakes.

Run: python bench/lambda_start.py [--repeats 7]
Each run is one fresh `python` process that imports the handler and is handed one Function URL event, as a
new Lambda execution environment is. The lazy second invocation goes through a local Lambda Invoke endpoint
inside that process (the warm environment taking it, Lambda's usual case). decode-bot keeps its state in
DynamoDB (moto, as on Lambda); the floor app keeps none.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.builders import PASSROLE_MESSAGE, cli_error, make_token  # noqa: E402
from tests.conftest import ISOLATED_AWS_ENV, aws_env_for  # noqa: E402
from tests.fakes.dynamodb import FakeDynamoDb  # noqa: E402
from tests.fakes.slack import BOT_TOKEN, FakeSlack  # noqa: E402
from tests.fakes.sts import FakeSts  # noqa: E402
from tests.slack_harness import SIGNING_SECRET, event_body, message_event, sign  # noqa: E402

os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # as deployed: a Lambda package carries its bytecode

# One cold execution environment: import the handler, take one event, let the lazy invocation finish.
ENVIRONMENT = """
import json, sys, threading, time
sys.path.insert(0, sys.argv[1])
from tests.fakes.http import LoopbackServer, QuietHandler
import os
kind, event = sys.argv[2], json.loads(sys.stdin.read())
if kind == "decode-bot":
    from bot.lambda_handler import handler
else:
    sys.path.insert(0, sys.argv[1] + "/bench")
    from floor_lambda import handler
class Context:
    function_name = "decode-bot"
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:decode-bot"
lazy = []
class Invoke(QuietHandler):
    def do_POST(self):
        payload = json.loads(self.read_body() or b"{}")
        self.send_body(202, b"", "application/json")
        thread = threading.Thread(target=handler, args=(payload, Context()))
        thread.start()
        lazy.append(thread)
invoke = LoopbackServer(Invoke).start()
os.environ["AWS_ENDPOINT_URL_LAMBDA"] = invoke.url
status = handler(event, Context())["statusCode"]
print(json.dumps({"status": status, "acknowledged": time.time()}), flush=True)
deadline = time.monotonic() + 20
while not lazy and time.monotonic() < deadline:
    time.sleep(0.001)
for thread in lazy:
    thread.join(20)
"""


def function_url_event(body: dict[str, object]) -> dict[str, object]:
    raw = json.dumps(body)
    stamp = int(time.time())
    headers = {"content-type": "application/json", "x-slack-request-timestamp": str(stamp),
               "x-slack-signature": sign(raw.encode(), stamp)}
    return {"version": "2.0", "routeKey": "$default", "rawPath": "/", "rawQueryString": "", "headers": headers,
            "requestContext": {"http": {"method": "POST", "path": "/", "protocol": "HTTP/1.1",
                                        "sourceIp": "127.0.0.1"}, "requestId": "r1", "stage": "$default"},
            "body": raw, "isBase64Encoded": False}


def cold_start(kind: str, env: dict[str, str], slack: FakeSlack, sts: FakeSts, n: int) -> tuple[float, float]:
    """Seconds from spawning a fresh environment to the acknowledgement, and to the thread answer."""
    token = make_token(90_000 + n)
    sts.state.messages[token] = PASSROLE_MESSAGE
    event = message_event(cli_error(token))
    begun = time.time()
    done = subprocess.run([sys.executable, "-c", ENVIRONMENT, str(ROOT), kind],
                          input=json.dumps(function_url_event(event_body(event, f"Ev{kind[:2]}{n}"))),
                          capture_output=True, text=True, env=env, cwd=tempfile.gettempdir(), timeout=60)
    answered = [call.at for call in slack.state.of("chat.postMessage") if call.params.get("thread_ts") == event["ts"]]
    if done.returncode != 0 or not answered:
        raise RuntimeError(f"{kind} did not answer: {done.stderr[-2000:]}")
    acknowledged = json.loads(done.stdout.strip().splitlines()[-1])["acknowledged"]
    # FakeSlack stamps calls with time.monotonic(); convert through the same run's offset.
    offset = time.time() - time.monotonic()
    return acknowledged - begun, answered[0] + offset - begun


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's server logs every request
    slack, sts, dynamodb = FakeSlack().start(), FakeSts().start(), FakeDynamoDb().start()
    base = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "SLACK_", "DECODER_"))}
    env = {**base, **ISOLATED_AWS_ENV, **aws_env_for(sts), "AWS_DEFAULT_REGION": "us-east-1",
           "AWS_ENDPOINT_URL_DYNAMODB": dynamodb.url, "STATE_BACKEND": "dynamodb", "STATE_TABLE": "bench-lambda",
           "SLACK_API_URL": slack.api_url, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "LOG_LEVEL": "WARNING"}
    subprocess.run([sys.executable, "-m", "bot", "state", "init"], env=env, check=True, capture_output=True,
                   cwd=tempfile.gettempdir())
    times: dict[str, list[tuple[float, float]]] = {"decode-bot": [], "floor": []}
    try:
        for n in range(args.repeats + 1):  # the first round writes the bytecode caches
            for kind in times:
                measured = cold_start(kind, env, slack, sts, n)
                if n:
                    times[kind].append(measured)
    finally:
        for fake in (slack, sts, dynamodb):
            fake.stop()
    medians = {kind: (statistics.median(a for a, _ in runs) * 1000, statistics.median(b for _, b in runs) * 1000)
               for kind, runs in times.items()}
    ours, floor = medians["decode-bot"], medians["floor"]
    print("| Lambda cold start (fresh process) | decode-bot | floor app | ratio |")
    print("|---|---|---|---|")
    print(f"| to Slack's acknowledgement | {ours[0]:.0f} ms | {floor[0]:.0f} ms | {ours[0] / floor[0]:.2f}x |")
    print(f"| to the thread answer | {ours[1]:.0f} ms | {floor[1]:.0f} ms | {ours[1] / floor[1]:.2f}x |")


if __name__ == "__main__":
    main()
