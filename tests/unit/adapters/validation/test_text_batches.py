"""Pass 2 as the cells' own text (`ArrowCsvValidator.text_rows`) holds exactly the rows of the typed pass.

Every seeded file of the parity test goes through both: a batch sent as text is read back here the way
PostgreSQL's COPY reads CSV (each cell by its column's type, an empty cell as NULL, a naive datetime in
the session's UTC), strictly: a cell PostgreSQL could read otherwise than pass 2's converter fails.
`tests/integration/sql/test_loaded_rows_unchanged.py` checks the same against PostgreSQL itself.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from tests.unit.adapters.validation.engine_parity import UNIT_SEEDS
from tests.unit.adapters.validation.generated_files import generated_file

from adapters.validation.arrow_csv_validator import ArrowCsvValidator
from adapters.validation.stdlib_csv_validator import StdlibCsvValidator
from domain.contracts.table_schema import TableSchema, parse_table_schema
from domain.uploads.upload import OnError
from domain.validation.report import ColumnType, ValidationReport
from domain.validation.text_rows import TextRows
from domain.validation.typed_row import CellValue, TypedRow

pytestmark = pytest.mark.unit

_DATETIME = (
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?(?:Z|[+-][0-9]{2}:[0-9]{2})?)?"
)


def _naive_as_utc(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# How PostgreSQL reads a cell of each type, for the cells written in the one form both sides agree on.
_READS: dict[ColumnType, tuple[str, Callable[[str], CellValue]]] = {
    ColumnType.INTEGER: (r"-?[0-9]{1,18}", int),
    ColumnType.DECIMAL: (r"-?[0-9]+(?:\.[0-9]+)?", Decimal),
    ColumnType.BOOLEAN: (r"(?i:true|false)", lambda text: text.lower() == "true"),
    ColumnType.DATE: (r"[0-9]{4}-[0-9]{2}-[0-9]{2}", date.fromisoformat),
    ColumnType.DATETIME: (_DATETIME, _naive_as_utc),
}


def _as_copy_reads(report: ValidationReport, batch: TextRows) -> list[TypedRow]:
    rows = []
    for number, line in zip(batch.numbers, batch.lines, strict=True):
        assert b'"' not in line and b"\n" not in line and b"\r" not in line
        cells = line.decode().split(batch.delimiter)
        assert len(cells) == len(report.columns)
        values: list[CellValue] = []
        for column, cell in zip(report.columns, cells, strict=True):
            if cell == "":
                values.append(None)
            elif column.type is ColumnType.STRING:
                assert cell.strip(), f"row {number}: a blank cell COPY would keep as {cell!r}"
                values.append(cell)
            else:
                pattern, read = _READS[column.type]
                assert re.fullmatch(pattern, cell), f"row {number}: {cell!r} as {column.type}"
                values.append(read(cell))
        rows.append(TypedRow(number, tuple(values)))
    return rows


def _comparable(rows: Sequence[TypedRow]) -> list[TypedRow]:
    def value(cell: CellValue) -> CellValue:
        if isinstance(cell, datetime) and cell.tzinfo is None:
            return cell.replace(tzinfo=UTC)
        return cell

    return [TypedRow(row.row, tuple(map(value, row.values))) for row in rows]


def _both(
    data: bytes, on_error: OnError, contract: TableSchema | None = None
) -> tuple[list[TypedRow], list[TypedRow], int]:
    """The typed pass's rows, the text pass's rows as COPY reads them, and how many rows went as text."""
    validator = ArrowCsvValidator(block_bytes=1 << 12)
    report, plan = validator.validate(io.BytesIO(data), contract=contract)
    reference = StdlibCsvValidator().typed_rows(
        io.BytesIO(data), report, on_error=on_error, batch_size=50, plan=plan, contract=contract
    )
    expected = _comparable([row for batch in reference for row in batch])
    loaded: list[TypedRow] = []
    as_text = 0
    for batch in validator.text_rows(
        io.BytesIO(data), report, on_error=on_error, batch_size=50, plan=plan, contract=contract
    ):
        if isinstance(batch, TextRows):
            as_text += len(batch)
            assert _comparable(batch) == _comparable(_as_copy_reads(report, batch))
            loaded.extend(_as_copy_reads(report, batch))
        else:
            loaded.extend(batch)
    return expected, _comparable(loaded), as_text


@pytest.mark.parametrize("on_error", [OnError.ACCEPT, OnError.SKIP])
def test_the_text_pass_loads_the_rows_of_the_typed_pass(on_error: OnError) -> None:
    as_text = 0
    for seed in UNIT_SEEDS:
        expected, loaded, text_rows = _both(generated_file(seed), on_error)
        assert loaded == expected, f"seed {seed}"
        as_text += text_rows
    assert as_text > 1000  # not only typed batches: the text route is exercised


def _only_typed(data: bytes, on_error: OnError = OnError.ACCEPT, contract: TableSchema | None = None) -> bool:
    expected, loaded, as_text = _both(data, on_error, contract)
    assert loaded == expected
    return as_text == 0


PLAIN = (
    b"id,name,amount,day,at,flag\n1,Ana,1.50,2024-05-01,2024-05-01T10:00:00,true\n2,Bo,2,2024-05-02,,FALSE\n"
)


def test_a_plain_file_goes_as_text_with_its_naive_datetimes_in_utc() -> None:
    expected, loaded, as_text = _both(PLAIN, OnError.ACCEPT)
    assert as_text == 2
    assert loaded == expected
    assert loaded[0].values[4] == datetime(2024, 5, 1, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    "data",
    [
        b"id,name\n1,Ana\n2,  \n",  # a blank string cell loads as NULL, COPY would keep its spaces
        b"id;amount\n1;1,5\n2;2,25\n",  # a decimal comma
        b"id,day\n1,31/12/2024\n2,01/02/2024\n",  # slash dates
        # PostgreSQL refuses offsets past 15:59 (the whole COPY would fail) that Python reads
        b"id,at\n1,2024-05-01T12:00:00+16:00\n2,2024-05-01T12:00:00+05:30\n",
        b"id,at\n1,2024-05-01T12:00:00-23:59\n2,2024-05-01T12:00:00Z\n",
        # the last day Python has: asyncpg stores it as infinity, COPY as written (or past year 9999)
        b"id,d\n1,9999-12-31\n2,2024-01-01\n",
        b"id,at\n1,9999-12-31T23:00:00-05:00\n2,2024-01-01T00:00:00\n",
        b"id,name\n1,Ana\n\n3,Bo\n",  # a blank line
        b"id,name\n1,Ana\n2\n",  # a ragged line
        b"id,name\n1,Ana\n,\n",  # a row empty in every column
        b"id,name\n1,Ana\n 2,Bo\n",  # a padded number
    ],
)
def test_batches_text_cannot_say_exactly_go_typed(data: bytes) -> None:
    assert _only_typed(data)


def test_padded_text_and_formulas_go_as_written() -> None:
    assert not _only_typed(b"id,name\n1, Ana \n2,=SUM(A1)\n3,\\N\n")


def test_skipping_invalid_rows_types_a_batch_with_a_duplicate_or_a_missing_required_cell() -> None:
    duplicate = b"id,name\n1,Ana\n2,Bo\n1,Ana\n"
    assert _only_typed(duplicate, OnError.SKIP)
    assert not _only_typed(duplicate, OnError.ACCEPT)
    required = parse_table_schema(
        '{"fields": [{"name": "id", "type": "integer", "constraints": {"required": true}}, {"name": "name"}]}'
    )
    missing = b"id,name\n1,Ana\n,Bo\n"
    assert _only_typed(missing, OnError.SKIP, required)
    assert not _only_typed(missing, OnError.ACCEPT, required)


def test_a_quoted_file_goes_typed() -> None:
    assert _only_typed(b'id,name\n1,"Ana"\n2,Bo\n')
