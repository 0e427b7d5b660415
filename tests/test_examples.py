"""Issue 16: the examples a new user tries first, before Slack and AWS are set up, and the Slack preview."""

from __future__ import annotations

import json
import re
import urllib.parse
from pathlib import Path
from typing import Any

import pytest

from tests.terminal import run
from tests.test_fuzz import _assert_within_limits

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
OFFLINE = {"AWS_ENDPOINT_URL_STS": "http://127.0.0.1:9"}  # a token must never reach AWS from a test
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _explained(name: str, lang: str) -> tuple[int, dict[str, Any]]:
    result = run(["explain", str(EXAMPLES / name), "--format", "json", "--lang", lang], env=OFFLINE)
    [finding] = json.loads(result.stdout)["findings"]
    return result.returncode, finding


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_seed_case_asks_for_pass_role_on_the_instance_profile_role(lang: str) -> None:
    status, finding = _explained("passrole-decoded.json", lang)
    assert status == 0 and finding["decision"] == "implicit_deny" and finding["action"] == "iam:PassRole"
    [statement] = finding["fix"]["policy"]["Statement"]
    assert statement["Action"] == "iam:PassRole"
    assert statement["Resource"] == "arn:aws:iam::123456789012:role/EC2_instance_Profile_role"
    assert statement["Condition"] == {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}
    assert finding["fix"]["attach_to"] == {"kind": "user", "name": "test-user",
                                           "arn": "arn:aws:iam::123456789012:user/test-user",
                                           "account": "123456789012"}
    assert bool(JAPANESE.search(finding["summary"])) is (lang == "ja")


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_region_guardrail_is_read_as_an_exception_list_and_offers_no_allow(lang: str) -> None:
    status, finding = _explained("region-guardrail-scp.json", lang)
    assert status == 0 and finding["decision"] == "explicit_deny" and finding["action"] == "ec2:RunInstances"
    assert finding["fix"] is None  # an explicit deny: no Allow statement would help
    [statement] = finding["matched_statements"]
    assert statement["actions"] == [] and "iam:*" in statement["not_actions"]
    assert statement["readings"] == [{"key": "aws:RequestedRegion", "values": ["eu-west-1", "eu-central-1"],
                                      "request": ["us-west-2"], "reading": "not_listed"}]
    assert bool(JAPANESE.search(" ".join(finding["next_steps"]))) is (lang == "ja")


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_required_tag_deny_names_the_missing_tag(lang: str) -> None:
    status, finding = _explained("required-tag-deny.json", lang)
    assert status == 0 and finding["decision"] == "explicit_deny" and finding["action"] == "ec2:RunInstances"
    assert finding["fix"] is None
    [reading] = finding["matched_statements"][0]["readings"]
    assert reading["key"] == "aws:RequestTag/CostCenter" and reading["reading"] == "key_absent"
    assert "CostCenter" in " ".join(finding["next_steps"])


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_plain_text_s3_denial_is_explained_without_aws(lang: str) -> None:
    status, finding = _explained("s3-access-denied.txt", lang)
    assert status == 0 and finding["decision"] == "implicit_deny" and finding["action"] == "s3:PutObject"
    assert finding["fix"]["attach_to"]["kind"] == "role" and finding["fix"]["attach_to"]["name"] == "ci-deployer"
    assert finding["fix"]["policy"]["Statement"][0]["Resource"] == "arn:aws:s3:::builds-bucket/app.zip"


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_token_without_aws_access_says_what_decoding_needs(lang: str) -> None:
    result = run(["explain", str(EXAMPLES / "terraform-token.txt"), "--lang", lang], env=OFFLINE)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "sts:DecodeAuthorizationMessage" in result.stdout and "decode-bot doctor" in result.stdout
    assert bool(JAPANESE.search(result.stdout)) is (lang == "ja")


@pytest.mark.parametrize("disclosure", ["standard", "full", "summary"])
@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.iterdir()))
def test_the_slack_preview_is_the_thread_reply_within_slacks_limits(name: str, disclosure: str) -> None:
    result = run(["explain", str(EXAMPLES / name), "--format", "slack"], env={**OFFLINE, "DISCLOSURE": disclosure})
    message = json.loads(result.stdout)
    _assert_within_limits(message["text"], message["blocks"])
    buttons = [e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]
    # Every example's answer has details to add (the undecodable token's: its ready-to-run command).
    assert len(buttons) == (0 if disclosure == "full" else 1)
    link = re.search(r"https://app\.slack\.com/block-kit-builder/#(\S+)", result.stderr)
    assert link is not None and "Slack's site" in result.stderr
    assert json.loads(urllib.parse.unquote(link.group(1))) == {"blocks": message["blocks"]}


def test_the_slack_preview_leaves_out_what_a_reply_would(tmp_path: Path) -> None:
    paste = tmp_path / "many.txt"
    denial = (EXAMPLES / "s3-access-denied.txt").read_text()
    paste.write_text("\n".join(denial.replace("app.zip", f"app-{n}.zip") for n in range(3)))
    result = run(["explain", str(paste), "--format", "slack"], env={**OFFLINE, "LIMIT_TOKENS_PER_MESSAGE": "1"})
    blocks = json.dumps(json.loads(result.stdout)["blocks"])
    assert "2 more errors in this message" in blocks and "app-0.zip" in blocks and "app-1.zip" not in blocks


def test_without_slack_settings_the_bot_points_to_the_offline_try_out() -> None:
    result = run([])
    assert result.returncode == 2 and "SLACK_BOT_TOKEN" in result.stderr
    assert "decode-bot explain examples/passrole-decoded.json" in result.stderr
    assert (EXAMPLES / "passrole-decoded.json").is_file()
