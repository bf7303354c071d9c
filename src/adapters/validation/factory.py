"""The CSV validator a deployment runs, from its `validation_engine` setting."""

from __future__ import annotations

from adapters.validation.stdlib_csv_validator import StdlibCsvValidator
from application.ports.csv_validator import CsvValidator


def csv_validator_from_setting(engine: str) -> CsvValidator:
    """`stdlib`: the row engine (reads anything)."""
    if engine == "stdlib":
        return StdlibCsvValidator()
    raise ValueError(f"unknown validation engine {engine!r}: use stdlib")
