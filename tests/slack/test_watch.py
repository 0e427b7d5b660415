"""Issue 27 end to end: CloudTrail denials as EventBridge delivers them to SQS (moto's server over HTTP), counted
in DynamoDB (moto), explained in the fake Slack: one parent per cause, counts exact, routing, default mutes,
duplicates, two consumers, a restart mid-burst, Slack failures and a poisoned message."""

from __future__ import annotations

import copy
import itertools
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest

from bot.aws.queue import QueuePoller, sqs_client
from bot.settings import Settings
from bot.slack.client import web_client
from bot.slack.watch import Watch
from bot.state import keys
from bot.state.dynamodb import DynamoStore
from tests.builders import SHARED
from tests.core.test_cloudtrail import DENIED
from tests.fakes.dynamodb import FakeDynamoDb
from tests.fakes.slack import BOT_TOKEN, TEAM_ID, FakeSlack

ROLE = DENIED["userIdentity"]["sessionContext"]["sessionIssuer"]["arn"]
_names = itertools.count(1)


def denial(session: str, event_id: str, instance: str = "i-1", **changes: Any) -> dict[str, Any]:
    record = copy.deepcopy(DENIED)
    record["userIdentity"]["arn"] = f"arn:aws:sts::123837392027:assumed-role/stratus-red-team-ec2-get-password-data-" \
                                    f"role/{session}"
    record["errorMessage"] = (f"You are not authorized to perform this operation. User: {record['userIdentity']['arn']}"
                              " is not authorized to perform: ec2:GetPasswordData on resource: arn:aws:ec2:us-east-1:"
                              f"123837392027:instance/{instance} because no identity-based policy allows the "
                              "ec2:GetPasswordData action.")
    record.update(eventID=event_id, requestParameters={"instanceId": instance}, **changes)
    return record


def envelope(record: dict[str, Any]) -> str:
    """As EventBridge delivers an event to an SQS target: the event itself is the message body."""
    return json.dumps({"version": "0", "id": f"eb-{record.get('eventID')}",
                       "detail-type": "AWS API Call via CloudTrail", "source": "aws.ec2",
                       "account": record.get("recipientAccountId"),
                       "time": record.get("eventTime"), "region": "us-east-1", "resources": [], "detail": record})


@dataclass
class World:
    slack: FakeSlack
    moto: FakeDynamoDb
    queue: str
    dlq: str
    table: str
    watches: list[Watch] = field(default_factory=list)

    def watch(self, **env: str) -> Watch:
        settings = Settings.from_env({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_API_URL": self.slack.api_url,
                                      "WATCH_CHANNEL": "C0WATCH01", **env})
        store = DynamoStore(self.table, "us-east-1", timeout_seconds=5, secret=BOT_TOKEN, strict=True)
        return Watch(settings, store, web_client(settings.slack))

    def poller(self, watch: Watch) -> QueuePoller:
        self.watches.append(watch)
        return QueuePoller(sqs_client(self.queue, "us-east-1"), self.queue, watch.handle_bodies, watch.flush,
                           wait_seconds=0)

    def send(self, *bodies: str) -> None:
        sqs = boto3.client("sqs", region_name="us-east-1")
        for body in bodies:
            sqs.send_message(QueueUrl=self.queue, MessageBody=body)

    def drain(self, *pollers: QueuePoller, rounds: int = 60) -> None:
        for _ in range(rounds):
            if not sum(poller.poll_once() for poller in pollers) and self.depth(self.queue) == 0:
                break
        for watch in self.watches:  # the paced edits still to make
            watch.drain(60)

    def depth(self, queue: str) -> int:
        attributes = boto3.client("sqs", region_name="us-east-1").get_queue_attributes(
            QueueUrl=queue, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])
        return sum(int(value) for value in attributes["Attributes"].values())

    def parents(self) -> list[dict[str, Any]]:
        """The parent messages Slack accepted."""
        return [c.params for c in self.slack.state.of("chat.postMessage")
                if not c.params.get("thread_ts") and not c.params.get("_answered_with_error")]

    def updates(self) -> list[dict[str, Any]]:
        return [c.params for c in self.slack.state.of("chat.update") if not c.params.get("_answered_with_error")]


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    slack, moto = FakeSlack().start(), FakeDynamoDb().start()
    for name, value in {**moto.env(), "AWS_ENDPOINT_URL_SQS": moto.url}.items():
        monkeypatch.setenv(name, value)
    sqs = boto3.client("sqs", region_name="us-east-1")
    name = f"watch-{next(_names)}"
    dlq = sqs.create_queue(QueueName=f"{name}-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    queue = sqs.create_queue(QueueName=name, Attributes={
        "VisibilityTimeout": "1", "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 3})
    })["QueueUrl"]
    table = f"decode-bot-watch-{next(_names)}"
    assert DynamoStore(table, "us-east-1", secret=BOT_TOKEN).init() == "created"
    yield World(slack, moto, queue, dlq, table)
    slack.stop()
    moto.stop()


