from __future__ import annotations

import math
import random
import sys
from pathlib import Path

import pytest

from adapters.ai.linkage.columns import read_column
from adapters.ai.linkage.fellegi_sunter_finder import _surprise
from adapters.ai.linkage.redundancy import redundant_groups

sys.path.insert(0, str(Path(__file__).parents[2] / "domain" / "enrichment"))
from look_alike_files import numbered_people

pytestmark = pytest.mark.unit


def test_columns_that_repeat_together_count_once_though_their_values_rarely_repeat() -> None:
    # Each person at most twice: name and e-mail repeat on the same rows, one piece of evidence.
    header, rows = numbered_people(rows=2_000, seed=1)
    columns = [read_column([row[c] for row in rows]) for c in range(len(header))]

    groups = redundant_groups(columns)

    named = sorted(sorted(header[c] for c in group) for group in groups)
    assert ["email", "name"] in named
    assert ["id"] in named  # an id never repeats: nothing shows it says what a name says


def test_columns_repeating_on_other_rows_stay_apart() -> None:
    rng = random.Random(1)
    people = [f"Juan Pérez {rng.randrange(1_500)}" for _ in range(2_000)]
    cities = [f"Ciudad {rng.randrange(1_500)}" for _ in range(2_000)]

    groups = redundant_groups([read_column(people), read_column(cities)])

    assert groups == [[0], [1]]


def test_an_amount_is_never_taken_for_rarer_than_amounts_coincide_in_the_file() -> None:
    rng = random.Random(1)
    amounts = [f"{rng.randrange(500)}.25" for _ in range(20_000)]
    amounts[:2] = ["999.99", "999.99"]  # seen twice: taken alone, one in 10,000 rows
    amount = read_column(amounts)
    text = read_column([f"{value} euros" for value in amounts])

    amount_bits = _surprise(amount)[amount.codes[0]]
    text_bits = _surprise(text)[text.codes[0]]

    assert amount_bits == pytest.approx(math.log2(500), abs=0.1)  # two amounts share a value 1 in 500
    assert text_bits > 14  # a name seen twice in 20,000 rows is still a rare name
