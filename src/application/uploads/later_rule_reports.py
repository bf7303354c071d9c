"""Row rules whose report is made while the rows load, not before: the near-duplicate rule's pairing of a
file's rows takes about as long as the load itself, and no row rule decides whether rows load (they report
warnings on the whole file, see `RowRule`). Until then the report holds a placeholder for each such rule;
the load's commit waits for the real findings, and if one of them would have stopped the load after all,
the load is undone and the upload judged on the whole report (`ReportChanged`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from domain.validation.report import Column, RuleStatus, Severity, Validation
from domain.validation.row_rule import RowRule, observe_batch, observe_columns


class LaterRuleReports:
    """Wraps one pass's row rules; `finished` makes their reports in a worker thread, once."""

    def __init__(self) -> None:
        self._pending: list[tuple[Validation, RowRule]] = []
        self._finished: asyncio.Future[dict[int, Validation]] | None = None

    def wrap(self, rules: Sequence[RowRule]) -> list[RowRule]:
        return [_Later(rule, self._pending) for rule in rules]

    def start(self) -> None:
        """Begin the rules' reports now, beside whatever the caller does next."""
        if self._finished is None:
            self._finished = asyncio.ensure_future(asyncio.to_thread(self._finish))

    async def resolved(self, validations: Sequence[Validation]) -> tuple[Validation, ...]:
        """`validations` with every placeholder replaced by its rule's report."""
        if not self._pending:
            return tuple(validations)
        self.start()
        assert self._finished is not None
        reports = await asyncio.shield(self._finished)
        return tuple(reports.get(id(validation), validation) for validation in validations)

    async def blocking(self) -> bool:
        """Whether a rule's report is an error (then the load must not stand under `reject`)."""
        if not self._pending:
            return False
        self.start()
        assert self._finished is not None
        return any(report.is_blocking for report in (await asyncio.shield(self._finished)).values())

    def forget(self) -> None:
        """The rules wrapped so far will never report: their file is judged again by fresh ones."""
        self._pending.clear()

    def without_placeholders(self, validations: Sequence[Validation]) -> tuple[Validation, ...]:
        """For an upload stopped before its rules reported: their placeholders left out."""
        placeholders = {id(placeholder) for placeholder, _ in self._pending}
        return tuple(validation for validation in validations if id(validation) not in placeholders)

    def _finish(self) -> dict[int, Validation]:
        return {id(placeholder): rule.finish() for placeholder, rule in self._pending}


class _Later:
    """A row rule fed as usual, whose `finish` only notes that its report is owed."""

    def __init__(self, rule: RowRule, pending: list[tuple[Validation, RowRule]]) -> None:
        self._rule, self._pending = rule, pending

    def start(self, columns: Sequence[Column]) -> None:
        self._rule.start(columns)

    def observe(self, row: int, cells: Sequence[str]) -> None:
        self._rule.observe(row, cells)

    def observe_many(self, rows: Sequence[int], records: Sequence[Sequence[str]]) -> None:
        observe_batch(self._rule, rows, records)

    def observe_columns(self, rows: Sequence[int], columns: Sequence[Sequence[str]]) -> None:
        observe_columns(self._rule, rows, columns)

    def finish(self) -> Validation:
        # Not blocking (a warning that passed), so nothing decided before the real report comes differs.
        placeholder = Validation(
            "pending", "reported when the rows are loaded", Severity.WARNING, RuleStatus.PASSED
        )
        self._pending.append((placeholder, self._rule))
        return placeholder
