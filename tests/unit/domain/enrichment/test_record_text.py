from __future__ import annotations

import pytest

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
