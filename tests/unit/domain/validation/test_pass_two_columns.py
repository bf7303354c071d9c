"""Pass 2 converts regular rows a column at a time: it must agree value for value with typing each record
cell by cell (`RowTyper`, the reference), and row for row with pass 1's counts."""

from __future__ import annotations

import functools
import io
import random
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import pytest

from adapters.validation.csv_files import iter_typed_rows, open_records, validate_csv_for_load
from domain.uploads.upload import OnError
from domain.validation.column_converters import ColumnConverter
from domain.validation.load_plan import LoadPlan
from domain.validation.report import Column, ColumnType, ValidationReport
from domain.validation.row_typer import RowTyper
from domain.validation.typed_row import CellValue

from .conftest import csv_bytes, rows_of

pytestmark = pytest.mark.unit

HEADER = "id,amount,ok,day,at,name,qty"
ODD = {
    "id": [" 12 ", "007", "1234567890123456", "123456789012345", "-0", "", "  ", "+5", "1_000", "١٢", "x"],
    "amount": ["1.", ".5", "1e5", "12345678901234567.5", "NaN", " 3.5", "", "n/a", "-0.000", "7"],
    # U+017F (long s) is what a case-insensitive regex would take for an s
    "ok": ["1", "0", "maybe", "", " yes ", "YES", "sí", "\u017fi"],
    "day": [
        "2024-02-30",
        "2023-02-29",
        "2024-02-29",
        "20240101",
        " 2024-01-05",
        "",
        "0999-01-01",
        "2024-1-1",
    ],
    "at": [
        "2024-05-12",
        "2024-05-12 13:45",
        "2024-05-12T13:45:00.1234",
        "2024-05-12T13:45:00+0100",
        "2024-05-12T25:00:00",
        "x",
        "",
        "2024-02-29T00:00:00Z",
    ],
    "name": ["", "   ", "=1+1", " lead", "Pérez", '"quoted, with comma"', '"two\nlines"'],
    "qty": ["", "x", " 4", "-1"],
}


def _normal(column: str, rng: random.Random, comma: bool) -> str:
    if column == "id":
        return str(rng.randint(-(10**6), 10**6))
    if column == "amount":
        text = f"{rng.randint(-99_999, 99_999) / 100:.2f}"
        return text.replace(".", ",") if comma and rng.random() < 0.5 else text
    if column == "ok":
        return rng.choice(["true", "false", "TRUE", "No", "y", "Sí"])
    if column == "day":
        return f"{rng.randint(2000, 2030)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if column == "at":
        zone = rng.choice(["Z", "", "+01:00", ".123Z", ".123456"])
        return f"2024-05-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00{zone}"
    if column == "name":
        return f"Customer {rng.randint(1, 500)}"
    return str(rng.randint(0, 50))


def messy_file(seed: int, rows: int, delimiter: str) -> io.BytesIO:
    rng = random.Random(seed)
    names = HEADER.split(",")
    lines: list[bytes] = [delimiter.join(names).encode()]
    for _ in range(rows):
        roll = rng.random()
        if roll < 0.004 and len(lines) > 2:
            lines.append(rng.choice(lines[1:]))  # a duplicate
            continue
        if roll < 0.006:
            lines.append(rng.choice([b"", delimiter.encode() * 6, b"  "]))  # blank rows
            continue
        cells = [
            rng.choice(ODD[n]) if rng.random() < 0.02 else _normal(n, rng, delimiter == ";") for n in names
        ]
        if roll < 0.009:
            cells = cells[: rng.randint(1, 6)] if rng.random() < 0.5 else [*cells, "extra"]
        line = delimiter.join(cells).encode()
        if roll > 0.997:
            line += b"\xff"  # undecodable
        lines.append(line)
    lines.insert(len(lines) - 3, b'1,"unterminated')
    return csv_bytes("") if not lines else io.BytesIO(b"\n".join(lines) + b"\n")


def reference(source: io.BytesIO, report: ValidationReport, plan: LoadPlan, on_error: OnError) -> list[str]:
    assert report.encoding is not None and report.delimiter is not None
    typer = RowTyper(report, plan)
    _, numbered = open_records(source, report.encoding, report.delimiter, 4096)
    kept = []
    for first_row, batch in numbered:
        for offset, record in enumerate(batch):
            judged = typer.type_row(first_row + offset, record)
            if judged is not None and (judged[1] or on_error is not OnError.SKIP):
                kept.append(f"{first_row + offset} {judged[0]!r}")
    return kept


@functools.cache
def validated_messy_file(delimiter: str) -> tuple[bytes, ValidationReport, LoadPlan]:
    """Pass 1 over the messy file, once per delimiter (report and plan are frozen; the bytes immutable)."""
    source = messy_file(seed=7, rows=6000, delimiter=delimiter)
    report, plan = validate_csv_for_load(source)
    return source.getvalue(), report, plan


