"""Write docs/gallery.md: the common cases, the pasted error and decode-bot's Slack reply, in English and
Japanese, produced by the real pipeline and Block Kit renderer (only STS is replaced by a table of the
decoded messages), so the gallery cannot go stale: a test compares the file with this script's output.

Run: python scripts/gallery.py
"""

from __future__ import annotations

import json
import random
import string
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.core.asking import ask_of  # noqa: E402
from bot.core.causes import Causes, explained  # noqa: E402
from bot.core.outcomes import Decoded, FunctionLookups, LookupOutcome, LookupProblem  # noqa: E402
from bot.core.pipeline import explain_text  # noqa: E402
from bot.render.blocks import details_blocks, reply_blocks  # noqa: E402
from bot.render.report import render_report  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.slack.owners import Owners, Request  # noqa: E402
from bot.state.memory import MemoryStore  # noqa: E402
from bot.vocab import Disclosure, ProblemCode  # noqa: E402

ACCOUNT = "123456789012"


def _made_up_token(seed: int) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(string.ascii_letters + string.digits + "-_") for _ in range(560))


def _items(values: list[str]) -> dict[str, Any]:
    return {"items": [{"value": v} for v in values]}


def _message(action: str, resource: str, principal: dict[str, str], context: dict[str, list[str]],
             explicit: bool = False, statements: list[dict[str, Any]] | None = None) -> str:
    return json.dumps({
        "allowed": False, "explicitDeny": explicit,
        "matchedStatements": {"items": statements or []}, "failures": {"items": []},
        "context": {"principal": principal, "action": action, "resource": resource,
                    "conditions": {"items": [{"key": k, "values": _items(v)} for k, v in context.items()]}},
    })


