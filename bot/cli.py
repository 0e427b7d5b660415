"""decode-bot's command line: argparse and dispatch only (contracts in DESIGN.md section 3).

Heavy imports (botocore, slack_bolt) happen inside the commands that need them, so that `scan` and the
explanation of already-decoded text start fast and work without AWS. Every command reads and writes through an
`Environment` (variables and streams), so that it runs the same in a test's process as in a terminal.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from bot.core.detect import scan
from bot.settings import ConfigError, Settings, load_environment, log_level, masked_condition_keys
from bot.vocab import LANGUAGES, ExitStatus, FixChecks

if TYPE_CHECKING:
    from bot.core.kinds import Input
    from bot.core.outcomes import Lookups


_ACCOUNT = re.compile(r"[0-9]{12}")
TRY_OFFLINE = ("To see what it answers before Slack and AWS are set up: decode-bot explain "
               "examples/passrole-decoded.json (in the checkout; README: Try it in one minute).")


class UsageError(Exception):
    """Bad arguments or configuration: reported as one line each, exit 2, no traceback."""


@dataclass(frozen=True)
class Environment:
    """What a command reads and writes."""

    variables: Mapping[str, str]
    stdin: IO[bytes]
    stdout: IO[str]
    stderr: IO[str]

    @classmethod
    def of_process(cls) -> Environment:
        """The process's own: its environment with `.env` merged in, once, and its standard streams."""
        return cls(load_environment(), sys.stdin.buffer, sys.stdout, sys.stderr)

    def say(self, line: str) -> None:
        print(line, file=self.stdout)

    def warn(self, line: str) -> None:
        print(line, file=self.stderr)


def main(argv: Sequence[str] | None = None, environment: Environment | None = None) -> int:
    parser = _parser()
    io = environment or Environment.of_process()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has said what was wrong (or printed the help)
        return int(exc.code or 0)
    from bot.ops import logs

    env = io.variables
    logs.configure(log_level(env), io.stderr)  # after `.env`, which may set LOG_LEVEL
    command = args.command or "run"
    try:
        if command == "scan":
            return _scan(args, io)
        if command == "explain":
            return _explain(args, io)
        if command == "report":
            return _report(args, io)
        if command == "doctor":
            return _doctor(io)
        if command == "state":
            return _state_init(io)
        if command == "manifest":
            return _manifest(args, io)
        return _run(getattr(args, "mode", None), io)
    except UsageError as exc:
        for line in str(exc).splitlines():
            io.warn(f"decode-bot: {line}")
        return ExitStatus.USAGE
    except KeyboardInterrupt:
        return ExitStatus.INTERRUPTED


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="decode-bot",
        description="Explain AWS 'Encoded authorization failure message' errors, in Slack or in a terminal.",
    )
    commands = parser.add_subparsers(dest="command", metavar="{run,scan,explain,report,doctor,state,manifest}")
    run_parser = commands.add_parser("run", help="start the Slack app (Socket Mode with SLACK_APP_TOKEN, else HTTP)")
    run_parser.add_argument("--mode", choices=("http", "socket"), default=None,
                            help="force a mode instead of choosing by SLACK_APP_TOKEN")
    scan_parser = commands.add_parser("scan", help="find tokens and decoded messages, offline")
    scan_parser.add_argument("file", nargs="?", default="-", help="file to read, or - for standard input")
    scan_parser.add_argument("--format", choices=("text", "json"), default="text")
    explain_parser = commands.add_parser("explain", help="decode what needs decoding and explain it all")
    explain_parser.add_argument("file", nargs="?", default="-", help="file to read, or - for standard input")
    explain_parser.add_argument("--format", choices=("text", "markdown", "json", "slack"), default="text",
                                help="slack: the Block Kit message the bot would post in a thread, and a Block "
                                     "Kit Builder link to it on standard error")
    explain_parser.add_argument("--lang", choices=LANGUAGES, default=None,
                                help="language of the explanation (default: DEFAULT_LANGUAGE or en)")
    explain_parser.add_argument("--account", default=None, metavar="ID",
                                help="with DECODER_ACCOUNTS: try this AWS account first")
    explain_parser.add_argument("--checks", choices=("aws", "offline"), default=None,
                                help="aws: check each statement with IAM Access Analyzer and IAM's policy simulator "
                                     "(default when a token needs decoding, unless FIX_CHECKS=offline); offline: "
                                     "only against the Service Authorization Reference")
    report_parser = commands.add_parser("report", help="CloudTrail log files' denials, grouped by cause")
    report_parser.add_argument("paths", nargs="+", metavar="FILE|DIR",
                               help="log files (.json, .json.gz, JSON Lines) or folders searched recursively")
    report_parser.add_argument("--since", default=None, metavar="WHEN",
                               help="only denials at or after WHEN: 2026-12-01, 2026-12-01T09:00Z, or 24h / 7d ago")
    report_parser.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    report_parser.add_argument("--lang", choices=LANGUAGES, default=None)
    commands.add_parser("doctor", help="check the configuration, AWS access and the decode permission")
    manifest_parser = commands.add_parser("manifest", help="the Slack app manifest, as JSON (HTTP mode with --url)")
    manifest_parser.add_argument("--url", default=None, metavar="https://HOST",
                                 help="where Slack reaches decode-bot (the SlackRequestUrl output on Lambda); "
                                      "without it, the Socket Mode manifest")
    state_parser = commands.add_parser("state", help="the shared state (STATE_BACKEND=dynamodb)")
    state_parser.add_argument("action", choices=("init",), help="init: create the table and its TTL (idempotent)")
    return parser


