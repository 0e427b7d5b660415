"""Every fast path gives what its full regex pass gives: each kind's declared searches, the hints' and the
denial anchor, on texts built from the fragments that trip them (wrapped phrases, case folding outside ASCII)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.hints import HINT_FAST_PATHS
from bot.core.kinds import KINDS
from bot.core.kinds.authorization_id import ID
from bot.core.textsearch import FastPath, Folded
from tests.fuzzstats import CASES

FAST_PATHS: dict[str, FastPath] = {path.name: path for kind in KINDS.values() for path in kind.fast_paths}
FAST_PATHS.update((path.name, path) for path in HINT_FAST_PATHS)

_COMMON = [" ", "\n", "\r\n", "\t", "x", "İ", "ß", "ı", "ſ", "\u212a", "_", "\\", "**", ":", "-"]
# The fragments that make each fast path's job hard; a fast path without them fails the test below.
FRAGMENTS: dict[str, list[str]] = {
    "authorization id": ["authorization id: ", "Authorization-ID ", "#/authorization-details/", "authorization",
                         "#/", "AUTHORIZATİON id ", "ABCDEF1234567890", "xyz"],
    "account": ["arn:aws:iam::123456789012:role/x", "arn:aws:arn:aws:123456789012:", "arn:aws-cn:s3::", "123456789012"],
    "allowed key": ['"allowed":', '\\"allowed\\" :', "allowed", '"', "*_"],
    "other keys": ['"context":', "explicitDeny", '"matchedStatements"', '\\"context\\"', '"'],
    "label": ["Encoded authorization failure message:", "encoded authorization failure message :", "enc", "e\nnc",
              "E\r\n  NC", "oded", "--", "—", "–", "encoded-message", "--encoded-message=", "-enc ",
              "--encoded_msg ", "message", "authorization failure ", "encoded\nauthorization\n  failure message:",
              "when c", "e ncoded authorization failure message:", "encoded  authorization failure message:", "ENC",
              "encoded authorization\r\n\tfailure message:", "oded authorization failure message:",
              "e\nncoded authorization failure message:", "En\r\n  CODED AUTHORIZATION failure message:"],
    "fence": ["```", "``", "`", "AbC-123_xyz", "text\n"],
    "denial anchor": ["User: arn:aws:iam::123456789012:user/x ", "is not authorized to perform",
                      "is not\n  authorized to perform", "is  not authorized to perform",
                      "Is Not Authorized To Perform",
                      "h", "is", " not", "authorized", "to perform", "perform", ": s3:GetObject"],
    "web identity refusal": ["Not authorized to perform sts:AssumeRoleWithWebIdentity", "not authorized to perform",
                             "Not authorized to perform: ", "sts:AssumeRoleWithSAML", "NOT AUTHORIZED TO PERFORM"],
    "declarative policy refusal": ["declarative policy", "Declarative  policies", "DECLARATIVE POLICY", "declarative",
                                   " polic", "y"],
    "protected role refusal": ["Cannot perform the operation on the protected role '", "AWSReservedSSO_A_1", "'",
                               "cannot perform the operation", "Cannot Perform the operation"],
    "s3 bare refusal": ["when calling the PutObject operation: Access Denied", "when calling the HeadObject operation: "
                        "Forbidden", "when calling the", "Access Denied", "Forbidden", "x"],
    "CloudTrail keys": ['"eventSource": "s3.amazonaws.com"', '"eventName":', '"eventName"\n  :', "eventSource",
                        '"event', '"EVENTNAME":', '\\"eventName\\":', "Name", '"'],
    "organizations refusal": ["when calling the ListAccounts operation: You don't have permissions to access this "
                              "resource", "when calling the", "When Calling the", " operation: ", "ListRoots"],
}


def test_every_fast_path_is_tested() -> None:
    assert set(FRAGMENTS) == set(FAST_PATHS)


@pytest.mark.parametrize("name", sorted(FRAGMENTS))
def test_each_fast_path_finds_what_its_full_regex_pass_finds(name: str) -> None:
    path = FAST_PATHS[name]

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.sampled_from(FRAGMENTS[name] + _COMMON), max_size=30).map("".join))
    def agrees(text: str) -> None:
        CASES["detect"] += 1
        fast, full = path.fast_and_full(text)
        assert fast == full, text

    agrees()


def test_a_needle_that_a_case_insensitive_pattern_could_match_outside_ascii_is_refused() -> None:
    # "İ" matches "i" under IGNORECASE but folds to "?": a needle holding "i" would miss it.
    with pytest.raises(ValueError, match="needle"):
        Folded("AUTHORİZATION id ABCDEF123456").matches(ID.pattern, (b"authorization",))
