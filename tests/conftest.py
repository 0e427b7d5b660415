from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.fakes.accessanalyzer import FakeAccessAnalyzer
from tests.fakes.iam import FakeIam
from tests.fakes.sts import BASE_KEY, FakeSts
from tests.fakes.toolbox import FakeToolbox

CLOSED_PORT = "http://127.0.0.1:9"  # where a service a test does not fake is pointed: it must never reach AWS

# Keep every test away from real AWS configuration and from the instance metadata service.
ISOLATED_AWS_ENV = {
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_CONFIG_FILE": "/nonexistent/decode-bot-tests/config",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/decode-bot-tests/credentials",
}
os.environ.update(ISOLATED_AWS_ENV)
for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
             "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_ROLE_ARN",
             "AWS_WEB_IDENTITY_TOKEN_FILE", "DECODER_ROLE_ARN", "AWS_ENDPOINT_URL_IAM_TOOLBOX", "AWS_ENDPOINT_URL",
             "AWS_ENDPOINT_URL_IAM", "AWS_ENDPOINT_URL_ACCESSANALYZER", "FIX_CHECKS",
             "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN",
             "SLACK_SIGNING_SECRET", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
    os.environ.pop(name, None)


@pytest.fixture
def fake_sts() -> Iterator[FakeSts]:
    server = FakeSts().start()
    yield server
    server.stop()


def aws_env_for(sts: FakeSts, toolbox: FakeToolbox | None = None, iam: FakeIam | None = None,
                analyzer: FakeAccessAnalyzer | None = None, **extra: str) -> dict[str, str]:
    """Environment that points botocore at the fake STS (and IAM Toolbox, IAM's simulator, Access Analyzer) with
    fake base credentials. Without the checks' fakes, fixes are checked offline only (FIX_CHECKS=offline)."""
    env = dict(ISOLATED_AWS_ENV)
    env["AWS_ENDPOINT_URL_IAM_TOOLBOX"] = toolbox.url if toolbox is not None else CLOSED_PORT
    env["AWS_ENDPOINT_URL_IAM"] = iam.url if iam is not None else CLOSED_PORT
    env["AWS_ENDPOINT_URL_ACCESSANALYZER"] = analyzer.url if analyzer is not None else CLOSED_PORT
    if iam is None and analyzer is None:
        env["FIX_CHECKS"] = "offline"
    env.update(
        AWS_ENDPOINT_URL_STS=sts.url,
        AWS_ACCESS_KEY_ID=BASE_KEY,
        AWS_SECRET_ACCESS_KEY="fakeBaseSecret",
        AWS_REGION="us-east-1",
        STS_TIMEOUT_SECONDS="2",
    )
    env.update(extra)
    return env


@pytest.fixture
def fake_toolbox() -> Iterator[FakeToolbox]:
    server = FakeToolbox().start()
    yield server
    server.stop()


@pytest.fixture
def aws_env(fake_sts: FakeSts, fake_toolbox: FakeToolbox, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    env = aws_env_for(fake_sts, fake_toolbox)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


@pytest.fixture
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """botocore's standard retry mode sleeps up to seconds between attempts; tests need not wait."""
    from botocore.retries import standard

    monkeypatch.setattr(standard.ExponentialBackoff, "delay_amount", lambda self, context: 0)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    from tests.fuzzstats import CASES

    if CASES:
        counts = ", ".join(f"{name} {count}" for name, count in sorted(CASES.items()))
        terminalreporter.write_line(f"fuzz cases run: {counts}")
