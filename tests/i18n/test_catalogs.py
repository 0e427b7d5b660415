"""Both catalogs are complete and every answer renders in both languages."""

from __future__ import annotations

import json
import string

import pytest

from bot.core.pipeline import explain_text
from bot.i18n import CATALOGS
from bot.i18n.en import EN
from bot.i18n.ja import JA
from bot.render.blocks import MAX_BLOCKS, reply_blocks, summary_blocks
from bot.render.data import finding_to_dict
from bot.render.text import render_text
from bot.vocab import LANGUAGES
from tests.builders import PASSROLE_MESSAGE, SCP_DENY_MESSAGE, SHARED, decoded_message
from tests.terminal import run


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_catalogs_have_the_same_keys_and_placeholders() -> None:
    assert set(LANGUAGES) == {"en", "ja"}
    assert set(EN) == set(JA)
    for key in EN:
        assert _fields(EN[key]) == _fields(JA[key]), key


def test_japanese_uses_awss_own_terms() -> None:
    joined = "".join(JA.values())
    for term in ("アクセス許可", "明示的な拒否", "暗黙的な拒否", "IAM ロール", "ポリシー", "条件キー",
                 "サービスコントロールポリシー (SCP)", "アクセス許可の境界"):
        assert term in joined, term


def _messages() -> list[str]:
    messages = [PASSROLE_MESSAGE, SCP_DENY_MESSAGE,
                decoded_message(explicit_deny=True, statements=[{"actions": [f"iam:A{i}" for i in range(30)]}]),
                decoded_message(action="ec2:CreateTags", context={"ec2:CreateAction": ["RunInstances"]}),
                decoded_message(resource="arn:aws:ec2:us-east-1:123456789012:volume/*",
                                context={"ec2:Encrypted": ["true"], "aws:Region": ["us-east-1"]})]
    folder = SHARED / "samples" / "decoded"
    if folder.exists():
        messages += [p.read_text() for p in sorted(folder.glob("0*"))]
    return messages


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_answer_renders_in_both_languages_within_block_kit_limits(lang: str) -> None:
    other = CATALOGS["en" if lang == "ja" else "ja"]
    for message in _messages():
        findings = explain_text(message, None)
        assert findings and all(f.ok for f in findings)
        fallback, blocks = reply_blocks(findings, lang)
        assert len(blocks) <= MAX_BLOCKS and len(json.dumps(blocks, ensure_ascii=False)) <= 12_400
        summary = summary_blocks(findings, lang, 0, "ref")
        rendered = render_text(findings, lang) + fallback + json.dumps(summary, ensure_ascii=False)
        data = json.dumps(finding_to_dict(findings[0], lang), ensure_ascii=False)
        if lang == "ja":
            assert "次のステップ" in render_text(findings, lang)
            assert "許可" in data
        # No sentence of the other language leaks in (labels and verdicts are the easiest to spot).
        assert other["label.next_steps"] not in rendered


def test_cli_lang_ja() -> None:
    result = run(["explain", "--lang", "ja"], stdin=PASSROLE_MESSAGE)
    assert result.returncode == 0, result.stderr
    assert "暗黙的な拒否" in result.stdout
    assert "IAM ユーザー test-user" in result.stdout


def test_the_languages_named_in_vocab_are_the_catalogs() -> None:
    assert tuple(CATALOGS) == LANGUAGES


def test_every_member_of_every_vocabulary_has_its_entries_in_both_languages() -> None:
    from bot.i18n.keys import FAMILIES

    missing = [f"{lang}: {family.key(member)}" for family in FAMILIES for member in family.members()
               for lang, catalog in CATALOGS.items() if family.key(member) not in catalog]
    assert not missing, "\n".join(missing)


def test_a_member_a_family_is_not_declared_for_fails_loudly() -> None:
    from bot.i18n.keys import MISSING_ALLOW_STEP
    from bot.vocab import PolicyKind

    with pytest.raises(KeyError, match="not declared"):
        MISSING_ALLOW_STEP.key(PolicyKind.IDENTITY_POLICY)  # added to the identity's own policies instead
