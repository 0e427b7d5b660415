"""The Japanese catalog reads as AWS's own Japanese documentation does (issue 10, point 8)."""

from __future__ import annotations

import re

from bot.i18n.en import EN
from bot.i18n.ja import JA

SENTENCES = [(key, sentence) for key, value in JA.items() for sentence in re.split(r"。", value) if sentence]


def test_aws_terms() -> None:
    assert JA["label.context"] == "リクエストコンテキスト"
    assert "プリンシパル" in JA["label.who_short"]
    assert all(not re.search(r"(?<!以)下の(ステートメント|ポリシー)", value) for value in JA.values())
    assert JA["it.statement"] == "以下のステートメント" and sum("{it}" in value for value in JA.values()) >= 5


def _awkward(sentence: str) -> str | None:
    if "層" in sentence:
        return "AWS speaks of policy types, not layers"
    if sentence.count("拒否") > 1:
        return "拒否 twice (「拒否…により拒否」)"
    if sentence.count("許可") > 2:
        return "許可 three times"
    if "通知しました" in sentence:
        return "claims a notification that may not have happened"
    return None


def test_no_awkward_sentences() -> None:
    awkward = [f"{key}: {why}: {sentence}" for key, sentence in SENTENCES if (why := _awkward(sentence))]
    assert not awkward, "\n".join(awkward)


def test_lists_are_joined_the_same_way() -> None:
    for key, value in JA.items():
        assert "、 " not in value and " 、" not in value, key


def test_english_never_claims_a_notification_either() -> None:
    for key, value in EN.items():
        if key != "admin.told":
            assert "has been told" not in value and "have been told" not in value, key


def test_no_space_between_a_value_and_its_particle_and_the_wording_people_asked_for() -> None:
    particle = re.compile(r"\} [のをがにはでとへもやか]")
    assert [key for key, value in JA.items() if particle.search(value)] == []
    assert "decode-bot が参加しているチャンネル" in JA["slack.help"]
    assert JA["label.unverified"] == "貼り付けられた内容に基づく説明 (AWS には照会していません)"
    assert "管理者と共有してください" in JA["todo.share"]
    assert JA["kind.unknown"] == "エラーメッセージでは特定されていないポリシー"
