from __future__ import annotations

import pytest

from domain.enrichment.folded_rows import fold_rows, normal_cell, row_words, words_of
from domain.enrichment.record_text import fold, normalised_cells, tokens

pytestmark = pytest.mark.unit


def test_folding_drops_case_and_accents() -> None:
    assert fold("Juan PÉREZ Muñoz Çelik Łódź") == "juan perez munoz celik łodz"


def test_spanish_address_abbreviations_read_as_their_long_form() -> None:
    assert tokens("Av. Reforma #123") == tokens("Avenida Reforma No. 123") == ("avenida", "reforma", "123")


def test_english_address_abbreviations_read_as_their_long_form() -> None:
    assert tokens("12 Main St.") == tokens("12 main street")


def test_word_order_within_a_cell_does_not_matter() -> None:
    assert normalised_cells(["Pérez, Juan", "x"]) == normalised_cells(["juan perez", "X"])


def test_different_words_stay_different() -> None:
    assert normalised_cells(["Juan Pérez"]) != normalised_cells(["María Pérez"])


def test_row_words_are_folded_words_of_every_cell() -> None:
    assert row_words(["Juan PÉREZ", "Av. Reforma #123"]) == {"juan", "perez", "av", "reforma", "123"}


def test_folded_rows_keep_one_line_per_row_even_with_line_breaks_in_cells() -> None:
    lines = fold_rows([("Juan", "Calle\nMayor"), ("Ana", "x_y\x1fz")])

    assert [line.split("\x1f") for line in lines] == [["juan", "calle mayor"], ["ana", "x y z"]]
    assert words_of(lines) == [frozenset({"juan", "calle", "mayor"}), frozenset({"ana", "x", "y", "z"})]


def test_folded_rows_keep_letters_of_other_scripts() -> None:
    lines = fold_rows([("Ἀθῆναι 5", "Pérez"), ("Łódź", "")])

    assert words_of(lines) == [frozenset({"αθηναι", "5", "perez"}), frozenset({"łodz"})]


def test_a_normal_cell_has_its_abbreviations_expanded_and_its_words_sorted() -> None:
    (line,) = fold_rows([("Av. Reforma #123", "Reforma, Avenida No. 123")])
    first, second = line.split("\x1f")

    assert normal_cell(first) == normal_cell(second) == "123 avenida reforma"
