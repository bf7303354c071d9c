"""Memory that must not grow with the input: measured on inputs large enough to show it (moved from unit).

The duplicate detector holds a few bytes a row; the invalid-rows workbook is flushed row by row.
"""

from __future__ import annotations

import asyncio
import tracemalloc
from collections.abc import AsyncIterator

import pytest

from application.use_cases.download_invalid_rows import InvalidRows
from domain.validation.duplicates import DuplicateDetector
from domain.validation.row_findings import InvalidRow
from entrypoints.api.invalid_rows_workbook import invalid_rows_xlsx

pytestmark = pytest.mark.slow


def test_detector_holds_at_most_24_bytes_a_row_including_finding_duplicates() -> None:
    rows = 200_000
    digests = [hash(f"row {i}") for i in range(rows)]
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    detector = DuplicateDetector()
    for low in range(0, rows, 4096):
        batch = digests[low : low + 4096]
        detector.add(batch, [0] * len(batch))
    assert detector.duplicates() == []
    peak = tracemalloc.get_traced_memory()[1] - before
    tracemalloc.stop()
    assert peak / rows <= 24


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
