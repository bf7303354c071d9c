from __future__ import annotations

import statistics

import pytest

from domain.enrichment.column_spread import ColumnSpread

pytestmark = pytest.mark.unit


def test_below_the_sample_size_every_value_is_kept() -> None:
    spread = ColumnSpread(reservoir_size=100)
    spread.add_many([3.0, 1.0, 2.0], [2, 3, 4])

    assert spread.sample() == [1.0, 2.0, 3.0]
    assert spread.count == 3


def test_a_long_column_keeps_a_bounded_sample_with_the_right_median() -> None:
    spread = ColumnSpread(reservoir_size=1_000)
    values = [float((i * 7919) % 100_000) for i in range(100_000)]
    for start in range(0, len(values), 4096):
        chunk = values[start : start + 4096]
        spread.add_many(chunk, list(range(start, start + len(chunk))))

    sample = spread.sample()
    assert 500 <= len(sample) <= 1_000
    assert abs(statistics.median(sample) - 50_000) < 5_000


def test_a_file_alternating_two_kinds_of_rows_is_sampled_on_both() -> None:
    spread = ColumnSpread(reservoir_size=500)
    for start in range(0, 100_000, 4096):
        chunk = [float(i % 2) for i in range(start, min(start + 4096, 100_000))]
        spread.add_many(chunk, list(range(start, start + len(chunk))))

    assert set(spread.sample()) == {0.0, 1.0}


def test_the_most_extreme_values_are_kept_with_their_rows() -> None:
    spread = ColumnSpread(extremes=2)
    spread.add_many([5.0, 9.0, 1.0], [2, 3, 4])
    spread.add_many([7.0, -3.0, 12.0], [5, 6, 7])

    assert spread.largest() == [(12.0, 7), (9.0, 3)]
    assert spread.smallest() == [(-3.0, 6), (1.0, 4)]


def test_adding_one_value_at_a_time_gives_the_same_extremes() -> None:
    one, many = ColumnSpread(extremes=3), ColumnSpread(extremes=3)
    values = [float((i * 31) % 97) for i in range(500)]
    for row, value in enumerate(values):
        one.add(value, row)
    many.add_many(values, list(range(500)))

    assert one.largest() == many.largest()
    assert one.smallest() == many.smallest()


def test_values_beyond_two_fences_come_with_their_rows_in_file_order() -> None:
    spread = ColumnSpread()
    spread.add_many([5.0, -9.0, 1.0, 12.0, -3.0], [2, 3, 4, 5, 6])

    assert spread.beyond(-4.0, 4.0) == [(5.0, 2), (-9.0, 3), (12.0, 5)]


def test_row_numbers_beyond_four_bytes_are_kept_exactly() -> None:
    # Rows are kept in 4 bytes while they fit; a larger one widens the kept rows, losing none.
    spread = ColumnSpread()
    spread.add_many([1.0, 2.0], [7, 2**32 - 1])
    spread.add_many([3.0], [2**32 + 5])

    assert spread.every_value() == [(1.0, 7), (2.0, 2**32 - 1), (3.0, 2**32 + 5)]
    assert spread.beyond(1.5, 2.5) == [(1.0, 7), (3.0, 2**32 + 5)]
