"""Pass 2's conversion of one column of a batch, by a converter chosen once from the column's type.

Every route answers exactly as a per-cell `classify` would (`row_typer` is that reference): a cell whose
class the column accepts becomes its converted value, any other cell None; an empty cell makes its row
invalid when the column is required, a misfit always does. Routes:
- string: the cells as they are (loaded untrimmed), except blank ones.
- pattern (integer, decimal, date, datetime): the cells joined with SEP are matched by the type's
  `shape_pattern`, which only matches cells of the accepted classes, or "". Where a match stops, that one
  cell is judged by `classify` and matching resumes after it; all other cells go through one `map` of the
  converter (`int`, `Decimal`, `date.fromisoformat`, `datetime.fromisoformat`).
- memo (booleans, columns with few distinct values, and the fallback): each distinct value is judged and
  converted once, remembered, and the column is mapped through what was remembered.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from domain.validation.cell_types import (
    ACCEPTS,
    C_DATE,
    C_DATETIME,
    C_DEC,
    C_INT,
    EMPTY,
    SEP,
    as_locale,
    classify,
    converter,
    shape_pattern,
)
from domain.validation.report import CellLocale, Column, ColumnType
from domain.validation.typed_row import CellValue

_MEMO_LIMIT = 1 << 16
_RECHECK_DISTINCT = 16  # batches between two looks at whether a column's values became few
_FITS, _BLANK, _MISFIT = range(3)  # a cell's verdict
_SHAPES = {
    ColumnType.INTEGER: C_INT,
    ColumnType.DECIMAL: C_DEC,
    ColumnType.DATE: C_DATE,
    ColumnType.DATETIME: C_DATETIME,
}
# Conversion errors a pattern-matched cell could still raise, judged then as a misfit:
# the batch then takes the memo route, which judges every value with `classify`.
_CONVERSION_ERRORS = (ValueError, ArithmeticError)


class Converted:
    """One column of a batch as loaded values, with the positions that matter for its rows."""

    __slots__ = ("bad", "empties", "values")

    def __init__(self, values: Sequence[CellValue], bad: list[int], empties: list[int]) -> None:
        self.values = values
        self.bad = bad  # positions whose row is invalid because of this column
        self.empties = empties  # positions of blank cells (a row blank in every column is not loaded)


class ColumnConverter:
    """Converts the cells of one column, batch after batch; one instance per column and file."""

    def __init__(self, column: Column, locale: CellLocale | bool) -> None:
        self.kind = column.type
        self.required = column.required
        self.locale = locale = as_locale(locale)
        self._accepted = ACCEPTS[column.type]
        self._convert: Callable[[str], CellValue] = converter(column.type, locale)
        shape = _SHAPES.get(column.type)
        self._pattern = None if shape is None else shape_pattern(shape, locale)
        # The pattern lets no grouping dot through: a comma is the only thing to turn into a point.
        self._to_decimal = column.type is ColumnType.DECIMAL and locale.comma_decimal
        self._memo: dict[str, CellValue] = {}
        self._flagged: dict[str, int] = {}  # remembered values that load as None: _BLANK or _MISFIT
        self._few_distinct = True
        self._batches = 0

    def convert(self, cells: tuple[str, ...], joined: str) -> Converted:
        """`joined` is SEP.join(cells), which the caller has at hand already."""
        if self.kind is ColumnType.STRING:
            return self._strings(cells)
        self._batches += 1
        if self._pattern is None or self._few_distinct or self._batches % _RECHECK_DISTINCT == 0:
            distinct = set(cells)
            self._few_distinct = len(distinct) <= len(cells) // 8 + 1
            if self._few_distinct or self._pattern is None:
                return self._memoized(cells, distinct)
        if joined.count(SEP) == len(cells) - 1:
            try:
                return self._patterned(cells, joined)
            except _CONVERSION_ERRORS:
                pass
        return self._memoized(cells, set(cells))

    def _strings(self, cells: tuple[str, ...]) -> Converted:
        if all(map(str.strip, cells)):
            return Converted(cells, [], [])
        empties = [position for position, cell in enumerate(cells) if not cell.strip()]
        values: list[CellValue] = list(cells)
        for position in empties:
            values[position] = None
        return Converted(values, empties if self.required else [], empties)

    def _memoized(self, cells: tuple[str, ...], distinct: set[str]) -> Converted:
        memo, flagged = self._memo, self._flagged
        if len(memo) + len(distinct) > _MEMO_LIMIT:
            memo.clear()
            flagged.clear()
        for value in distinct:
            if value not in memo:
                memo[value], verdict = self._judge(value)
                if verdict != _FITS:
                    flagged[value] = verdict
        values = list(map(memo.__getitem__, cells))
        hits = flagged.keys() & distinct
        if not hits:
            return Converted(values, [], [])
        positions = [position for position, cell in enumerate(cells) if cell in hits]
        empties = [position for position in positions if flagged[cells[position]] == _BLANK]
        bad = positions if self.required else [p for p in positions if flagged[cells[p]] == _MISFIT]
        return Converted(values, bad, empties)

    def _judge(self, value: str) -> tuple[CellValue, int]:
        """The loaded value of one cell and its verdict (the value is None unless it fits)."""
        cls = classify(value, self.locale)
        if cls == EMPTY:
            return None, _BLANK
        if cls not in self._accepted:
            return None, _MISFIT
        return self._convert(value.strip()), _FITS

    def _patterned(self, cells: tuple[str, ...], joined: str) -> Converted:
        assert self._pattern is not None
        match, size = self._pattern.match, len(joined)
        special: dict[int, CellValue] = {}  # position -> value, for cells not converted by the map
        bad: list[int] = []
        empties: list[int] = []
        start, index = 0, 0
        while True:
            matched = match(joined, start)
            end = start if matched is None else matched.end()
            if end == size:
                break
            index += joined.count(SEP, start, end)
            special[index], verdict = self._judge(cells[index])
            if verdict == _BLANK:
                empties.append(index)
            if verdict == _MISFIT or (verdict == _BLANK and self.required):
                bad.append(index)
            start = joined.find(SEP, end) + 1
            if start == 0:
                break
            index += 1
        if "" in cells:
            blanks = [position for position, cell in enumerate(cells) if not cell]
            special.update(dict.fromkeys(blanks))
            empties.extend(blanks)
            if self.required:
                bad.extend(blanks)
        return Converted(self._mapped(cells, joined, special), bad, empties)

    def _mapped(self, cells: tuple[str, ...], joined: str, special: dict[int, CellValue]) -> list[CellValue]:
        source: Sequence[str] = cells
        convert = self._convert
        if self._to_decimal:
            convert = Decimal
            if "," in joined:
                source = joined.replace(",", ".").split(SEP)
        if not special:
            return list(map(convert, source))
        values: list[CellValue] = []
        start = 0
        for position in sorted(special):
            values.extend(map(convert, source[start:position]))
            values.append(special[position])
            start = position + 1
        values.extend(map(convert, source[start:]))
        return values