def _said(params: dict[str, Any]) -> str:
    blocks = params.get("blocks")
    return f"{params.get('text')}\n{blocks if isinstance(blocks, str) else json.dumps(blocks, ensure_ascii=False)}"


def test_one_parent_per_cause_counts_exact_and_duplicates_count_once(world: World) -> None:
    watch = world.watch()
    records = [denial(f"session-{n}", f"ev-{n}", instance=f"i-{n % 3}") for n in range(12)]
    world.send(*(envelope(r) for r in records), envelope(records[0]), envelope(records[5]))  # two redeliveries
    world.send(envelope({**records[0], "eventID": "other", "eventName": "DescribeInstances",
                         "errorMessage": "You are not authorized to perform this operation."}))
    world.drain(world.poller(watch))
    parents = world.parents()
    assert len(parents) == 2 and {p["channel"] for p in parents} == {"C0WATCH01"}
    last = world.updates()[-1] if world.updates() else parents[0]
    assert "denied 12× · 1 principals · 3 resources" in "\n".join(_said(u) for u in world.updates())
    assert "Mute this cause" in _said(last)
    # One thread reply for the new resources, at most one per cause in ten minutes.
    replies = [c.params for c in world.slack.state.of("chat.postMessage") if c.params.get("thread_ts")]
    assert len(replies) <= 2
    assert world.depth(world.queue) == 0 and world.depth(world.dlq) == 0


def test_routes_send_each_cause_to_its_team_and_unrouted_denials_are_counted(world: World) -> None:
    routes = f"999999999999=C0OTHER01,{ROLE.rsplit('/', 1)[0]}/stratus-*=C0TEAM001"
    watch = world.watch(WATCH_ROUTES=routes, WATCH_CHANNEL="")
    world.send(envelope(denial("s1", "r-1")), envelope({**denial("s2", "r-2"),
                                                        "userIdentity": {"type": "IAMUser", "accountId": "555555555555",
                                                                         "arn": "arn:aws:iam::555555555555:user/x"},
                                                        "recipientAccountId": "555555555555"}))
    world.drain(world.poller(watch))
    assert [p["channel"] for p in world.parents()] == ["C0TEAM001"]
    assert watch.store.add(keys.WATCH_UNROUTED, 0) == 1


def test_aws_service_denials_are_muted_by_default_and_can_be_unmuted(world: World) -> None:
    watch = world.watch()
    service = {**denial("s1", "svc-1"), "userIdentity": {"type": "AWSService", "invokedBy": "config.amazonaws.com"}}
    world.send(envelope(service))
    world.drain(world.poller(watch))
    assert world.parents() == [] and watch.store.add("watch:default:aws_service", 0) == 1
    watch.store.put(f"{keys.WATCH_MUTES}:lifted", json.dumps(["aws_service"]))
    time.sleep(1.1)  # a process trusts what it read of mutes for a second
    world.send(envelope({**service, "eventID": "svc-2"}))
    world.drain(world.poller(watch))
    assert len(world.parents()) == 1


