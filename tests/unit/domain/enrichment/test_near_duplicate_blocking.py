from __future__ import annotations

import pytest

from domain.enrichment.near_duplicate_blocking import candidate_pairs

pytestmark = pytest.mark.unit


def _rows(*texts: str) -> list[frozenset[str]]:
    return [frozenset(text.split()) for text in texts]


def test_rows_sharing_two_rare_words_are_candidates() -> None:
    rows = _rows(
        "juan perez 1505 madrid", "ana ruiz 77 sevilla", "juan perz 1505 madrid", "luis gil 9 bogota"
    )

    assert (0, 2) in candidate_pairs(rows, window=0)


def test_one_shared_rare_word_is_not_enough() -> None:
    rows = _rows("juan perez 1505", "ana ruiz 1505", "luis gil 9")

    assert candidate_pairs(rows, window=0) == set()


def test_words_in_more_than_max_block_rows_do_not_block() -> None:
    rows = _rows(*[f"madrid calle {i}" for i in range(5)])

    assert candidate_pairs(rows, max_block=4, window=0) == set()


def test_sorted_neighbours_are_candidates_even_without_rare_words() -> None:
    rows = _rows("b a", "z y", "a b c")

    assert candidate_pairs(rows, window=1) == {(0, 2), (1, 2)}
