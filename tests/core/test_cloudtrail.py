"""Issue 26: CloudTrail records as an input. Every shared record gives the manifest's answer through scan, explain
and report; the record shapes (alone, pretty or minified, cut short, in an EventBridge envelope, in a log file, as
JSON Lines, in prose) each from a real record; a token CloudTrail cut is never sent to STS."""

from __future__ import annotations

import copy
import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from bot.core.detect import scan
from bot.core.outcomes import FunctionLookups, LookupOutcome, LookupProblem
from bot.core.pipeline import explain_text
from bot.render.data import finding_to_dict
from bot.render.text import render_text
from bot.vocab import ProblemCode
from tests.builders import SHARED, make_token, read_manifest
from tests.terminal import run

FOLDER = SHARED / "samples" / "cloudtrail"
MANIFEST = read_manifest(FOLDER) if (FOLDER / "manifest.jsonl").exists() else []
needs_samples = pytest.mark.skipif(not MANIFEST, reason="../shared/samples/cloudtrail is absent")

# Real shapes, kept here so that these tests run without ../shared: Invictus IR's Stratus Red Team log file
# (GetPasswordData, the older EC2 message with only a token; the token replaced by a made-up one) and a successful
# call beside it.
DENIED = {
    "eventVersion": "1.08",
    "userIdentity": {"type": "AssumedRole", "principalId": "AROARU6ANEXAMPLE:aws-go-sdk-1688990082523310002",
                     "arn": "arn:aws:sts::123837392027:assumed-role/stratus-red-team-ec2-get-password-data-role/"
                            "aws-go-sdk-1688990082523310002",
                     "accountId": "123837392027", "accessKeyId": "ASIARU6ANEXAMPLE",
                     "sessionContext": {"sessionIssuer": {
                         "type": "Role", "principalId": "AROARU6ANEXAMPLE",
                         "arn": "arn:aws:iam::123837392027:role/stratus-red-team-ec2-get-password-data-role",
                         "accountId": "123837392027", "userName": "stratus-red-team-ec2-get-password-data-role"},
                         "attributes": {"creationDate": "2023-07-10T11:54:42Z", "mfaAuthenticated": "false"}}},
    "eventTime": "2023-07-10T11:54:43Z", "eventSource": "ec2.amazonaws.com", "eventName": "GetPasswordData",
    "awsRegion": "us-east-1", "sourceIPAddress": "10.0.1.24", "userAgent": "stratus-red-team_4e3e0c6b",
    "errorCode": "Client.UnauthorizedOperation",
    "errorMessage": "You are not authorized to perform this operation. Encoded authorization failure message: "
                    + make_token(2601),
    "requestParameters": {"instanceId": "i-0a4ea6e5b2b2a5f3d"}, "responseElements": None,
    "requestID": "3a5b1f44-2fb6-4a8b-9f0e-4f2c1d6e7a10", "eventID": "fbd91225-39aa-4c00-822c-9f0b96e7758f",
    "readOnly": True, "eventType": "AwsApiCall", "managementEvent": True, "recipientAccountId": "123837392027",
    "eventCategory": "Management",
}
SUCCEEDED = {**{k: v for k, v in DENIED.items() if k not in ("errorCode", "errorMessage")},
             "eventName": "DescribeInstances", "eventID": "c61aa054-4166-4e0f-aa90-a3b3a23883e7"}
TOKEN = DENIED["errorMessage"].rsplit(" ", 1)[-1]


def _decoding(calls: list[str]) -> FunctionLookups:
    def decode(token: str) -> LookupOutcome:
        calls.append(token)
        return LookupProblem(ProblemCode.NO_CREDENTIALS)

    return FunctionLookups(decode)


