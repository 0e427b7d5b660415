"""The command line as a user runs it (in this process through its Environment; the console script where the
process itself matters), with real environment variables and the fake STS."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.builders import (
    PASSROLE_MESSAGE,
    SCP_DENY_MESSAGE,
    SHARED,
    cli_error,
    decoded_message,
    make_token,
    terraform_error,
)
from tests.conftest import aws_env_for
from tests.fakes.sts import FakeSts
from tests.terminal import console, logging_restored, run

TOKEN = make_token(21)
OTHER = make_token(22, 900)


def test_scan_json_contract() -> None:
    text = "noise\n" + cli_error(TOKEN) + terraform_error(OTHER) + "Encoded authorization failure message: AbC12...\n"
    result = run(["scan", "--format", "json"], stdin=text)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [t["token"] for t in data["tokens"]] == [TOKEN, OTHER, "AbC12"]
    assert [t["truncated"] for t in data["tokens"]] == [False, False, True]
    first = data["tokens"][0]
    assert text[first["start"] : first["end"]] == TOKEN
    assert data["decoded"] == 0
    assert isinstance(data["hints"], dict)


def test_scan_reads_a_file_and_counts_decoded_messages(tmp_path: Path) -> None:
    path = tmp_path / "paste.txt"
    path.write_text(json.dumps({"DecodedMessage": PASSROLE_MESSAGE}))
    data = json.loads(run(["scan", str(path), "--format", "json"]).stdout)
    assert data == {"tokens": [], "decoded": 1, "hints": data["hints"], "authorization_ids": [], "denials": [],
                    "refusals": [], "cloudtrail": []}


def test_scan_imports_neither_boto3_nor_slack_bolt(tmp_path: Path) -> None:
    path = tmp_path / "paste.txt"
    path.write_text(cli_error(TOKEN))
    code = (
        "import sys; from bot.cli import main; main(['scan', sys.argv[1], '--format', 'json']);"
        "heavy = [m for m in ('boto3', 'botocore', 'slack_bolt', 'slack_sdk') if m in sys.modules];"
        "print('HEAVY', heavy)"
    )
    result = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60,
                            cwd=tmp_path)
    assert "HEAVY []" in result.stdout, result.stdout + result.stderr


def test_explain_running_example_as_json(fake_sts: FakeSts) -> None:
    fake_sts.state.messages[TOKEN] = PASSROLE_MESSAGE
    result = console(["explain", "--format", "json"], stdin=cli_error(TOKEN), env=aws_env_for(fake_sts))
    assert result.returncode == 0, result.stderr
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["input"] == "encoded"
    assert finding["token"] != TOKEN and len(finding["token"]) == 12
    assert TOKEN not in result.stdout + result.stderr
    assert finding["principal"]["arn"] == "arn:aws:iam::123456789012:user/test-user"
    assert finding["action"] == "iam:PassRole"
    assert finding["decision"] == "implicit_deny"
    assert finding["fix"]["policy"]["Statement"] == [
        {
            "Sid": "AllowIamPassRole",
            "Effect": "Allow",
            "Action": "iam:PassRole",
            "Resource": "arn:aws:iam::123456789012:role/EC2_instance_Profile_role",
            "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}},
        }
    ]


def test_explain_text_and_markdown(fake_sts: FakeSts) -> None:
    fake_sts.state.messages[TOKEN] = SCP_DENY_MESSAGE
    paste = (
        "User: arn:aws:sts::123456789012:assumed-role/ci-deployer/gitlab-42 is not authorized to perform: "
        "ec2:RunInstances on resource: arn:aws:ec2:us-east-1:123456789012:instance/* with an explicit deny in a "
        "service control policy. " + cli_error(TOKEN)
    )
    text = run(["explain"], stdin=paste, env=aws_env_for(fake_sts))
    assert text.returncode == 0, text.stderr
    assert "Explicit deny" in text.stdout
    assert "service control policy" in text.stdout
    assert "DenyOutsideApprovedRegions" in text.stdout
    markdown = run(["explain", "--format", "markdown"], stdin=paste, env=aws_env_for(fake_sts))
    assert markdown.stdout.startswith("### Explicit deny")


def test_exit_1_when_something_could_not_be_explained(fake_sts: FakeSts) -> None:
    fake_sts.state.messages[TOKEN] = PASSROLE_MESSAGE
    paste = cli_error(TOKEN) + cli_error(OTHER)  # OTHER is unknown to STS: invalid
    result = run(["explain", "--format", "json"], stdin=paste, env=aws_env_for(fake_sts))
    assert result.returncode == 1
    ok, bad = json.loads(result.stdout)["findings"]
    assert ok["ok"] and not bad["ok"]
    assert bad["error"]["code"] == "invalid_token"
    assert "another AWS account" in bad["error"]["message"] or "other than" in bad["error"]["message"]


def test_access_denied_tells_the_admin_what_to_fix(fake_sts: FakeSts) -> None:
    fake_sts.state.deny_decode = True
    result = run(["explain"], stdin=cli_error(TOKEN), env=aws_env_for(fake_sts))
    assert result.returncode == 1
    assert "sts:DecodeAuthorizationMessage" in result.stdout
    assert "arn:aws:iam::123456789012:user/decode-bot-base" in result.stdout
    assert "Traceback" not in result.stderr


def test_decoded_input_needs_no_aws_configuration() -> None:
    result = run(["explain", "--format", "json"], stdin=json.dumps({"DecodedMessage": PASSROLE_MESSAGE}),
                 env={"AWS_REGION": "not a region"})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["findings"][0]["action"] == "iam:PassRole"


def test_no_credentials_is_a_clear_finding_not_a_traceback() -> None:
    result = run(["explain"], stdin=cli_error(TOKEN), env={"AWS_REGION": "us-east-1"})
    assert result.returncode == 1
    assert "no AWS credentials" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("env", "variable"),
    [({"AWS_REGION": "Frankfurt"}, "AWS_REGION"), ({"DECODER_ROLE_ARN": "decode-bot"}, "DECODER_ROLE_ARN"),
     ({"STS_TIMEOUT_SECONDS": "soon"}, "STS_TIMEOUT_SECONDS")],
)
def test_malformed_configuration_exits_2_with_one_line(env: dict[str, str], variable: str, tmp_path: Path) -> None:
    result = run(["explain"], stdin=cli_error(TOKEN), env=env, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"decode-bot: {variable}:"), result.stderr


def test_settings_come_from_a_dotenv_file(tmp_path: Path, fake_sts: FakeSts) -> None:
    fake_sts.state.messages[TOKEN] = PASSROLE_MESSAGE
    env = aws_env_for(fake_sts)
    (tmp_path / ".env").write_text(f"AWS_ENDPOINT_URL_STS={env.pop('AWS_ENDPOINT_URL_STS')}\nAWS_REGION=us-east-2\n")
    result = console(["explain", "--format", "json"], stdin=cli_error(TOKEN), env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run(["explain", "--format", "yaml"]).returncode == 2
    missing = run(["scan", str(tmp_path / "nope.txt")])
    assert missing.returncode == 2
    assert "cannot read" in missing.stderr and "Traceback" not in missing.stderr


def test_doctor_reports_identity_role_and_permission(fake_sts: FakeSts) -> None:
    env = aws_env_for(fake_sts, DECODER_ROLE_ARN="arn:aws:iam::123456789012:role/decode-bot-decoder")
    result = run(["doctor"], env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok    AWS credentials: arn:aws:iam::123456789012:user/decode-bot-base" in result.stdout
    assert "ok    decoder role: assumed as arn:aws:sts::123456789012:assumed-role/decode-bot-decoder" in result.stdout
    assert "ok    decode permission" in result.stdout


def test_doctor_checks_the_slack_bot_token(fake_sts: FakeSts) -> None:
    from tests.fakes.slack import BOT_TOKEN, FakeSlack

    slack = FakeSlack().start()
    try:
        good = run(["doctor"], env=aws_env_for(fake_sts, SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_API_URL=slack.api_url,
                                               SLACK_APP_TOKEN="xapp-1-test"))
        bad = run(["doctor"], env=aws_env_for(fake_sts, SLACK_BOT_TOKEN="xoxb-revoked", SLACK_API_URL=slack.api_url,
                                              SLACK_SIGNING_SECRET="s"))
    finally:
        slack.stop()
    assert good.returncode == 0, good.stdout
    assert "ok    Slack bot token: decode-bot in team Test; Socket Mode" in good.stdout
    assert bad.returncode == 1
    assert "FAIL  Slack bot token: Slack rejected it (invalid_auth)" in bad.stdout


def test_doctor_names_the_missing_permission(fake_sts: FakeSts) -> None:
    fake_sts.state.deny_decode = True
    result = run(["doctor"], env=aws_env_for(fake_sts))
    assert result.returncode == 1
    assert "FAIL  decode permission" in result.stdout
    assert "sts:DecodeAuthorizationMessage" in result.stdout


def test_doctor_without_credentials() -> None:
    result = run(["doctor"], env={"AWS_REGION": "us-east-1"})
    assert result.returncode == 1
    assert "FAIL  AWS credentials" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(not (SHARED / "samples").exists(), reason="../shared/samples is absent")
def test_every_shared_sample_goes_through_the_cli_offline() -> None:
    for path in sorted((SHARED / "samples" / "decoded").glob("0*")):
        result = run(["explain", str(path), "--format", "json"])
        assert result.returncode == 0, path.name + result.stderr
    for path in sorted((SHARED / "samples" / "detect").glob("0*.txt")):
        result = run(["scan", str(path), "--format", "json"])
        assert result.returncode == 0, path.name


def test_dotenv_sets_the_language_even_when_nothing_needs_aws(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("DEFAULT_LANGUAGE=ja\n")
    result = run(["explain"], stdin=json.dumps({"DecodedMessage": PASSROLE_MESSAGE}), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "次のステップ" in result.stdout


def test_dotenv_sets_the_log_level(tmp_path: Path, fake_sts: FakeSts) -> None:
    fake_sts.state.messages[TOKEN] = PASSROLE_MESSAGE
    (tmp_path / ".env").write_text("LOG_LEVEL=INFO\n")
    result = console(["explain"], stdin=cli_error(TOKEN), env=aws_env_for(fake_sts), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "INFO bot.aws.lookups lookup" in result.stderr
    assert TOKEN not in result.stderr


def test_masking_holds_in_the_terminal_and_across_key_aliases(tmp_path: Path) -> None:
    message = decoded_message(explicit_deny=True, statements=[{"sid": "OnlyEu", "conditions": {
        "aws:RequestedRegion": ["eu-west-1"]}}], context={"aws:Region": ["ap-south-1"], "ec2:Region": ["ap-south-1"],
                                                            "aws:Service": ["ec2"]})
    for fmt in ("text", "markdown", "json"):
        result = run(["explain", "--format", fmt], stdin=message, env={"MASK_CONDITION_KEYS": "aws:RequestedRegion"},
                     cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "ap-south-1" not in result.stdout and "eu-west-1" not in result.stdout, fmt


def test_deeply_nested_pastes_never_crash_scan_or_explain() -> None:
    paste = cli_error(TOKEN) + "{" * 100_000 + json.dumps({"DecodedMessage": PASSROLE_MESSAGE}) + "[" * 100_000
    for command in (["scan", "--format", "json"], ["explain", "--format", "json"]):
        result = run(command, stdin=paste)
        assert "Traceback" not in result.stderr, result.stderr
    data = json.loads(run(["explain", "--format", "json"], stdin=paste).stdout)
    assert any(f["ok"] and f["action"] == "iam:PassRole" for f in data["findings"])


def test_a_pasted_decoded_message_is_marked_unverified_and_never_gets_a_broad_allow() -> None:
    forged = decoded_message(action="iam:*", resource="*")
    [finding] = json.loads(run(["explain", "--format", "json"], stdin=forged).stdout)["findings"]
    assert finding["source"] == "pasted" and finding["fix"] is None
    assert "not verified with AWS" in run(["explain"], stdin=forged).stdout
    broad = decoded_message(action="iam:PassRole", resource="*")
    [finding] = json.loads(run(["explain", "--format", "json"], stdin=broad).stdout)["findings"]
    # PassRole takes role ARNs: an Allow on "*" would pass any role, so the role is a labelled placeholder.
    [statement] = finding["fix"]["policy"]["Statement"]
    assert statement["Resource"].endswith(":role/ROLE-NAME-WITH-PATH")
    assert any("replace ROLE-NAME-WITH-PATH" in note for note in finding["fix"]["notes"])


def test_the_json_summary_names_the_principal_the_text_names() -> None:
    paste = ("An error occurred (AccessDenied): User: deploy-pl-prod is not authorized to perform: iam:CreatePolicy "
             "because no identity-based policy allows the iam:CreatePolicy action")
    [finding] = json.loads(run(["explain", "--format", "json"], stdin=paste).stdout)["findings"]
    assert finding["summary"].startswith("deploy-pl-prod is not allowed iam:CreatePolicy")
    assert "deploy-pl-prod" in run(["explain"], stdin=paste).stdout


def test_explain_typed_on_a_terminal_says_how_to_paste() -> None:
    from bot.cli import Environment, main

    class Terminal(io.BytesIO):
        def isatty(self) -> bool:
            return True

    out, err = io.StringIO(), io.StringIO()
    with logging_restored():
        assert main(["explain"], Environment({}, Terminal(b""), out, err)) == 0
    assert "press Enter and Ctrl-D" in err.getvalue()


def test_doctor_tells_an_unreachable_sts_from_missing_credentials() -> None:
    env = {"AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKIAFAKEBASEKEY00001", "AWS_SECRET_ACCESS_KEY": "x",
           "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:9", "STS_TIMEOUT_SECONDS": "1"}
    result = run(["doctor"], env=env)
    assert result.returncode == 1
    assert "FAIL  AWS STS endpoint: credentials found, but STS cannot be reached" in result.stdout
    assert "No AWS credentials" not in result.stdout and "AWS_ENDPOINT_URL_<SERVICE>" in result.stdout


def test_look_alike_letters_in_a_principal_are_warned_about_in_both_languages() -> None:
    lookalike = "arn:aws:sts::123456789012:assumed-role/\u0430dmin/s"  # Cyrillic а in "admin"
    paste = (f"User: {lookalike} is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k because no "
             "identity-based policy allows the s3:GetObject action")
    [finding] = json.loads(run(["explain", "--format", "json"], stdin=paste).stdout)["findings"]
    assert finding["warnings"] and "U+0430 CYRILLIC SMALL LETTER A" in finding["warnings"][0]
    assert finding["fix"] is None and finding["next_steps"] == finding["warnings"]  # no advice about a look-alike
    assert "only looks like a Latin letter" in run(["explain"], stdin=paste).stdout
    assert "ラテン文字に見えますが別の文字" in run(["explain", "--lang", "ja"], stdin=paste).stdout
    plain = paste.replace("\u0430", "a")
    assert json.loads(run(["explain", "--format", "json"], stdin=plain).stdout)["findings"][0]["warnings"] == []


@pytest.mark.parametrize("action", ["cloudtrail:StopLogging", "logs:DeleteLogGroup", "guardduty:DeleteDetector"])
def test_turning_security_logging_off_is_answered_as_a_guardrail_never_with_an_allow(action: str) -> None:
    operation = action.split(":")[1]
    paste = (f"An error occurred (AccessDeniedException) when calling the {operation} operation: User: "
             f"arn:aws:sts::123456789012:assumed-role/ops/alice is not authorized to perform: {action} on resource: "
             "arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail")
    [finding] = json.loads(run(["explain", "--format", "json"], stdin=paste).stdout)["findings"]
    assert finding["decision"] == "denied" and finding["fix"] is None
    assert "very likely a guardrail" in run(["explain"], stdin=paste).stdout
    assert "ガードレール" in run(["explain", "--lang", "ja"], stdin=paste).stdout
    ordinary = paste.replace(action, "cloudtrail:DescribeTrails")
    assert json.loads(run(["explain", "--format", "json"], stdin=ordinary).stdout)["findings"][0]["fix"] is not None


@pytest.mark.parametrize("reason", ["because no resource-based policy allows the es:ESHttpPost action",
                                    "with an explicit deny in a resource-based policy"])
def test_an_unsigned_request_is_told_to_sign_never_to_open_the_domain(reason: str) -> None:
    paste = f'{{"Message":"User: anonymous is not authorized to perform: es:ESHttpPost {reason}"}}'
    [finding] = json.loads(run(["explain", "--format", "json"], stdin=paste).stdout)["findings"]
    assert finding["fix"] is None
    text = run(["explain"], stdin=paste).stdout
    assert "was not signed" in text and "Never open the resource's policy to everyone" in text
    assert "署名されていない" in run(["explain", "--lang", "ja"], stdin=paste).stdout


def test_session_policies_are_looked_for_only_where_they_can_be_and_named_by_their_issuer() -> None:
    def explain(principal: str, reason: str, lang: str = "en") -> str:
        paste = f"User: {principal} is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k {reason}"
        return run(["explain", "--lang", lang], stdin=paste).stdout

    sso = "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Dev_0a1b2c3d4e5f6789/alice"
    assert "session policy" not in explain(sso, "with an explicit deny")  # Identity Center passes none
    assert "session policy" in explain("arn:aws:sts::123456789012:assumed-role/ci/run-1", "with an explicit deny")
    cognito = "arn:aws:sts::123456789012:assumed-role/Cognito_AppAuth_Role/CognitoIdentityCredentials"
    assert "Cognito identity pool" in explain(cognito, "because no session policy allows the s3:GetObject action")
    assert "Cognito ID プール" in explain(cognito, "because no session policy allows the s3:GetObject action", "ja")
    vault = "arn:aws:sts::123456789012:federated-user/vault-token-1234"
    assert "HashiCorp Vault" in explain(vault, "with an explicit deny in a session policy")


def test_role_assumption_a_users_arn_a_role_assuming_itself_and_session_tags() -> None:
    def finding(paste: str, lang: str = "en") -> dict[str, object]:
        found: dict[str, object] = json.loads(run(["explain", "--format", "json", "--lang", lang],
                                                  stdin=paste).stdout)["findings"][0]
        return found

    caller = "arn:aws:sts::111122223333:assumed-role/ci-runner/gh-42"
    user = finding(f"User: {caller} is not authorized to perform: sts:AssumeRole on resource: "
                   "arn:aws:iam::444455556666:user/deployer because no role trust policy allows the sts:AssumeRole "
                   "action")
    assert user["fix"] is None and "Give the ARN of the role to assume" in str(user["next_steps"])
    as_user = (f"User: {caller} is not authorized to perform: sts:AssumeRole on resource: "
               "arn:aws:iam::444455556666:user/d")
    assert "which is an IAM user, not a role" in run(["explain"], stdin=as_user).stdout
    assert "ロールではなく IAM ユーザー" in run(["explain", "--lang", "ja"], stdin=as_user).stdout
    assert finding(as_user, "ja")["fix"] is None
    itself = finding(f"User: {caller} is not authorized to perform: sts:AssumeRole on resource: "
                     "arn:aws:iam::111122223333:role/ci-runner because no role trust policy allows the sts:AssumeRole "
                     "action")
    assert any("is assuming itself" in note for note in itself["fix"]["notes"])  # type: ignore[index]
    tags = finding(f"User: {caller} is not authorized to perform: sts:TagSession on resource: "
                   "arn:aws:iam::111122223333:role/deployer because no role trust policy allows the sts:TagSession "
                   "action")
    assert any("role-skip-session-tagging: true" in note for note in tags["fix"]["notes"])  # type: ignore[index]
    assert tags["fix"]["policy"]["Statement"][0]["Action"] == "sts:TagSession"  # type: ignore[index]


def test_resource_policy_notes_follow_the_service_and_the_reason() -> None:
    def notes(action: str, resource: str, lang: str = "en") -> str:
        paste = (f"User: arn:aws:sts::111122223333:assumed-role/app/s is not authorized to perform: {action} on "
                 f"resource: {resource} because no resource-based policy allows the {action} action")
        fix = json.loads(run(["explain", "--format", "json", "--lang", lang], stdin=paste).stdout)["findings"][0]["fix"]
        return json.dumps(fix["notes"], ensure_ascii=False)

    s3 = notes("s3:GetObject", "arn:aws:s3:::reports/q3.csv")  # an S3 ARN names no account
    assert "the request crossed accounts" in s3
    assert "アカウントをまたいでいます" in notes("s3:GetObject", "arn:aws:s3:::reports/q3.csv", "ja")
    kms = notes("kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
    assert "key policy" in kms and "even within the key's own account" in kms and "crossed accounts" not in kms
    tags = notes("sts:TagSession", "arn:aws:iam::111122223333:role/deployer")
    assert "trust policy" in tags
