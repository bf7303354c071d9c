"""GenerateInsights: a language model's reading of a validation report, which never blocks an upload."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from typing import Any, Literal

import msgspec

from application.ports.language_model import LanguageModel
from domain.validation.report import Column, RuleStatus, Sample, Severity, Validation, ValidationReport

Language = Literal["es", "en"]

_SYSTEM = {
    "en": (
        "You review the validation report of a CSV file being loaded into a database. Answer in English, "
        "only with JSON matching the schema: a short summary, concrete suggestions to fix the file, and for "
        "each unmatched source header the dataset column it most likely means, with a confidence from 0 to 1."
    ),
    "es": (
        "Revisas el informe de validación de un archivo CSV que se carga en una base de datos. Responde en "
        "español, solo con JSON que siga el esquema: un resumen breve, sugerencias concretas para corregir "
        "el archivo y, para cada encabezado sin correspondencia, la columna del dataset que más "
        "probablemente significa, con una confianza de 0 a 1."
    ),
}

ANSWER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "summary": {"type": "string"},
        "suggestions": {"type": "array", "items": {"type": "string"}},
        "column_mapping": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "source": {"type": "string"},
                    "target": {"type": "string"},
                    "confidence": {"type": "number"},
                },
                "required": ["source", "target", "confidence"],
            },
        },
    },
    "required": ["summary", "suggestions", "column_mapping"],
}


class InsightSettings(msgspec.Struct, frozen=True):
    share_samples: bool = False
    automap: bool = False
    threshold: float = 0.9
    timeout: float = 20.0


class ColumnMapping(msgspec.Struct, frozen=True):
    source: str
    target: str
    confidence: float


class _Answer(msgspec.Struct):
    summary: str
    suggestions: list[str] = []
    column_mapping: list[ColumnMapping] = []


class Insights(msgspec.Struct, frozen=True):
    """What the model said; `status` "unavailable" with a `reason` when it could not say anything."""

    status: Literal["ok", "unavailable"]
    reason: str | None = None
    summary: str = ""
    suggestions: tuple[str, ...] = ()
    mapping: tuple[ColumnMapping, ...] = ()
    refused_mapping: tuple[ColumnMapping, ...] = ()
    mapping_applied: bool = False


class GeneratedInsights(msgspec.Struct, frozen=True):
    insights: Insights
    # Present when the file's headers do not match the dataset's established columns.
    column_mapping: Validation | None = None


class GenerateInsights:
    """Asks a language model to summarise a report and to map unmatched headers to dataset columns.

    Only column names, types and counts are sent, never cell values, unless `share_samples`. A slow,
    failing or absent provider gives `Insights(status="unavailable")`; this use case never raises.
    """

    def __init__(self, model: LanguageModel, *, reads_report: bool = True) -> None:
        """`reads_report` False: `model` answers without reading the report (no provider configured)."""
        self._model = model
        self.reads_report = reads_report

    async def __call__(
        self,
        report: ValidationReport,
        established: Sequence[Column] | None,
        language: Language,
        settings: InsightSettings,
    ) -> GeneratedInsights:
        unmatched, missing = _mismatch(report.columns, established)
        user = json.dumps(_prompt(report, established, unmatched, missing, settings), ensure_ascii=False)
        try:
            raw = await asyncio.wait_for(
                self._model.complete_json(
                    _SYSTEM.get(language, _SYSTEM["en"]), user, ANSWER_SCHEMA, settings.timeout
                ),
                settings.timeout,
            )
            answer = msgspec.convert(raw, type=_Answer)
        except TimeoutError:
            insights = Insights(
                "unavailable", reason=f"the language model took longer than {settings.timeout:g}s"
            )
        except msgspec.ValidationError as error:
            insights = Insights(
                "unavailable", reason=f"the language model's answer did not fit the schema: {error}"
            )
        except Exception as error:
            insights = Insights("unavailable", reason=str(error) or type(error).__name__)
        else:
            insights = _checked(answer, unmatched, established, settings)
        validation = _mapping_validation(insights, unmatched, settings) if unmatched else None
        return GeneratedInsights(insights, validation)


def _mismatch(columns: Sequence[Column], established: Sequence[Column] | None) -> tuple[list[str], list[str]]:
    if established is None:
        return [], []
    known = {column.name for column in established}
    present = {column.name for column in columns}
    unmatched = [column.source_name for column in columns if column.name not in known]
    missing = [column.name for column in established if column.name not in present]
    return unmatched, missing


def _prompt(
    report: ValidationReport,
    established: Sequence[Column] | None,
    unmatched: list[str],
    missing: list[str],
    settings: InsightSettings,
) -> dict[str, Any]:
    validations = []
    for v in report.validations:
        entry: dict[str, Any] = {"rule": v.rule, "title": v.title, "severity": v.severity, "status": v.status}
        entry["count"] = v.count
        if settings.share_samples:
            entry["samples"] = [msgspec.to_builtins(sample) for sample in v.samples]
        validations.append(entry)
    return {
        "columns": [{"header": c.source_name, "name": c.name, "type": c.type} for c in report.columns],
        "rows": msgspec.to_builtins(report.rows),
        "validations": validations,
        "dataset_columns": None
        if established is None
        else [{"name": c.name, "type": c.type} for c in established],
        "unmatched_headers": unmatched,
        "dataset_columns_missing_from_file": missing,
    }


def _checked(
    answer: _Answer, unmatched: list[str], established: Sequence[Column] | None, settings: InsightSettings
) -> Insights:
    targets = {column.name for column in established or ()}
    kept: list[ColumnMapping] = []
    refused: list[ColumnMapping] = []
    for proposal in answer.column_mapping:
        sensible = (
            proposal.source in unmatched and proposal.target in targets and 0 <= proposal.confidence <= 1
        )
        (kept if sensible else refused).append(proposal)
    applied = settings.automap and bool(kept) and all(m.confidence >= settings.threshold for m in kept)
    return Insights(
        status="ok",
        summary=answer.summary,
        suggestions=tuple(answer.suggestions),
        mapping=tuple(kept),
        refused_mapping=tuple(refused),
        mapping_applied=applied,
    )


def _mapping_validation(insights: Insights, unmatched: list[str], settings: InsightSettings) -> Validation:
    samples: list[Sample] = []
    for m in insights.mapping:
        if insights.mapping_applied:
            outcome = "applied"
        elif not settings.automap:
            outcome = "proposed, not applied (automatic mapping is off)"
        else:
            outcome = f"proposed, not applied (every confidence must be at least {settings.threshold:g})"
        message = (
            f"header {m.source!r} looks like column {m.target!r} (confidence {m.confidence:.2f}): {outcome}"
        )
        samples.append(Sample(None, m.source, m.target, message))
    for m in insights.refused_mapping:
        message = (
            f"refused the proposal {m.source!r} -> {m.target!r}: not an unmatched header and a dataset column"
        )
        samples.append(Sample(None, m.source, m.target, message))
    proposed = {m.source for m in insights.mapping}
    for header in unmatched:
        if header not in proposed:
            reason = insights.reason if insights.status == "unavailable" else "no confident match"
            samples.append(
                Sample(None, header, None, f"header {header!r} matches no dataset column ({reason})")
            )
    return Validation(
        rule="column-mapping",
        title="Headers that do not match the dataset's columns",
        severity=Severity.INFO if insights.mapping_applied else Severity.WARNING,
        status=RuleStatus.FAILED,
        count=len(unmatched),
        samples=tuple(samples),
    )
