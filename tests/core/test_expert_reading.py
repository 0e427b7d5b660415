"""Issue 9: every denial read as an IAM expert would, from realistic decoded messages in the real shape
({"items": [...]} wrappers, DENY upper-case, actions without prefix, context-only keys), checked as the rule,
its wording in both languages and the JSON fields."""

from __future__ import annotations

import json
from typing import Any

from bot.core.pipeline import explain_text
from bot.render.data import finding_to_dict
from bot.render.text import render_text
from tests.builders import ACCOUNT, decoded_message

SCP_HINT = (f"User: arn:aws:sts::{ACCOUNT}:assumed-role/ci-deployer/run-7 is not authorized to perform: "
            "ec2:RunInstances with an explicit deny in a service control policy\n")
ROLE = f"arn:aws:sts::{ACCOUNT}:assumed-role/ci-deployer/run-7"
GLOBAL_SERVICES = ["cloudfront:*", "iam:*", "organizations:*", "route53:*", "sts:*", "support:*"]


def _read(message: str, prefix: str = "") -> tuple[str, str, dict[str, Any]]:
    """(English text, Japanese text, JSON finding) for one pasted decoded message."""
    [finding] = explain_text(prefix + message)
    assert finding.ok, finding.problem
    return render_text([finding], "en"), render_text([finding], "ja"), finding_to_dict(finding, "en")


def _deny(conditions: dict[str, list[str]], context: dict[str, list[str]], *, actions: list[str] | None = None,
          resources: list[str] | None = None, principal: str = ROLE, action: str = "RunInstances",
          resource: str = f"arn:aws:ec2:us-west-2:{ACCOUNT}:instance/*") -> str:
    statement: dict[str, Any] = {"sid": "Guardrail", "conditions": conditions}
    if actions is not None:
        statement["actions"] = actions
    if resources is not None:
        statement["resources"] = resources
    return decoded_message(action=action, resource=resource, principal_arn=principal, principal_name=None,
                           explicit_deny=True, statements=[statement],
                           context={"aws:Service": ["ec2"], "aws:Resource": ["instance/*"], **context})


def _readings(data: dict[str, Any]) -> dict[str, str]:
    return {r["key"]: r["reading"] for s in data["matched_statements"] for r in s["readings"]}


# 1. Operators inferred from the fact that the statement matched ------------------------------------------


def test_a_region_deny_list_is_read_as_a_deny_list() -> None:
    en, ja, data = _read(_deny({"aws:RequestedRegion": ["ap-*", "sa-east-1"]}, {"aws:Region": ["ap-south-1"]},
                               actions=["ec2:*"]))
    assert "denies requests to these Regions: ap-*, sa-east-1; this request went to ap-south-1" in en
    assert "only these Regions" not in en
    assert "次のリージョンへのリクエストを拒否します: ap-*, sa-east-1" in ja
    [reading] = data["matched_statements"][0]["readings"]
    assert reading == {"key": "aws:RequestedRegion", "values": ["ap-*", "sa-east-1"], "request": ["ap-south-1"],
                       "reading": "listed"}


