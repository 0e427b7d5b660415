"""The levels that ask AWS (bot/core/proof.py), through the Lookups protocol with plain functions: what each answer
of Access Analyzer and the simulator makes of a fix, in both languages."""

from __future__ import annotations

import json

from bot.core.outcomes import (
    FunctionLookups,
    LookupProblem,
    PolicyCheck,
    PolicyFinding,
    Simulated,
    Simulation,
    SimulationOutcome,
    Validated,
    ValidationOutcome,
)
from bot.core.pipeline import check_fixes, explain_text
from bot.i18n import text
from bot.render.text import render_text
from bot.vocab import ProblemCode
from tests.builders import ACCOUNT, decoded_message

MESSAGE = json.dumps({"DecodedMessage": decoded_message(
    action="ssm:GetParameter", resource=f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/app/db-url",
    principal_arn=f"arn:aws:iam::{ACCOUNT}:user/dev", principal_name="dev",
    context={"aws:MultiFactorAuthAge": ["3600"], "aws:SecureTransport": ["true"], "ssm:Overwrite": ["false"]})})


def _decode(token: str) -> LookupProblem:
    return LookupProblem(ProblemCode.INVALID_TOKEN)


def _checked(validate: ValidationOutcome, *simulated: SimulationOutcome, lang: str = "en"
             ) -> tuple[str, str, list[Simulation]]:
    asked: list[Simulation] = []
    answers = list(simulated)

    def simulate(simulation: Simulation) -> SimulationOutcome:
        asked.append(simulation)
        return answers.pop(0)

    def validate_policy(check: PolicyCheck, locale: str) -> ValidationOutcome:
        assert locale == ("JA" if lang == "ja" else "EN")
        return validate

    lookups = FunctionLookups(_decode, validate_of=validate_policy, simulate_of=simulate)
    [finding] = check_fixes(explain_text(MESSAGE, lookups), lookups, lang)
    assert finding.explanation is not None and finding.explanation.fix is not None
    return finding.explanation.fix.verification.level, render_text([finding], lang), asked


def test_without_checks_the_offline_level_is_kept_untouched() -> None:
    lookups = FunctionLookups(_decode)
    [finding] = check_fixes(explain_text(MESSAGE, lookups), lookups, "en")
    assert finding.explanation is not None and finding.explanation.fix is not None
    verification = finding.explanation.fix.verification
    assert verification.level == "offline" and {c.check for c in verification.checks}.isdisjoint(
        {"access_analyzer", "simulator"})


def test_the_simulator_gets_typed_context_and_the_user_itself() -> None:
    level, _, asked = _checked(Validated(()), Simulated("implicitDeny"), Simulated("allowed"))
    assert level == "proven"
    before, after = asked
    assert before.principal_arn == f"arn:aws:iam::{ACCOUNT}:user/dev" and before.added is None
    # Typed as the Service Authorization Reference types each key (ssm:Overwrite is a String there).
    assert {(e.key, e.key_type) for e in before.context} >= {("aws:MultiFactorAuthAge", "numeric"),
                                                              ("aws:SecureTransport", "boolean"),
                                                              ("ssm:Overwrite", "string")}
    assert after.added is not None and json.loads(after.added)["Statement"][0]["Action"] == "ssm:GetParameter"


def test_values_the_request_lacked_keep_the_level_and_name_them() -> None:
    level, said, _ = _checked(Validated(()), Simulated("implicitDeny"),
                              Simulated("implicitDeny", missing_context=("ssm:Recursive",)))
    assert level == "validated"
    assert "Not proven: IAM's policy simulator needs values the request did not carry (ssm:Recursive)." in said
    _, said, _ = _checked(Validated(()), Simulated("implicitDeny"),
                          Simulated("implicitDeny", missing_context=("ssm:Recursive",)), lang="ja")
    assert "リクエストに含まれていない値 (ssm:Recursive)" in said


def test_still_denied_with_the_statement_is_said_without_blaming_another_layer() -> None:
    level, said, _ = _checked(Validated(()), Simulated("implicitDeny"), Simulated("implicitDeny"))
    assert level == "validated"
    assert "still denies the request with this statement: it may not be enough as written" in said
    assert '"Effect": "Allow"' in said  # still shown: nothing says it is wrong, only not proven


def test_an_explicit_deny_the_simulator_matches_is_named_by_its_policy() -> None:
    level, said, asked = _checked(Validated(()), Simulated("explicitDeny", matched=("DenyParameters",)))
    assert level == "withheld" and len(asked) == 1  # never asked again with the statement
    assert "an explicit Deny for ssm:GetParameter among IAM user dev's own policies (DenyParameters)" in said
    assert '"Effect": "Allow"' not in said


def test_a_warning_from_access_analyzer_is_listed_in_the_details_and_keeps_the_level() -> None:
    warning = PolicyFinding("WARNING", "MISSING_VERSION", "Add the Version element.")
    level, said, _ = _checked(Validated((warning,)), Simulated("implicitDeny"), Simulated("allowed"))
    assert level == "proven"
    assert "IAM Access Analyzer's findings on the statement: WARNING MISSING_VERSION: Add the Version element." in said
    assert text("label.level.proven") in said
