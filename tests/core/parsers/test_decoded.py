from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.detect import scan
from bot.core.model import Principal
from bot.core.parsers.decoded import ParseError, parse
from tests.builders import PASSROLE_MESSAGE, SHARED, decoded_message, read_manifest
from tests.fuzzstats import CASES

DECODED_DIR = SHARED / "samples" / "decoded"
_decoded_manifest = read_manifest(DECODED_DIR)


@pytest.mark.skipif(not _decoded_manifest, reason="../shared/samples is not beside this checkout")
@pytest.mark.parametrize("sample", _decoded_manifest, ids=lambda s: s["file"])
def test_shared_decoded_samples(sample: dict[str, object]) -> None:
    found = scan((DECODED_DIR / str(sample["file"])).read_text()).decoded
    assert len(found) == 1
    failure = parse(found[0].document)
    assert failure.principal.arn == sample["principal_arn"]
    # The manifest keeps the action as written (null where the message has none); the model carries the prefix.
    expected_action = str(sample["action"] or "")
    assert failure.action == (expected_action if ":" in expected_action or not expected_action
                              else f"ec2:{expected_action}")
    assert failure.resource == (sample["resource"] or "")
    # null in the manifest: the paste elided it, so there is nothing to compare.
    if sample["explicit_deny"] is not None:
        assert failure.explicit_deny == sample["explicit_deny"]
    if sample["matched_statement_ids"] is not None:
        assert [s.sid for s in failure.matched_statements] == sample["matched_statement_ids"]


def test_running_example() -> None:
    failure = parse(PASSROLE_MESSAGE)
    assert failure.principal.arn == "arn:aws:iam::123456789012:user/test-user"
    assert failure.principal.kind == "iam_user"
    assert failure.action == "iam:PassRole"
    assert failure.context_value("aws:service") == "ec2"
    assert "aws:Service" not in failure.condition_context
    assert failure.condition_context == {"iam:RoleName": ("EC2_instance_Profile_role",)}


def test_cli_wrapper_and_missing_prefix() -> None:
    inner = decoded_message(action="RunInstances", context={"aws:Service": ["ec2"]})
    assert parse(json.dumps({"DecodedMessage": inner})).action == "ec2:RunInstances"
    no_service = decoded_message(action="CreateTags", context={})
    assert parse(no_service).action == "ec2:CreateTags"  # from the resource ARN


def test_tolerates_unknown_fields_and_plain_shapes() -> None:
    document = {
        "allowed": False,
        "explicitDeny": True,
        "somethingNew": {"x": 1},
        "matchedStatements": [{"statementId": None, "effect": "DENY", "actions": ["s3:*"], "resources": "*",
                               "conditions": {"aws:SourceIp": "10.0.0.0/8"}}],
        "context": {"principal": {"arn": "arn:aws:iam::123456789012:root"}, "action": "s3:GetObject",
                    "resource": "arn:aws:s3:::b/k", "conditions": {"items": [{"key": "aws:SourceIp"}]}},
    }
    failure = parse(document)
    assert failure.principal.kind == "root"
    statement = failure.matched_statements[0]
    assert (statement.sid, statement.effect, statement.actions, statement.resources) == ("", "Deny", ("s3:*",), ("*",))
    assert statement.conditions == {"aws:SourceIp": ("10.0.0.0/8",)}


@pytest.mark.parametrize(
    ("arn", "kind", "short"),
    [
        ("arn:aws:iam::1:user/path/alice", "iam_user", "alice"),
        ("arn:aws:iam::1:role/service-role/builder", "iam_role", "builder"),
        ("arn:aws:sts::1:assumed-role/ci-deployer/gitlab-42", "assumed_role", "ci-deployer"),
        ("arn:aws:sts::1:federated-user/bob", "federated_user", "bob"),
        ("arn:aws:iam::1:root", "root", "root"),
        ("arn:aws-us-gov:sts::1:assumed-role/r/s", "assumed_role", "r"),
    ],
)
def test_principal_kinds(arn: str, kind: str, short: str) -> None:
    principal = Principal(arn=arn, id=None, name=None)
    assert principal.kind == kind
    assert principal.short_name == short


@pytest.mark.parametrize("bad", ["", "not json", "[]", "42", '{"foo": 1}', '{"DecodedMessage": "nope"}'])
def test_rejects_what_is_not_a_decoded_message(bad: str) -> None:
    with pytest.raises(ParseError):
        parse(bad)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=30,
)
_keys = st.sampled_from(["allowed", "explicitDeny", "matchedStatements", "context", "items", "principal", "action",
                         "resource", "conditions", "key", "values", "value", "statementId", "actions"])
_shaped = st.recursive(
    st.none() | st.booleans() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(_keys, children, max_size=5),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_json, _shaped))
def test_parse_never_raises_anything_but_parse_error(document: object) -> None:
    CASES["parse"] += 1
    try:
        failure = parse(json.dumps(document))
    except ParseError:
        return
    assert isinstance(failure.action, str)
    assert isinstance(failure.principal.kind, str)
