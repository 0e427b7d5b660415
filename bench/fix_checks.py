"""What checking a statement with AWS adds to an answer, and how often the cache spares the calls.

1. Latency: one decoded token explained (warm clients, nothing from a cache), with STS, IAM Access Analyzer and
   IAM's policy simulator each answering in 100 ms (real botocore against the loopback fakes, in-process): the
   answer checked offline only, up to "validated" (one ValidatePolicy), and up to "proven" (ValidatePolicy and the
   simulation without the statement at once, then the simulation with it).
2. Cache: a realistic mix of pastes (40 distinct denials, 10 roles x 4 actions, pasted 600 times with Zipf-like
   repetition, as a failing CI job is pasted again and again), answered by two processes taking turns and
   sharing one store: how many checks were answered from a cache instead of AWS.

Run: python bench/fix_checks.py [--repeats 7]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.aws.lookups import AwsLookups  # noqa: E402
from bot.core.detect import scan  # noqa: E402
from bot.core.outcomes import Simulation, SimulationOutcome  # noqa: E402
from bot.core.pipeline import Finding, check_fixes, explain_scan  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.state.memory import MemoryStore  # noqa: E402
from tests.builders import ACCOUNT, cli_error, decoded_message, make_token  # noqa: E402
from tests.conftest import aws_env_for  # noqa: E402
from tests.fakes.accessanalyzer import FakeAccessAnalyzer  # noqa: E402
from tests.fakes.iam import FakeIam  # noqa: E402
from tests.fakes.sts import FakeSts  # noqa: E402

ACTIONS = ("s3:GetObject", "s3:PutObject", "ssm:GetParameter", "logs:PutLogEvents")
RESOURCES = {"s3:GetObject": "arn:aws:s3:::artifacts/build.zip", "s3:PutObject": "arn:aws:s3:::artifacts/out.zip",
             "ssm:GetParameter": f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/app/db-url",
             "logs:PutLogEvents": f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/app/web:log-stream:a"}


class ValidateOnly(AwsLookups):
    """The same lookups, stopping at "validated" (as without iam:SimulatePrincipalPolicy, minus the denial)."""

    def simulate(self, simulation: Simulation, account: str | None) -> SimulationOutcome | None:
        return None


def level(findings: list[Finding]) -> str:
    explanation = findings[0].explanation
    assert explanation is not None and explanation.fix is not None
    return explanation.fix.verification.level


def latency(sts: FakeSts, iam: FakeIam, repeats: int) -> None:
    role = f"arn:aws:iam::{ACCOUNT}:role/ci-deployer"
    iam.state.policies[role] = []
    settings = Settings.from_env(os.environ)
    # One process's lookups (warm clients); every answer names another object, so nothing comes from a cache.
    processes = {"offline": AwsLookups(settings.aws), "validated": ValidateOnly(settings.aws),
                 "proven": AwsLookups(settings.aws)}
    timings: dict[str, list[float]] = {name: [] for name in processes}
    for repeat in range(-1, repeats):  # the first round warms the clients up and is not counted
        for name, lookups in processes.items():
            token = make_token(90_000 + repeat * 10 + len(name))
            sts.state.messages[token] = decoded_message(
                action="s3:GetObject", resource=f"arn:aws:s3:::artifacts/build-{repeat}-{name}.zip",
                principal_name="ci-deployer", principal_arn=f"arn:aws:sts::{ACCOUNT}:assumed-role/ci-deployer/run")
            result = scan(cli_error(token, "GetObject"))
            begun = time.perf_counter()
            findings = explain_scan(result, lookups)
            if name != "offline":
                findings = check_fixes(findings, lookups, "en")
            if repeat >= 0:
                timings[name].append(time.perf_counter() - begun)
            assert level(findings) == name, (name, level(findings))
    base = statistics.median(timings["offline"])
    print(f"latency, every AWS call answering in 100 ms (median of {repeats}, no cache hits):")
    for name, values in timings.items():
        median = statistics.median(values)
        print(f"  {name:9} {median * 1000:6.0f} ms  (+{(median - base) * 1000:4.0f} ms, {median / base:.2f} times "
              f"the offline answer)")


def cache(sts: FakeSts, iam: FakeIam, analyzer: FakeAccessAnalyzer, pastes: int) -> None:
    settings = Settings.from_env(os.environ)
    sts.state.delay = iam.state.delay = analyzer.state.delay = 0.0
    distinct = []
    for index in range(40):
        role, action = f"ci-role-{index // 4}", ACTIONS[index % 4]
        iam.state.policies[f"arn:aws:iam::{ACCOUNT}:role/{role}"] = []
        token = make_token(95_000 + index)
        sts.state.messages[token] = decoded_message(
            action=action, resource=RESOURCES[action], principal_name=role,
            principal_arn=f"arn:aws:sts::{ACCOUNT}:assumed-role/{role}/run")
        distinct.append(cli_error(token))
    rng = random.Random(25)
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(distinct))]
    store = MemoryStore()
    processes = [AwsLookups(settings.aws, store=store), AwsLookups(settings.aws, store=store)]
    before = len(analyzer.state.calls) + len(iam.state.simulations())
    for turn in range(pastes):
        lookups = processes[turn % 2]
        findings = check_fixes(explain_scan(scan(rng.choices(distinct, weights)[0]), lookups), lookups, "en")
        assert level(findings) == "proven"
    asked = pastes * 3  # one validation and two simulations per answer
    made = len(analyzer.state.calls) + len(iam.state.simulations()) - before
    print(f"cache: {pastes} pastes of 40 distinct denials, two processes sharing one store: {asked} checks asked, "
          f"{made} made to AWS, hit rate {(asked - made) / asked:.1%}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--pastes", type=int, default=600)
    args = parser.parse_args()
    sts, iam, analyzer = FakeSts().start(), FakeIam().start(), FakeAccessAnalyzer().start()
    sts.state.delay = iam.state.delay = analyzer.state.delay = 0.1
    os.environ.update(aws_env_for(sts, None, iam, analyzer))
    try:
        latency(sts, iam, args.repeats)
        cache(sts, iam, analyzer, args.pastes)
    finally:
        for server in (sts, iam, analyzer):
            server.stop()


if __name__ == "__main__":
    main()