def _read(path: str, io: Environment) -> str:
    if path == "-":
        if io.stdin.isatty():  # someone typed the command and now faces a silent terminal
            io.warn("Paste the error, then press Enter and Ctrl-D (on Windows: Ctrl-Z, then Enter). "
                    "Or give a file: decode-bot explain error.txt")
        return io.stdin.read().decode("utf-8", errors="replace")
    try:
        with open(path, "rb") as handle:
            content = handle.read()
        if content.startswith(b"\x1f\x8b"):  # a gzip file, such as a CloudTrail log file
            import gzip
            import zlib

            try:
                content = gzip.decompress(content)
            except (EOFError, zlib.error, gzip.BadGzipFile):
                raise UsageError(f"cannot read {path}: the gzip file is damaged or cut short") from None
        return content.decode("utf-8", errors="replace")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None


def _scan(args: argparse.Namespace, io: Environment) -> int:
    result = scan(_read(args.file, io))
    if args.format == "json":
        io.say(json.dumps(result.to_dict(), indent=2))
        return ExitStatus.OK
    for token in result.tokens:
        state = "truncated" if token.truncated else "complete"
        io.say(f"token {token.fingerprint}  {len(token.token)} chars  {state}  at {token.start}-{token.end}")
    for authorization in result.authorization_ids:
        io.say(f"authorization id {authorization.authorization_id}  region {authorization.region or '-'}")
    for denial in result.denials:
        io.say(f"denial {denial.principal}  {denial.action}  {denial.resource or '-'}  {denial.reason}"
               + (f"  {denial.policy_arn}" if denial.policy_arn else ""))
    if result.decoded:
        io.say(f"decoded messages: {len(result.decoded)}")
    if not result.anything:
        io.say("no tokens, authorization IDs, decoded messages or access-denied messages found")
    return ExitStatus.OK


def _settings(env: Mapping[str, str]) -> Settings:
    try:
        return Settings.from_env(env)
    except ConfigError as exc:
        raise UsageError("\n".join(exc.problems)) from None


