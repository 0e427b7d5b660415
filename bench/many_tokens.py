"""Five tokens in one paste against one: with STS answering each decode in 200 ms, are they decoded at the
same time? Real botocore against the fake STS on loopback, in-process.

Run: python bench/many_tokens.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.aws.lookups import AwsLookups  # noqa: E402
from bot.core.detect import scan  # noqa: E402
from bot.core.pipeline import explain_inputs  # noqa: E402
from bot.settings import Settings  # noqa: E402
from tests.builders import PASSROLE_MESSAGE, cli_error, make_token  # noqa: E402
from tests.conftest import aws_env_for  # noqa: E402
from tests.fakes.sts import FakeSts  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    sts = FakeSts().start()
    sts.state.delay = 0.2
    os.environ.update(aws_env_for(sts))
    seed = 70_000
    timings: dict[int, list[float]] = {1: [], 5: []}
    for _ in range(args.repeats):
        for count in timings:
            tokens = [make_token(seed + i) for i in range(count)]
            seed += count
            for token in tokens:
                sts.state.messages[token] = PASSROLE_MESSAGE
            inputs = scan("\n".join(cli_error(t) for t in tokens)).inputs
            lookups = AwsLookups(Settings.from_env(os.environ).aws)  # a new cache: every token is decoded
            begun = time.perf_counter()
            findings = explain_inputs(inputs, lookups)
            timings[count].append(time.perf_counter() - begun)
            assert all(f.ok for f in findings)
    sts.stop()
    one, five = statistics.median(timings[1]), statistics.median(timings[5])
    print(f"STS answering in 200 ms: 1 token {one * 1000:.0f} ms, 5 tokens {five * 1000:.0f} ms "
          f"(median of {args.repeats}; 5 tokens / 1 token = {five / one:.2f})")


if __name__ == "__main__":
    main()
