"""decode-bot's command line: argparse and dispatch only (contracts in DESIGN.md section 3).

Heavy imports (botocore, slack_bolt) happen inside the commands that need them, so that `scan` and the
explanation of already-decoded text start fast and work without AWS.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence

from bot.core.detect import scan
from bot.settings import ConfigError, Settings, load_environment, log_level, masked_condition_keys
from bot.vocab import ExitStatus


class UsageError(Exception):
    """Bad arguments or configuration: reported as one line each, exit 2, no traceback."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    from bot.ops import logs

    env = load_environment()  # `.env` once, for every command, before logging reads LOG_LEVEL
    logs.configure(log_level(env))
    command = args.command or "run"
    try:
        if command == "scan":
            return _scan(args)
        if command == "explain":
            return _explain(args, env)
        if command == "doctor":
            return _doctor(env)
        if command == "state":
            return _state_init(env)
        return _run(getattr(args, "mode", None), env)
    except UsageError as exc:
        for line in str(exc).splitlines():
            print(f"decode-bot: {line}", file=sys.stderr)
        return ExitStatus.USAGE
    except KeyboardInterrupt:
        return ExitStatus.INTERRUPTED


def _parser() -> argparse.ArgumentParser:
    from bot.i18n import LANGUAGES

    parser = argparse.ArgumentParser(
        prog="decode-bot",
        description="Explain AWS 'Encoded authorization failure message' errors, in Slack or in a terminal.",
    )
    commands = parser.add_subparsers(dest="command", metavar="{run,scan,explain,doctor,state}")
    run_parser = commands.add_parser("run", help="start the Slack app (Socket Mode with SLACK_APP_TOKEN, else HTTP)")
    run_parser.add_argument("--mode", choices=("http", "socket"), default=None,
                            help="force a mode instead of choosing by SLACK_APP_TOKEN")
    scan_parser = commands.add_parser("scan", help="find tokens and decoded messages, offline")
    scan_parser.add_argument("file", nargs="?", default="-", help="file to read, or - for standard input")
    scan_parser.add_argument("--format", choices=("text", "json"), default="text")
    explain_parser = commands.add_parser("explain", help="decode what needs decoding and explain it all")
    explain_parser.add_argument("file", nargs="?", default="-", help="file to read, or - for standard input")
    explain_parser.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    explain_parser.add_argument("--lang", choices=LANGUAGES, default=None,
                                help="language of the explanation (default: DEFAULT_LANGUAGE or en)")
    explain_parser.add_argument("--account", default=None, metavar="ID",
                                help="with DECODER_ACCOUNTS: try this AWS account first")
    commands.add_parser("doctor", help="check the configuration, AWS access and the decode permission")
    state_parser = commands.add_parser("state", help="the shared state (STATE_BACKEND=dynamodb)")
    state_parser.add_argument("action", choices=("init",), help="init: create the table and its TTL (idempotent)")
    return parser


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.buffer.read().decode("utf-8", errors="replace")
    try:
        with open(path, "rb") as handle:
            return handle.read().decode("utf-8", errors="replace")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None


def _scan(args: argparse.Namespace) -> int:
    result = scan(_read(args.file))
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2))
        return ExitStatus.OK
    for token in result.tokens:
        state = "truncated" if token.truncated else "complete"
        print(f"token {token.fingerprint}  {len(token.token)} chars  {state}  at {token.start}-{token.end}")
    for authorization in result.authorization_ids:
        print(f"authorization id {authorization.authorization_id}  region {authorization.region or '-'}")
    for denial in result.denials:
        print(f"denial {denial.principal}  {denial.action}  {denial.resource or '-'}  {denial.reason}"
              + (f"  {denial.policy_arn}" if denial.policy_arn else ""))
    if result.decoded:
        print(f"decoded messages: {len(result.decoded)}")
    if not result.anything:
        print("no tokens, authorization IDs, decoded messages or access-denied messages found")
    return ExitStatus.OK


def _settings(env: Mapping[str, str]) -> Settings:
    try:
        return Settings.from_env(env)
    except ConfigError as exc:
        raise UsageError("\n".join(exc.problems)) from None


def _explain(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    from bot.core.pipeline import explain_scan
    from bot.render.data import finding_to_dict
    from bot.render.text import render_text

    result = scan(_read(args.file))
    lookups = None
    if result.needs_aws:
        from bot.aws.lookups import AwsLookups

        settings = _settings(env)
        lookups = AwsLookups(settings).preferring((args.account,) if args.account else ())
        lang = args.lang or settings.default_language
    else:
        # Nothing to decode: AWS settings do not matter, and a bad one must not stop an offline explanation.
        try:
            lang = args.lang or Settings.from_env(env).default_language
        except ConfigError:
            lang = args.lang or "en"
    findings = explain_scan(result, lookups, masked_condition_keys(env))
    if args.format == "json":
        print(json.dumps({"findings": [finding_to_dict(f, lang) for f in findings]}, indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(render_text(findings, lang, markdown=args.format == "markdown"))
    return ExitStatus.OK if all(f.ok for f in findings) else ExitStatus.UNEXPLAINED


def _state_init(env: Mapping[str, str]) -> int:
    from botocore.exceptions import BotoCoreError, ClientError

    from bot.state.dynamodb import DynamoStore

    settings = _settings(env)
    try:
        done = DynamoStore(settings.state_table, settings.aws_region, timeout_seconds=10).create()
    except (BotoCoreError, ClientError) as exc:
        print(f"decode-bot: could not create table {settings.state_table}: {type(exc).__name__}: {exc}",
              file=sys.stderr)
        return ExitStatus.UNEXPLAINED
    print(f"table {settings.state_table}: {done}, TTL on attribute exp")
    return ExitStatus.OK


def _doctor(env: Mapping[str, str]) -> int:
    from bot.ops.doctor import run_checks

    settings = _settings(env)
    ok = True
    for check in run_checks(settings):
        ok = ok and (check.ok or not check.required)
        status = "ok  " if check.ok else "FAIL" if check.required else "warn"
        print(f"{status}  {check.name}: {check.detail}")
        if check.fix:
            print(f"      fix: {check.fix}")
    return ExitStatus.OK if ok else ExitStatus.UNEXPLAINED


def _run(mode: str | None, env: Mapping[str, str]) -> int:
    import dataclasses

    from bot.slack.server import StartupError, serve

    settings = _settings(env)
    if mode == "http":
        settings = dataclasses.replace(settings, slack_app_token=None)
    elif mode == "socket" and not settings.socket_mode:
        raise UsageError("SLACK_APP_TOKEN: missing; Socket Mode needs an app-level token (xapp-…) with "
                         "connections:write.")
    problems = settings.slack_problems()
    if problems:
        raise UsageError("\n".join(problems))
    try:
        return serve(settings)
    except StartupError as exc:
        if exc.configuration:
            raise UsageError(str(exc)) from None
        print(f"decode-bot: {exc}", file=sys.stderr)
        return ExitStatus.UNEXPLAINED