def _cut(text: str, within: str) -> str:
    """The text cut off in the middle of a key, as a paste or a log line stops short."""
    return text[: text.index(within) + len(within) // 2]


@pytest.mark.parametrize("shape", ["pretty", "minified", "envelope", "log file", "json lines", "cut at the end",
                                   "in prose", "list"])
def test_every_shape_of_a_record_is_found_once_and_only_its_denial(shape: str) -> None:
    envelope = {"version": "0", "id": "6f2ea3e0", "detail-type": "AWS API Call via CloudTrail",
                "source": "aws.ec2", "account": "123837392027", "time": "2023-07-10T11:54:43Z",
                "region": "us-east-1", "resources": [], "detail": DENIED}
    pasted = {
        "pretty": json.dumps(DENIED, indent=4),
        "minified": json.dumps(DENIED, separators=(",", ":")),
        "envelope": json.dumps(envelope, indent=2),
        "log file": json.dumps({"Records": [SUCCEEDED, DENIED, SUCCEEDED]}),
        "json lines": "\n".join(json.dumps(r) for r in (SUCCEEDED, DENIED, SUCCEEDED)),
        "cut at the end": _cut(json.dumps(DENIED, indent=2), '"eventCategory"'),
        "in prose": f"our pipeline failed, CloudTrail says:\n```\n{json.dumps(DENIED, indent=2)}\n```\nany idea?",
        "list": json.dumps([SUCCEEDED, DENIED]),
    }[shape]
    result = scan(pasted).to_dict()
    assert [e["id"] for e in result["cloudtrail"]] == [DENIED["eventID"]]
    assert result["tokens"] == [] and result["denials"] == []  # its errorMessage is not reported a second time
    [event] = result["cloudtrail"]
    assert event["action"] == "ec2:GetPasswordData" and event["account"] == "123837392027"
    assert event["role"] == "arn:aws:iam::123837392027:role/stratus-red-team-ec2-get-password-data-role"


def test_the_token_is_decoded_in_the_records_account_and_what_the_record_shows_stays_without_it() -> None:
    calls: list[str] = []
    [finding] = explain_text(json.dumps(DENIED), _decoding(calls))
    assert calls == [TOKEN]  # sent once, whole
    data = finding_to_dict(finding, "en")
    assert data["input"] == "cloudtrail" and data["truncated_token"] is False
    assert data["event"] == {"id": DENIED["eventID"], "time": "2023-07-10T11:54:43Z", "region": "us-east-1",
                             "account": "123837392027", "source": "ec2.amazonaws.com", "name": "GetPasswordData",
                             "error_code": "Client.UnauthorizedOperation", "invoked_by": None}
    # Not decodable here: the record still says who, which action and on what, and why decoding failed.
    assert data["action"] == "ec2:GetPasswordData"
    assert data["resource"] == "arn:aws:ec2:us-east-1:123837392027:instance/i-0a4ea6e5b2b2a5f3d"
    assert data["error"]["code"] == "no_credentials"
    assert data["conditions"]["aws:PrincipalArn"] == [DENIED["userIdentity"]["sessionContext"]["sessionIssuer"]["arn"]]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_token_cloudtrail_cut_is_never_sent_and_the_answer_says_how_to_get_it_whole(lang: str) -> None:
    record = copy.deepcopy(DENIED)
    message = record["errorMessage"] + "x7Kp2" * 300
    record["errorMessage"] = message[:1021] + "..."  # as CloudTrail cuts it: 1,024 characters
    calls: list[str] = []
    [finding] = explain_text(json.dumps(record), _decoding(calls))
    assert calls == []
    data = finding_to_dict(finding, lang)
    assert data["truncated_token"] is True and data["error"]["code"] == "cut_by_cloudtrail"
    assert data["action"] == "ec2:GetPasswordData" and data["ok"] is True
    said = render_text([finding], lang)
    expected = {"en": ("CloudTrail cut this record's error message at 1 KB", "--debug"),
                "ja": ("CloudTrail がこのレコードのエラーメッセージを 1 KB で切り詰めた", "--debug")}[lang]
    assert all(words in said for words in expected)
    assert scan(json.dumps(record)).to_dict()["cloudtrail"][0]["truncated_token"] is True


def test_an_aws_service_and_another_account_are_said_plainly() -> None:
    record = {**SUCCEEDED, "errorCode": "AccessDenied", "eventID": "e1",
              "userIdentity": {"type": "AWSAccount", "principalId": "AIDAEXAMPLE", "accountId": "777788889999"},
              "errorMessage": "Access Denied", "eventSource": "s3.amazonaws.com", "eventName": "GetObject",
              "requestParameters": {"bucketName": "shared-artifacts", "key": "build/app.zip"}}
    [finding] = explain_text(json.dumps(record))
    data = finding_to_dict(finding, "en")
    assert data["resource"] == "arn:aws:s3:::shared-artifacts/build/app.zip"
    assert data["principal"]["name"] == "account 777788889999"
    assert data["conditions"]["aws:PrincipalAccount"] == ["777788889999"]


@pytest.mark.parametrize("pasted", [
    "{not json at all, though it says \"eventName\": and \"eventSource\":",
    json.dumps({**DENIED, "errorMessage": None}),
    json.dumps({k: v for k, v in DENIED.items() if k not in ("userIdentity", "requestParameters", "eventTime")}),
    '{"eventName": "x", "eventSource": "y", "errorCode": "AccessDenied", "a": ' + "[" * 5000 + "]" * 5000 + "}",
    '{"eventSource": "s3.amazonaws.com", "eventName": ' + "[" * 50000,
])
def test_bad_records_give_an_answer_or_nothing_never_a_traceback(pasted: str) -> None:
    findings = explain_text(pasted)
    for finding in findings:
        assert finding.input == "cloudtrail"
        render_text([finding], "en")


@needs_samples
@pytest.mark.parametrize("sample", MANIFEST, ids=lambda s: str(s["file"]))
def test_every_shared_record_gives_the_manifests_answer(sample: dict[str, Any]) -> None:
    pasted = (FOLDER / sample["file"]).read_text()
    denials = [e for e in sample["events"] if e["reason"] is not None]
    found = scan(pasted).to_dict()
    assert [e["id"] for e in found["cloudtrail"]] == [e["event_id"] for e in denials]
    assert found["tokens"] == [] and found["denials"] == [] and found["refusals"] == []
    for event, expected in zip(found["cloudtrail"], denials, strict=True):
        assert (event["principal"], event["role"], event["account"], event["action"], event["truncated_token"]) == (
            expected["principal_arn"], expected["role_arn"], expected["account"], expected["action"],
            expected["token_truncated"])
    findings = [finding_to_dict(f, "en") for f in explain_text(pasted, _decoding([]))]
    assert len(findings) == len(denials)
    for data, expected in zip(findings, denials, strict=True):
        assert data["input"] == "cloudtrail" and data["ok"], data
        assert data["event"]["id"] == expected["event_id"]
        if expected["principal_arn"]:
            assert data["principal"]["arn"] == expected["principal_arn"]
        reason = (data.get("reason") or {}).get("code")
        if expected["reason"] in ("encoded", "encoded_truncated"):
            assert data["truncated_token"] is (expected["reason"] == "encoded_truncated") and reason is None
        elif expected["reason"] == "unspecified":
            assert reason in (None, "unspecified", "s3_no_reason")
        else:
            assert reason == expected["reason"]


@needs_samples
def test_report_counts_every_shared_denial_once_and_groups_by_cause(tmp_path: Path) -> None:
    denials = sum(1 for sample in MANIFEST for e in sample["events"] if e["reason"] is not None)
    result = run(["report", "--format", "json", str(FOLDER)])
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert sum(cause["count"] for cause in report["causes"]) == denials
    assert all(cause["finding"]["input"] == "cloudtrail" and cause["finding"]["ok"] for cause in report["causes"])
    counts = [cause["count"] for cause in report["causes"]]
    assert counts == sorted(counts, reverse=True)
    # bert-jan's three AssumeRole denials of one role type, in three files, are one cause.
    [assume] = [c for c in report["causes"] if c["key"].get("principal") == "arn:aws:iam::123837392027:user/bert-jan"]
    assert assume["count"] == 3 and assume["key"]["kind"] == "denied"


def _log_file(folder: Path, name: str, records: list[dict[str, Any]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with gzip.open(folder / name, "wt") as handle:
        json.dump({"Records": records}, handle)


def _session(record: dict[str, Any], session: str, time: str, instance: str) -> dict[str, Any]:
    changed = copy.deepcopy(record)
    changed["userIdentity"]["arn"] = changed["userIdentity"]["arn"].rsplit("/", 1)[0] + "/" + session
    changed.update(eventTime=time, eventID=f"id-{session}-{time}", requestParameters={"instanceId": instance})
    who = changed["userIdentity"]["arn"]
    changed["errorMessage"] = (f"You are not authorized to perform this operation. User: {who}"
                               " is not authorized to perform: ec2:GetPasswordData on resource: "
                               f"arn:aws:ec2:us-east-1:123837392027:instance/{instance} because no identity-based "
                               "policy allows the ec2:GetPasswordData action.")
    return changed


def test_report_streams_a_trail_folder_of_gzip_files_and_folds_sessions_into_their_role(tmp_path: Path) -> None:
    day = tmp_path / "AWSLogs" / "o-abc123" / "123837392027" / "CloudTrail" / "us-east-1" / "2023" / "07" / "10"
    _log_file(day, "a.json.gz", [SUCCEEDED, _session(DENIED, "run-1", "2023-07-10T11:00:00Z", "i-1"),
                                 _session(DENIED, "run-2", "2023-07-10T12:00:00Z", "i-2")])
    _log_file(day, "b.json.gz", [_session(DENIED, "run-3", "2023-07-10T09:00:00Z", "i-1"), SUCCEEDED])
    (day / "broken.json.gz").write_bytes(b"\x1f\x8b not really gzip")
    lines = tmp_path / "lake.jsonl"
    lines.write_text("\n".join([json.dumps(_session(DENIED, "run-4", "2023-07-11T08:00:00Z", "i-3")),
                                "{oops", json.dumps(SUCCEEDED)]) + "\n")
    result = run(["report", "--format", "json", str(tmp_path / "AWSLogs"), str(lines)])
    assert result.returncode == 0
    assert "broken.json.gz" in result.stderr  # reported, and the rest is read
    report = json.loads(result.stdout)
    [cause] = report["causes"]
    assert cause["count"] == 4 and cause["key"]["kind"] == "missing_allow"
    assert cause["first"] == "2023-07-10T09:00:00Z" and cause["last"] == "2023-07-11T08:00:00Z"
    assert cause["principals"] == ["arn:aws:iam::123837392027:role/stratus-red-team-ec2-get-password-data-role"]
    assert len(cause["resources"]) == 3
    assert report["skipped"] == {"not_a_denial": 3, "not_json": 1, "unreadable_file": 1}
    since = json.loads(run(["report", "--format", "json", "--since", "2023-07-10T11:30Z", str(tmp_path)]).stdout)
    assert since["causes"][0]["count"] == 2 and since["skipped"]["before_since"] == 2
    text = run(["report", str(tmp_path), "--lang", "ja"]).stdout
    assert "原因 1:" in text and "4 回拒否" in text
    markdown = run(["report", str(tmp_path), "--format", "markdown"]).stdout
    assert markdown.count("## Cause") == 1 and "```json" in markdown


def test_explain_and_scan_read_a_gzip_log_file_and_a_damaged_one_is_a_clear_line(tmp_path: Path) -> None:
    _log_file(tmp_path, "trail.json.gz", [SUCCEEDED, DENIED])
    explained = json.loads(run(["explain", "--format", "json", str(tmp_path / "trail.json.gz")]).stdout)
    assert [f["event"]["id"] for f in explained["findings"]] == [DENIED["eventID"]]
    assert [e["id"] for e in json.loads(run(["scan", "--format", "json", str(tmp_path / "trail.json.gz")]).stdout)[
        "cloudtrail"]] == [DENIED["eventID"]]
    (tmp_path / "cut.json.gz").write_bytes(gzip.compress(json.dumps({"Records": [DENIED]}).encode())[:60])
    result = run(["explain", str(tmp_path / "cut.json.gz")])
    assert result.returncode == 2 and result.stderr.strip() == (
        f"decode-bot: cannot read {tmp_path / 'cut.json.gz'}: the gzip file is damaged or cut short")


def test_a_log_file_too_large_to_read_whole_and_an_oversized_line_are_skipped_and_counted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.core.causes import Causes
    from bot.ops import trailfiles

    monkeypatch.setattr(trailfiles, "MAX_FILE", 64 << 10)
    monkeypatch.setattr(trailfiles, "MAX_LINE", 8 << 10)
    (tmp_path / "huge.json").write_text(json.dumps({"Records": [DENIED] * 200}, indent=1))
    (tmp_path / "lines.jsonl").write_text(json.dumps({**DENIED, "padding": "x" * (10 << 10)}) + "\n" +
                                          json.dumps(DENIED) + "\n")
    causes = Causes()
    for path in trailfiles.files_in([tmp_path]):
        causes.add_all(trailfiles.records_in_file(path, causes.skip))
    assert causes.skipped == {"too_large": 2}
    assert [cause.count for cause in causes.biggest_first()] == [1]


def test_what_the_request_parameters_say_reaches_the_request_context() -> None:
    record = {**DENIED, "eventName": "RunInstances",
              "errorMessage": "You are not authorized to perform this operation.",
              "requestParameters": {"instanceType": "p4d.24xlarge", "instancesSet": {"items": [{"imageId": "ami-1"}]}}}
    [finding] = explain_text(json.dumps(record))
    data = finding_to_dict(finding, "en")
    assert data["conditions"]["ec2:InstanceType"] == ["p4d.24xlarge"]
    assert data["conditions"]["aws:SourceIp"] == ["10.0.1.24"] and data["decision"] == "denied"