def test_a_region_allow_list_is_read_as_an_allow_list() -> None:
    en, ja, data = _read(_deny({"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]},
                               {"aws:Region": ["us-west-2"]}, actions=["ec2:*"]))
    assert "only these Regions are allowed: eu-west-1, eu-central-1; this request went to us-west-2" in en
    assert "許可されているのは次のリージョンだけです: eu-west-1, eu-central-1" in ja
    assert _readings(data) == {"aws:RequestedRegion": "not_listed"}


def test_denied_instance_types_with_wildcards() -> None:
    en, ja, data = _read(_deny({"ec2:InstanceType": ["p4d.*", "p5.*"]}, {"ec2:InstanceType": ["p5.48xlarge"]}))
    assert "denies these instance types: p4d.*, p5.*; this request asked for p5.48xlarge" in en
    assert "次のインスタンスタイプを拒否します" in ja
    assert _readings(data) == {"ec2:InstanceType": "listed"}


def test_a_forbidden_tag_value_and_an_allowed_tag_value() -> None:
    en, _, data = _read(_deny({"aws:RequestTag/Environment": ["prod"]}, {"aws:RequestTag/Environment": ["prod"]}))
    assert "denies the tag Environment with these values: prod; this request set prod" in en
    en, ja, data = _read(_deny({"aws:RequestTag/Environment": ["dev", "test"]},
                               {"aws:RequestTag/Environment": ["prod"]}))
    assert "Only these values are allowed for the tag Environment: dev, test; this request set prod" in en
    assert "タグ Environmentに許可されている値は次のものだけです: dev, test" in ja
    assert _readings(data) == {"aws:RequestTag/Environment": "not_listed"}


def test_a_null_check_means_the_tag_is_required_never_that_it_must_be_true() -> None:
    en, ja, data = _read(_deny({"aws:RequestTag/CostCenter": ["true"]}, {"aws:RequestTag/Name": ["web"]}))
    assert "requires a CostCenter tag (any value)" in en
    assert "CostCenter=true" not in en and "CostCenter = true" not in en
    assert "{tag}" not in ja and "CostCenter タグ (値は任意)" in ja
    assert _readings(data) == {"aws:RequestTag/CostCenter": "key_absent"}


def test_masked_values_and_numbers_are_unknown_not_guessed() -> None:
    _, _, data = _read(_deny({"aws:MultiFactorAuthAge": ["3600"]}, {"aws:MultiFactorAuthAge": ["7200"]}))
    assert _readings(data) == {"aws:MultiFactorAuthAge": "unknown"}


def test_source_ip_ranges_are_matched_as_networks() -> None:
    en, _, data = _read(_deny({"aws:SourceIp": ["192.0.2.0/24", "203.0.113.0/24"]},
                              {"aws:SourceIp": ["198.51.100.7"]}))
    assert _readings(data) == {"aws:SourceIp": "not_listed"}
    assert "allows the call only from the IP ranges 192.0.2.0/24, 203.0.113.0/24; this request came from " \
        "198.51.100.7" in en
    assert "Call from an allowed network (192.0.2.0/24, 203.0.113.0/24)" in en


# 2. NotAction and NotResource ----------------------------------------------------------------------------


def test_a_notaction_region_guardrail_lists_exceptions_never_what_is_denied() -> None:
    en, ja, data = _read(_deny({"aws:RequestedRegion": ["eu-west-1"]}, {"aws:Region": ["us-east-1"]},
                               actions=GLOBAL_SERVICES), SCP_HINT)
    statement = data["matched_statements"][0]
    assert statement["actions"] == [] and statement["not_actions"] == GLOBAL_SERVICES
    assert "denies every action except these 6: cloudfront:*, iam:*" in en
    assert "Every action except: cloudfront:*" in en and "Actions: cloudfront:*" not in en
    assert "6 個を除くすべてのアクションを拒否します" in ja
    for step in data["next_steps"]:  # never advise calling an exempt action as the way out
        assert "sts:" not in step.split("except these")[0]


def test_a_notresource_statement() -> None:
    buckets = ["arn:aws:s3:::approved-bucket", "arn:aws:s3:::approved-bucket/*"]
    en, ja, data = _read(_deny({}, {"aws:Service": ["s3"]}, actions=["s3:*"], resources=buckets,
                               action="s3:PutObject", resource="arn:aws:s3:::other-bucket/key"))
    statement = data["matched_statements"][0]
    assert statement["resources"] == [] and statement["not_resources"] == buckets
    assert "denies access to every resource except these 2" in en
    assert "リソースへのアクセスを拒否します" in ja


# 3. Keys every signed request carries ---------------------------------------------------------------------


def test_principal_arn_is_filled_in_and_compared_with_the_exemptions() -> None:
    exempt = [f"arn:aws:iam::{ACCOUNT}:role/Admin*", f"arn:aws:iam::{ACCOUNT}:role/OrganizationAccountAccessRole"]
    en, ja, data = _read(_deny({"aws:PrincipalArn": exempt, "aws:RequestedRegion": ["eu-west-1"]},
                               {"aws:Region": ["us-east-1"]}, actions=GLOBAL_SERVICES))
    readings = {r["key"]: r for r in data["matched_statements"][0]["readings"]}
    assert readings["aws:PrincipalArn"]["request"] == [f"arn:aws:iam::{ACCOUNT}:role/ci-deployer"]
    assert readings["aws:PrincipalArn"]["reading"] == "not_listed"
    assert "not set" not in en
    assert f"yours is arn:aws:iam::{ACCOUNT}:role/ci-deployer, which is not among them" in en
    assert "Run the request as one of them, or ask the policy's owner to exempt" in en
    assert "その中にありません" in ja


def test_principal_account_is_filled_in() -> None:
    _, _, data = _read(_deny({"aws:PrincipalAccount": ["111122223333"]}, {}))
    readings = data["matched_statements"][0]["readings"]
    assert readings == [{"key": "aws:PrincipalAccount", "values": ["111122223333"], "request": [ACCOUNT],
                         "reading": "not_listed"}]


# 4. Quarantine only for AWS's own policies ------------------------------------------------------------------

QUARANTINE_ACTIONS = [
    "iam:AttachGroupPolicy", "iam:AttachRolePolicy", "iam:AttachUserPolicy", "iam:ChangePassword",
    "iam:CreateAccessKey", "iam:CreateInstanceProfile", "iam:CreateLoginProfile", "iam:CreateRole", "iam:CreateUser",
    "iam:DetachUserPolicy", "iam:PutUserPermissionsBoundary", "iam:PutUserPolicy", "iam:UpdateAccessKey",
    "iam:UpdateAccountPasswordPolicy", "iam:UpdateUser", "ec2:RequestSpotInstances", "ec2:RunInstances",
    "ec2:StartInstances", "organizations:CreateAccount", "organizations:CreateOrganization",
    "organizations:InviteAccountToOrganization", "lambda:CreateFunction", "lightsail:Create*", "lightsail:Start*",
]


def test_awss_quarantine_policy_on_a_user_says_follow_aws_instructions_not_detach() -> None:
    user = f"arn:aws:iam::{ACCOUNT}:user/leaky"
    en, ja, _ = _read(_deny({}, {}, actions=QUARANTINE_ACTIONS, principal=user))
    assert "quarantine policy for compromised keys" in en
    assert "follow the instructions in AWS's notice" in en and "rotate the key" in en and "CloudTrail" in en
    assert "Do not simply detach" in en
    assert "単にデタッチしないでください" in ja
    # Issue 24, point 4: its own headline and first step, no step saying the policy is unknown, and the request's
    # values kept out of a public thread even when it shows every detail.
    assert en.startswith("Compromised access key — AWS has quarantined this user")
    assert ja.startswith("アクセスキーの漏えい — AWS がこのユーザーを隔離しました")
    first_screen = en.split("\nDetails")[0]
    assert "rotate the key" in first_screen and "does not say which policy" not in first_screen
    from bot.core.pipeline import explain_text
    from bot.render.blocks import details_blocks, reply_blocks
    from bot.vocab import Disclosure

    message = _deny({}, {"aws:SourceIp": ["203.0.113.9"]}, actions=QUARANTINE_ACTIONS, principal=user)
    findings = explain_text(message)
    assert "203.0.113.9" not in json.dumps(reply_blocks(findings, "en", 0, Disclosure.FULL)[1])
    assert "rotate the key" not in json.dumps(details_blocks(findings, "en")[1])  # details never repeat the answer


def test_a_big_conditional_deny_on_a_role_is_an_ordinary_guardrail() -> None:
    en, _, _ = _read(_deny({"aws:RequestedRegion": ["eu-west-1"]}, {"aws:Region": ["us-east-1"]},
                           actions=QUARANTINE_ACTIONS))
    assert "compromised" not in en
    en, _, _ = _read(_deny({}, {}, actions=QUARANTINE_ACTIONS))  # no conditions, but a role session
    assert "compromised" not in en


# 5. Principals ----------------------------------------------------------------------------------------------

SSO = f"arn:aws:sts::{ACCOUNT}:assumed-role/AWSReservedSSO_DataEngineer_5e6f7a8b9c0d1e2f/maria@example.com"


def test_an_identity_center_session_gets_its_fix_in_the_permission_set() -> None:
    message = decoded_message(action="s3:GetObject", resource="arn:aws:s3:::reports/q3.csv", principal_arn=SSO,
                              principal_name=None, context={"aws:Service": ["s3"]})
    en, ja, data = _read(message)
    assert data["fix"]["attach_to"] == {"kind": "permission_set", "name": "DataEngineer", "arn": None,
                                        "account": ACCOUNT}
    assert "permission set DataEngineer in IAM Identity Center" in en
    assert "IAM refuses changes to its role" in en
    assert "アクセス許可セット DataEngineer" in ja
    assert "policies of IAM role" not in en


def test_an_identity_center_explicit_deny_points_to_the_permission_set_not_a_session_policy() -> None:
    en, _, _ = _read(_deny({"aws:RequestedRegion": ["eu-west-1"]}, {"aws:Region": ["us-east-1"]}, principal=SSO))
    assert "permission set DataEngineer in IAM Identity Center" in en
    assert "SSO permission set" not in en
    assert "a permissions boundary on" not in en


def test_an_identity_center_boundary_or_policy_named_by_the_error_is_the_permission_sets() -> None:
    hint = (f"User: {SSO} is not authorized to perform: ec2:RunInstances with an explicit deny in a permissions "
            "boundary\n")
    en, ja, _ = _read(_deny({"aws:RequestedRegion": ["eu-west-1"]}, {"aws:Region": ["us-east-1"]}, principal=SSO),
                      hint)
    assert "The Deny is in permission set DataEngineer of IAM Identity Center" in en
    assert "permissions boundary set on this user or role" not in en
    assert "アクセス許可セット DataEngineer" in ja


def test_mfa_advice_follows_the_principal() -> None:
    mfa = {"aws:MultiFactorAuthPresent": ["false"]}
    request = {"aws:MultiFactorAuthPresent": ["false"]}
    user, _, _ = _read(_deny(mfa, request, principal=f"arn:aws:iam::{ACCOUNT}:user/dev"))
    assert "get-session-token" in user
    person = f"arn:aws:sts::{ACCOUNT}:assumed-role/PowerUser/alice"
    role, ja, _ = _read(_deny(mfa, request, principal=person))
    assert "assume PowerUser again" in role and "--serial-number" in role and "mfa_serial" in role
    assert "works only with an IAM user's own keys" in role and "ロールを引き受け" in ja
    instance = f"arn:aws:sts::{ACCOUNT}:assumed-role/web-instance-role/i-0abc123def4567890"
    for arn in (instance, ROLE):  # an instance profile, a CI role
        machine, _, _ = _read(_deny(mfa, {}, principal=arn))
        assert "MFA cannot apply" in machine and "get-session-token --serial" not in machine


def test_the_root_user_gets_no_identity_statement_and_no_boundary_talk() -> None:
    root = f"arn:aws:iam::{ACCOUNT}:root"
    message = decoded_message(action="s3:PutBucketPolicy", resource="arn:aws:s3:::logs", principal_arn=root,
                              principal_name=None, context={"aws:Service": ["s3"]})
    en, _, data = _read(message)
    assert data["fix"] is None
    assert "service control policy" in en and "permissions boundary" not in en and "session policy" not in en
    en, _, _ = _read(_deny({"aws:RequestedRegion": ["eu-west-1"]}, {"aws:Region": ["us-east-1"]}, principal=root))
    assert "permissions boundary" not in en and "session policy" not in en and "policies attached to" not in en


def test_every_fix_says_where_it_goes() -> None:
    for principal, expected in (
        (f"arn:aws:iam::{ACCOUNT}:user/dev", {"kind": "user", "name": "dev",
                                             "arn": f"arn:aws:iam::{ACCOUNT}:user/dev", "account": ACCOUNT}),
        (ROLE, {"kind": "role", "name": "ci-deployer", "arn": f"arn:aws:iam::{ACCOUNT}:role/ci-deployer",
                "account": ACCOUNT}),
    ):
        message = decoded_message(action="sqs:SendMessage", resource=f"arn:aws:sqs:us-east-1:{ACCOUNT}:jobs",
                                  principal_arn=principal, principal_name=None, context={"aws:Service": ["sqs"]})
        assert _read(message)[2]["fix"]["attach_to"] == expected


# 6. Partitions ------------------------------------------------------------------------------------------------


def test_every_suggested_arn_follows_the_principals_partition() -> None:
    for partition, region, domain in (("aws-cn", "cn-north-1", "amazonaws.com.cn"),
                                      ("aws-us-gov", "us-gov-west-1", "amazonaws.com")):
        principal = f"arn:{partition}:iam::{ACCOUNT}:user/dev"
        message = decoded_message(
            action="ec2:RunInstances", resource=f"arn:{partition}:ec2:{region}:{ACCOUNT}:volume/*",
            principal_arn=principal, principal_name=None,
            context={"aws:Service": ["ec2"], "aws:Region": [region], "ec2:Encrypted": ["true"],
                     "ec2:KmsKeyId": ["1234abcd-12ab-34cd-56ef-1234567890ab"]})
        _, _, data = _read(message)
        arns = [*data["fix"]["policy"]["Statement"][0]["Resource"],
                *[s["Resource"] for s in data["fix"]["related"]["policy"]["Statement"]]]
        assert all(arn.startswith(f"arn:{partition}:") for arn in arns), arns
        via = data["fix"]["related"]["policy"]["Statement"][0]["Condition"]["StringEquals"]["kms:ViaService"]
        assert via == f"ec2.{region}.{domain}"
    china = decoded_message(action="iam:PassRole", resource=f"arn:aws-cn:iam::{ACCOUNT}:role/app",
                            principal_arn=f"arn:aws-cn:iam::{ACCOUNT}:user/dev", principal_name=None,
                            context={"aws:Service": ["ec2"]})
    condition = _read(china)[2]["fix"]["policy"]["Statement"][0]["Condition"]
    assert condition == {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com.cn"}}


# 7. Complete fixes -------------------------------------------------------------------------------------------


def test_run_instances_gets_every_resource_type_in_one_statement() -> None:
    message = decoded_message(
        action="RunInstances", resource=f"arn:aws:ec2:eu-west-1:{ACCOUNT}:instance/*",
        context={"aws:Service": ["ec2"], "aws:Region": ["eu-west-1"], "ec2:InstanceType": ["t3.micro"],
                 "ec2:KeyPairName": ["deploy"], "ec2:LaunchTemplate": [f"arn:aws:ec2:eu-west-1:{ACCOUNT}:"
                                                                       "launch-template/lt-0123456789abcdef0"]})
    en, ja, data = _read(message)
    [statement] = data["fix"]["policy"]["Statement"]
    types = [arn.split(":", 5)[5].split("/")[0] for arn in statement["Resource"]]
    assert types == ["image", "instance", "network-interface", "security-group", "subnet", "volume", "key-pair",
                     "launch-template"]
    assert statement["Resource"][0] == "arn:aws:ec2:eu-west-1::image/*"  # images have no account
    assert "allows them together" in en and "まとめて許可します" in ja


def test_tag_on_create_gets_create_action_even_when_the_context_lacks_it() -> None:
    message = decoded_message(
        action="ec2:CreateTags", resource=f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/*",
        context={"aws:Service": ["ec2"], "ec2:InstanceType": ["t3.micro"], "aws:RequestTag/Name": ["web"]})
    _, _, data = _read(message)
    condition = data["fix"]["policy"]["Statement"][0]["Condition"]
    assert condition == {"StringEquals": {"ec2:CreateAction": "RunInstances"}}


def test_kms_hint_only_for_a_customer_managed_key_with_a_valid_arn() -> None:
    base = {"aws:Service": ["ec2"], "aws:Region": ["us-east-1"], "ec2:Encrypted": ["true"]}
    volume = f"arn:aws:ec2:us-east-1:{ACCOUNT}:volume/*"
    assert _read(decoded_message(resource=volume, context=base))[2]["fix"]["related"] is None
    key = "1234abcd-12ab-34cd-56ef-1234567890ab"
    related = _read(decoded_message(resource=volume, context={**base, "ec2:KmsKeyId": [key]}))[2]["fix"]["related"]
    assert related["policy"]["Statement"][0]["Resource"] == f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{key}"


def test_multi_valued_keys_keep_every_value_and_narrowing_skips_the_resources_own_id() -> None:
    message = decoded_message(
        action="ec2:StartInstances", resource=f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/i-0123456789abcdef0",
        context={"aws:Service": ["ec2"], "aws:Region": ["us-east-1"], "ec2:Region": ["us-east-1"],
                 "ec2:InstanceID": ["i-0123456789abcdef0"], "aws:TagKeys": ["Team", "Env"],
                 "ec2:ResourceTag/Team": ["data", "ml"]})
    _, _, data = _read(message)
    narrowing = {n["key"]: n["value"] for n in data["iam"]["narrowing"]}
    assert "ec2:InstanceID" not in narrowing
    assert narrowing.get("ec2:ResourceTag/Team") == "data, ml"
    assert sum(key.lower() in ("ec2:region", "aws:region", "aws:requestedregion") for key in narrowing) <= 1
    assert data["conditions"]["aws:TagKeys"] == ["Team", "Env"]


# 8. Matched Allow statements ----------------------------------------------------------------------------------


def test_a_matched_allow_is_labelled_allow_and_points_to_another_layer() -> None:
    message = decoded_message(
        action="s3:GetObject", resource="arn:aws:s3:::data/a.csv", principal_arn=ROLE, principal_name=None,
        statements=[{"sid": "ReadData", "effect": "ALLOW", "actions": ["s3:GetObject"],
                     "resources": ["arn:aws:s3:::data/*"]}], context={"aws:Service": ["s3"]})
    en, ja, data = _read(message)
    assert data["matched_statements"][0]["effect"] == "Allow"
    assert 'Sid ReadData (Allow)' in en
    assert "the missing Allow is in another kind of policy" in en and "別の種類のポリシー" in ja


def test_an_allow_whose_condition_was_not_met_is_named() -> None:
    message = decoded_message(
        action="s3:GetObject", resource="arn:aws:s3:::data/a.csv", principal_arn=ROLE, principal_name=None,
        statements=[{"sid": "ReadFromOffice", "effect": "ALLOW", "actions": ["s3:GetObject"],
                     "conditions": {"aws:SourceIp": ["192.0.2.0/24"]}}],
        context={"aws:Service": ["s3"], "aws:SourceIp": ["198.51.100.4"]})
    en, _, _ = _read(message)
    assert ('The Allow statement with Sid ReadFromOffice applies only when aws:SourceIp is 192.0.2.0/24; '
            "this request had 198.51.100.4, so it did not apply") in en


# 9. Damaged input ----------------------------------------------------------------------------------------------


def test_placeholders_with_colons_inside_arns_still_give_the_role_and_session() -> None:
    message = decoded_message(action="iam:PassRole", resource="arn:aws:iam::[redacted:account_id]:role/app",
                              principal_arn="arn:aws:sts::[redacted:account_id]:assumed-role/deployer/ci-91",
                              principal_name=None, context={"aws:Service": ["ec2"]})
    en, _, data = _read(message)
    assert "IAM role deployer (session ci-91)" in en
    assert data["fix"]["attach_to"]["name"] == "deployer"


def _cli_output(message: str) -> str:
    return json.dumps({"DecodedMessage": message}, indent=4)


def test_decoded_output_hard_wrapped_anywhere_even_inside_escapes_is_recovered() -> None:
    pasted = _cli_output(_deny({"aws:RequestedRegion": ["eu-west-1"]}, {"aws:Region": ["us-east-1"]}))
    split_escapes = 0
    for width in range(30, 111, 7):
        wrapped = "\n".join(pasted[i : i + width] for i in range(0, len(pasted), width))
        split_escapes += '\\\n"' in wrapped
        en, _, _ = _read(wrapped)
        assert "only these Regions are allowed: eu-west-1" in en, width
    assert split_escapes  # some of those widths cut an escape sequence in two


def test_decoded_output_decorated_with_emphasis_is_recovered() -> None:
    message = _deny({"aws:RequestTag/CostCenter": ["true"]}, {})
    document = json.loads(message)
    pretty = json.dumps(document, indent=2)
    decorated = "**Decoded:** **" + pretty.replace('"allowed"', '*"allowed"*').replace(
        '"Guardrail"', '"**Guardrail**"') + "**"
    en, _, data = _read(decorated)
    assert "requires a CostCenter tag" in en and data["matched_statements"][0]["sid"] == "Guardrail"


def test_a_decoded_message_too_damaged_to_read_is_reported_not_ignored() -> None:
    broken = '{"allowed": false, "explicitDeny": true, "context": {"principal": {"arn": ]]] }{ "action":'
    [finding] = explain_text("here is what I got:\n" + broken)
    assert finding.problem is not None and finding.problem.code == "damaged"
    assert "too damaged to read" in render_text([finding], "en")
    assert "破損" in render_text([finding], "ja")