def _explain(args: argparse.Namespace, io: Environment) -> int:
    from bot.core.pipeline import check_fixes, explain_scan
    from bot.render.data import finding_to_dict
    from bot.render.text import render_text

    env = io.variables
    result = scan(_read(args.file, io))
    lookups = None
    if args.account and not _ACCOUNT.fullmatch(args.account):
        raise UsageError(f"--account: {args.account} is not a 12-digit AWS account ID.")
    if result.needs_aws or args.checks == "aws":
        from bot.aws.lookups import AwsLookups

        settings = _settings(env)
        lookups = AwsLookups(settings.aws).preferring((args.account,) if args.account else ())
    else:
        # Nothing to decode: AWS settings do not matter, and a bad one must not stop an offline explanation.
        try:
            settings = Settings.from_env(env)
        except ConfigError:
            settings = Settings()
    lang = args.lang or settings.access.default_language
    checked = args.checks != "offline" and settings.aws.fix_checks is FixChecks.AWS
    if args.format == "slack":
        return _slack_preview(result.inputs, lookups if checked else None, lookups, settings, lang,
                              masked_condition_keys(env), io)
    findings = explain_scan(result, lookups, masked_condition_keys(env))
    if checked:
        findings = check_fixes(findings, lookups, lang)
    if args.format == "json":
        io.say(json.dumps({"findings": [finding_to_dict(f, lang) for f in findings]}, indent=2, ensure_ascii=False))
    else:
        io.stdout.write(render_text(findings, lang, markdown=args.format == "markdown"))
    return ExitStatus.OK if all(f.ok for f in findings) else ExitStatus.UNEXPLAINED


def _report(args: argparse.Namespace, io: Environment) -> int:
    from pathlib import Path

    from bot.core.causes import Causes, explained
    from bot.core.kinds.cloudtrail import CloudTrailEvent
    from bot.ops.trailfiles import files_in, readable_errors, records_in_file
    from bot.render.report import render_report, report_to_dict

    causes = Causes(since=_since(args.since))
    paths = [Path(p) for p in args.paths]
    for missing in [p for p in paths if not p.exists()]:
        raise UsageError(f"cannot read {missing}: no such file or folder")
    for path in files_in(paths):
        try:
            causes.add_all(records_in_file(path, causes.skip))
        except readable_errors() as exc:
            causes.skip("unreadable_file")
            io.warn(f"decode-bot: skipped {path}: {type(exc).__name__}: {exc}")
    biggest = causes.biggest_first()
    lookups = None
    if any(CloudTrailEvent(c.record, 0, 0).needs_aws for c in biggest):  # offline unless a token needs decoding
        from bot.aws.lookups import AwsLookups

        lookups = AwsLookups(_settings(io.variables).aws)
    try:
        lang = args.lang or Settings.from_env(io.variables).access.default_language
    except ConfigError:
        lang = args.lang or "en"
    grouped = explained(biggest, lookups, masked_condition_keys(io.variables))
    if args.format == "json":
        io.say(json.dumps(report_to_dict(grouped, causes.skipped, lang), indent=2, ensure_ascii=False))
    else:
        io.stdout.write(render_report(grouped, causes.skipped, lang, markdown=args.format == "markdown"))
    return ExitStatus.OK


_RELATIVE = re.compile(r"(\d+)([hd])")


