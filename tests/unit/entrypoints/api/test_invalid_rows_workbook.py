"""The workbook writer on its own: no value is ever cut short.

Its flat memory as invalid rows grow is measured in tests/performance/test_bounded_memory.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from application.errors import InvalidInput
from application.use_cases.download_invalid_rows import InvalidRows
from domain.validation.row_findings import InvalidRow
from entrypoints.api.invalid_rows_workbook import invalid_rows_xlsx

pytestmark = pytest.mark.unit


def test_a_value_longer_than_a_cell_takes_is_refused_not_cut() -> None:
    async def one_long_row() -> AsyncIterator[list[InvalidRow]]:
        yield [InvalidRow(7, ("x", "n" * 40_000, "1.5"), ("type-error (id): 'x' not a valid integer",))]

    found = InvalidRows("f.csv", ("id", "name", "price"), one_long_row())

    with pytest.raises(InvalidInput, match=r"row 7 .*32767 characters.*errors\.csv instead"):
        asyncio.run(invalid_rows_xlsx(found, "f.xlsx"))
