"""Issue 13: decoding in every account of an organisation, against the fake STS that decodes a token only with
its own account's credentials and hands out per-account credentials on AssumeRole."""

from __future__ import annotations

import json
import os
import time

from bot.aws.lookups import AwsLookups
from bot.core.detect import scan
from bot.core.outcomes import Decoded, LookupProblem
from bot.settings import Settings
from bot.vocab import ProblemCode
from tests.builders import PASSROLE_MESSAGE, cli_error, make_token
from tests.conftest import aws_env_for
from tests.fakes.sts import FakeSts
from tests.terminal import run

ROLE = "arn:aws:iam::{account}:role/decode-bot-decoder"
A, B, C = "111111111111", "222222222222", "333333333333"
TOKEN = make_token(1901)


def _lookups(accounts: str = f"{A},{B},{C}") -> AwsLookups:
    env = dict(os.environ)
    env.update(DECODER_ROLE_ARN=ROLE, DECODER_ACCOUNTS=accounts)
    return AwsLookups(Settings.from_env(env).aws)


def _decoded_in(fake_sts: FakeSts) -> list[str]:
    return [c.access_key[8:] for c in fake_sts.state.decode_calls() if c.access_key]


def test_a_token_is_decoded_in_its_own_account_and_cached_with_it(fake_sts: FakeSts, aws_env: dict[str, str]) -> None:
    fake_sts.state.messages[TOKEN] = PASSROLE_MESSAGE
    fake_sts.state.token_accounts[TOKEN] = C
    lookups = _lookups()
    outcome = lookups.decode_token(TOKEN)
    assert isinstance(outcome, Decoded) and outcome.account == C
    calls = len(fake_sts.state.decode_calls())
    assert lookups.decode_token(TOKEN) == outcome and len(fake_sts.state.decode_calls()) == calls
    assumed = [c.params["RoleArn"] for c in fake_sts.state.calls if c.action == "AssumeRole"]
    assert sorted(assumed) == [ROLE.format(account=a) for a in (A, B, C)]


def test_accounts_named_in_the_paste_or_by_the_asker_come_first(fake_sts: FakeSts, aws_env: dict[str, str]) -> None:
    fake_sts.state.messages[TOKEN] = PASSROLE_MESSAGE
    fake_sts.state.token_accounts[TOKEN] = B
    lookups = _lookups(",".join([A, B, C, "444444444444", "555555555555", "666666666666"]))
    paste = f"User: arn:aws:sts::{B}:assumed-role/ci/run is not authorized to perform: ec2:RunInstances. "
    [token] = scan(paste + cli_error(TOKEN).split(": ", 1)[1]).tokens
    assert token.hints.accounts[0] == B
    outcome = lookups.decode(token)
    assert isinstance(outcome, Decoded) and outcome.account == B
    assert _decoded_in(fake_sts)[0] == B  # tried first
    other = make_token(1902)
    fake_sts.state.messages[other] = PASSROLE_MESSAGE
    fake_sts.state.token_accounts[other] = "666666666666"
    fake_sts.state.calls.clear()
    asked = lookups.preferring(("666666666666",)).decode_token(other)
    assert isinstance(asked, Decoded) and _decoded_in(fake_sts)[0] == "666666666666"


def test_accounts_are_asked_at_the_same_time(fake_sts: FakeSts, aws_env: dict[str, str]) -> None:
    fake_sts.state.messages[TOKEN] = PASSROLE_MESSAGE
    fake_sts.state.token_accounts[TOKEN] = C
    fake_sts.state.slow = {A: 0.6, B: 0.6, C: 0.6}
    lookups = _lookups()
    for account in (A, B, C):
        lookups.identity(account)  # assume the roles first: only the decodes are timed
    started = time.monotonic()
    assert isinstance(lookups.decode_token(TOKEN), Decoded)
    assert time.monotonic() - started < 1.5  # three slow accounts take about as long as one


