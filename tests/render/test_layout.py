"""Issue 10, point 1: the answer first, in three blocks, whatever the surface."""

from __future__ import annotations

import json

from bot.core.pipeline import explain_text
from bot.render.blocks import reply_blocks
from bot.render.text import render_text
from bot.vocab import Disclosure
from tests.builders import ACCOUNT, PASSROLE_MESSAGE, SCP_DENY_MESSAGE, decoded_message

SCP_TEXT = (f"User: arn:aws:sts::{ACCOUNT}:assumed-role/ci-deployer/gitlab-42 is not authorized to perform: "
            "ec2:RunInstances with an explicit deny in a service control policy\n" + SCP_DENY_MESSAGE)


def _answer(paste: str, lang: str = "en") -> list[dict[str, object]]:
    _, blocks = reply_blocks(explain_text(paste), lang, 0, Disclosure.STANDARD, "ref")
    return blocks


def test_three_blocks_then_the_button() -> None:
    blocks = _answer(SCP_TEXT)
    assert [b["type"] for b in blocks] == ["section", "section", "context", "actions"]
    first, todo = blocks[0]["text"]["text"], blocks[1]["text"]["text"]  # type: ignore[index]
    assert first.startswith(":no_entry: *Explicit deny — adding permissions will not help*\n")
    assert "A Region guardrail in a service control policy (SCP) blocks `ec2:RunInstances` in `us-east-1`" in first
    assert todo.startswith("*What to do*\n1. Run it in an allowed Region")  # the specific step first
    assert "organization's administrators" in todo and todo.count("\n") == 2  # then whom to ask; two steps
    context = json.dumps(blocks[2])
    # Keywords: the principal's short name, its account, the access level, the reference; full ARNs in the details.
    assert "ci-deployer" in context and "account `123456789012`" in context and "Write" in context
    assert "Reference" in context and "arn:aws:sts" not in context and "?" not in context


def test_the_seed_case_keeps_its_lesson_and_its_statement_in_the_answer() -> None:
    blocks = _answer(PASSROLE_MESSAGE)
    first, todo = blocks[0]["text"]["text"], blocks[1]["text"]["text"]  # type: ignore[index]
    assert "Launching an instance with an instance profile (RunInstances) needs this permission" in first
    assert '"iam:PassedToService": "ec2.amazonaws.com"' in todo
    assert "Request context" not in json.dumps(blocks)  # behind Show details


def test_a_quarantine_leads_with_the_key_rotation() -> None:
    actions = ["iam:CreateAccessKey", "iam:UpdateAccessKey", "iam:CreateLoginProfile", "iam:PutUserPolicy",
               "iam:AttachUserPolicy", "iam:CreateUser", "iam:CreateRole", "ec2:RunInstances",
               "ec2:RequestSpotInstances", "lambda:CreateFunction", "organizations:CreateAccount",
               "organizations:InviteAccountToOrganization"]
    message = decoded_message(explicit_deny=True, statements=[{"actions": actions}])
    blocks = _answer(message)
    assert "quarantine policy for compromised keys" in blocks[0]["text"]["text"]  # type: ignore[index]
    assert blocks[1]["text"]["text"].startswith("*What to do*\n1. This is AWS's quarantine policy")  # type: ignore[index]


def test_the_cli_shows_the_same_answer_first_then_the_details() -> None:
    rendered = render_text(explain_text(SCP_TEXT), "en", markdown=True)
    assert rendered.index("**What to do**") < rendered.index("**Details**") < rendered.index("**Next steps**")
    assert rendered.splitlines()[1].startswith("A Region guardrail in a service control policy (SCP)")


def test_at_most_three_steps_in_any_answer() -> None:
    for message in (PASSROLE_MESSAGE, SCP_TEXT, decoded_message(explicit_deny=True)):
        for lang in ("en", "ja"):
            todo = _answer(message, lang)[1]["text"]["text"]  # type: ignore[index]
            assert len([line for line in todo.splitlines() if line[:2] in ("1.", "2.", "3.", "4.")]) <= 3
