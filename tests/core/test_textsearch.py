"""The substring fast paths give what the full regex passes give."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core import denials
from bot.core.detect import _AUTHORIZATION_ID
from bot.core.textsearch import Folded
from tests.fuzzstats import CASES

_ANCHOR_FRAGMENTS = st.sampled_from([
    "User: arn:aws:iam::123456789012:user/x ", "is not authorized to perform", "is not\n  authorized to perform",
    "is  not authorized to perform", "Is Not Authorized To Perform", "h", "is", " not", "authorized", "to perform",
    "perform", ": s3:GetObject", "\n", " ", "\t", "\r\n", "ı", "x",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ANCHOR_FRAGMENTS, max_size=25).map("".join))
def test_the_denial_anchor_fast_path_finds_what_the_full_regex_pass_finds(text: str) -> None:
    CASES["detect"] += 1
    fast = Folded(text).phrase_matches(denials._ANCHOR, denials._ANCHOR_PHRASE)
    assert [m.span() for m in fast] == [m.span() for m in denials._ANCHOR.finditer(text)]


def test_a_needle_that_a_case_insensitive_pattern_could_match_outside_ascii_is_refused() -> None:
    # "İ" matches "i" under IGNORECASE but folds to "?": a needle holding "i" would miss it.
    with pytest.raises(ValueError, match="needle"):
        Folded("AUTHORİZATION id ABCDEF123456").matches(_AUTHORIZATION_ID, (b"authorization",))
