"""Issue 10, end to end over HTTP: replies that cannot be turned against the channel, and never go silent."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.builders import ACCOUNT, cli_error, decoded_message, make_token
from tests.fakes.slack import FakeSlack
from tests.fakes.sts import FakeSts
from tests.slack_harness import LiveBot, message_event

HOSTILE = make_token(1301)
OTHER_ACCOUNT = make_token(1302)
# Everything Slack would turn into a mention, a link or formatting, and a backtick that would end inline code.
NASTY = "<!channel> <!here> <@U0BOSS> <https://evil.example|click> *:* _a_ `tick`"
NASTY_RESOURCE = f"arn:aws:s3:::bucket-{NASTY}/arn:aws:ec2:*:*:instance/*"
NASTY_MESSAGE = decoded_message(
    action="s3:PutObject", resource=NASTY_RESOURCE, principal_arn=f"arn:aws:iam::{ACCOUNT}:user/dev",
    explicit_deny=True,
    statements=[{"sid": "Deny<!here>", "conditions": {"aws:RequestTag/Team": [NASTY]}}],
    context={"aws:Service": ["s3"], "aws:RequestTag/Team": [NASTY]})


@pytest.fixture(scope="module")
def fakes() -> Iterator[tuple[FakeSlack, FakeSts]]:
    slack, sts = FakeSlack().start(), FakeSts().start()
    sts.state.messages[HOSTILE] = NASTY_MESSAGE
    yield slack, sts
    slack.stop()
    sts.stop()


@pytest.fixture(scope="module", params=["full", "standard"])
def bot(request: pytest.FixtureRequest, fakes: tuple[FakeSlack, FakeSts]) -> Iterator[LiveBot]:
    running = LiveBot(*fakes, DISCLOSURE=request.param)
    yield running
    running.stop()


def _texts(params: dict[str, Any]) -> list[str]:
    """Every string Slack would read as mrkdwn: the fallback text and each block's text."""
    found = [str(params.get("text") or "")]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn":
                found.append(str(node.get("text")))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    blocks = params.get("blocks")
    walk(json.loads(blocks) if isinstance(blocks, str) else blocks)
    return found


def _replies(slack: FakeSlack, ts: str) -> list[dict[str, Any]]:
    slack.state.wait_for("chat.postMessage")
    return [c.params for c in slack.state.of("chat.postMessage") if c.params.get("thread_ts") == ts]


@pytest.mark.parametrize("paste", ["token", "decoded"])
def test_nothing_from_a_paste_or_a_decoded_message_becomes_a_mention_a_link_or_formatting(
    bot: LiveBot, slack: FakeSlack, paste: str
) -> None:
    # Slack delivers what a person typed with <, > and & escaped; the bot unescapes it to read the paste.
    around = "&lt;!channel&gt; see &lt;https://evil.example|this&gt; "
    body = cli_error(HOSTILE) if paste == "token" else json.dumps({"DecodedMessage": NASTY_MESSAGE})
    escaped = body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    event = message_event(around + escaped)
    bot.post_event(event)
    [reply] = _replies(slack, event["ts"])
    for mrkdwn in _texts(reply):
        # The only <…> the bot writes are its own links to AWS's reference.
        assert all(m.startswith("<https://docs.aws.amazon.com/") for m in re.findall(r"<[^>]*>", mrkdwn)), mrkdwn
        for code in re.findall(r"`([^`]*)`", mrkdwn):
            assert "<" not in code
    everything = "\n".join(_texts(reply))
    assert "&lt;!channel&gt;" in everything  # shown, escaped, not triggered
    if os.environ.get("DISCLOSURE") == "full":  # the full ARN is in the details, shown with the answer here
        assert "`arn:aws:s3:::bucket-&lt;!channel&gt;" in everything
        assert "*:*:instance/*" in everything  # wildcards survive inside inline code
    assert "ˋtickˋ" in everything  # a backtick in a value cannot end its inline code