def _since(value: str | None) -> str | None:
    """--since as the ISO 8601 UTC text CloudTrail writes, so that records compare as strings."""
    import datetime as dt

    if value is None:
        return None
    relative = _RELATIVE.fullmatch(value.strip())
    if relative:
        amount = int(relative.group(1))
        delta = dt.timedelta(hours=amount) if relative.group(2) == "h" else dt.timedelta(days=amount)
        when = dt.datetime.now(dt.UTC) - delta
    else:
        try:
            when = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise UsageError(f"--since: {value} is neither a date (2026-12-01, 2026-12-01T09:00Z) nor 24h / 7d"
                             ) from None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _slack_preview(inputs: tuple[Input, ...], checker: Lookups | None, lookups: Lookups | None, settings: Settings,
                   lang: str, masked_keys: tuple[str, ...], io: Environment) -> int:
    """What the bot would post in the thread: the same limits, disclosure and renderer."""
    import urllib.parse

    from bot.core.kinds import capped
    from bot.core.pipeline import check_fixes, explain_inputs
    from bot.render.blocks import new_reference, reply_blocks
    from bot.vocab import Disclosure

    kept, left_out = capped(inputs, settings.limits.tokens_per_message)
    findings = check_fixes(explain_inputs(kept, lookups, masked_keys), checker, lang)
    reference = None if settings.access.disclosure is Disclosure.FULL else new_reference()
    fallback, blocks = reply_blocks(findings, lang, left_out, settings.access.disclosure, reference)
    io.say(json.dumps({"text": fallback, "blocks": blocks}, indent=2, ensure_ascii=False))
    builder = urllib.parse.quote(json.dumps({"blocks": blocks}, separators=(",", ":"), ensure_ascii=False))
    io.warn(f"See it as Slack shows it (this sends the message's content to Slack's site): "
            f"https://app.slack.com/block-kit-builder/#{builder}")
    return ExitStatus.OK if all(f.ok for f in findings) else ExitStatus.UNEXPLAINED


def _manifest(args: argparse.Namespace, io: Environment) -> int:
    from bot.slack.manifest import manifest

    try:
        document = manifest(args.url)
    except ValueError as exc:
        raise UsageError(f"--url: {exc}") from None
    io.say(json.dumps(document, indent=2, ensure_ascii=False))
    if args.url:
        io.warn("Create the app at https://api.slack.com/apps > Create New App > From an app manifest, paste this, "
                "install it to the workspace, then set the bot token and signing secret.")
    return ExitStatus.OK


def _state_init(io: Environment) -> int:
    from botocore.exceptions import BotoCoreError, ClientError

    from bot.state import open_store

    settings = _settings(io.variables)
    store = open_store(settings.state, settings.aws.region, timeout_seconds=10)
    if not store.shared:
        raise UsageError("STATE_BACKEND: memory keeps state in each process, with nothing to create; set "
                         "STATE_BACKEND=dynamodb (and STATE_TABLE) to create the table every process shares.")
    try:
        done = store.init()
    except (BotoCoreError, ClientError) as exc:
        io.warn(f"decode-bot: could not create table {settings.state.table}: {type(exc).__name__}: {exc}")
        return ExitStatus.UNEXPLAINED
    io.say(f"table {settings.state.table}: {done}, TTL on attribute exp")
    return ExitStatus.OK


def _doctor(io: Environment) -> int:
    from bot.ops.doctor import run_checks
    from bot.slack.client import slack_checks

    settings = _settings(io.variables)
    ok = True
    for check in run_checks(settings, slack_checks):
        ok = ok and (check.ok or not check.required)
        status = "ok  " if check.ok else "FAIL" if check.required else "warn"
        io.say(f"{status}  {check.name}: {check.detail}")
        if check.fix:
            io.say(f"      fix: {check.fix}")
    return ExitStatus.OK if ok else ExitStatus.UNEXPLAINED


def _run(mode: str | None, io: Environment) -> int:
    import dataclasses

    from bot.slack.server import StartupError, serve

    settings = _settings(io.variables)
    if mode == "http":
        settings = dataclasses.replace(settings, slack=dataclasses.replace(settings.slack, app_token=None))
    elif mode == "socket" and not settings.slack.socket_mode:
        raise UsageError("SLACK_APP_TOKEN: missing; Socket Mode needs an app-level token (xapp-…) with "
                         "connections:write.")
    problems = settings.slack.problems()
    if problems:
        # Nothing configured yet: someone evaluating the bot can see its answers without Slack or AWS.
        raise UsageError("\n".join([*problems, *([] if settings.slack.bot_token else [TRY_OFFLINE])]))
    try:
        return serve(settings)
    except StartupError as exc:
        if exc.configuration:
            raise UsageError(str(exc)) from None
        io.warn(f"decode-bot: {exc}")
        return ExitStatus.UNEXPLAINED
