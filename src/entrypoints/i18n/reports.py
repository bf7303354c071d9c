"""An Upload report in the reader's language: rule titles, sample messages and the failure reason.

Ids, statuses, rows, columns and values are data and stay as they are; only sentences change."""

from __future__ import annotations

from typing import TypeVar

import msgspec

from domain.validation.report import Sample, Validation
from entrypoints.i18n.translation import translate

Report = TypeVar("Report", bound=msgspec.Struct)


def localised_validations(validations: tuple[Validation, ...], language: str) -> tuple[Validation, ...]:
    if language == "en":
        return validations
    return tuple(
        msgspec.structs.replace(
            validation,
            title=translate(validation.title, language),
            samples=tuple(_sample(sample, language) for sample in validation.samples),
        )
        for validation in validations
    )


def localised(report: Report, language: str) -> Report:
    """An Upload or UploadCheck with its sentences in `language` (the same object for English)."""
    if language == "en":
        return report
    changes: dict[str, object] = {"validations": localised_validations(report.validations, language)}  # type: ignore[attr-defined]
    failure = getattr(report, "failure", None)
    if failure:
        changes["failure"] = translate(failure, language)
    return msgspec.structs.replace(report, **changes)


def _sample(sample: Sample, language: str) -> Sample:
    return msgspec.structs.replace(sample, message=translate(sample.message, language))
