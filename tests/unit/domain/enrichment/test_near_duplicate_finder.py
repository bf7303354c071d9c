from __future__ import annotations

import pytest
from labelled_records import generate

from domain.enrichment.near_duplicate_finder import LexicalNearDuplicateFinder

pytestmark = pytest.mark.unit


def test_the_same_person_written_differently_is_found() -> None:
    records = [
        ("Juan Pérez", "Av. Reforma 123", "Ciudad de México"),
        ("Sofía Ruiz", "Calle Alcalá 9", "Madrid"),
        ("juan perez", "Avenida Reforma #123", "ciudad de mexico"),
    ]

    (pair,) = LexicalNearDuplicateFinder()(records)

    assert (pair.first, pair.second) == (0, 2)
    assert pair.score == 1.0


def test_a_relative_at_the_same_address_is_not_a_duplicate() -> None:
    records = [
        ("Juan Pérez", "Av. Reforma 123", "Ciudad de México", "juan.perez@correo.es"),
        ("María Pérez", "Av. Reforma 123", "Ciudad de México", "maria.perez@correo.es"),
    ]

    assert LexicalNearDuplicateFinder()(records) == []


def test_a_typo_still_matches() -> None:
    records = [("Paula Wilson", "1505 Oak Street", "Chicago"), ("Paula Wison", "1505 Oak St.", "Chicago")]

    assert len(LexicalNearDuplicateFinder()(records)) == 1


def test_precision_and_recall_on_the_labelled_set_meet_the_bar() -> None:
    labelled = generate(1500, seed=7)

    found = {(pair.first, pair.second) for pair in LexicalNearDuplicateFinder()(labelled.records)}

    true_positives = len(found & labelled.duplicate_pairs)
    precision = true_positives / len(found)
    recall = true_positives / len(labelled.duplicate_pairs)
    assert precision >= 0.9, precision
    assert recall >= 0.8, recall


def test_the_labelled_set_is_deterministic_and_has_hard_negatives() -> None:
    first, second = generate(300, seed=1), generate(300, seed=1)

    assert first == second
    surnames = [record[0].split()[-1] for record in first.records]
    assert len(set(surnames)) < len(surnames)