def test_two_consumers_and_a_restart_mid_burst_lose_nothing_and_count_nothing_twice(world: World) -> None:
    first, second = world.poller(world.watch()), world.poller(world.watch())
    world.send(*(envelope(denial(f"s{n}", f"b-{n}")) for n in range(40)))
    handled, lock = [0], threading.Lock()

    def consume(poller: QueuePoller) -> None:  # two processes reading one queue at the same time
        while handled[0] < 20:
            done = poller.poll_once()
            with lock:
                handled[0] += done

    consumers = [threading.Thread(target=consume, args=(poller,)) for poller in (first, second)]
    for consumer in consumers:
        consumer.start()
    for consumer in consumers:
        consumer.join()
    # Both processes stop mid-burst, one of them killed with a batch received and never deleted.
    killed = boto3.client("sqs", region_name="us-east-1").receive_message(QueueUrl=world.queue, MaxNumberOfMessages=5)
    assert killed.get("Messages") and 20 <= handled[0] < 40
    restarted = world.watch()  # a new process: nothing in memory, everything in the table
    world.send(*(envelope(denial(f"s{n}", f"b-{n}")) for n in range(30, 60)))  # 10 repeats, 20 new
    time.sleep(1.1)  # the killed process's batch becomes visible again
    world.drain(world.poller(restarted))
    assert len(world.parents()) == 1
    assert "denied 60×" in _said(world.updates()[-1])
    assert world.depth(world.queue) == 0 and world.depth(world.dlq) == 0


def test_slack_failures_leave_messages_on_the_queue_until_they_are_posted(world: World) -> None:
    watch = world.watch()
    world.slack.state.fail_next("chat.postMessage", 500, times=3)  # beyond the client's retries: not posted
    world.send(envelope(denial("s1", "f-1")))
    poller = world.poller(watch)
    assert poller.poll_once() == 0  # not counted, not deleted
    world.drain(poller)
    assert len(world.parents()) == 1 and "denied 1×" in _said(world.parents()[0])
    world.slack.state.fail_next("chat.update", 429, times=1, retry_after=1)
    world.send(envelope(denial("s2", "f-2")))
    world.drain(poller)
    assert "denied 2×" in _said(world.updates()[-1])


def test_a_poisoned_message_goes_to_the_dead_letter_queue_after_its_retries(world: World) -> None:
    watch = world.watch()
    world.send("this is not an EventBridge event", envelope(denial("s1", "p-1")))
    poller = world.poller(watch)
    for _ in range(12):
        poller.poll_once()
        if world.depth(world.dlq) and not world.depth(world.queue):
            break
        time.sleep(1.1)
    assert world.depth(world.dlq) == 1 and world.depth(world.queue) == 0
    assert len(world.parents()) == 1


def test_members_mute_a_cause_outsiders_cannot_and_admins_unmute_it_in_app_home(world: World) -> None:
    from bot.slack.app import build_deps
    from bot.slack.listeners.home import on_home_opened
    from bot.slack.listeners.watch import on_mute, on_unmute
    from bot.slack.work import Work

    watch = world.watch(ADMIN_USERS="U0ADMIN01")
    deps = build_deps(watch.settings, None, watch.store, Work(inline=True))
    world.send(envelope(denial("s1", "m-1")))
    world.drain(world.poller(watch))
    [parent] = world.parents()
    blocks = parent["blocks"] if isinstance(parent["blocks"], list) else json.loads(parent["blocks"])
    [controls] = [b for b in blocks if b.get("block_id", "").startswith("watch:")]
    cause = controls["block_id"].split(":", 1)[1]
    world.slack.state.members["C0WATCH01"] = ["U0OTHER01", "U0MEMBER1"]

    def press(user: str, action: dict[str, Any], listener: Any = on_mute) -> None:
        body = {"type": "block_actions", "user": {"id": user, "team_id": TEAM_ID}, "team": {"id": TEAM_ID},
                "channel": {"id": "C0WATCH01"}, "message": {"ts": "1.000100", "text": parent["text"]},
                "actions": [action]}
        listener(lambda: None, body, action, watch.client, deps)

    choice = {"action_id": "watch_mute", "block_id": controls["block_id"], "type": "static_select",
              "selected_option": {"value": f"{cause}:7d"}}
    press("U0OUTSIDE", choice)
    assert "Only members of this channel" in world.slack.state.of("chat.postEphemeral")[-1].params["text"]
    assert watch.store.get(keys.watch_mute(cause)) is None
    press("U0MEMBER1", choice)
    said = [c.params["text"] for c in world.slack.state.of("chat.postMessage") if c.params.get("thread_ts")]
    assert said[-1].startswith("<@U0MEMBER1> muted this cause until `20")
    assert json.loads(watch.store.get(keys.watch_mute(cause)) or "{}")["who"] == "U0MEMBER1"
    updates = len(world.updates())
    time.sleep(1.1)  # a mute takes effect within a second
    world.send(envelope(denial("s2", "m-2")))
    world.drain(world.poller(watch))
    assert len(world.updates()) == updates and len(world.parents()) == 1  # muted: nothing said
    assert watch.store.add(f"watch:muted:{cause}", 0) == 1  # but counted
    on_home_opened({"type": "app_home_opened", "user": "U0ADMIN01", "tab": "home"}, watch.client, deps)
    deps.status.wait()
    home = json.dumps(world.slack.state.of("views.publish")[-1].params, ensure_ascii=False)
    assert "Denial watch" in home and "Unmute" in home and "AWS service principals" in home
    press("U0ADMIN01", {"action_id": "watch_unmute", "type": "button", "value": cause}, on_unmute)
    assert not watch.store.get(keys.watch_mute(cause))
    time.sleep(1.1)
    world.send(envelope(denial("s3", "m-3")))
    world.drain(world.poller(watch))
    assert "denied 2×" in _said(world.updates()[-1])


