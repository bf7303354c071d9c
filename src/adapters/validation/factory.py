"""The CSV validator a deployment runs, from its `validation_engine` setting."""

from __future__ import annotations

from adapters.validation.stdlib_csv_validator import StdlibCsvValidator
from application.ports.csv_validator import CsvValidator


def csv_validator_from_setting(engine: str) -> CsvValidator:
    """`columnar`: Arrow where it reads exactly, the row engine elsewhere; `stdlib`: the row engine only."""
    if engine == "columnar":
        # Arrow loads only when chosen: `ingesta validate` of a small file runs the row engine without it.
        from adapters.validation.arrow_csv_validator import ArrowCsvValidator

        return ArrowCsvValidator()
    if engine == "stdlib":
        return StdlibCsvValidator()
    raise ValueError(f"unknown validation engine {engine!r}: use columnar or stdlib")
