"""Realistic test inputs written for this project: tokens, decoded messages and pasted errors."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
ACCOUNT = "123456789012"


def read_manifest(folder: Path) -> list[dict[str, Any]]:
    """A shared samples manifest, or [] where ../shared is not beside the checkout (tests then skip)."""
    path = folder / "manifest.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def make_token(seed: int, length: int = 640) -> str:
    """A token-shaped string: base64url alphabet, no padding, realistic length."""
    rng = random.Random(seed)
    return "".join(rng.choice(TOKEN_ALPHABET) for _ in range(length))


def _items(values: list[str]) -> dict[str, Any]:
    return {"items": [{"value": v} for v in values]}


def decoded_message(
    *,
    action: str = "ec2:RunInstances",
    resource: str = f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/*",
    principal_arn: str = f"arn:aws:iam::{ACCOUNT}:user/test-user",
    principal_name: str | None = "test-user",
    explicit_deny: bool = False,
    allowed: bool = False,
    statements: list[dict[str, Any]] | None = None,
    context: dict[str, list[str]] | None = None,
) -> str:
    """The inner JSON of a DecodeAuthorizationMessage answer, as AWS writes it."""
    principal: dict[str, Any] = {"id": "AIDAEXAMPLEID", "arn": principal_arn}
    if principal_name:
        principal["name"] = principal_name
    conditions = context if context is not None else {"aws:Region": ["us-east-1"], "aws:Service": ["ec2"]}
    matched = []
    for statement in statements or []:
        matched.append(
            {
                "statementId": statement.get("sid", ""),
                "effect": statement.get("effect", "DENY"),
                "principals": _items(["AIDAEXAMPLEID"]),
                "principalGroups": {"items": []},
                "actions": _items(statement.get("actions", [action])),
                "resources": _items(statement.get("resources", ["*"])),
                "conditions": {
                    "items": [
                        {"key": k, "values": _items(v)} for k, v in statement.get("conditions", {}).items()
                    ]
                },
            }
        )
    document = {
        "allowed": allowed,
        "explicitDeny": explicit_deny,
        "matchedStatements": {"items": matched},
        "failures": {"items": []},
        "context": {
            "principal": principal,
            "action": action,
            "resource": resource,
            "conditions": {"items": [{"key": k, "values": _items(v)} for k, v in conditions.items()]},
        },
    }
    return json.dumps(document, separators=(",", ":"))


# The AWS knowledge-center case: iam:PassRole missing for an EC2 instance profile role.
PASSROLE_MESSAGE = decoded_message(
    action="iam:PassRole",
    resource=f"arn:aws:iam::{ACCOUNT}:role/EC2_instance_Profile_role",
    context={
        "aws:Region": ["us-east-2"],
        "aws:Service": ["ec2"],
        "iam:RoleName": ["EC2_instance_Profile_role"],
        "aws:Resource": ["role/EC2_instance_Profile_role"],
        "aws:Account": [ACCOUNT],
        "aws:Type": ["role"],
        "aws:ARN": [f"arn:aws:iam::{ACCOUNT}:role/EC2_instance_Profile_role"],
    },
)

SCP_DENY_MESSAGE = decoded_message(
    principal_arn=f"arn:aws:sts::{ACCOUNT}:assumed-role/ci-deployer/gitlab-42",
    principal_name=None,
    explicit_deny=True,
    statements=[
        {
            "sid": "DenyOutsideApprovedRegions",
            "actions": ["ec2:RunInstances"],
            "resources": ["*"],
            "conditions": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]},
        }
    ],
    context={"aws:Region": ["us-east-1"], "aws:Service": ["ec2"], "ec2:InstanceType": ["t3.micro"]},
)


def cli_error(token: str, operation: str = "RunInstances") -> str:
    return (
        f"An error occurred (UnauthorizedOperation) when calling the {operation} operation: You are not "
        f"authorized to perform this operation. Encoded authorization failure message: {token}\n"
    )


def terraform_error(token: str) -> str:
    return (
        "╷\n│ Error: creating EC2 Instance: UnauthorizedOperation: You are not authorized to perform this "
        f"operation. Encoded authorization failure message: {token}\n"
        "│ \tstatus code: 403, request id: 1550870c-6e0b-4fac-ba19-1da46fef7f17\n│\n"
        '│   with aws_instance.web,\n│   on main.tf line 12, in resource "aws_instance" "web":\n╵\n'
    )


# IAM Toolbox details for an authorization ID: a GPU instance launch denied by an SCP, the image allowed.
SCP_POLICY_URI = "arn:aws:organizations::111122223333:policy/o-a1b2c3/service_control_policy/p-gpu0deny"
AUTHORIZATION_ID = "0a1b2c3d4e5f6g7h8i9j0k1l2m"
SCP_DETAILS_PAGES: list[dict[str, Any]] = [
    {
        "requestContext": {
            "aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT}:user/janedoe",
            "aws:PrincipalAccount": ACCOUNT,
            "aws:username": "janedoe",
            "aws:userid": "AIDAEXAMPLEJANEDOE",
            "aws:RequestedRegion": "us-east-1",
            "aws:SourceIp": "198.51.100.23",
        },
        "evaluations": [
            {
                "action": "ec2:RunInstances",
                "resource": f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/*",
                "context": {"ec2:InstanceType": "p5.48xlarge", "ec2:Region": "us-east-1"},
                "evaluatedEffect": "EXPLICIT_DENY",
                "matchedPolicies": [
                    {"uri": SCP_POLICY_URI, "matchedStatements": [{"sid": "DenyGpuInstances",
                                                                   "evaluatedEffect": "DENY"}]},
                    {"uri": "arn:aws:iam::aws:policy/AmazonEC2FullAccess",
                     "matchedStatements": [{"sid": "", "evaluatedEffect": "ALLOW"}]},
                ],
                "checks": [
                    {"checkType": "SERVICE_CONTROL_POLICY", "evaluatedEffect": "EXPLICIT_DENY",
                     "targetArn": "arn:aws:organizations::111122223333:ou/o-a1b2c3/ou-ab12-cd34ef56",
                     "relevantPolicyTypes": ["SERVICE_CONTROL_POLICY"],
                     "matchedPolicies": [{"uri": SCP_POLICY_URI}]},
                    {"checkType": "PRINCIPAL", "evaluatedEffect": "ALLOW",
                     "relevantPolicyTypes": ["IDENTITY_BASED_POLICY"],
                     "matchedPolicies": [{"uri": "arn:aws:iam::aws:policy/AmazonEC2FullAccess"}]},
                ],
            }
        ],
        "policies": [
            {"type": "SERVICE_CONTROL_POLICY", "inline": False, "uri": SCP_POLICY_URI,
             "attachedTo": [{"arn": "arn:aws:organizations::111122223333:ou/o-a1b2c3/ou-ab12-cd34ef56"}]},
        ],
    },
    {  # a second page, as the API paginates evaluations
        "evaluations": [
            {
                "action": "ec2:RunInstances",
                "resource": "arn:aws:ec2:us-east-1::image/ami-0abcdef1234567890",
                "evaluatedEffect": "ALLOW",
                "matchedPolicies": [],
                "checks": [{"checkType": "PRINCIPAL", "evaluatedEffect": "ALLOW",
                            "relevantPolicyTypes": ["IDENTITY_BASED_POLICY"]}],
            }
        ],
        "policies": [
            {"type": "IDENTITY_BASED_POLICY", "inline": False, "uri": "arn:aws:iam::aws:policy/AmazonEC2FullAccess",
             "attachedTo": [{"arn": f"arn:aws:iam::{ACCOUNT}:user/janedoe"}]},
        ],
    },
]


def authorization_id_error(authorization_id: str = AUTHORIZATION_ID, region: str = "us-east-1") -> str:
    return (
        f"An error occurred (UnauthorizedOperation) when calling the RunInstances operation: User: "
        f"arn:aws:iam::{ACCOUNT}:user/janedoe is not authorized to perform: ec2:RunInstances on resource: "
        f"arn:aws:ec2:{region}:{ACCOUNT}:instance/* with an explicit deny in a service control policy: "
        f"{SCP_POLICY_URI}. Go to https://{region}.console.aws.amazon.com/iam/home?region={region}#/"
        f"authorization-details/{authorization_id} for complete details, or call the GetRequestAuthorizationDetails "
        f"API with the following authorization id: {authorization_id}\n"
    )


def awaiting(samples: list[dict[str, Any]], issues: dict[str, str]) -> list[Any]:
    """Shared samples, with those that wait for another issue marked xfail(strict=True) and the reason."""
    import pytest

    return [pytest.param(s, marks=pytest.mark.xfail(strict=True, reason=issues[str(s["file"])]))
            if s["file"] in issues else s for s in samples]
