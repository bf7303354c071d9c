"""Proposing which dataset column each file header is, from names alone."""

from __future__ import annotations

import pytest

from domain.column_matching.pairing import Basis, Hint, Pair, compact_name, propose_pairs

pytestmark = pytest.mark.unit

VENTAS = ["fecha_venta", "cliente", "amount", "region"]


def targets(pairs: tuple[Pair, ...]) -> dict[str, str | None]:
    return {pair.source: pair.target for pair in pairs}


def test_case_accents_spaces_and_underscores_do_not_matter() -> None:
    assert compact_name("Fecha de Venta") == compact_name("fecha_de_venta") == "fechadeventa"
    assert compact_name("Región ") == compact_name("REGION") == "region"

    pairs = propose_pairs(["REGIÓN", "Cliente"], VENTAS)

    assert pairs == (
        Pair("REGIÓN", "region", Basis.SAME_NAME, 1.0),
        Pair("Cliente", "cliente", Basis.SAME_NAME, 1.0),
    )


def test_a_spanish_header_is_paired_with_a_similar_column_name() -> None:
    pairs = propose_pairs(["Fecha de venta"], VENTAS)

    assert pairs[0].target == "fecha_venta"
    assert pairs[0].basis is Basis.SIMILAR_NAME
    assert pairs[0].score is not None and 0.8 <= pairs[0].score < 1


def test_a_translation_with_no_similar_letters_stays_unpaired() -> None:
    pairs = propose_pairs(["Fecha de venta", "Cliente", "Importe", "Región"], VENTAS)

    assert targets(pairs) == {
        "Fecha de venta": "fecha_venta",
        "Cliente": "cliente",
        "Importe": None,
        "Región": "region",
    }
    assert pairs[2] == Pair("Importe", None)


def test_a_language_model_hint_pairs_what_names_cannot() -> None:
    pairs = propose_pairs(["Importe"], VENTAS, hints=[Hint("Importe", "amount", 0.93)])

    assert pairs == (Pair("Importe", "amount", Basis.MODEL, 0.93),)


def test_a_hint_never_takes_a_column_already_paired_or_names_an_unknown_one() -> None:
    hints = [Hint("Importe", "cliente", 0.99), Hint("Total", "nope", 0.9), Hint("Total", "amount", 7)]

    pairs = propose_pairs(["Cliente", "Importe", "Total"], VENTAS, hints=hints)

    assert targets(pairs) == {"Cliente": "cliente", "Importe": None, "Total": None}


def test_a_remembered_choice_wins_over_names() -> None:
    pairs = propose_pairs(["cliente", "Nombre"], VENTAS, remembered={"Nombre": "cliente"})

    assert pairs[1] == Pair("Nombre", "cliente", Basis.REMEMBERED, 1.0)
    assert pairs[0].target is None  # its own name is taken by the remembered choice


def test_no_column_is_proposed_twice_and_the_closest_header_gets_it() -> None:
    pairs = propose_pairs(["client", "clientes"], ["clientes_x", "cliente"])

    assert [p.target for p in pairs].count("cliente") == 1
    assert targets(pairs)["client"] == "cliente" or targets(pairs)["clientes"] == "cliente"


def test_similar_names_below_the_threshold_stay_unpaired() -> None:
    assert propose_pairs(["id"], ["pid_total"])[0].target is None


def test_a_similarity_from_an_adapter_is_used() -> None:
    pairs = propose_pairs(["x"], ["y"], similarity=lambda left, right: 0.95)

    assert pairs == (Pair("x", "y", Basis.SIMILAR_NAME, 0.95),)
