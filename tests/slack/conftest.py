"""Shared by the end-to-end tests of this folder, each of which starts its own fakes (`fakes`) once per module."""

from __future__ import annotations

import pytest

from tests.fakes.slack import FakeSlack
from tests.fakes.sts import FakeSts


@pytest.fixture
def slack(fakes: tuple[FakeSlack, FakeSts]) -> FakeSlack:
    """The module's fake Slack, with no calls recorded and nothing queued from an earlier test."""
    fakes[0].state.reset()
    return fakes[0]
