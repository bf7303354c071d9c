"""The CSV validator use cases built without the container (most unit tests) are handed: the engine a
deployment runs by default."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import BinaryIO

from adapters.validation.factory import csv_validator_from_setting
from application.ports.csv_validator import CsvValidator
from domain.contracts.table_schema import TableSchema
from domain.validation.engine import ValidationOptions
from domain.validation.load_plan import LoadPlan
from domain.validation.reading import RowsChecked, StopCheck, unobserved
from domain.validation.report import ValidationReport
from domain.validation.row_rule import RowRule

VALIDATOR: CsvValidator = csv_validator_from_setting("columnar")


class UnhurriedValidator:
    """The columnar engine reading blocks of `block_bytes` (1 MiB in a deployment) and pausing `pause`
    seconds at each batch boundary, as a large file's many batches take time: enough for a job's progress
    to be seen moving while a small file validates."""

    def __init__(self, pause: float = 0.05, block_bytes: int = 1 << 16) -> None:
        from adapters.validation.arrow_csv_validator import ArrowCsvValidator

        self.inner = ArrowCsvValidator(block_bytes=block_bytes)
        self.pause = pause

    def validate(
        self,
        source: BinaryIO,
        *,
        contract: TableSchema | None,
        options: ValidationOptions,
        extra_rules: Sequence[RowRule],
        stop: StopCheck,
        checked: RowsChecked = unobserved,
    ) -> tuple[ValidationReport, LoadPlan]:
        def unhurried() -> bool:
            answer = stop()
            time.sleep(self.pause)
            return answer

        return self.inner.validate(
            source,
            contract=contract,
            options=options,
            extra_rules=extra_rules,
            stop=unhurried,
            checked=checked,
        )

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)
