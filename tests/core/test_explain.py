from __future__ import annotations

import json

import pytest

from bot.core.detect import scan
from bot.core.explain import explain
from bot.core.hints import PolicyHint
from bot.core.model import CONTEXT_ONLY_KEYS
from bot.core.parsers.decoded import parse
from bot.core.pipeline import explain_text
from bot.i18n import CATALOGS, Line, text
from bot.render.data import finding_to_dict
from bot.render.text import render_text
from bot.vocab import Decision
from tests.builders import ACCOUNT, PASSROLE_MESSAGE, SCP_DENY_MESSAGE, SHARED, decoded_message


def _policy_keys(policy: dict[str, object]) -> set[str]:
    keys: set[str] = set()
    for statement in policy["Statement"]:  # type: ignore[attr-defined]
        for operator in statement.get("Condition", {}).values():
            keys.update(k.lower() for k in operator)
    return keys


def test_running_example_gets_a_passrole_fix_scoped_to_the_role() -> None:
    explanation = explain(parse(PASSROLE_MESSAGE))
    assert explanation.decision is Decision.IMPLICIT_DENY
    assert explanation.fix is not None
    assert explanation.fix.policy == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AllowIamPassRole",
                "Effect": "Allow",
                "Action": "iam:PassRole",
                "Resource": f"arn:aws:iam::{ACCOUNT}:role/EC2_instance_Profile_role",
                "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}},
            }
        ],
    }
    assert explanation.next_steps[0].key == "step.implicit.attach.iam_user"
    assert dict(explanation.next_steps[0].params)["name"] == "test-user"


def test_fix_never_uses_context_only_keys() -> None:
    context = {key: ["x"] for key in ("aws:Service", "aws:Resource", "aws:Type", "aws:ARN", "aws:Account")}
    for action in ("iam:PassRole", "ec2:RunInstances", "s3:GetObject"):
        explanation = explain(parse(decoded_message(action=action, context=context)))
        assert explanation.fix is not None
        assert not _policy_keys(explanation.fix.policy) & CONTEXT_ONLY_KEYS


def test_explicit_deny_never_suggests_an_allow_and_names_the_statement() -> None:
    failure = parse(SCP_DENY_MESSAGE)
    hint = PolicyHint("service_control_policy", True, "arn:aws:organizations::1:policy/o-1/service_control_policy/p-1")
    explanation = explain(failure, hint)
    assert explanation.decision is Decision.EXPLICIT_DENY
    assert explanation.fix is None
    keys = [step.key for step in explanation.next_steps]
    assert keys[0] == "step.explicit.no_allow"
    assert "step.explicit.kind.service_control_policy" in keys
    assert "step.policy_arn" in keys
    assert "step.explicit.statement_conditional" in keys
    rendered = render_text(explain_text(SCP_DENY_MESSAGE, None), "en")
    assert "DenyOutsideApprovedRegions" in rendered
    assert "aws:RequestedRegion: eu-west-1, eu-central-1 (this request: us-east-1)" in rendered


def test_explicit_deny_without_a_hint_lists_where_to_look_for_the_principal() -> None:
    explanation = explain(parse(SCP_DENY_MESSAGE))
    sources = [line.key for line in explanation.deny_sources]
    assert sources[0] == "where.service_control_policy"
    assert "where.session_policy" in sources  # an assumed-role session can carry a session policy
    user = explain(parse(decoded_message(explicit_deny=True, statements=[{"sid": "X"}])))
    assert "where.identity_policy_user" in [line.key for line in user.deny_sources]
    assert "where.session_policy" not in [line.key for line in user.deny_sources]


def test_a_hint_that_disagrees_with_the_decoded_decision_is_ignored() -> None:
    explanation = explain(parse(PASSROLE_MESSAGE), PolicyHint("service_control_policy", True, None))
    assert explanation.policy is None


def test_implicit_deny_from_a_permissions_boundary_sends_the_fix_to_the_boundary() -> None:
    explanation = explain(parse(PASSROLE_MESSAGE), PolicyHint("permissions_boundary", False, None))
    assert explanation.next_steps[0].key == "step.implicit.missing.permissions_boundary"


def test_json_contract_for_the_running_example() -> None:
    [finding] = explain_text(json.dumps({"DecodedMessage": PASSROLE_MESSAGE}), None)
    data = finding_to_dict(finding, "en")
    assert data["input"] == "decoded"
    assert data["ok"] is True and data["error"] is None
    assert data["decision"] == "implicit_deny"
    assert data["principal"]["arn"] == f"arn:aws:iam::{ACCOUNT}:user/test-user"
    assert data["action"] == "iam:PassRole"
    assert data["conditions"]["aws:Region"] == ["us-east-2"]
    assert data["summary"].endswith("no policy allows it.")
    assert data["fix"]["policy"]["Statement"][0]["Condition"] == {
        "StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}
    }


@pytest.mark.skipif(not (SHARED / "samples" / "decoded").exists(), reason="../shared/samples is absent")
def test_every_shared_decoded_sample_renders_in_every_format() -> None:
    for path in sorted((SHARED / "samples" / "decoded").glob("0*")):
        findings = explain_text(path.read_text(), None)
        assert [f.ok for f in findings] == [True], path.name
        assert "Next steps" in render_text(findings, "en")
        assert "### " in render_text(findings, "en", markdown=True)
        json.dumps(finding_to_dict(findings[0], "en"))


def test_quarantine_style_statement_list_is_shortened_in_text() -> None:
    actions = [f"iam:Action{i}" for i in range(55)]
    message = decoded_message(explicit_deny=True, statements=[{"actions": actions}])
    rendered = render_text(explain_text(message, None), "en")
    assert "and 45 more" in rendered
    assert "Look for a Deny statement without a Sid" in rendered


def test_every_catalog_entry_formats() -> None:
    import string

    for lang, catalog in CATALOGS.items():
        for key, template in catalog.items():
            fields = {name for _, name, _, _ in string.Formatter().parse(template) if name}
            assert text(Line(key, **dict.fromkeys(fields, "x")), lang), (lang, key)


def test_truncated_and_missing_tokens_become_findings_that_say_what_to_do() -> None:
    label = "Encoded authorization failure message:"
    [cut] = explain_text(f"{label} AbCdEf123...", None)
    assert cut.problem is not None and cut.problem.code == "truncated"
    [missing] = explain_text(f"{label} <ENCODED MESSAGE>", None)
    assert missing.problem is not None and missing.problem.code == "no_token"
    assert explain_text("nothing to see", None) == []
    assert scan("nothing to see").missing == ()
