"""Issue 14: two decode-bot processes sharing one DynamoDB table (moto, real HTTP) behave as one bot."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.builders import PASSROLE_MESSAGE, cli_error, make_token
from tests.fakes.dynamodb import FakeDynamoDb
from tests.fakes.slack import FakeSlack
from tests.fakes.sts import FakeSts
from tests.slack_harness import RunningBot, message_event
from tests.terminal import run

TABLE = "decode-bot-shared"


@pytest.fixture(scope="module")
def world() -> Iterator[tuple[FakeSlack, FakeSts, FakeDynamoDb]]:
    slack, sts, dynamodb = FakeSlack().start(), FakeSts().start(), FakeDynamoDb().start()
    env = {**dynamodb.env(), "STATE_TABLE": TABLE}
    result = run(["state", "init"], env=env)
    assert result.returncode == 0 and "created" in result.stdout, result.stderr
    assert "exists" in run(["state", "init"], env=env).stdout  # idempotent
    yield slack, sts, dynamodb
    slack.stop()
    sts.stop()
    dynamodb.stop()


def _bot(world: tuple[FakeSlack, FakeSts, FakeDynamoDb], **extra: str) -> RunningBot:
    slack, sts, dynamodb = world
    env = {k: v for k, v in dynamodb.env().items() if k not in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")}
    return RunningBot(slack, sts, STATE_TABLE=TABLE, **env, **extra)


@pytest.fixture(scope="module")
def pair(world: tuple[FakeSlack, FakeSts, FakeDynamoDb]) -> Iterator[tuple[RunningBot, RunningBot]]:
    first, second = _bot(world, LIMIT_USER_DECODES_PER_MINUTE="2", DISCLOSURE="summary"), \
        _bot(world, LIMIT_USER_DECODES_PER_MINUTE="2", DISCLOSURE="summary")
    yield first, second
    first.stop()
    second.stop()


def _posted(slack: FakeSlack, ts: str, *bots: RunningBot) -> list[dict[str, Any]]:
    """What was posted in the thread once both processes have answered all they received."""
    for bot in bots:
        bot.idle()
    return [c.params for c in slack.state.of("chat.postMessage") if c.params.get("thread_ts") == ts]


def _token(world: tuple[FakeSlack, FakeSts, FakeDynamoDb], seed: int) -> str:
    token = make_token(seed)
    world[1].state.messages[token] = PASSROLE_MESSAGE
    return token


def test_a_slack_retry_on_the_other_process_is_not_answered_again(world: Any, pair: Any) -> None:
    first, second = pair
    event = message_event(cli_error(_token(world, 2001)), user="U0RETRY")
    first.post_event(event, event_id="EvShared1")
    second.post_event(event, event_id="EvShared1", retry_num=1)
    assert len(_posted(world[0], event["ts"], *pair)) == 1


def test_a_message_and_its_mention_split_across_processes_get_one_answer(world: Any, pair: Any) -> None:
    first, second = pair
    message = message_event(f"<@UBOT0001> {cli_error(_token(world, 2002))}", user="U0MENTION")
    first.post_event(message)
    second.post_event({**message, "type": "app_mention"})
    assert len(_posted(world[0], message["ts"], *pair)) == 1


def test_one_persons_pastes_alternating_between_processes_share_one_limit(world: Any, pair: Any) -> None:
    slack = world[0]
    events = [message_event(cli_error(_token(world, 2010 + i)), user="U0BUSY") for i in range(4)]
    for bot, event in zip((*pair, *pair), events, strict=True):
        bot.post_event(event)
        bot.idle()  # one after another, as a person pastes
    threads = {c.params.get("thread_ts") for c in slack.state.of("chat.postMessage")}
    answered = [e for e in events if e["ts"] in threads]
    notes = [c.params for c in slack.state.of("chat.postEphemeral") if c.params.get("user") == "U0BUSY"]
    assert len(answered) == 2 and len(notes) == 2 and all("at most 2 a minute" in n["text"] for n in notes)


def test_show_details_pressed_on_the_other_process_works(world: Any, pair: Any) -> None:
    first, second = pair
    slack = world[0]
    event = message_event(cli_error(_token(world, 2003)), user="U0DETAILS")
    first.post_event(event)
    [summary] = _posted(slack, event["ts"], first)
    blocks = summary["blocks"] if isinstance(summary["blocks"], list) else json.loads(summary["blocks"])
    reference = next(e["value"] for b in blocks if b["type"] == "actions" for e in b["elements"])
    second.post_interactive({"type": "block_actions", "team": {"id": "T0001"}, "user": {"id": "U0DETAILS"},
                             "channel": {"id": "C0CHAN"}, "response_url": slack.response_url("shared"),
                             "actions": [{"action_id": "show_details", "value": reference}]})
    [answer] = [c.params for c in slack.state.wait_for("response_url", timeout=10)]
    assert "no longer available" not in answer["text"] and "test-user" in json.dumps(answer)


def test_a_token_decoded_by_one_process_is_not_decoded_again_by_the_other(world: Any, pair: Any) -> None:
    slack, sts = world[0], world[1]
    token = _token(world, 2005)
    pastes = [message_event(cli_error(token), user=user, channel="C0OTHER") for user in ("U0ONE", "U0TWO")]
    for bot, event in zip(pair, pastes, strict=True):
        bot.post_event(event)
        bot.idle()  # the first answer (and its stored result) before the second paste
    answers = [_posted(slack, event["ts"], *pair) for event in pastes]
    assert [len(a) for a in answers] == [1, 1] and all("iam:PassRole" in json.dumps(a) for a in answers)
    assert [c.params.get("EncodedMessage") for c in sts.state.decode_calls()].count(token) == 1


def test_a_redelivery_after_a_restart_is_not_answered_again(world: Any) -> None:
    slack = world[0]
    event = message_event(cli_error(_token(world, 2004)), user="U0RESTART")
    before = _bot(world)
    before.post_event(event, event_id="EvRestart1")
    assert len(_posted(slack, event["ts"], before)) == 1
    before.stop()
    after = _bot(world)
    try:
        after.post_event(event, event_id="EvRestart1", retry_num=2)
        assert len(_posted(slack, event["ts"], after)) == 1
    finally:
        after.stop()


def test_doctor_checks_the_table(world: Any) -> None:
    _, sts, dynamodb = world
    from tests.conftest import aws_env_for

    env = {**aws_env_for(sts), **dynamodb.env(), "STATE_TABLE": TABLE, "AWS_ACCESS_KEY_ID": "AKIAFAKEBASEKEY00001"}
    good = run(["doctor"], env=env)
    assert f"ok    state table: {TABLE}: ACTIVE, TTL enabled" in good.stdout, good.stdout
    missing = run(["doctor"], env={**env, "STATE_TABLE": "no-such-table"})
    assert "FAIL  state table" in missing.stdout and "decode-bot state init" in missing.stdout



def test_a_table_without_ttl_fails_doctor(world: Any) -> None:
    import boto3

    _, sts, dynamodb = world
    from tests.conftest import aws_env_for

    env = {**aws_env_for(sts), **dynamodb.env(), "STATE_TABLE": "decode-bot-no-ttl",
           "AWS_ACCESS_KEY_ID": "AKIAFAKEBASEKEY00001"}
    client = boto3.client("dynamodb", region_name="us-east-1", endpoint_url=dynamodb.url,
                          aws_access_key_id="testing", aws_secret_access_key="testing")
    client.create_table(TableName="decode-bot-no-ttl", BillingMode="PAY_PER_REQUEST",
                        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])  # made by hand, TTL forgotten
    result = run(["doctor"], env=env)
    assert "FAIL  state table: decode-bot-no-ttl: TTL is disabled" in result.stdout, result.stdout
    assert "decode-bot state init" in result.stdout and result.returncode == 1
    assert run(["state", "init"], env=env).returncode == 0  # which turns it on
    assert "ok    state table: decode-bot-no-ttl: ACTIVE, TTL enabled" in run(["doctor"], env=env).stdout