def test_refused_blocks_fall_back_to_plain_text(bot: LiveBot, slack: FakeSlack, fakes: tuple[FakeSlack, FakeSts]
                                                ) -> None:
    token = make_token(1303)
    fakes[1].state.messages[token] = decoded_message()
    slack.state.refuse_next("chat.postMessage", "invalid_blocks")
    event = message_event(cli_error(token))
    bot.post_event(event)
    slack.state.wait_for("chat.postMessage", 2)
    first, second = [c.params for c in slack.state.of("chat.postMessage")]
    assert first.get("blocks") and not second.get("blocks")
    assert "ec2:RunInstances" in second["text"] and second["thread_ts"] == event["ts"]


def test_a_thread_that_cannot_be_written_gets_the_asker_a_private_note(bot: LiveBot, slack: FakeSlack,
                                                                       fakes: tuple[FakeSlack, FakeSts]) -> None:
    token = make_token(1304)
    fakes[1].state.messages[token] = decoded_message()
    slack.state.refuse_next("chat.postMessage", "not_in_channel")
    event = message_event(cli_error(token))
    bot.post_event(event)
    [note] = [c.params for c in slack.state.wait_for("chat.postEphemeral")]
    assert note["user"] == "U0PERSON" and "not_in_channel" in note["text"] and "/decode" in note["text"]


def test_an_oversized_snippet_without_a_token_still_gets_a_note(bot: LiveBot, slack: FakeSlack) -> None:
    slack.state.files["F0HUGE"] = b"x" * 300_000
    event = message_event("here is the log", subtype="file_share",
                          files=[{"id": "F0HUGE", "name": "ci.log", "mimetype": "text/plain", "size": 2_000_000,
                                  "url_private": slack.file_url("F0HUGE")}])
    bot.post_event(event)
    [note] = [c.params for c in slack.state.wait_for("chat.postEphemeral")]
    assert "`ci.log` is larger than" in note["text"]


def test_a_token_from_another_account_gets_the_command_to_run_there(bot: LiveBot, slack: FakeSlack) -> None:
    event = message_event(cli_error(OTHER_ACCOUNT))  # the fake STS knows no such token: InvalidAuthorization…
    bot.post_event(event)
    [reply] = _replies(slack, event["ts"])
    everything = "\n".join(_texts(reply))
    # The command in its own block, with a variable; the token itself never in the thread or its notification.
    assert 'aws sts decode-authorization-message --encoded-message "$MSG"' in everything
    assert "MSG='PASTE-THE-ENCODED-MESSAGE-HERE'" in everything and "paste its output here" in everything
    assert OTHER_ACCOUNT not in json.dumps(reply) and OTHER_ACCOUNT not in reply["text"]


def test_an_elided_token_beside_its_decoded_output_gets_no_cut_short_warning(bot: LiveBot,
                                                                              slack: FakeSlack) -> None:
    paste = ("Encoded authorization failure message: AbCd12...<省略>\n\n$ aws sts decode-authorization-message "
             "--encoded-message ... \n" + json.dumps({"DecodedMessage": decoded_message()}))
    event = message_event(paste.replace("<", "&lt;").replace(">", "&gt;"))
    bot.post_event(event)
    [reply] = _replies(slack, event["ts"])
    everything = "\n".join(_texts(reply))
    assert "cut short" not in everything and "ec2:RunInstances" in everything


def test_a_plain_text_denial_is_answered_in_its_thread_at_once(bot: LiveBot, slack: FakeSlack) -> None:
    text = ("An error occurred (AccessDenied) when calling the PutObject operation: User: "
            f"arn:aws:sts::{ACCOUNT}:assumed-role/ci/run-9 is not authorized to perform: s3:PutObject on resource: "
            '"arn:aws:s3:::builds/app.zip" because no identity-based policy allows the s3:PutObject action')
    event = message_event(text)
    started = time.monotonic()
    bot.post_event(event)
    [reply] = _replies(slack, event["ts"])
    assert time.monotonic() - started < 1.0
    everything = "\n".join(_texts(reply))
    assert "`s3:PutObject`" in everything and "arn:aws:s3:::builds/app.zip" in everything
    assert "not verified with AWS" in everything
