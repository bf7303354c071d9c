"""A remembered mapping: what makes a header set the same, and which pairs are refused."""

from __future__ import annotations

import pytest

from domain.column_matching.file_header import header_of
from domain.column_matching.remembered_mapping import checked_columns, checked_headers, header_key
from domain.errors import DomainValidationError

pytestmark = pytest.mark.unit

COLUMNS = ["fecha_venta", "amount", "cliente"]


def test_the_same_headers_in_another_order_are_the_same_set() -> None:
    assert header_key(["Importe", "Cliente"]) == header_key(["Cliente", "Importe"])
    assert header_key(["Importe", "Cliente"]) != header_key(["importe", "Cliente"])
    assert header_key(["a,b"]) != header_key(["a", "b"])


def test_pairs_are_kept_as_given() -> None:
    pairs = checked_columns(["Importe", "cliente"], {"Importe": "amount"}, "ventas", COLUMNS)

    assert pairs == (("Importe", "amount"),)


@pytest.mark.parametrize(
    ("columns", "fragment"),
    [
        ({"Total": "amount"}, "'Total' is not one of the file's headers"),
        ({"Importe": "importe"}, "'importe' is not a column of dataset 'ventas'"),
        ({"Importe": "amount", "Fecha": "amount"}, "cannot both be column 'amount'"),
        ({"Importe": "cliente"}, "header 'cliente' is already column 'cliente'"),
    ],
)
def test_a_pair_that_cannot_hold_is_refused_with_the_reason(columns: dict[str, str], fragment: str) -> None:
    with pytest.raises(DomainValidationError, match=fragment):
        checked_columns(["Importe", "Fecha", "cliente"], columns, "ventas", COLUMNS)


def test_a_header_set_must_be_named_and_bounded() -> None:
    with pytest.raises(DomainValidationError, match="at least one"):
        checked_headers([])
    with pytest.raises(DomainValidationError, match="at most 1024 headers"):
        checked_headers(["h"] * 1025)


@pytest.mark.parametrize(
    ("sample", "header"),
    [
        (b"Fecha de venta;Importe\n01/02/2026;3,5\n", ["Fecha de venta", "Importe"]),
        ('\ufeffRegión,"Cliente, nombre"\r\nx,y\r\n'.encode(), ["Región", "Cliente, nombre"]),
        ("Región\tImporte\n".encode("utf-16"), ["Región", "Importe"]),
        (b"\n\nid,name\n1,a\n", ["id", "name"]),
        (b"id\x0cx,name\r1,a\r", ["id\x0cx", "name"]),
        (b"", None),
        (b"x" * (64 * 1024), None),
    ],
)
def test_the_header_is_read_from_the_first_bytes_as_validation_reads_it(
    sample: bytes, header: list[str] | None
) -> None:
    assert header_of(sample) == header
