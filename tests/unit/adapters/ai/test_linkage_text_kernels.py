from __future__ import annotations

import random

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from adapters.ai.linkage import text_kernels as kernels
from adapters.ai.linkage.columns import _fold_all
from domain.enrichment.record_text import ABBREVIATIONS

pytestmark = pytest.mark.unit


def test_accented_latin_is_folded_in_bulk_as_the_python_fold_does() -> None:
    values = ["Rocío  Taylor", "BEGOÑA", "", "Straße 5", "Ærø", "Ĳssel", "naïve-café", "Ça va"]

    assert kernels.folded(pa.array(values), _fold_all).to_pylist() == _fold_all(values)
    assert kernels.folded(pa.array(["x\u0301y", "a—b"]), _fold_all).to_pylist() == ["xy", "a b"]


def test_values_of_other_scripts_are_left_to_the_python_fold() -> None:
    values = ["Ана 1", "Rocío"]

    assert kernels.folded(pa.array(values), _fold_all).to_pylist() == ["1", "rocio"]


def test_words_are_trimmed_single_spaced_and_abbreviations_expanded_or_dropped() -> None:
    values = pa.array(["  av  reforma no 12 ", "", "calle   c"])

    assert kernels.words(values, ABBREVIATIONS).to_pylist() == ["avenida reforma 12", "", "calle calle"]


def test_letter_runs_go_and_digits_and_lone_letters_stay() -> None:
    values = pa.array(["calle 12 b", "ab", "abc12de4 f", "", "x"])

    assert kernels.without_long_letter_runs(values).to_pylist() == [" 12 b", "", "124 f", "", "x"]


def test_values_are_numbered_from_one_with_empty_as_zero() -> None:
    codes, values = kernels.numbered(pa.array(["b", "", "a", "b"]))

    assert codes.tolist() == [1, 0, 2, 1]
    assert values.to_pylist() == ["", "b", "a"]


def _odd_strings(seed: int) -> list[str]:
    rng = random.Random(seed)
    pieces = [" ", "  ", "a", "12", "b", "é", "Ω", "日本", "🙂", "\t", ""]
    return ["".join(rng.choice(pieces) for _ in range(rng.randrange(8))) for _ in range(400)]


@pytest.mark.parametrize("seed", range(5))
def test_squeezing_spaces_in_bulk_gives_the_words_joined_as_words_does(seed: int) -> None:
    values = pa.array([*_odd_strings(seed), "", " ", "   ", " x ", "x  y"])

    assert kernels.squeezed(values).to_pylist() == kernels.words(values).to_pylist()
    assert kernels.squeezed(values).to_pylist()[-5:] == ["", "", "", "x", "x y"]


@pytest.mark.parametrize("seed", range(5))
def test_lengths_count_characters_as_arrow_does(seed: int) -> None:
    for values in (pa.array(_odd_strings(seed)), pa.array(["ab", "", "c d"])):
        assert kernels.lengths(values).tolist() == pc.utf8_length(values).to_pylist()
