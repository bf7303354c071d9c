from __future__ import annotations

import asyncio
from typing import Any

import pytest

from application.ports.language_model import LanguageModelUnavailable
from application.use_cases.generate_insights import GenerateInsights, InsightSettings
from domain.validation.report import (
    Column,
    ColumnType,
    RowCounts,
    RuleStatus,
    Sample,
    Severity,
    Validation,
    ValidationReport,
)

pytestmark = pytest.mark.unit

SECRET_CELL = "juan.secreto@example.org"


class FakeModel:
    """Answers with a scripted dict (or raises / sleeps) and records every prompt it was given."""

    def __init__(
        self, answer: dict[str, Any] | None = None, *, error: Exception | None = None, delay: float = 0
    ):
        self.answer = answer or {"summary": "ok", "suggestions": [], "column_mapping": []}
        self.error = error
        self.delay = delay
        self.calls: list[tuple[str, str, float]] = []

    async def complete_json(
        self,
        system: str,
        user: str,
        schema: dict[str, Any],
        timeout: float,
    ) -> dict[str, Any]:
        self.calls.append((system, user, timeout))
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.error:
            raise self.error
        return self.answer


def _report(*headers: str) -> ValidationReport:
    missing = Validation(
        "missing-value",
        "Empty cells",
        Severity.ERROR,
        RuleStatus.FAILED,
        count=1,
        samples=(Sample(3, "correo", SECRET_CELL, "empty"),),
    )
    columns = tuple(Column(h.lower(), h, ColumnType.STRING) for h in headers)
    return ValidationReport("utf-8", ",", columns, RowCounts(total=10, valid=9, invalid=1), (missing,))


ESTABLISHED = (Column("email", "email", ColumnType.STRING), Column("name", "name", ColumnType.STRING))


async def test_cell_values_stay_out_of_the_prompt_unless_sharing_samples_is_on() -> None:
    model = FakeModel()

    await GenerateInsights(model)(_report("Correo", "name"), ESTABLISHED, "en", InsightSettings())

    assert SECRET_CELL not in model.calls[0][1]
    assert "Correo" in model.calls[0][1]
    assert "missing-value" in model.calls[0][1]


async def test_cell_values_are_shared_when_allowed() -> None:
    model = FakeModel()

    await GenerateInsights(model)(_report("Correo"), None, "en", InsightSettings(share_samples=True))

    assert SECRET_CELL in model.calls[0][1]


async def test_the_model_is_asked_in_the_requested_language() -> None:
    model = FakeModel()
    use_case = GenerateInsights(model)

    await use_case(_report("name"), None, "es", InsightSettings())
    await use_case(_report("name"), None, "en", InsightSettings())

    assert "Responde en español" in model.calls[0][0]
    assert "Answer in English" in model.calls[1][0]


async def test_a_good_answer_becomes_insights_without_a_mapping_check_when_headers_match() -> None:
    model = FakeModel(
        {"summary": "Una fila vacía", "suggestions": ["Rellena el correo"], "column_mapping": []}
    )

    result = await GenerateInsights(model)(_report("email", "name"), ESTABLISHED, "es", InsightSettings())

    assert result.insights.status == "ok"
    assert result.insights.summary == "Una fila vacía"
    assert result.insights.suggestions == ("Rellena el correo",)
    assert result.column_mapping is None


def _mapping_answer(*proposals: tuple[str, str, float]) -> dict[str, Any]:
    mapping = [{"source": s, "target": t, "confidence": c} for s, t, c in proposals]
    return {"summary": "s", "suggestions": [], "column_mapping": mapping}


async def test_a_mapping_to_a_column_that_does_not_exist_is_refused_and_reported() -> None:
    model = FakeModel(_mapping_answer(("Correo", "email", 0.95), ("Correo", "e_mail_address", 0.99)))
    settings = InsightSettings(automap=True, threshold=0.9)

    result = await GenerateInsights(model)(_report("Correo", "name"), ESTABLISHED, "en", settings)

    assert [m.target for m in result.insights.mapping] == ["email"]
    assert [m.target for m in result.insights.refused_mapping] == ["e_mail_address"]
    assert result.insights.mapping_applied is True
    assert result.column_mapping is not None
    assert result.column_mapping.rule == "column-mapping"
    assert result.column_mapping.severity is Severity.INFO
    messages = [s.message for s in result.column_mapping.samples]
    assert any("'Correo'" in m and "0.95" in m and "applied" in m for m in messages)
    assert any("refused" in m and "e_mail_address" in m for m in messages)


async def test_a_mapping_below_the_threshold_is_proposed_but_not_applied() -> None:
    model = FakeModel(_mapping_answer(("Correo", "email", 0.6)))
    settings = InsightSettings(automap=True, threshold=0.9)

    result = await GenerateInsights(model)(_report("Correo", "name"), ESTABLISHED, "en", settings)

    assert result.insights.mapping_applied is False
    assert result.column_mapping is not None
    assert result.column_mapping.severity is Severity.WARNING
    assert "not applied" in result.column_mapping.samples[0].message


async def test_a_mapping_is_never_applied_when_automap_is_off() -> None:
    model = FakeModel(_mapping_answer(("Correo", "email", 1.0)))

    result = await GenerateInsights(model)(_report("Correo", "name"), ESTABLISHED, "en", InsightSettings())

    assert result.insights.mapping_applied is False


async def test_a_slow_model_gives_unavailable_within_the_timeout() -> None:
    model = FakeModel(delay=5)

    result = await GenerateInsights(model)(_report("name"), None, "en", InsightSettings(timeout=0.05))

    assert result.insights.status == "unavailable"
    assert "longer than 0.05s" in (result.insights.reason or "")


async def test_a_failing_model_gives_unavailable_and_the_mismatch_is_still_reported() -> None:
    model = FakeModel(error=LanguageModelUnavailable("no provider configured"))

    result = await GenerateInsights(model)(_report("Correo", "name"), ESTABLISHED, "en", InsightSettings())

    assert result.insights.status == "unavailable"
    assert result.insights.reason == "no provider configured"
    assert result.column_mapping is not None
    assert "no provider configured" in result.column_mapping.samples[0].message


async def test_an_unexpected_error_never_escapes() -> None:
    result = await GenerateInsights(FakeModel(error=RuntimeError("boom")))(
        _report("name"), None, "en", InsightSettings()
    )

    assert result.insights.status == "unavailable"


async def test_an_answer_that_does_not_fit_the_schema_gives_unavailable() -> None:
    model = FakeModel({"summary": 3, "suggestions": "nope"})

    result = await GenerateInsights(model)(_report("name"), None, "en", InsightSettings())

    assert result.insights.status == "unavailable"
    assert "did not fit the schema" in (result.insights.reason or "")
