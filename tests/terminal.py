"""decode-bot's command line as a user runs it: `run` in this process, through the CLI's Environment (what a
shell passes, `.env` from the working directory); `console` as the installed console script, in a subprocess,
for the few tests that are about the process itself."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ISOLATED_AWS_ENV


@dataclass(frozen=True)
class Result:
    returncode: int
    stdout: str
    stderr: str


def shell_environment(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment without AWS, Slack or decoder settings, isolated from real AWS, plus `env`."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "SLACK_", "DECODER_"))}
    return {**base, **ISOLATED_AWS_ENV, **(env or {})}


def run(args: list[str], stdin: str = "", env: Mapping[str, str] | None = None, cwd: Path | None = None) -> Result:
    from dotenv import dotenv_values

    from bot.cli import Environment, main

    variables = shell_environment(env)
    dotenv = cwd / ".env" if cwd else None
    if dotenv and dotenv.exists():  # as load_environment(): what the environment does not set already
        variables = {**{k: v for k, v in dotenv_values(dotenv).items() if v is not None}, **variables}
    out, err = io.StringIO(), io.StringIO()
    with process_environment(variables), logging_restored():
        code = main(args, Environment(variables, io.BytesIO(stdin.encode()), out, err))
    return Result(int(code), out.getvalue(), err.getvalue())


def console(args: list[str], stdin: str = "", env: Mapping[str, str] | None = None, cwd: Path | None = None
            ) -> subprocess.CompletedProcess[str]:
    """The console script in a folder of its own (never the checkout, whose `.env` is the developer's)."""
    with tempfile.TemporaryDirectory(prefix="decode-bot-cwd-") as empty:
        return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True,
                              env=shell_environment(env), timeout=60, cwd=cwd or empty)


@contextlib.contextmanager
def process_environment(variables: Mapping[str, str]) -> Iterator[None]:
    """os.environ as these variables for the duration (botocore reads its endpoints and credentials there)."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(variables)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextlib.contextmanager
def logging_restored() -> Iterator[None]:
    """The CLI configures logging for its process; here the process is pytest's, whose handlers must come back."""
    from tests.slack_harness import _logging_state, _restore_logging

    saved = _logging_state()
    try:
        yield
    finally:
        _restore_logging(saved)
