"""docs/gallery.md is what scripts/gallery.py produces from the real renderers today."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_gallery_is_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location("gallery", ROOT / "scripts" / "gallery.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    generated = module.gallery()
    assert (ROOT / "docs" / "gallery.md").read_text() == generated, "run: python scripts/gallery.py"
    assert generated.count("### Reply (English)") == 11 and generated.count("### Reply (日本語") == 11
    # Issue 26: a CloudTrail record whose token CloudTrail cut, and a report excerpt, in both languages.
    assert "CloudTrail cut this record's error message at 1 KB" in generated
    assert "CloudTrail がこのレコードのエラーメッセージを 1 KB で切り詰めた" in generated
    assert "_from pasted text, not verified with AWS · CloudTrail: `RunInstances` at `2026-12-01T09:14:07Z` in " \
           "`eu-west-1`" in generated
    assert "Cause 1: denied 4× from 2026-12-01T01:00:00Z to 2026-12-01T04:00:00Z" in generated
    assert '"arn:aws:s3:::release-artifacts/build-4.zip"]}]}' in generated  # the statement covers the cause
    assert "原因 2: 2026-12-01T11:30:00Zから2026-12-01T12:30:00Zまでに 2 回拒否" in generated
    # Issue 24: a multi-error paste, a decode-yourself reply and details views, in both languages.
    assert "*3 errors in this paste — 1 not explainable here, 2 denied without a reason*" in generated
    assert "*この貼り付けには 3件のエラーがあります" in generated
    assert "1. `aws_instance.web` — Could not explain" in generated and "3. `ListAccounts` —" in generated
    assert generated.count("*Decode it yourself*") >= 2 and "*自分でデコードする*" in generated
    assert "*Ready to run, with this message in it*" in generated
    assert "Add the statement below to the trust policy of role `TerraformDeploy`" in generated  # AssumeRole
    assert "ロール `TerraformDeploy`の信頼ポリシー" in generated
    assert "Add the statement below to the key policy of" in generated  # cross-account KMS
    assert "and the policies of IAM role `app-reader` (account `123456789012`) (the statement below)" in generated
    assert '"Resource": "arn:aws:s3:::builds-bucket/app.zip"' in generated  # the plain-text S3 case
    assert "send them this thread (policy `p-protecttrail`)" in generated  # the plain-text SCP case
    assert "このスレッドを送ってください (ポリシー `p-protecttrail`)" in generated
    assert "iam:PassedToService" in generated and "ec2:CreateAction" in generated
    assert "This statement denies every action except these 8" in generated  # in the details
    assert ("A Region guardrail in a service control policy (SCP) blocks `ec2:RunInstances` in `us-west-2`. "
            "Allowed Regions: `eu-west-1, eu-central-1`.") in generated  # the answer's cause
    assert "requires a `CostCenter` tag (any value)" in generated
    assert "Launching an instance with an instance profile (RunInstances) needs this permission" in generated