def test_a_refused_role_never_stops_the_others(fake_sts: FakeSts, aws_env: dict[str, str]) -> None:
    fake_sts.state.messages[TOKEN] = PASSROLE_MESSAGE
    fake_sts.state.token_accounts[TOKEN] = B
    fake_sts.state.refused = {A}
    outcome = _lookups().decode_token(TOKEN)
    assert isinstance(outcome, Decoded) and outcome.account == B


def test_a_token_no_account_knows_says_how_many_were_tried(fake_sts: FakeSts, aws_env: dict[str, str]) -> None:
    fake_sts.state.messages[TOKEN] = PASSROLE_MESSAGE
    fake_sts.state.token_accounts[TOKEN] = "999999999999"
    outcome = _lookups().decode_token(TOKEN)
    assert isinstance(outcome, LookupProblem) and outcome.code is ProblemCode.NOT_IN_ACCOUNTS and outcome.tried == 3


def test_the_cli_names_the_account_and_takes_one_to_try_first(fake_sts: FakeSts) -> None:
    fake_sts.state.messages[TOKEN] = PASSROLE_MESSAGE
    fake_sts.state.token_accounts[TOKEN] = B
    env = aws_env_for(fake_sts, DECODER_ROLE_ARN=ROLE, DECODER_ACCOUNTS=f"{A},{B},{C}")
    result = run(["explain", "--format", "json", "--account", B], stdin=cli_error(TOKEN), env=env)
    assert result.returncode == 0, result.stderr
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["account"] == B
    assert f"decoded in account {B}" in run(["explain"], stdin=cli_error(TOKEN), env=env).stdout
    lost = make_token(1903)
    fake_sts.state.token_accounts[lost] = "999999999999"
    missing = run(["explain"], stdin=cli_error(lost), env=env)
    assert missing.returncode == 1 and "None of the 3 AWS accounts" in missing.stdout


def test_doctor_checks_every_account_and_fails_when_one_does(fake_sts: FakeSts) -> None:
    env = aws_env_for(fake_sts, DECODER_ROLE_ARN=ROLE, DECODER_ACCOUNTS=f"{A},{B},{C}")
    good = run(["doctor"], env=env)
    assert good.returncode == 0 and "3 of 3 accounts can decode" in good.stdout
    fake_sts.state.refused = {B}
    bad = run(["doctor"], env=env)
    assert bad.returncode == 1
    assert f"FAIL  account {B}: role arn:aws:iam::{B}:role/decode-bot-decoder cannot be assumed" in bad.stdout
    assert f"account {A}" not in bad.stdout and "2 of 3 accounts can decode" in bad.stdout


def test_accounts_must_come_with_a_role_per_account() -> None:
    result = run(["explain"], stdin=cli_error(TOKEN), env={"DECODER_ACCOUNTS": A, "AWS_REGION": "us-east-1"})
    assert result.returncode == 2 and "{account}" in result.stderr


def test_a_slack_paste_can_name_the_account_to_try_first(fake_sts: FakeSts) -> None:
    from tests.fakes.slack import FakeSlack
    from tests.slack_harness import LiveBot, message_event

    accounts = ",".join([A, B, C, "444444444444", "555555555555", "666666666666"])
    fake_sts.state.messages[TOKEN] = PASSROLE_MESSAGE
    fake_sts.state.token_accounts[TOKEN] = "666666666666"
    slack = FakeSlack().start()
    bot = LiveBot(slack, fake_sts, DECODER_ROLE_ARN=ROLE, DECODER_ACCOUNTS=accounts)
    try:
        event = message_event("account=666666666666 " + cli_error(TOKEN))
        bot.post_event(event)
        [reply] = [c.params for c in slack.state.wait_for("chat.postMessage", timeout=15)]
        assert "decoded in account `666666666666`" in json.dumps(reply["blocks"])
        assert _decoded_in(fake_sts)[0] == "666666666666"
    finally:
        bot.stop()
        slack.stop()


