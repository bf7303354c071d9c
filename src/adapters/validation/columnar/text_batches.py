"""Pass 2 for a database that parses the cells' own text: batches of `TextRows` wherever that is exact.

Only for files the columnar screen passed (no quote character, \\n or \\r\\n line breaks, UTF-8, the
header on the first line), where each line is one record and the row engine's record is the line split
on the delimiter. Arrow reads a block of lines (every column as strings, as pass 1 does) and the block
goes as text when every cell in it is written the way both pass 2's converter and PostgreSQL read into
the same value, and no row in it would be judged differently:
- numbers, dates and datetimes: every cell matches its column's shape (`cell_patterns`, the converter's
  own batch pattern one cell at a time: ISO dates and times, plain integers, decimals with a point), so
  it is one the column accepts; no decimal comma;
- booleans: `true` or `false` in any ASCII case; strings: any cell, unless blank but not empty (pass 2
  loads a blank cell as NULL, COPY would keep its spaces); an empty cell is NULL either way;
- no ragged line, no row empty in every column, no empty cell in a required column and no duplicate row
  when invalid rows are skipped.
Any other block is typed by pass 2's own `BatchTyper` from the same records and goes as typed rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import product
from typing import BinaryIO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from adapters.validation.columnar.cell_patterns import SPACES, cell_pattern
from domain.validation.cell_types import C_DATE, C_DATETIME, C_DEC, C_INT
from domain.validation.load_plan import LoadPlan
from domain.validation.pass_two import BatchTyper
from domain.validation.report import CellLocale, Column, ColumnType, ValidationReport
from domain.validation.text_rows import TextRows
from domain.validation.typed_row import TypedRow

BLOCK_BYTES = 1 << 20
_SHAPES = {
    ColumnType.INTEGER: C_INT,
    ColumnType.DECIMAL: C_DEC,
    ColumnType.DATE: C_DATE,
    ColumnType.DATETIME: C_DATETIME,
}
TEXT_TYPES = frozenset({*_SHAPES, ColumnType.BOOLEAN, ColumnType.STRING})
_BOOLEAN_TEXT = pa.array(
    [
        "",
        *(
            "".join(letters)
            for word in ("true", "false")
            for letters in product(*zip(word, word.upper(), strict=True))
        ),
    ]
)
_STARTS_BLANK = f"^[{SPACES}]"
# Dates pass 2 reads but COPY would store otherwise: PostgreSQL refuses offsets past 15:59 (the whole load
# would fail), and the year 9999 is where asyncpg's typed path stores infinity and a negative offset
# carries COPY into year 10000, which no Python client can read back.
_NOT_AS_WRITTEN_DATES = r"^9999-|[+-](?:1[6-9]|2[0-3]):[0-5][0-9]$"
_DATE_TYPES = frozenset({ColumnType.DATE, ColumnType.DATETIME})


class _ColumnText:
    """Whether one column's cells of a block load as written."""

    def __init__(self, column: Column, locale: CellLocale, empty_ok: bool) -> None:
        self.kind = column.type
        shape = _SHAPES.get(column.type)
        self._pattern = None if shape is None else cell_pattern(shape, locale)
        self._empty_ok = empty_ok

    def as_written(self, cells: pa.ChunkedArray) -> bool:
        empty = pc.equal(cells, "")
        if not self._empty_ok and pc.any(empty).as_py():
            return False
        if self.kind is ColumnType.STRING:
            padded = pc.match_substring_regex(cells, _STARTS_BLANK)
            if not pc.any(padded).as_py():
                return True
            return all(cell.strip() for cell in pc.filter(cells, padded).to_pylist() if cell)
        if self.kind is ColumnType.BOOLEAN:
            return bool(pc.all(pc.is_in(cells, value_set=_BOOLEAN_TEXT)).as_py())
        assert self._pattern is not None
        if self.kind is ColumnType.DECIMAL and pc.any(pc.match_substring(cells, ",")).as_py():
            return False  # a decimal comma: only pass 2's converter reads it
        fits = pc.or_(empty, pc.match_substring_regex(cells, self._pattern))
        if not pc.all(fits).as_py():
            return False
        return (
            self.kind not in _DATE_TYPES
            or not pc.any(pc.match_substring_regex(cells, _NOT_AS_WRITTEN_DATES)).as_py()
        )


