"""ValidateCsv: judge a file as an upload would, and keep nothing (`ingesta validate`, the MCP tool, and
the upload itself, which also keeps what its second pass needs)."""

from __future__ import annotations

import asyncio
from typing import BinaryIO

from application.ports.csv_validator import CsvValidator
from application.ports.row_rule_factory import RowRuleFactory, no_rules
from application.uploads.checked_rows import CheckedRows
from application.uploads.csv_passes import Validated, validate
from application.uploads.later_rule_reports import LaterRuleReports
from domain.contracts.table_schema import TableSchema
from domain.validation.report import ValidationReport


class ValidateCsv:
    """Every rule an upload applies, with the row rules `extra_rules` makes fresh for each file.

    `text` is CSV text (a workbook's sheet already written as CSV); it is read from its start. It is
    judged by `validator`, the engine its caller chose (the composition root's, for uploads).
    """

    def __init__(self, *, validator: CsvValidator, extra_rules: RowRuleFactory = no_rules) -> None:
        self._extra_rules = extra_rules
        self._validator = validator

    async def __call__(
        self,
        text: BinaryIO,
        contract: TableSchema | None = None,
        renames: tuple[tuple[str, str], ...] = (),
        checked: CheckedRows | None = None,
        later: LaterRuleReports | None = None,
    ) -> Validated:
        """The report, and the plan a load's second pass follows to agree with it; `checked` follows
        the rows judged so far (a job's progress).

        With `later`, the row rules' reports are placeholders until `later` resolves them."""
        rules = self._extra_rules(contract)
        if later is not None:
            rules = later.wrap(rules)
        return await validate(
            text,
            None,
            rules,
            renames,
            validator=self._validator,
            contract=contract,
            checked=checked,
        )

    def report(self, text: BinaryIO, contract: TableSchema | None = None) -> ValidationReport:
        """For callers without an event loop (the command line, a worker thread)."""
        return asyncio.run(self(text, contract)).report
