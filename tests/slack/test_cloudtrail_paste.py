"""Issue 26 in Slack, end to end over HTTP: a CloudTrail record pasted in a channel is answered in its thread once,
with what the record adds, its errorMessage never answered a second time."""

from __future__ import annotations

import json

from tests.builders import make_token
from tests.core.test_cloudtrail import DENIED
from tests.fakes.slack import FakeSlack
from tests.fakes.sts import FakeSts
from tests.slack_harness import LiveBot, message_event

TOKEN = make_token(2602)
PLAIN = {**DENIED, "errorMessage": "You are not authorized to perform this operation. User: "
                                   f"{DENIED['userIdentity']['arn']} is not authorized to perform: ec2:GetPasswordData "
                                   "on resource: arn:aws:ec2:us-east-1:123837392027:instance/i-0a4ea6e5b2b2a5f3d "
                                   "because no identity-based policy allows the ec2:GetPasswordData action. Encoded "
                                   f"authorization failure message: {TOKEN}"}


def test_a_pasted_record_is_answered_once_in_its_thread_with_what_the_record_adds() -> None:
    slack, sts = FakeSlack().start(), FakeSts().start()
    bot = LiveBot(slack, sts)
    try:
        event = message_event("CI failed again, here is the CloudTrail event:\n```\n" + json.dumps(PLAIN, indent=2)
                              + "\n```")
        bot.post_event(event)
        [reply] = slack.state.wait_for("chat.postMessage")
        bot.idle()
        assert len(slack.state.of("chat.postMessage")) == 1  # one answer: the record, not its message again
        said = reply.params["text"] + json.dumps(reply.params.get("blocks"))
        assert reply.params["thread_ts"] == event["ts"]
        assert "Missing permission" in said and "GetPasswordData" in said
        assert "CloudTrail: `GetPasswordData` at `2023-07-10T11:54:43Z` in `us-east-1`" in said
        # The record's token was tried (STS does not know it here: the record's words answer instead).
        assert [c.params["EncodedMessage"] for c in sts.state.decode_calls()] == [TOKEN]
    finally:
        bot.stop()
        slack.stop()
        sts.stop()
