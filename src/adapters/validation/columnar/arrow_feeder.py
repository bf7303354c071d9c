"""Pass 1's rows read by Arrow's CSV reader and checked a column at a time, for a file that `screen` passed.

Arrow reads the lines after the header in blocks (single-threaded, so its invalid-row handler knows each
ragged line's number), every column as strings, without quoting: the cells the row engine's fast split
gives. A batch with no ragged or blank row is checked as columns (`feed_columns`); one with such a row
goes through the row engine's own `PassOne.feed` as Python records, with the ragged lines (split as the
row engine splits them) back in their places, so the checker sees every row, numbered as the row engine
numbers them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from itertools import repeat
from typing import BinaryIO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from adapters.validation.columnar.cell_patterns import SPACES
from adapters.validation.columnar.column_scan import ArrowCells, ArrowColumnScanner
from adapters.validation.columnar.numpy_duplicates import NumpyDuplicateDetector
from domain.validation.cell_types import SEP
from domain.validation.column_scan import ColumnScanner
from domain.validation.pass_one import PassOne
from domain.validation.reading import Numbered, ReadingStopped, RowsChecked, StopCheck, unobserved
from domain.validation.row_rule import observe_columns
from domain.validation.row_status import CLEAN, INVALID

BLOCK_BYTES = 1 << 20
_UNREAD = "-"  # stands for a cell the contract does not read; not blank, so no row looks blank
_BLANK_CELL = f"^[{SPACES}]*$"


class ArrowFeeder:
    """A `Feeder` for `validate_csv_for_load` that reads `source` with Arrow instead of the records."""

    def __init__(
        self, source: BinaryIO, delimiter: str, width: int, stop: StopCheck, block_bytes: int = BLOCK_BYTES
    ) -> None:
        self._source, self._delimiter, self._width = source, delimiter, width
        self._stop, self._block_bytes = stop, block_bytes
        self._ragged: deque[tuple[int, str]] = deque()

    def __call__(self, checker: PassOne, numbered: Numbered, checked: RowsChecked = unobserved) -> None:
        close = getattr(numbered, "close", None)
        if close is not None:
            close()  # the row engine's reader found the header; Arrow reads the rest
        checker.detector = NumpyDuplicateDetector()  # nothing was added to it yet
        scanner = checker.columns.scanner
        if isinstance(scanner, ColumnScanner):
            checker.columns.scanner = ArrowColumnScanner(scanner)  # type: ignore[assignment]
        row = 2
        for batch in self._batches():
            if self._stop():
                raise ReadingStopped("reading was stopped by the caller")
            # What the checker has seen, not what Arrow has read (it reads blocks ahead of the checks).
            checked(checker.total)
            columns = batch.columns
            end, ragged = row + batch.num_rows, []
            while self._ragged and self._ragged[0][0] < end:
                ragged.append(self._ragged.popleft())
                end += 1
            if ragged or _has_blank_row(columns):
                checker.feed(_records(columns, ragged, row, end, self._delimiter), row)
            elif batch.num_rows:
                feed_columns(checker, columns, row)
            row = end
        if self._ragged:
            ragged = list(self._ragged)
            checker.feed(_records([], ragged, row, ragged[-1][0] + 1, self._delimiter), row)

    def _batches(self) -> pcsv.CSVStreamingReader:
        names = [f"c{index}" for index in range(self._width)]
        self._source.seek(0)
        return pcsv.open_csv(
            self._source,
            read_options=pcsv.ReadOptions(
                use_threads=False, block_size=self._block_bytes, skip_rows=1, column_names=names
            ),
            parse_options=pcsv.ParseOptions(
                delimiter=self._delimiter,
                quote_char=False,
                double_quote=False,
                escape_char=False,
                newlines_in_values=False,
                ignore_empty_lines=False,
                invalid_row_handler=self._ragged_line,
            ),
            convert_options=pcsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )

    def _ragged_line(self, row: pcsv.InvalidRow) -> str:
        if row.number is None:  # only a multi-threaded read loses the numbers; this one is not
            raise ValueError("Arrow gave a ragged line without its number")
        self._ragged.append((row.number, row.text))
        return "skip"


def feed_columns(checker: PassOne, arrays: Sequence[pa.Array], first_row: int) -> None:
    """`PassOne.feed` for a batch of regular rows given as Arrow columns (no ragged, blank or odd row)."""
    size = len(arrays[0])
    rows = list(range(first_row, first_row + size))
    columns = [ArrowCells(array) for array in arrays]
    masks: dict[int, int] = {}
    bad: set[int] = set()
    stripped = checker.columns.check(columns, rows, masks, bad)  # type: ignore[arg-type]
    if stripped is not None:
        keys = list(map(SEP.join, zip(*stripped, strict=True)))
    elif len(arrays) == 1:
        keys = columns[0].cells  # type: ignore[assignment]
    else:
        keys = pc.binary_join_element_wise(*arrays, SEP).to_pylist()
    digests = list(map(hash, keys))
    statuses = [CLEAN] * size
    for index, mask in masks.items():
        statuses[index] = checker.masks.status(mask)
    for index in bad:
        statuses[index] = INVALID
    if checker.contract is not None:
        # The contract reads only the fields it judges (and its key): the other cells stay in Arrow.
        needed = set(checker.contract.judged) | set(checker.contract.key_columns)
        cells = [column.cells if index in needed else repeat(_UNREAD) for index, column in enumerate(columns)]
        for offset in checker.contract.check(list(map(list, zip(*cells, strict=False))), first_row)[0]:
            statuses[offset] = INVALID
    checker.total += size
    checker.detector.add(digests, statuses)
    if masks or bad or max(statuses) != CLEAN:
        checker.status_counts.update(statuses)
    else:  # the usual batch: every row clean
        checker.status_counts[CLEAN] += size
    if checker.row_rules:
        strings = [column.cells for column in columns]  # those the checks made, if any
        for rule in checker.row_rules:
            observe_columns(rule, range(first_row, first_row + size), strings)
    checker.pending.flush()
    for profile in checker.profiles:
        profile.trim_samples()


def _as_records(columns: Sequence[ArrowCells]) -> list[list[str]]:
    return list(map(list, zip(*(column.cells for column in columns), strict=True)))


def _has_blank_row(arrays: Sequence[pa.Array]) -> bool:
    """Whether some row is blank in every column (whitespace or nothing): such rows are odd rows."""
    blank: pa.Array | None = None
    for array in arrays:
        mask = pc.match_substring_regex(array, _BLANK_CELL)
        blank = mask if blank is None else pc.and_(blank, mask)
        if not pc.any(blank).as_py():
            return False
    return blank is not None and bool(pc.any(blank).as_py())


def _records(
    arrays: Sequence[pa.Array], ragged: list[tuple[int, str]], first_row: int, end: int, delimiter: str
) -> list[list[str]]:
    """Rows `first_row` up to `end`: the batch's, with the ragged lines split back into their places."""
    regular = iter(_as_records([ArrowCells(array) for array in arrays]) if arrays else [])
    by_row = {number: text for number, text in ragged}
    records: list[list[str]] = []
    for row in range(first_row, end):
        text = by_row.get(row)
        records.append(next(regular) if text is None else text.rstrip("\r\n").split(delimiter))
    return records
