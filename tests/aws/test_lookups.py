"""The decoder against a real HTTP fake of STS: botocore's own signing, retries and timeouts run."""

from __future__ import annotations

import os
import time

import pytest

from bot.aws.lookups import AwsLookups
from bot.core.outcomes import Decoded, LookupOutcome, LookupProblem
from bot.settings import Settings
from tests.builders import PASSROLE_MESSAGE, make_token
from tests.fakes.sts import ASSUMED_KEY, BASE_KEY, FakeSts

TOKEN = make_token(11)


def problem(outcome: LookupOutcome) -> tuple[str, str | None]:
    assert isinstance(outcome, LookupProblem), outcome
    return outcome.code, outcome.identity
ROLE_ARN = "arn:aws:iam::123456789012:role/decode-bot-decoder"


def _decoder(**overrides: str) -> AwsLookups:
    env = dict(os.environ)
    env.update(overrides)
    return AwsLookups(Settings.from_env(env).aws)


def test_decodes_through_sts_with_the_base_credentials(fake_sts: FakeSts, aws_env: dict[str, str]) -> None:
    fake_sts.state.messages[TOKEN] = PASSROLE_MESSAGE
    outcome = _decoder().decode_token(TOKEN)
    assert outcome == Decoded(PASSROLE_MESSAGE)
    [call] = fake_sts.state.decode_calls()
    assert call.params["EncodedMessage"] == TOKEN
    assert call.params["Version"] == "2011-06-15"
    assert call.access_key == BASE_KEY


def test_results_are_cached_by_token(fake_sts: FakeSts, aws_env: dict[str, str]) -> None:
    fake_sts.state.messages[TOKEN] = PASSROLE_MESSAGE
    decoder = _decoder()
    assert decoder.decode_token(TOKEN) == decoder.decode_token(TOKEN)
    assert len(fake_sts.state.decode_calls()) == 1


def test_invalid_token(fake_sts: FakeSts, aws_env: dict[str, str]) -> None:
    assert problem(_decoder().decode_token(TOKEN)) == ("invalid_token", None)


def test_access_denied_names_the_identity_to_fix(fake_sts: FakeSts, aws_env: dict[str, str]) -> None:
    fake_sts.state.deny_decode = True
    outcome = _decoder().decode_token(TOKEN)
    assert problem(outcome) == ("access_denied", "arn:aws:iam::123456789012:user/decode-bot-base")


def test_throttling_twice_then_success_through_botocore_retries(
    fake_sts: FakeSts, aws_env: dict[str, str], no_backoff: None
) -> None:
    fake_sts.state.messages[TOKEN] = PASSROLE_MESSAGE
    fake_sts.state.failures = [("Throttling", 400), ("Throttling", 400)]
    assert _decoder().decode_token(TOKEN) == Decoded(PASSROLE_MESSAGE)
    assert len(fake_sts.state.decode_calls()) == 3


def test_throttling_that_lasts_is_a_typed_outcome(fake_sts: FakeSts, aws_env: dict[str, str], no_backoff: None) -> None:
    fake_sts.state.failures = [("Throttling", 400)] * 3
    outcome = _decoder().decode_token(TOKEN)
    assert problem(outcome) == ("throttled", None)
    assert isinstance(outcome, LookupProblem) and outcome.retryable


def test_slow_answer_hits_the_read_timeout(fake_sts: FakeSts, aws_env: dict[str, str], no_backoff: None) -> None:
    fake_sts.state.messages[TOKEN] = PASSROLE_MESSAGE
    fake_sts.state.delay = 1.0
    start = time.monotonic()
    outcome = _decoder(STS_TIMEOUT_SECONDS="0.2").decode_token(TOKEN)
    assert problem(outcome) == ("timeout", None)
    assert time.monotonic() - start < 5


