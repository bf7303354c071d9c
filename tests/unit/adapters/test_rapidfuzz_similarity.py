"""The rapidfuzz similarity the service pairs names with agrees with the domain's standard-library one."""

from __future__ import annotations

import pytest

from adapters.rapidfuzz_similarity import rapidfuzz_similarity
from domain.column_matching.pairing import Basis, compact_name, propose_pairs, sequence_similarity

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("left", "right"),
    [("Fecha de venta", "fecha_venta"), ("Importe", "amount"), ("Cliente", "client"), ("id", "pid_total")],
)
def test_it_scores_header_names_as_the_domain_default_does(left: str, right: str) -> None:
    a, b = compact_name(left), compact_name(right)

    assert rapidfuzz_similarity(a, b) == pytest.approx(sequence_similarity(a, b), abs=0.02)


def test_the_spanish_example_pairs_the_same_way_with_it() -> None:
    pairs = propose_pairs(
        ["Fecha de venta", "Importe"], ["fecha_venta", "amount"], similarity=rapidfuzz_similarity
    )

    assert [(p.target, p.basis, p.score) for p in pairs] == [
        ("fecha_venta", Basis.SIMILAR_NAME, 0.91),
        (None, None, None),
    ]
