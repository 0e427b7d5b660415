"""Benchmark detection: scan time on a 40,000-character Slack message, 1 MB logs and hostile inputs (the CLI's
start-up is bench/startup.py's).

Run: python bench/detect.py   (prints a Markdown table for the README)
Medians of repeated runs; compare figures within one run, this machine is shared and noisy.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.core.detect import scan

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
LOG_LINES = [
    "2026-11-27T10:00:00Z INFO  controller.provisioning Launching node with 5 pods requesting {\"cpu\":\"5125m\"}",
    "2026-11-27T10:00:01Z DEBUG http GET /healthz 200 0.4ms",
    "│ Error: creating EC2 Instance: InvalidParameterValue: Value (t9.huge) for parameter instanceType is invalid",
    "2026-11-27T10:00:02Z WARN  aws-sdk retrying request after 200ms (Throttling)",
]


def token(rng: random.Random) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(500, 1600)))


def error_with_token(rng: random.Random) -> str:
    return (
        "An error occurred (UnauthorizedOperation) when calling the RunInstances operation: You are not authorized "
        f"to perform this operation. Encoded authorization failure message: {token(rng)}"
    )


def slack_message(rng: random.Random, size: int = 40_000) -> str:
    parts = ["Deploy failed again, any idea? ```"]
    while sum(map(len, parts)) < size - 2_000:
        parts.append(rng.choice(LOG_LINES))
    parts.append(error_with_token(rng))
    parts.append("```")
    return "\n".join(parts)[:size]


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def findings(rng: random.Random) -> list[str]:
    """What a log of a failed deployment holds besides noise: errors with tokens, decoded messages (as the CLI
    prints them, and escaped again inside a JSON log line), plain-text denials of other services."""
    decoded = (EXAMPLES / "passrole-decoded.json").read_text()
    denial = (EXAMPLES / "s3-access-denied.txt").read_text().strip()
    escaped = json.dumps({"level": "error", "msg": decoded})
    return [error_with_token(rng), error_with_token(rng), decoded, escaped, denial, denial.replace("gitlab-42", "x")]


def big_log(rng: random.Random, size: int = 1_000_000, found: int = 40) -> str:
    lines: list[str] = []
    total = 0
    while total < size:
        line = rng.choice(findings(rng)) if rng.random() < found * 150 / size else rng.choice(LOG_LINES)
        lines.append(line)
        total += len(line) + 1
    return "\n".join(lines)


HOSTILE = {
    "token-alphabet run": lambda n: "A" * n,
    "labels without tokens": lambda n: ("Encoded authorization failure message: " * (n // 40)),
    "labels that almost match": lambda n: "Encoded authorization failure\n" * (n // 30),
    "decoded-message starts that never finish": lambda n: '{\\"allowed\\"' * (n // 12),
    "deep nesting": lambda n: '{"allowed": ' * (n // 12),
    "denial anchors without a principal": lambda n: "is not authorized to perform: s3:GetObject " * (n // 43),
    "whole denials on one line": lambda n: (
        "User: arn:aws:iam::123456789012:user/x is not authorized to perform: s3:GetObject on resource: " * (n // 95)),
}


def timed(function: object, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()  # type: ignore[operator]
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    rng = random.Random(7)
    message = slack_message(rng)
    log = big_log(rng)
    result = scan(log)
    quiet = "\n".join(rng.choice(LOG_LINES) for _ in range(len(log) // 90))
    quiet_s = timed(lambda: scan(quiet), 15)
    message_s = timed(lambda: scan(message), 50)
    log_s = timed(lambda: scan(log), 15)
    hostile = {}
    for name, make in HOSTILE.items():
        small, large = make(100_000), make(1_000_000)
        hostile[name] = (timed(lambda text=small: scan(text), 5), timed(lambda text=large: scan(text), 3))
    print("| measurement | median |")
    print("|---|---|")
    print(f"| scan a 40,000-character Slack message (1 token) | {message_s * 1000:.2f} ms |")
    print(f"| scan a {len(log) / 1e6:.1f} MB log ({len(result.tokens)} tokens, {len(result.decoded)} decoded messages, "
          f"{len(result.denials)} plain-text denials scattered) | {log_s * 1000:.1f} ms |")
    print(f"| scan a {len(quiet) / 1e6:.1f} MB log with nothing to find | {quiet_s * 1000:.1f} ms |")
    print()
    print("| hostile input | 100 kB | 1 MB | ratio (10x the input) |")
    print("|---|---|---|---|")
    for name, (small, large) in hostile.items():
        print(f"| {name} | {small * 1000:.1f} ms | {large * 1000:.1f} ms | {large / small:.1f}x |")


if __name__ == "__main__":
    main()
