from __future__ import annotations

import logging

import pytest

from bot.i18n import CATALOGS, Line, text


def test_a_missing_key_falls_back_to_english_then_to_the_key_and_is_logged(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(CATALOGS["en"], "test.only_in_english", "only {thing} here")
    with caplog.at_level(logging.ERROR, logger="bot.i18n"):
        assert text(Line("test.only_in_english", thing="English"), "ja") == "only English here"
        assert text("test.in_no_catalog", "ja") == "test.in_no_catalog"
    assert "test.only_in_english (ja) missing" in caplog.text
    assert "test.in_no_catalog (en) missing" in caplog.text


def test_a_template_whose_parameters_do_not_fit_falls_back_instead_of_raising(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(CATALOGS["ja"], "test.broken", "{missing} です")
    monkeypatch.setitem(CATALOGS["en"], "test.broken", "fine")
    assert text("test.broken", "ja") == "fine"