def test_a_paste_never_chooses_an_account_to_assume_a_role_in(fake_sts: FakeSts, aws_env: dict[str, str]) -> None:
    fake_sts.state.messages[TOKEN] = PASSROLE_MESSAGE
    fake_sts.state.token_accounts[TOKEN] = C
    stranger = "999999999999"
    # The account of an ARN near the token is a hint among the configured accounts, never one to add.
    paste = f"User: arn:aws:sts::{stranger}:assumed-role/x/y is not authorized to perform: ec2:RunInstances. "
    [token] = scan(paste + cli_error(TOKEN).split(": ", 1)[1]).tokens
    assert token.hints.accounts[0] == stranger
    outcome = _lookups().decode(token)
    assert isinstance(outcome, Decoded) and outcome.account == C
    assumed = {c.params["RoleArn"] for c in fake_sts.state.calls if c.action == "AssumeRole"}
    assert assumed <= {ROLE.format(account=a) for a in (A, B, C)}
    # An account the asker names that decode-bot does not decode in: said at once, with no AWS call for it (the
    # accounts abandoned by the lookup above may still be finishing theirs).
    before = len(fake_sts.state.calls)
    named = _lookups().preferring((stranger,)).decode(token)
    assert isinstance(named, LookupProblem) and named.code is ProblemCode.ACCOUNT_NOT_CONFIGURED
    later = fake_sts.state.calls[before:]
    assert named.account == stranger and not [c for c in later if stranger in c.params.get("RoleArn", "")]
    assert stranger not in [c.access_key[8:] for c in later if c.access_key]


def test_only_ascii_digits_make_an_account_id() -> None:
    arabic = "١١١١١١١١١١١١"  # twelve Arabic-Indic ones: \\d would take them
    assert scan(f"arn:aws:iam::{arabic}:role/x " + cli_error(TOKEN)).tokens[0].hints.accounts == ()
    result = run(["explain", "--account", arabic], stdin=cli_error(TOKEN))
    assert result.returncode == 2 and "12-digit" in result.stderr
    bad = run(["doctor"], env={"DECODER_ROLE_ARN": ROLE, "DECODER_ACCOUNTS": arabic})
    assert bad.returncode == 2 and "DECODER_ACCOUNTS" in bad.stderr


def test_the_cli_and_slack_refuse_an_account_outside_the_configured_ones(fake_sts: FakeSts,
                                                                          aws_env: dict[str, str]) -> None:
    from tests.fakes.slack import FakeSlack
    from tests.slack_harness import LiveBot, message_event

    fake_sts.state.messages[TOKEN] = PASSROLE_MESSAGE
    env = {**aws_env, "DECODER_ROLE_ARN": ROLE, "DECODER_ACCOUNTS": f"{A},{B}"}
    result = run(["explain", "--format", "json", "--account", "999999999999"], stdin=cli_error(TOKEN), env=env)
    [finding] = json.loads(result.stdout)["findings"]
    assert result.returncode == 1 and finding["error"]["code"] == "account_not_configured"
    assert "does not decode in account 999999999999" in finding["error"]["message"]
    slack = FakeSlack().start()
    bot = LiveBot(slack, fake_sts, DECODER_ROLE_ARN=ROLE, DECODER_ACCOUNTS=f"{A},{B}", DEFAULT_LANGUAGE="ja")
    try:
        fake_sts.state.calls.clear()
        bot.post_event(message_event("account=999999999999 " + cli_error(TOKEN)))
        bot.idle()
        [reply] = [c.params for c in slack.state.of("chat.postMessage")]
        assert "アカウント `999999999999`ではデコードしない" in json.dumps(reply["blocks"], ensure_ascii=False)
        assert not [c for c in fake_sts.state.calls if c.action == "AssumeRole"]
    finally:
        bot.stop()
        slack.stop()


