"""Choosing the page's language and turning error details into sentences."""

from __future__ import annotations

import pytest

from domain.validation.report import RuleStatus, Severity, Validation
from entrypoints.web.i18n import as_sentence, language_for, preferred_language, translator
from entrypoints.web.page_controller import failed_first
from entrypoints.web.strings_en import ENGLISH
from entrypoints.web.strings_es import SPANISH

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("es-ES,es;q=0.9,en;q=0.8", "es"),
        ("en-GB,es;q=0.5", "en"),
        ("fr,es;q=0.4", "es"),
        ("fr", "en"),
        ("", "en"),
        ("es;q=0,en;q=0.1", "en"),
        ("es;q=bad", "en"),
    ],
)
def test_the_highest_ranked_supported_language_wins(header: str, language: str) -> None:
    assert preferred_language(header) == language


def test_an_explicit_switch_beats_the_cookie_and_the_header() -> None:
    assert language_for("es", "en", "en") == "es"
    assert language_for(None, "es", "en") == "es"
    assert language_for("xx", None, "es") == "es"


def test_every_english_string_has_a_spanish_one() -> None:
    assert set(ENGLISH) == set(SPANISH)


def test_translation_fills_values_and_falls_back_to_english_then_the_key() -> None:
    assert translator("es")("datasets.rows", count=3) == "3 filas"
    assert translator("de")("nav.upload") == "Upload"
    assert translator("en")("no.such.key") == "no.such.key"


def test_details_become_sentences() -> None:
    assert as_sentence("the file is empty; send rows") == "The file is empty; send rows."
    assert as_sentence("Done!") == "Done!"


def test_failed_rules_come_first_most_severe_first() -> None:
    def rule(name: str, severity: Severity, status: RuleStatus) -> Validation:
        return Validation(rule=name, title=name, severity=severity, status=status)

    ordered = failed_first(
        (
            rule("a", Severity.ERROR, RuleStatus.PASSED),
            rule("b", Severity.WARNING, RuleStatus.FAILED),
            rule("c", Severity.ERROR, RuleStatus.FAILED),
        )
    )

    assert [v.rule for v in ordered] == ["c", "b", "a"]