@functools.cache
def reference_rows(delimiter: str, on_error: OnError) -> list[str]:
    """The cell-by-cell reference, once per file and error policy: it does not depend on the batch size."""
    data, report, plan = validated_messy_file(delimiter)
    return reference(io.BytesIO(data), report, plan, on_error)


@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("on_error", [OnError.SKIP, OnError.ACCEPT])
@pytest.mark.parametrize("batch_size", [64, 5000])
def test_column_wise_rows_equal_the_cell_by_cell_reference(
    delimiter: str, on_error: OnError, batch_size: int
) -> None:
    data, report, plan = validated_messy_file(delimiter)
    assert [c.type for c in report.columns] == [
        ColumnType.INTEGER, ColumnType.DECIMAL, ColumnType.BOOLEAN, ColumnType.DATE,
        ColumnType.DATETIME, ColumnType.STRING, ColumnType.INTEGER,
    ]  # fmt: skip
    assert plan.duplicate_rows and report.rows.invalid > 100
    typed = [
        f"{row.row} {row.values!r}"
        for batch in iter_typed_rows(
            io.BytesIO(data), report, on_error=on_error, batch_size=batch_size, plan=plan
        )
        for row in batch
    ]
    assert typed == reference_rows(delimiter, on_error)
    expected = report.rows.valid if on_error is OnError.SKIP else report.rows.total
    assert len(typed) == expected


def test_established_types_with_mostly_misfits_agree_with_the_reference() -> None:
    lines = [f"{i if i % 3 else 'n' + str(i)},{'2024-01-01' if i % 2 else 'soon'}" for i in range(3000)]
    source = csv_bytes("a,b\n" + "\n".join(lines) + "\n")
    established = (Column("a", "a", ColumnType.INTEGER, True), Column("b", "b", ColumnType.DATE, False))
    report, plan = validate_csv_for_load(source, established=established)
    assert report.rows.valid == 1000
    for on_error in (OnError.SKIP, OnError.ACCEPT):
        typed = [
            f"{r.row} {r.values!r}" for b in iter_typed_rows(source, report, on_error=on_error) for r in b
        ]
        assert typed == reference(source, report, plan, on_error)


def test_a_row_blank_in_every_column_is_never_loaded() -> None:
    source = csv_bytes("a,b\n1,x\n , \n2,y\n")
    report, _ = validate_csv_for_load(source)
    assert [row.row for row in rows_of(source, report, OnError.ACCEPT)] == [2, 4]


def convert(
    kind: ColumnType, cells: Sequence[str], *, required: bool = False, comma: bool = False
) -> tuple[list[CellValue], list[int], list[int]]:
    converter = ColumnConverter(Column("c", "c", kind, required), comma)
    converted = converter.convert(tuple(cells), "\x00".join(cells))
    return list(converted.values), converted.bad, converted.empties


def test_padded_and_blank_cells_are_judged_like_pass_one() -> None:
    values, bad, empties = convert(ColumnType.INTEGER, [str(i) for i in range(20)] + [" 7 ", "  ", "007"])
    assert values[20:] == [7, None, None] and bad == [22] and empties == [21]


def test_an_empty_cell_makes_its_row_invalid_only_in_a_required_column() -> None:
    cells = [*map(str, range(20)), ""]
    assert convert(ColumnType.INTEGER, cells, required=True)[1:] == ([20], [20])
    assert convert(ColumnType.INTEGER, cells)[1:] == ([], [20])


def test_values_the_batch_pattern_leaves_out_still_convert_exactly() -> None:
    days = [f"2024-01-{d:02d}" for d in range(1, 29)] * 2 + ["2024-02-29", "2023-02-29", "0999-01-01"]
    values, bad, _ = convert(ColumnType.DATE, days)
    assert values[-3:] == [date(2024, 2, 29), None, date(999, 1, 1)] and bad == [len(days) - 2]


def test_comma_decimals_convert_only_with_a_semicolon_delimiter() -> None:
    cells = [f"{i},5" for i in range(40)]
    assert convert(ColumnType.DECIMAL, cells, comma=True)[0][:2] == [Decimal("0.5"), Decimal("1.5")]
    assert convert(ColumnType.DECIMAL, cells)[1] == list(range(40))


def test_a_cell_the_pattern_passes_but_the_converter_refuses_is_judged_exactly() -> None:
    days = [f"20{y:02d}-01-{d:02d}" for y in range(10) for d in range(1, 11)] + ["2\u066024-01-01"]
    values, bad, _ = convert(ColumnType.DATE, days)  # `\d` matches the Arabic-Indic zero; dates do not
    assert values[0] == date(2000, 1, 1) and values[-1] is None and bad == [len(days) - 1]


def test_strings_are_loaded_untrimmed_and_blank_ones_as_none() -> None:
    assert convert(ColumnType.STRING, [" a ", " ", "b"], required=True) == ([" a ", None, "b"], [1], [1])