def text_batches(
    source: BinaryIO,
    report: ValidationReport,
    *,
    keep_invalid: bool,
    plan: LoadPlan,
    block_bytes: int = BLOCK_BYTES,
) -> Iterator[list[TypedRow] | TextRows]:
    """The rows pass 2 would load from `source` (screened, header on line 1), in file order."""
    delimiter = report.delimiter or ","
    width = len(report.columns)
    typer = BatchTyper(report, plan, keep_invalid=keep_invalid)
    locale = report.cell_locale
    checks = [_ColumnText(column, locale, keep_invalid or not column.required) for column in report.columns]
    duplicates = frozenset() if keep_invalid else plan.duplicate_rows
    first_row = 2
    for block in _blocks(source, block_bytes):
        lines = block.split(b"\n")
        if not lines[-1]:
            lines.pop()
        if b"\r" in block:
            lines = [line[:-1] if line.endswith(b"\r") else line for line in lines]
        numbers = range(first_row, first_row + len(lines))
        later = _TypedLater(typer, first_row, lines, delimiter)
        if _as_written(block, len(lines), delimiter, width, checks) and duplicates.isdisjoint(numbers):
            yield TextRows(numbers, lines, delimiter, later)
        else:
            yield later()
        first_row += len(lines)


def _as_written(block: bytes, size: int, delimiter: str, width: int, checks: list[_ColumnText]) -> bool:
    ragged: list[object] = []
    names = [f"c{index}" for index in range(width)]

    def ragged_line(row: pcsv.InvalidRow) -> str:
        ragged.append(row)
        return "skip"

    table = pcsv.read_csv(
        pa.py_buffer(block),
        read_options=pcsv.ReadOptions(use_threads=False, column_names=names, block_size=len(block) + 1),
        parse_options=pcsv.ParseOptions(
            delimiter=delimiter,
            quote_char=False,
            double_quote=False,
            escape_char=False,
            newlines_in_values=False,
            ignore_empty_lines=False,
            invalid_row_handler=ragged_line,
        ),
        convert_options=pcsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            null_values=[],
        ),
    )
    if ragged or table.num_rows != size:
        return False
    columns = table.columns
    if not all(check.as_written(cells) for check, cells in zip(checks, columns, strict=True)):
        return False
    # A row empty in every column is never loaded; COPY would load it as NULLs.
    empty = pc.equal(columns[0], "")
    for cells in columns[1:]:
        empty = pc.and_(empty, pc.equal(cells, ""))
    return not pc.any(empty).as_py()


class _TypedLater:
    """The typed rows of a block, as pass 2 types them: built when a consumer reads them as typed rows."""

    def __init__(self, typer: BatchTyper, first_row: int, lines: list[bytes], delimiter: str) -> None:
        self._typer, self._first_row, self._lines, self._delimiter = typer, first_row, lines, delimiter

    def __call__(self) -> list[TypedRow]:
        delimiter = self._delimiter
        records = [line.decode().split(delimiter) if line else [] for line in self._lines]
        return self._typer.type_batch(self._first_row, records)


def _blocks(source: BinaryIO, block_bytes: int) -> Iterator[bytes]:
    """The file after its header line in blocks of whole lines (the last one may lack its line break)."""
    source.seek(0)
    carry = b""
    header = True
    while chunk := source.read(block_bytes):
        carry += chunk
        if header:
            end = carry.find(b"\n")
            if end < 0:
                continue
            carry, header = carry[end + 1 :], False
        cut = carry.rfind(b"\n") + 1
        if cut:
            yield carry[:cut]
            carry = carry[cut:]
    if carry and not header:
        yield carry
