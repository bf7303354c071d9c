from __future__ import annotations

import random

import pytest

from domain.enrichment.outlier_rule import OutlierRule, _median_deviation, _quantile
from domain.validation.report import Column, ColumnType, RuleStatus, Severity, Validation

pytestmark = pytest.mark.unit


def _run(rule: OutlierRule, columns: list[Column], rows: list[list[str]]) -> Validation:
    rule.start(columns)
    for offset, cells in enumerate(rows):
        rule.observe(offset + 2, cells)
    return rule.finish()


PRICE = Column("price", "price", ColumnType.INTEGER)


def _prices(count: int) -> list[list[str]]:
    return [[str(10 + (i * 37) % 241)] for i in range(count)]


def test_a_far_value_is_reported_with_its_row_and_the_reason() -> None:
    rows = _prices(60)
    rows[29] = ["1500000"]

    result = _run(OutlierRule(), [PRICE], rows)

    assert result.rule == "outlier"
    assert result.severity is Severity.WARNING
    assert result.status is RuleStatus.FAILED
    assert result.count == 1
    (sample,) = result.samples
    assert sample.row == 31
    assert sample.column == "price"
    assert sample.value == "1500000"
    assert "1500000 is far above the usual range" in sample.message
    assert "for column price (median" in sample.message


def test_a_far_low_value_is_reported_as_below() -> None:
    rows = [[str(1000 + i)] for i in range(40)]
    rows.append(["-5000"])

    result = _run(OutlierRule(), [PRICE], rows)

    assert result.count == 1
    assert "far below" in result.samples[0].message


def test_ordinary_values_pass() -> None:
    result = _run(OutlierRule(), [PRICE], _prices(200))

    assert result.status is RuleStatus.PASSED
    assert result.count == 0


def test_columns_with_fewer_than_twenty_values_are_not_judged() -> None:
    rows = [*_prices(18), ["99999999"]]

    assert _run(OutlierRule(), [PRICE], rows).status is RuleStatus.PASSED


def test_cells_that_do_not_parse_are_ignored() -> None:
    rows = [*_prices(40), ["abc"], [""], ["nan"], ["inf"]]

    assert _run(OutlierRule(), [PRICE], rows).status is RuleStatus.PASSED


def test_text_columns_are_not_looked_at() -> None:
    name = Column("name", "name", ColumnType.STRING)
    rows = [[f"person {i}"] for i in range(40)] + [["999999999"]]

    assert _run(OutlierRule(), [name], rows).status is RuleStatus.PASSED


def test_a_string_column_of_numbers_is_judged_as_numbers() -> None:
    # The engine starts row rules with provisional `string` columns: types are only known at the end.
    provisional = Column("price", "price", ColumnType.STRING)
    rows = [*_prices(60), ["1500000"]]

    result = _run(OutlierRule(), [provisional], rows)

    assert [sample.value for sample in result.samples] == ["1500000"]


def test_a_string_column_of_dates_is_judged_as_dates() -> None:
    provisional = Column("born", "born", ColumnType.STRING)
    rows = [[f"2020-01-{1 + i % 28:02d}"] for i in range(50)] + [["1900-01-01"]]

    result = _run(OutlierRule(), [provisional], rows)

    assert [sample.value for sample in result.samples] == ["1900-01-01"]


def test_values_are_parsed_a_chunk_at_a_time_with_empty_and_bad_cells_among_them() -> None:
    rows = [[str(10 + i % 50)] if i % 7 else [""] for i in range(10_000)]
    rows[5_000] = ["not a number"]
    rows[9_000] = ["88888888"]

    result = _run(OutlierRule(), [PRICE], rows)

    assert [sample.row for sample in result.samples] == [9_002]


def test_decimal_commas_are_read() -> None:
    amount = Column("amount", "Amount", ColumnType.DECIMAL)
    rows = [[f"{10 + i % 7},5"] for i in range(40)] + [["9000,25"]]

    result = _run(OutlierRule(), [amount], rows)

    assert result.count == 1
    assert result.samples[0].value == "9000.25"
    assert "column Amount" in result.samples[0].message


def test_a_date_far_from_the_others_is_reported_as_a_date() -> None:
    born = Column("born", "born", ColumnType.DATE)
    rows = [[f"2020-01-{1 + i % 28:02d}"] for i in range(50)] + [["1900-01-01"]]

    result = _run(OutlierRule(), [born], rows)

    assert result.count == 1
    assert result.samples[0].value == "1900-01-01"
    assert "median 2020-01-" in result.samples[0].message


def test_datetimes_with_time_zones_are_compared_in_utc() -> None:
    seen = Column("seen", "seen", ColumnType.DATETIME)
    rows = [[f"2024-05-01T{i % 24:02d}:00:00+02:00"] for i in range(48)] + [["2031-01-01T00:00:00Z"]]

    result = _run(OutlierRule(), [seen], rows)

    assert result.count == 1
    assert result.samples[0].row == 50