CASES: list[dict[str, str]] = [
    {
        "title": "A missing iam:PassRole (the AWS knowledge-center case)",
        "token": "4GIOHlTk" + _made_up_token(1),
        "paste": "An error occurred (UnauthorizedOperation) when calling the RunInstances operation: You are not "
                 "authorized to perform this operation. Encoded authorization failure message: {token}",
        "decoded": _message(
            "iam:PassRole", f"arn:aws:iam::{ACCOUNT}:role/EC2_instance_Profile_role",
            {"id": "AIDAEXAMPLETESTUSER", "name": "test-user", "arn": f"arn:aws:iam::{ACCOUNT}:user/test-user"},
            {"aws:Region": ["us-east-2"], "aws:Service": ["ec2"], "iam:RoleName": ["EC2_instance_Profile_role"]}),
    },
    {
        "title": "A Region guardrail in a service control policy (NotAction: global services are exempt)",
        "token": _made_up_token(2),
        "paste": "User: arn:aws:sts::{account}:assumed-role/ci-deployer/gitlab-42 is not authorized to perform: "
                 "ec2:RunInstances on resource: arn:aws:ec2:us-west-2:{account}:instance/* with an explicit deny "
                 "in a service control policy. Encoded authorization failure message: {token}",
        "decoded": _message(
            "ec2:RunInstances", f"arn:aws:ec2:us-west-2:{ACCOUNT}:instance/*",
            {"id": "AROAEXAMPLE:gitlab-42", "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/ci-deployer/gitlab-42"},
            {"aws:Region": ["us-west-2"], "aws:Service": ["ec2"], "ec2:InstanceType": ["t3.micro"]},
            explicit=True,
            statements=[{"statementId": "DenyOutsideApprovedRegions", "effect": "DENY",
                         "actions": _items(["cloudfront:*", "iam:*", "organizations:*", "route53:*", "sts:*",
                                            "support:*", "budgets:*", "waf:*"]), "resources": _items(["*"]),
                         "conditions": {"items": [{"key": "aws:RequestedRegion",
                                                   "values": _items(["eu-west-1", "eu-central-1"])}]}}]),
    },
    {
        "title": "A required tag: a Deny with a Null condition on aws:RequestTag/CostCenter",
        "token": _made_up_token(4),
        "paste": "Error: creating EC2 Instance: UnauthorizedOperation: You are not authorized to perform this "
                 "operation. User: arn:aws:sts::{account}:assumed-role/AWSReservedSSO_Developer_0f1e2d3c4b5a6978/"
                 "jane@example.com is not authorized to perform: ec2:RunInstances on resource: "
                 "arn:aws:ec2:eu-west-1:{account}:instance/* with an explicit deny in a service control policy. "
                 "Encoded authorization failure message: {token}",
        "decoded": _message(
            "RunInstances", f"arn:aws:ec2:eu-west-1:{ACCOUNT}:instance/*",
            {"id": "AROAEXAMPLESSO:jane@example.com",
             "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/AWSReservedSSO_Developer_0f1e2d3c4b5a6978/jane@example.com"},
            {"aws:Region": ["eu-west-1"], "aws:Service": ["ec2"], "ec2:InstanceType": ["t3.small"],
             "aws:RequestTag/Name": ["web-1"], "aws:TagKeys": ["Name"]},
            explicit=True,
            statements=[{"statementId": "RequireCostCenterTag", "effect": "DENY",
                         "actions": _items(["ec2:RunInstances", "ec2:CreateVolume"]),
                         "resources": _items(["arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:*:*:volume/*"]),
                         "conditions": {"items": [{"key": "aws:RequestTag/CostCenter",
                                                   "values": _items(["true"])}]}}]),
    },
    {
        "title": "A plain-text S3 denial (no AWS call needed): a missing Allow in the role's policies",
        "token": "",
        "paste": "upload failed: ./app.zip to s3://builds-bucket/app.zip An error occurred (AccessDenied) when "
                 "calling the PutObject operation: User: arn:aws:sts::{account}:assumed-role/ci-deployer/gitlab-42 is "
                 "not authorized to perform: s3:PutObject on resource: \"arn:aws:s3:::builds-bucket/app.zip\" because "
                 "no identity-based policy allows the s3:PutObject action",
        "decoded": "",
    },
    {
        "title": "A plain-text SCP denial, with the policy's ARN",
        "token": "",
        "paste": "Error: deleting CloudTrail Trail (org-trail): AccessDeniedException: User: arn:aws:sts::{account}:"
                 "assumed-role/AWSReservedSSO_PowerUser_1a2b3c4d5e6f7a8b/dev@example.com is not authorized to "
                 "perform: cloudtrail:StopLogging on resource: arn:aws:cloudtrail:eu-west-1:{account}:trail/org-trail "
                 "with an explicit deny in a service control policy: arn:aws:organizations::999988887777:policy/"
                 "o-abcd1234/service_control_policy/p-protecttrail",
        "decoded": "",
    },
    {
        "title": "Tags on create: ec2:CreateTags during RunInstances",
        "token": _made_up_token(3),
        "paste": "│ Error: creating EC2 Instance: UnauthorizedOperation: You are not authorized to perform this "
                 "operation. Encoded authorization failure message: {token}\n│ \tstatus code: 403, request id: "
                 "1550870c-6e0b-4fac-ba19-1da46fef7f17",
        "decoded": _message(
            "ec2:CreateTags", f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/*",
            {"id": "AIDAEXAMPLEDEVELOPER", "name": "developer", "arn": f"arn:aws:iam::{ACCOUNT}:user/developer"},
            {"aws:Region": ["us-east-1"], "aws:Service": ["ec2"], "ec2:CreateAction": ["RunInstances"],
             "aws:RequestTag/Name": ["web-1"], "aws:TagKeys": ["Name"]}),
    },
    {
        "title": "A role in another account that does not trust the caller (AssumeRole: the trust policy, both sides)",
        "token": "",
        "paste": "│ Error: Cannot assume IAM Role\n│ \n│ IAM Role (arn:aws:iam::444455556666:role/TerraformDeploy) "
                 "cannot be assumed.\n│ \n│ Error: operation error STS: AssumeRole, https response error "
                 "StatusCode: 403, RequestID: 9b1c4e7a-0d2f-4c55-8a61-2f6a3c9d1e00, api error AccessDenied: User: "
                 "arn:aws:sts::{account}:assumed-role/ci-runner/gh-1234 is not authorized to perform: sts:AssumeRole "
                 "on resource: arn:aws:iam::444455556666:role/TerraformDeploy",
        "decoded": "",
    },
    {
        "title": "A KMS key in another account (the key policy and the caller's policies, both sides)",
        "token": "",
        "paste": "download failed: s3://shared-artifacts/build.tgz to ./build.tgz An error occurred (AccessDenied) "
                 "when calling the GetObject operation: User: arn:aws:sts::{account}:assumed-role/app-reader/i-0abc "
                 "is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:eu-west-1:444455556666:key/"
                 "1234abcd-12ab-34cd-56ef-1234567890ab because no resource-based policy allows the kms:Decrypt action",
        "decoded": "",
    },
    {
        "title": "A token from another account: decode it yourself (the token only behind Show details)",
        "token": _made_up_token(9),
        "paste": "An error occurred (UnauthorizedOperation) when calling the CreateVolume operation: You are not "
                 "authorized to perform this operation. User: arn:aws:sts::444455556666:assumed-role/ops/ana is not "
                 "authorized to perform: ec2:CreateVolume on resource: arn:aws:ec2:eu-west-1:444455556666:volume/* "
                 "with an explicit deny in a service control policy. Encoded authorization failure message: {token}",
        "decoded": "",
    },
    {
        "title": "Three errors in one paste: counted, numbered, labelled, one Show details each",
        "token": _made_up_token(11),
        "paste": "│ Error: creating EC2 Instance: UnauthorizedOperation: You are not authorized to perform this "
                 "operation. Encoded authorization failure message: {token}\n│ \n│   with aws_instance.web,\n│   on "
                 "main.tf line 12, in resource \"aws_instance\" \"web\":\n\nupload failed: ./app.zip to "
                 "s3://builds-bucket/app.zip An error occurred (AccessDenied) when calling the PutObject operation: "
                 "Access Denied\n\nAn error occurred (AccessDenied) when calling the ListAccounts operation: You "
                 "don't have permissions to access this resource.",
        "decoded": "",
    },
]


def _record(session: str, time: str, event: str, action: str, resource: str, message: str, **extra: Any
            ) -> dict[str, Any]:
    """A CloudTrail record of a denied call by a session of role ci-deployer, in CloudTrail's own key order."""
    arn = f"arn:aws:sts::{ACCOUNT}:assumed-role/ci-deployer/{session}"
    service = action.split(":")[0]
    return {
        "eventVersion": "1.09",
        "userIdentity": {"type": "AssumedRole", "principalId": f"AROAEXAMPLEID:{session}", "arn": arn,
                         "accountId": ACCOUNT, "accessKeyId": "ASIAEXAMPLEKEY",
                         "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": "AROAEXAMPLEID",
                                                              "arn": f"arn:aws:iam::{ACCOUNT}:role/ci/ci-deployer",
                                                              "accountId": ACCOUNT, "userName": "ci-deployer"}}},
        "eventTime": time, "eventSource": f"{service}.amazonaws.com", "eventName": event, "awsRegion": "eu-west-1",
        "sourceIPAddress": "198.51.100.24", "userAgent": "aws-cli/2.22.4",
        "errorCode": "Client.UnauthorizedOperation" if service == "ec2" else "AccessDenied",
        "errorMessage": message.format(arn=arn, action=action, resource=resource), **extra,
        "requestID": "5f1e2d3c-0000-4000-8000-000000000000", "eventID": f"0e1d2c3b-{session}-{time[11:19]}",
        "readOnly": False, "eventType": "AwsApiCall", "managementEvent": True, "recipientAccountId": ACCOUNT,
    }


_CUT_MESSAGE = ("You are not authorized to perform this operation. User: {arn} is not authorized to perform: {action} "
                "on resource: {resource} because no identity-based policy allows the {action} action. Encoded "
                "authorization failure message: " + _made_up_token(12) + _made_up_token(13))
CUT_RECORD = _record("gitlab-981", "2026-12-01T09:14:07Z", "RunInstances", "ec2:RunInstances",
                     f"arn:aws:ec2:eu-west-1:{ACCOUNT}:instance/*", _CUT_MESSAGE,
                     requestParameters={"instanceType": "t3.large", "minCount": 1, "maxCount": 1})
CUT_RECORD["errorMessage"] = CUT_RECORD["errorMessage"][:1021] + "..."  # as CloudTrail cuts it, at 1 KB
CASES.append({
    "title": "A CloudTrail record whose token CloudTrail cut at 1 KB: never sent to STS, the record explained",
    "token": "",
    "paste": "{{record}}",
    "decoded": "",
})
_PLAIN = ("User: {arn} is not authorized to perform: {action} on resource: {resource} because no identity-based "
          "policy allows the {action} action")
_SCP = "User: {arn} is not authorized to perform: {action} on resource: {resource} with an explicit deny in a " \
       "service control policy"
TRAIL = [
    *(_record(f"gitlab-{n}", f"2026-12-01T0{n}:00:00Z", "PutObject", "s3:PutObject",
              f"arn:aws:s3:::release-artifacts/build-{n}.zip", _PLAIN,
              requestParameters={"bucketName": "release-artifacts", "key": f"build-{n}.zip"}) for n in range(1, 5)),
    *(_record(f"gitlab-{n}", f"2026-12-01T1{n}:30:00Z", "RunInstances", "ec2:RunInstances",
              f"arn:aws:ec2:us-west-2:{ACCOUNT}:instance/*", _SCP) for n in range(1, 3)),
]


def _paste(case: dict[str, str]) -> str:
    if case["paste"] == "{{record}}":
        return json.dumps(CUT_RECORD, indent=2)
    return case["paste"].format(token=case["token"], account=ACCOUNT)


def report_excerpt(lang: str) -> str:
    """`decode-bot report` on a small trail: six denials of role ci-deployer's sessions, two causes."""
    causes = Causes()
    causes.add_all(TRAIL)
    return render_report(explained(causes.biggest_first(), None), causes.skipped, lang)


def _decode(token: str) -> LookupOutcome:
    for case in CASES:
        if case["token"] == token and case["decoded"]:
            return Decoded(case["decoded"])
    return LookupProblem(ProblemCode.INVALID_TOKEN)


def _slack_as_markdown(blocks: list[dict[str, Any]]) -> str:
    """Block Kit as it reads in Slack: each block's mrkdwn text, quoted."""
    parts: list[str] = []
    for block in blocks:
        if block["type"] == "header":
            parts.append(f"*{block['text']['text']}*")
        elif block["type"] == "section":
            texts = [block["text"]["text"]] if "text" in block else []
            texts += [field["text"] for field in block.get("fields", [])]
            parts.extend(texts)
        elif block["type"] == "context":
            parts.extend(f"_{element['text']}_" for element in block["elements"])
        elif block["type"] == "divider":
            parts.append("———")
    return "\n\n".join(parts)


def thread_message(index: int, lang: str) -> dict[str, Any]:
    """The chat.postMessage parameters of the thread answer to CASES[index] (for bench/reply_height.py)."""
    case = CASES[index]
    findings = explain_text(_paste(case), FunctionLookups(_decode))
    fallback, blocks = reply_blocks(findings, lang, 0, Disclosure.STANDARD, "example-reference")
    return {"text": fallback, "blocks": blocks}


def ask_owner_excerpt(lang: str) -> tuple[str, str, str]:
    """"Ask the owner" on case 2 (a Region guardrail in an SCP): the request card the owners' channel gets, the card
    once declined, and what the thread and the asker are told; the workspace and the asker speak `lang`."""
    settings = Settings.from_env({"DEFAULT_LANGUAGE": lang})
    asked_at = 1_796_300_000.0  # a fixed time: the gallery does not change with the clock
    owners = Owners(settings, MemoryStore(), None, None, clock=lambda: asked_at)  # type: ignore[arg-type]
    [finding] = explain_text(_paste(CASES[1]), FunctionLookups(_decode))
    ask = ask_of(finding)
    assert ask is not None
    words = "Deploying the release to us-west-2 for the Oregon launch; *today* if possible."
    fallback, card = owners.card(finding, ask, "U0ASKER", words, "blocking",
                                 "https://example.slack.com/archives/C0DEPLOYS/p1796299990000100")
    request = Request("example", 1, asked_at, "U0ASKER", lang, "C0PLATFORM", "C0DEPLOYS", "1796299990.000100",
                      fallback, card, {}, state="decline", decided_by="U0OWNER", decided_at=asked_at + 3_600,
                      note="us-west-2 is not approved for production data; deploy to us-east-1 or ask for an "
                           "exception in #cloud-governance.")
    return (_slack_as_markdown(card), _slack_as_markdown(owners.decided_card(request)[len(card):]),
            _slack_as_markdown(owners.told(request)))


def gallery() -> str:
    out = ["# Gallery", "",
           f"{len(CASES)} common cases: what someone pastes in Slack, decode-bot's reply in the thread and what "
           "\"Show details\" adds, in English and in Japanese. Generated by `python scripts/gallery.py` from the "
           "real pipeline and Block Kit renderer "
           "(a test fails if this file is out of date); the tokens are made up and STS is replaced by the decoded "
           "messages shown.", ""]
    for number, case in enumerate(CASES, 1):
        paste = _paste(case)
        out += [f"## {number}. {case['title']}", "", "Pasted:", "", "```", paste, "```", ""]
        if case["decoded"]:
            out += ["Decoded by STS (DecodedMessage):", "", "```json", case["decoded"], "```", ""]
        for lang, label in (("en", "Reply (English)"), ("ja", "Reply (日本語, DEFAULT_LANGUAGE=ja)")):
            findings = explain_text(paste, FunctionLookups(_decode))
            _, blocks = reply_blocks(findings, lang, 0, Disclosure.STANDARD, "example-reference")
            _, details = details_blocks(findings, lang)
            out += [f"### {label}", "", "In the thread:", "", "````markdown", _slack_as_markdown(blocks), "````", "",
                    "<details><summary>Show details (only to whoever presses it)</summary>", "", "````markdown",
                    _slack_as_markdown(details), "````", "", "</details>", ""]
    out += ["## Ask the owner: the request card and a decision", "",
            "Case 2's answer carries **Ask the owner**. The person who pasted says what they were trying to do; the "
            "owners' channel (`OWNER_ROUTES=scp=C0PLATFORM`) gets the card below, with **Will change it**, "
            "**Decline** and (where the denial watch is on) **Expected, mute**. Here an owner declines.", ""]
    for lang, label in (("en", "English"), ("ja", "日本語 (DEFAULT_LANGUAGE=ja, the asker's Slack in Japanese)")):
        card, decided, told = ask_owner_excerpt(lang)
        out += [f"### {label}", "", "The card in the owners' channel:", "", "````markdown", card, "````", "",
                "Added to the card when it is decided (its buttons are gone):", "", "````markdown", decided, "````",
                "", "In the original thread and to the asker:", "", "````markdown", told, "````", ""]
    out += ["## `decode-bot report`: a day of a trail, by cause", "",
            "Six denials of role ci-deployer's sessions in CloudTrail log files (sessions, times and objects differ), "
            "as `decode-bot report AWSLogs/` prints them: two causes, the biggest first.", ""]
    for lang, label in (("en", "English"), ("ja", "日本語 (--lang ja)")):
        out += [f"### {label}", "", "```", report_excerpt(lang).rstrip(), "```", ""]
    return "\n".join(out)


if __name__ == "__main__":
    (ROOT / "docs" / "gallery.md").write_text(gallery())
    print("wrote docs/gallery.md")