def test_nothing_listening_is_a_connection_problem(
    aws_env: dict[str, str], no_backoff: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("AWS_ENDPOINT_URL_STS", f"http://127.0.0.1:{port}")
    outcome = _decoder().decode_token(TOKEN)
    assert problem(outcome) == ("connection", None)


def test_no_credentials(fake_sts: FakeSts, aws_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    assert problem(_decoder().decode_token(TOKEN)) == ("no_credentials", None)
    assert fake_sts.state.calls == []


def test_assumes_the_decoder_role_and_decodes_with_its_credentials(
    fake_sts: FakeSts, aws_env: dict[str, str]
) -> None:
    fake_sts.state.messages[TOKEN] = PASSROLE_MESSAGE
    decoder = _decoder(DECODER_ROLE_ARN=ROLE_ARN)
    assert decoder.decode_token(TOKEN) == Decoded(PASSROLE_MESSAGE, "123456789012")  # the role's account
    assert problem(decoder.decode_token(make_token(12))) == ("invalid_token", None)
    assume, decode, second = fake_sts.state.calls
    assert (assume.action, assume.access_key) == ("AssumeRole", BASE_KEY)
    assert assume.params["RoleArn"] == ROLE_ARN
    assert int(assume.params["DurationSeconds"]) >= 3600
    assert (decode.action, decode.access_key) == ("DecodeAuthorizationMessage", ASSUMED_KEY)
    assert second.access_key == ASSUMED_KEY  # the role's credentials are reused, not fetched again


def test_role_that_cannot_be_assumed(fake_sts: FakeSts, aws_env: dict[str, str]) -> None:
    fake_sts.state.deny_assume = True
    outcome = _decoder(DECODER_ROLE_ARN=ROLE_ARN).decode_token(TOKEN)
    assert isinstance(outcome, LookupProblem) and outcome.code == "assume_role_failed"


def test_expired_credentials_are_refreshed_once(fake_sts: FakeSts, aws_env: dict[str, str]) -> None:
    fake_sts.state.messages[TOKEN] = PASSROLE_MESSAGE
    decoder = _decoder(DECODER_ROLE_ARN=ROLE_ARN)
    assert problem(decoder.decode_token(make_token(13))) == ("invalid_token", None)
    fake_sts.state.failures = [("ExpiredToken", 400)]  # the role session ended early (revoked, clock skew)
    assert decoder.decode_token(TOKEN) == Decoded(PASSROLE_MESSAGE, "123456789012")
    actions = [c.action for c in fake_sts.state.calls]
    assert actions.count("AssumeRole") == 2


def test_probe_tells_whether_the_permission_is_there(fake_sts: FakeSts, aws_env: dict[str, str]) -> None:
    assert problem(_decoder().probe_decode()) == ("invalid_token", None)
    fake_sts.state.deny_decode = True
    probe = _decoder().probe_decode()
    assert isinstance(probe, LookupProblem) and probe.code == "access_denied"


def test_the_tokens_of_one_paste_are_decoded_at_the_same_time(fake_sts: FakeSts, aws_env: dict[str, str]) -> None:
    from bot.concurrency import LOOKUPS_PER_ANSWER as LOOKUPS_AT_ONCE
    from bot.core.detect import scan
    from bot.core.pipeline import explain_inputs
    from tests.builders import cli_error

    tokens = [make_token(300 + i) for i in range(LOOKUPS_AT_ONCE + 2)]
    for token in tokens:
        fake_sts.state.messages[token] = PASSROLE_MESSAGE
    fake_sts.state.delay = 0.3
    findings = explain_inputs(scan("\n".join(cli_error(t) for t in tokens)).inputs, _decoder())
    assert [f.ok for f in findings] == [True] * len(tokens)  # every answer, in the paste's order
    assert [f.fingerprint for f in findings] == [scan(cli_error(t)).inputs[0].fingerprint for t in tokens]
    assert fake_sts.state.most_in_flight == LOOKUPS_AT_ONCE  # bounded, and not one after another
