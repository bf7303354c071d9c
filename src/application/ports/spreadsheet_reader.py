"""Reading a spreadsheet workbook as CSV text, so every validation rule applies to it unchanged."""

from __future__ import annotations

from typing import BinaryIO, Protocol


class SpreadsheetReader(Protocol):
    def write_csv(self, source: BinaryIO, target: BinaryIO, sheet: str | None) -> None:
        """Write one sheet of the workbook in `source` (the first, or the one named `sheet`) to `target`
        as UTF-8 CSV, cell values as `domain.uploads.spreadsheet_cells.cell_text` writes them.

        Blocking (run it in a worker thread). An unknown sheet or an unreadable workbook: `InvalidInput`.
        """
        ...
