"""One declaration per input kind: every kind has its row, is found, is read, and round-trips through JSON."""

from __future__ import annotations

import json

from bot.core.detect import scan
from bot.core.kinds import KINDS, input_from_dict, input_to_dict, inputs_from_json, inputs_to_json
from bot.core.outcomes import Decoded, FunctionLookups, LookupOutcome
from bot.core.pipeline import explain_inputs
from bot.vocab import InputKind, Source
from tests.builders import PASSROLE_MESSAGE, authorization_id_error, cli_error, make_token

TOKEN = make_token(4242)
# A paste of each kind; a new kind without one fails the first test.
PASTES = {
    InputKind.ENCODED: cli_error(TOKEN),
    InputKind.DECODED: PASSROLE_MESSAGE,
    InputKind.AUTHORIZATION_ID: authorization_id_error(),
    InputKind.MISSING: "An error occurred (UnauthorizedOperation). Encoded authorization failure message: <redacted>",
    InputKind.TEXT: "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: s3:GetObject on "
                    "resource: arn:aws:s3:::reports/q3.csv because no identity-based policy allows the s3:GetObject "
                    "action",
    InputKind.REFUSAL: "An error occurred (AccessDeniedException) when calling the ListAccounts operation: You don't "
                       "have permissions to access this resource.",
    InputKind.CLOUDTRAIL: json.dumps({
        "eventVersion": "1.08", "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::123456789012:user/dev",
                                                 "accountId": "123456789012"},
        "eventTime": "2026-12-01T09:00:00Z", "eventSource": "s3.amazonaws.com", "eventName": "GetObject",
        "awsRegion": "us-east-1", "errorCode": "AccessDenied", "errorMessage": "Access Denied",
        "requestParameters": {"bucketName": "reports", "key": "q3.csv"}, "eventID": "e-1",
        "recipientAccountId": "123456789012"}),
}


def _decode(token: str) -> LookupOutcome:
    return Decoded(PASSROLE_MESSAGE)


def test_every_input_kind_has_its_row_and_a_paste() -> None:
    assert set(KINDS) == set(InputKind) == set(PASTES)
    for kind, row in KINDS.items():
        assert row.kind is kind and row.type.kind is kind
    found_by_another = {kind for kind, row in KINDS.items() if row.find is None}
    assert found_by_another == {InputKind.MISSING}  # the token finder finds labels without a token


def test_every_kind_is_found_and_round_trips_through_json() -> None:
    for kind, paste in PASTES.items():
        inputs = tuple(item for item in scan(paste).inputs if item.kind is kind)
        assert inputs, kind
        assert inputs_from_json(inputs_to_json(inputs)) == inputs, kind
        assert all(input_from_dict(input_to_dict(item)) == item for item in inputs)


def test_every_kind_that_explains_says_who_vouches_for_it() -> None:
    lookups = FunctionLookups(_decode, lambda identifier, region: Decoded(PASSROLE_MESSAGE))
    for kind, paste in PASTES.items():
        findings = explain_inputs(scan(paste).inputs, lookups)
        if any(finding.ok for finding in findings):
            assert KINDS[kind].source is not None, kind
            # An input that could not be read is answered from its own error text, which only the paste vouches for.
            assert all(finding.source is (Source.PASTED if finding.text_only else KINDS[kind].source)
                       for finding in findings)


def test_scan_json_lists_every_kind_that_has_a_field() -> None:
    fields = scan("\n\n".join(PASTES.values())).to_dict()
    assert {row.scan_field for row in KINDS.values() if row.scan_field} | {"hints"} == set(fields)
    assert fields["tokens"][0]["token"] == TOKEN and fields["decoded"] == 1
