"""The workbook writer on its own: flat memory as invalid rows grow, and no value ever cut short."""

from __future__ import annotations

import asyncio
import tracemalloc
from collections.abc import AsyncIterator

import pytest

from application.errors import InvalidInput
from application.use_cases.download_invalid_rows import InvalidRows
from domain.validation.row_findings import InvalidRow
from entrypoints.api.invalid_rows_workbook import invalid_rows_xlsx

pytestmark = pytest.mark.unit


async def batches(count: int) -> AsyncIterator[list[InvalidRow]]:
    for start in range(0, count, 1000):
        yield [
            InvalidRow(n + 2, (f"id{n}", f"a name for row {n}", f"{n}.5x"), (f"type-error (price): row {n}",))
            for n in range(start, min(start + 1000, count))
        ]


def peak_bytes(rows: int) -> int:
    async def write() -> None:
        response = await invalid_rows_xlsx(
            InvalidRows("f.csv", ("id", "name", "price"), batches(rows)), "f.xlsx"
        )
        async for _ in response.iterator:  # type: ignore[union-attr]
            pass

    tracemalloc.start()
    try:
        asyncio.run(write())
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_four_times_the_rows_do_not_take_four_times_the_memory() -> None:
    small, large = peak_bytes(4_000), peak_bytes(16_000)

    # Kept in memory, 12,000 more rows of 5 cells would add several MB; flushed row by row they add little.
    assert large < small * 1.5, (small, large)


def test_a_value_longer_than_a_cell_takes_is_refused_not_cut() -> None:
    async def one_long_row() -> AsyncIterator[list[InvalidRow]]:
        yield [InvalidRow(7, ("x", "n" * 40_000, "1.5"), ("type-error (id): 'x' not a valid integer",))]

    found = InvalidRows("f.csv", ("id", "name", "price"), one_long_row())

    with pytest.raises(InvalidInput, match=r"row 7 .*32767 characters.*errors\.csv instead"):
        asyncio.run(invalid_rows_xlsx(found, "f.xlsx"))
