from __future__ import annotations

from datetime import date

import pytest

from domain.enrichment.numeric_cells import infer_type, parse_column
from domain.validation.report import ColumnType

pytestmark = pytest.mark.unit


def test_a_clean_chunk_of_numbers_is_read_whole() -> None:
    assert parse_column(ColumnType.INTEGER, ["1", "2", "30"], [2, 3, 4]) == ([1.0, 2.0, 30.0], [2, 3, 4])


def test_empty_bad_and_infinite_cells_are_dropped_with_their_rows() -> None:
    values, rows = parse_column(ColumnType.DECIMAL, ["1", "", "x", "inf", "2,5"], [2, 3, 4, 5, 6])

    assert (values, rows) == ([1.0, 2.5], [2, 6])


def test_dates_read_as_day_numbers() -> None:
    values, rows = parse_column(ColumnType.DATE, ["2020-01-02", " 2020-01-03 "], [2, 3])

    assert values == [date(2020, 1, 2).toordinal(), date(2020, 1, 3).toordinal()]
    assert rows == [2, 3]


def test_types_are_inferred_from_the_values() -> None:
    assert infer_type(["1", "2.5", ""]) is ColumnType.DECIMAL
    assert infer_type(["2020-01-02", "2021-12-31"]) is ColumnType.DATE
    assert infer_type(["2020-01-02T10:00:00", "2021-12-31 08:00"]) is ColumnType.DATETIME
    assert infer_type(["Juan", "12"]) is None
    assert infer_type(["", " "]) is None
