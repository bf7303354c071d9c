from __future__ import annotations

from collections import Counter

import pytest

from domain.validation.cell_types import C_DATE, C_DATETIME, C_DEC, C_INT, C_TEXT, classify
from domain.validation.column_scan import CLASS_COUNT, ColumnScanner

pytestmark = pytest.mark.unit

TRICKY = [
    "", " ", "0", "-0", "007", " 12 ", "12", "-12.50", "00.5", "0.5", "1234567890123456", "true", "Sí",
    "2024-02-29", "2023-02-29", "2024-01-01T10:00:00Z", "2024-01-01 24:00", "2024-01-01x", "=1+1",
    " -3", "+5", "١٢", "1.2.3", "Customer 42", "user1@example.com", "2024-13-01", "9999-99-99",
]  # fmt: skip


def expected_counts(cells: list[str], comma_decimal: bool) -> list[int]:
    counts = [0] * CLASS_COUNT
    for cls, rows in Counter(classify(cell, comma_decimal) for cell in cells).items():
        counts[cls] = rows
    return counts


@pytest.mark.parametrize("shape", [None, C_INT, C_DEC, C_DATE, C_DATETIME, C_TEXT])
@pytest.mark.parametrize("route", range(5))
def test_every_route_counts_exactly_what_classify_says(shape: int | None, route: int) -> None:
    scanner = ColumnScanner(False)
    columns = [
        tuple(TRICKY * 3),
        tuple(f"{i}" for i in range(100)),
        (*tuple(f"{i}.{i % 7}" for i in range(100)), "", "7"),
        (*tuple(f"2024-0{1 + i % 9}-1{i % 10}" for i in range(100)), "2024-02-30"),
        (*tuple(f"2024-05-0{1 + i % 9}T{i % 24:02d}:{i % 60:02d}:00Z" for i in range(100)), "2024-05-01"),
        (*tuple(f"Customer {i}" for i in range(100)), "=cmd", " padded"),
        tuple("true" if i % 3 else "No" for i in range(100)),
    ]
    for cells in columns:
        scan, _ = scanner.scan(cells, shape, route)
        assert scan.counts == expected_counts(list(cells), False), cells[:3]
        assert scan.padded == any(c != c.strip() for c in cells if c.strip()) or scan.classes is not None