def test_a_column_mostly_of_one_value_still_flags_a_huge_one() -> None:
    rows = [["0"]] * 80 + [["1"], ["2"], ["1"]] * 5 + [["500"]]

    result = _run(OutlierRule(), [PRICE], rows)

    assert [s.value for s in result.samples] == ["500"]


def test_a_column_of_identical_values_has_no_outliers() -> None:
    assert _run(OutlierRule(), [PRICE], [["7"]] * 50).status is RuleStatus.PASSED


def test_samples_are_capped_but_count_is_full() -> None:
    rows = _prices(300) + [[str(10_000_000 + i)] for i in range(8)]

    result = _run(OutlierRule(max_samples=3), [PRICE], rows)

    assert result.count == 8
    assert result.truncated is True
    assert len(result.samples) == 3


def test_beyond_the_exact_limit_more_outliers_than_kept_extremes_make_the_count_a_lower_bound() -> None:
    rows = _prices(300) + [[str(10_000_000 + i)] for i in range(10)]

    result = _run(OutlierRule(extremes=5, exact_limit=100), [PRICE], rows)

    assert result.count == 5
    assert "lower bound" in result.title


def test_a_large_column_is_judged_from_a_bounded_sample() -> None:
    rows = _prices(30_000)
    rows[12_345] = ["77777777"]

    result = _run(OutlierRule(reservoir_size=500), [PRICE], rows)

    assert [s.row for s in result.samples] == [12_347]


def test_the_same_rule_can_be_started_again_for_another_file() -> None:
    rule = OutlierRule()
    _run(rule, [PRICE], [*_prices(40), ["9999999"]])

    assert _run(rule, [PRICE], _prices(40)).status is RuleStatus.PASSED


def test_outliers_are_counted_exactly_even_far_beyond_the_kept_extremes() -> None:
    rows = _prices(3000) + [[str(10_000_000 + i)] for i in range(700)]

    result = _run(OutlierRule(), [PRICE], rows)

    assert result.count == 700
    assert "lower bound" not in result.title


def _log_normal(count: int, seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    return [[f"{rng.lognormvariate(10, 1):.2f}"] for _ in range(count)]


def test_a_log_normal_column_gets_at_most_one_percent_of_flags_and_every_slip_of_a_thousand() -> None:
    rows = _log_normal(5000, seed=3)
    slipped = list(range(7, 5000, 100))
    for index in slipped:
        rows[index] = [f"{float(rows[index][0]) * 1000:.2f}"]

    result = _run(OutlierRule(max_samples=10_000), [Column("value", "value", ColumnType.DECIMAL)], rows)

    flagged = {sample.row for sample in result.samples}
    assert {index + 2 for index in slipped} <= flagged
    assert len(flagged) - len(slipped) <= 0.01 * len(rows)
    assert "judged on a log scale" in result.samples[0].message


def test_a_sample_says_the_range_it_was_compared_with() -> None:
    rows = _prices(60)
    rows[29] = ["1500000"]

    (sample,) = _run(OutlierRule(), [PRICE], rows).samples

    low, high = sample.message.split("the usual range ")[1].split(" for column")[0].split("\u2013")
    assert float(low) < 10 and 250 < float(high) < 1_500_000


@pytest.mark.parametrize("seed", range(4))
def test_the_median_deviation_is_that_of_the_sorted_deviations(seed: int) -> None:
    rng = random.Random(seed)
    for size in range(1, 80):
        values = sorted(
            [rng.gauss(0, 1), float(rng.randint(0, 4)), rng.randint(0, 9), rng.lognormvariate(0, 2)][seed]
            for _ in range(size)
        )
        median = _quantile(values, 0.5)

        assert _median_deviation(values, median) == _quantile(sorted(abs(v - median) for v in values), 0.5)


def test_batches_given_as_columns_are_judged_as_the_same_rows_given_one_by_one() -> None:
    # A string column of numbers is probed from its first cells, however the batches came.
    columns = [PRICE, Column("code", "code", ColumnType.STRING), Column("name", "name", ColumnType.STRING)]
    rows = [[str(10 + (i * 37) % 241), str(500 + i % 90), f"n{i}"] for i in range(7_000)]
    rows[4_500][0], rows[30][1], rows[6_999][1] = "7777777", "-90000", ""
    expected = _run(OutlierRule(), columns, rows)
    rule = OutlierRule()
    rule.start(columns)
    rule.observe_columns(range(2, 102), [list(cells) for cells in zip(*rows[:100], strict=True)])
    rule.observe(102, rows[100])
    rule.observe_many(range(103, 3002), rows[101:3000])
    rule.observe_columns(range(3002, 7002), list(zip(*rows[3000:], strict=True)))

    assert rule.finish() == expected
    assert [sample.row for sample in expected.samples] == [32, 4_502]
