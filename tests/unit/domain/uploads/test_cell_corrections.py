"""Which cell edits a correction accepts, and the records it gives."""

from __future__ import annotations

import pytest

from domain.uploads.cell_corrections import (
    MAX_CORRECTED_CELLS,
    CellEdit,
    CorrectionRefused,
    RecordUnreadable,
    check_edits,
    corrected_records,
)
from domain.validation.records import ParseFailure

pytestmark = pytest.mark.unit

HEADER = ["id", "name", "price"]


def _numbered(*rows: list[str]) -> list[tuple[int, list[list[str]]]]:
    return [(2, list(rows))]


def test_an_edit_replaces_its_cell_exactly_as_typed() -> None:
    records = list(
        corrected_records(
            HEADER,
            _numbered(["1", "Ana", "x"], ["2", "Luis", "7"]),
            [CellEdit(row=2, column="price", value="007"), CellEdit(row=3, column="name", value=" Luis ")],
        )
    )

    assert records == [HEADER, ["1", "Ana", "007"], ["2", " Luis ", "7"]]


def test_an_unknown_column_is_refused_naming_the_columns() -> None:
    with pytest.raises(CorrectionRefused, match=r"no column 'prize'; its columns are 'id', 'name', 'price'"):
        list(corrected_records(HEADER, _numbered(["1", "Ana", "x"]), [CellEdit(2, "prize", "1")]))


def test_a_row_past_the_end_is_refused_naming_the_last_row() -> None:
    with pytest.raises(CorrectionRefused, match="row 9 is not in the file: its last row is 3"):
        list(corrected_records(HEADER, _numbered(["1", "A", "1"], ["2", "B", "2"]), [CellEdit(9, "id", "1")]))


def test_a_row_that_was_loaded_is_not_corrected() -> None:
    keep = {3}.__contains__
    with pytest.raises(CorrectionRefused, match="row 2 was loaded already"):
        list(
            corrected_records(
                HEADER, _numbered(["1", "A", "1"], ["2", "B", "x"]), [CellEdit(2, "id", "9")], keep=keep
            )
        )


def test_only_kept_rows_are_written() -> None:
    records = list(
        corrected_records(
            HEADER,
            _numbered(["1", "A", "1"], ["2", "B", "x"]),
            [CellEdit(3, "price", "2")],
            keep={3}.__contains__,
        )
    )

    assert records == [HEADER, ["2", "B", "2"]]


def test_an_unreadable_record_cannot_be_written_again() -> None:
    with pytest.raises(RecordUnreadable, match="row 3 could not be read as CSV"):
        list(
            corrected_records(
                HEADER, _numbered(["1", "A", "1"], ParseFailure("bad")), [CellEdit(2, "id", "9")]
            )
        )


def test_a_short_row_is_filled_out_to_the_edited_cell() -> None:
    records = list(corrected_records(HEADER, _numbered(["1"]), [CellEdit(2, "price", "3")]))

    assert records[1] == ["1", "", "3"]


@pytest.mark.parametrize(
    ("edits", "message"),
    [
        ([], "name at least one cell"),
        (
            [CellEdit(row, "id", "1") for row in range(2, MAX_CORRECTED_CELLS + 3)],
            "at most 50 cells can be corrected",
        ),
        ([CellEdit(1, "id", "x")], "row 1 is not a data row"),
        ([CellEdit(2, "id", "1"), CellEdit(2, "id", "2")], "row 2, column 'id' is corrected twice"),
        ([CellEdit(2, "id", "x" * 10_001)], "longer than 10000 characters"),
    ],
)
def test_edits_out_of_bounds_are_refused(edits: list[CellEdit], message: str) -> None:
    with pytest.raises(CorrectionRefused, match=message):
        check_edits(edits)


def test_fifty_edits_are_accepted() -> None:
    check_edits([CellEdit(row, "id", "1") for row in range(2, MAX_CORRECTED_CELLS + 2)])
