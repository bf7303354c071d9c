"""Corrections of a few cells of an uploaded file: which edits are acceptable, and the records they give.

A correction names cells by row (the header is row 1, as in the report's samples) and by the column's name
in the file's header; each value replaces the cell exactly as typed (`007` stays `007`). The browser sends
only these edits, never the file: the corrected file is built from the archived original.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

import msgspec

from domain.errors import DomainValidationError
from domain.validation.records import ParseFailure

# Cells one correction may change: the report's samples are few, and a larger fix is a new file.
MAX_CORRECTED_CELLS = 50
# A typed value longer than this is not "a few cells" either.
MAX_CELL_CHARS = 10_000


class CellEdit(msgspec.Struct, frozen=True):
    """One cell's new value: `row` counts records with the header as row 1; `column` is its header name."""

    row: int
    column: str
    value: str


class CorrectionRefused(DomainValidationError):
    """The edits cannot be applied to this file; the message says which and why."""


class RecordUnreadable(CorrectionRefused):
    """A record of the original could not be read as CSV, so the file cannot be written again from it."""


def check_edits(edits: Sequence[CellEdit]) -> None:
    """Refuse no edits, more than `MAX_CORRECTED_CELLS`, the header row, a cell named twice, a huge value."""
    if not edits:
        raise CorrectionRefused("name at least one cell to correct")
    if len(edits) > MAX_CORRECTED_CELLS:
        raise CorrectionRefused(
            f"at most {MAX_CORRECTED_CELLS} cells can be corrected at once; {len(edits)} were sent"
        )
    seen: set[tuple[int, str]] = set()
    for edit in edits:
        if edit.row < 2:
            raise CorrectionRefused(
                f"row {edit.row} is not a data row: the header is row 1, data starts at row 2"
            )
        if len(edit.value) > MAX_CELL_CHARS:
            raise CorrectionRefused(
                f"the value for row {edit.row}, column {edit.column!r} is longer than {MAX_CELL_CHARS} "
                "characters"
            )
        if (edit.row, edit.column) in seen:
            raise CorrectionRefused(f"row {edit.row}, column {edit.column!r} is corrected twice")
        seen.add((edit.row, edit.column))


def column_positions(header: Sequence[str], edits: Iterable[CellEdit]) -> dict[str, int]:
    """Each edited column's position in `header`; an unknown or repeated name is refused."""
    positions: dict[str, int] = {}
    for edit in edits:
        if edit.column in positions:
            continue
        found = [index for index, name in enumerate(header) if name == edit.column]
        if not found:
            names = ", ".join(repr(name) for name in header)
            raise CorrectionRefused(f"the file has no column {edit.column!r}; its columns are {names}")
        if len(found) > 1:
            raise CorrectionRefused(f"the file has more than one column named {edit.column!r}")
        positions[edit.column] = found[0]
    return positions


def corrected_records(
    header: list[str],
    numbered: Iterable[tuple[int, list[list[str]]]],
    edits: Sequence[CellEdit],
    *,
    keep: Callable[[int], bool] = lambda _row: True,
) -> Iterator[list[str]]:
    """The header, then every kept record with the edits applied; an edit of a row not kept, or past the
    end of the file, is refused once the records are read (the caller discards what was written).

    `numbered` are the record batches after the header, each with the row number of its first record.
    """
    positions = column_positions(header, edits)
    by_row: dict[int, list[CellEdit]] = {}
    for edit in edits:
        by_row.setdefault(edit.row, []).append(edit)
    yield header
    last = 1
    for first, batch in numbered:
        for offset, record in enumerate(batch):
            row = first + offset
            last = row
            if not keep(row):
                if row in by_row:
                    raise CorrectionRefused(
                        f"row {row} was loaded already; only rows that were left out can be corrected"
                    )
                continue
            if isinstance(record, ParseFailure):
                raise RecordUnreadable(
                    f"row {row} could not be read as CSV; correct it in the file and upload that again"
                )
            changes = by_row.get(row)
            if changes:
                record = _with_changes(record, changes, positions)
            yield record
    beyond = sorted(row for row in by_row if row > last)
    if beyond:
        raise CorrectionRefused(f"row {beyond[0]} is not in the file: its last row is {last}")


def _with_changes(record: list[str], changes: list[CellEdit], positions: dict[str, int]) -> list[str]:
    cells = list(record)
    for edit in changes:
        position = positions[edit.column]
        if position >= len(cells):
            # A short row: the cells it lacks are empty ones, and one of them is being filled in.
            cells.extend([""] * (position + 1 - len(cells)))
        cells[position] = edit.value
    return cells