def test_the_clients_of_many_accounts_are_bounded(fake_sts: FakeSts, aws_env: dict[str, str]) -> None:
    from bot.concurrency import KEPT_ACCOUNTS

    accounts = [f"{700000000000 + i}" for i in range(KEPT_ACCOUNTS + 28)]
    lookups = _lookups(",".join(accounts))
    outcome = lookups.decode_token(make_token(1950))  # known to no account: every account is asked once
    assert isinstance(outcome, LookupProblem) and outcome.code is ProblemCode.NOT_IN_ACCOUNTS
    assert outcome.tried == len(accounts)
    assert len([c for c in fake_sts.state.calls if c.action == "AssumeRole"]) == len(accounts)
    assert lookups.clients.kept_accounts <= KEPT_ACCOUNTS + 1  # and the base identity's


def test_account_scopes_keep_a_channel_out_of_the_accounts_it_may_not_see(fake_sts: FakeSts,
                                                                          aws_env: dict[str, str]) -> None:
    from tests.fakes.slack import FakeSlack
    from tests.slack_harness import LiveBot, message_event

    security = make_token(1960)  # the security account's Deny, pasted in the sandbox
    fake_sts.state.messages[security] = PASSROLE_MESSAGE
    fake_sts.state.token_accounts[security] = C
    slack = FakeSlack().start()
    slack.state.usergroups["S0SECTEAM1"] = ["U0SECURITY"]
    bot = LiveBot(slack, fake_sts, DECODER_ROLE_ARN=ROLE, DECODER_ACCOUNTS=f"{A},{B},{C}",
                  ACCOUNT_SCOPES=f"C0SANDBOX1={A},S0SECTEAM1={C},*={B}", LIMIT_USER_DECODES_PER_MINUTE="100")

    def reply_to(channel: str, user: str, paste: str) -> str:
        event = message_event(paste, channel=channel, user=user)
        bot.post_event(event)
        bot.idle()
        [reply] = [c.params for c in slack.state.of("chat.postMessage") if c.params.get("thread_ts") == event["ts"]]
        return json.dumps(reply["blocks"])

    try:
        # The security team decodes it in its own account (any channel) ...
        assert "iam:PassRole" in reply_to("C0SECURE01", "U0SECURITY", cli_error(security))
        assumed = [c.params["RoleArn"] for c in fake_sts.state.calls if c.action == "AssumeRole"]
        assert ROLE.format(account=C) in assumed
        # ... but in the sandbox it is never decoded in C, nor taken from the cache that holds it.
        fake_sts.state.calls.clear()
        sandbox = reply_to("C0SANDBOX1", "U0DEV", cli_error(security))
        assert "iam:PassRole" not in sandbox and "ACCOUNT_SCOPES" in sandbox
        assert not [c for c in fake_sts.state.calls if c.params.get("RoleArn") == ROLE.format(account=C)]
        named = reply_to("C0SANDBOX1", "U0DEV", f"account={C} " + cli_error(make_token(1961)))
        assert f"account `{C}`" in named and "ACCOUNT_SCOPES" in named
        assert not [c for c in fake_sts.state.calls if c.params.get("RoleArn") == ROLE.format(account=C)]
    finally:
        bot.stop()
        slack.stop()


def test_account_scopes_are_ids_and_need_a_decoder_role() -> None:
    from bot.settings import ConfigError

    env = {"DECODER_ROLE_ARN": ROLE, "DECODER_ACCOUNTS": f"{A},{B}"}
    scoped = Settings.from_env({**env, "ACCOUNT_SCOPES": f"C0SANDBOX1={A}+{B}, *={B}"})
    assert dict(scoped.access.account_scopes) == {"C0SANDBOX1": frozenset({A, B}), "*": frozenset({B})}
    for wrong in ("#sandbox=111111111111", "C0SANDBOX1=12", "C0SANDBOX1"):
        try:
            Settings.from_env({**env, "ACCOUNT_SCOPES": wrong})
        except ConfigError as exc:
            assert exc.problems[0].startswith("ACCOUNT_SCOPES: ")
        else:
            raise AssertionError(wrong)
    try:
        Settings.from_env({"ACCOUNT_SCOPES": f"*={A}"})
    except ConfigError as exc:
        assert "DECODER_ROLE_ARN" in exc.problems[0]
    else:
        raise AssertionError("scopes without a role")