def test_doctor_checks_the_queue_its_dead_letters_and_the_watch_channels(world: World) -> None:
    from tests.conftest import aws_env_for
    from tests.fakes.sts import FakeSts
    from tests.terminal import run

    sts = FakeSts().start()
    try:
        env = {**aws_env_for(sts), **world.moto.env(), "AWS_ENDPOINT_URL_SQS": world.moto.url,
               "STATE_BACKEND": "memory", "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_API_URL": world.slack.api_url,
               "SLACK_SIGNING_SECRET": "s", "WATCH_QUEUE_URL": world.queue,
               "WATCH_ROUTES": "123456789012=C0TEAM001", "WATCH_CHANNEL": "C0WATCH01",
               "OWNER_ROUTES": "scp=C0WATCH01", "OWNER_CHANNEL": "C0OWNERS1"}  # "Ask the owner" posts unasked too
        boto3.client("sqs", region_name="us-east-1").send_message(QueueUrl=world.dlq, MessageBody="not an event")
        world.slack.state.joined.add("C0WATCH01")
        result = run(["doctor"], env=env)
        assert "ok    denial watch queue: 0 waiting" in result.stdout
        assert "warn  denial watch dead-letter queue: 1 messages that could not be handled" in result.stdout
        assert "FAIL  denial watch channels: the bot is not in C0TEAM001" in result.stdout
        assert "/invite @decode-bot" in result.stdout
        assert "FAIL  owners' channels: the bot is not in C0OWNERS1" in result.stdout
    finally:
        sts.stop()


def test_a_slack_connect_channel_gets_the_summary_as_thread_answers_do(world: World) -> None:
    watch = world.watch(WATCH_CHANNEL="C0SHARED1")
    world.slack.state.shared_channels.add("C0SHARED1")
    world.send(envelope(denial("session-7", "sc-1")))
    world.drain(world.poller(watch))
    [parent] = world.parents()
    said = _said(parent)
    assert "session-7" not in said and "denied 1×" in said
    assert "Press *Show details* for the statement to add" in said and '"action_id": "show_details"' in said


@pytest.mark.skipif(not (SHARED / "samples" / "cloudtrail").exists(), reason="../shared/samples/cloudtrail is absent")
def test_every_shared_record_goes_through_the_queue_and_each_cause_gets_one_thread(world: World) -> None:
    from bot.core import trail
    from bot.core.causes import Causes
    from bot.core.watch import default_mute

    records = [record for path in sorted((SHARED / "samples" / "cloudtrail").glob("*.json"))
               for record in trail.records_in(json.loads(path.read_text()))]
    # Hand-written fixtures reuse eventIDs ("1111"): the watch counts an eventID once, as CloudTrail's are unique.
    unique = {str(r.get("eventID")) if r.get("eventID") else str(index): r for index, r in enumerate(records)}
    causes = Causes()
    causes.add_all(r for r in unique.values() if default_mute(trail.event_of(r)) is None)
    watch = world.watch()
    world.send(*(envelope(r) for r in records))
    world.drain(world.poller(watch))
    parents = world.parents()
    assert len(parents) == len(causes.by_key)  # non-denials say nothing, each cause one thread
    shown = {int(m.group(1)) for p in [*parents, *world.updates()] if (m := re.search(r"denied (\d+)×", p["text"]))}
    assert max(shown) == max(c.count for c in causes.by_key.values())  # bert-jan's three AssumeRole denials
