"""Classifying one column of a batch with as few Python calls per cell as possible, always exactly.

Routes, tried in turn (the one that worked on the previous batch first):
- *distinct*: a column with few distinct values (booleans, dates, codes) is counted with `Counter`, and
  only each distinct value is classified.
- *shape*: every ASCII digit is turned into `9` with one `translate`, so `53320.65` and `12.50` share the
  shape `99999.99`; a column with few shapes is counted by shape, and only each shape is classified. This
  is exact because the class of a value only depends on its digits through the things a shape keeps
  (length, position, signs, separators), with two exceptions that send the batch to another route: a
  number with a leading zero (`007` is text), and anything shaped like a date (calendars are not shapes).
- *dates*: a date or datetime column is counted by date part (few distinct) and time part (few distinct);
  a datetime is valid exactly when both parts are, so each part is classified once.
- *pattern*: one regex over the cells joined with SEP, per the column's usual class (`shape_pattern`).
- *cells*: each cell is classified through a bounded cache; then each cell's class is known.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from operator import itemgetter

from domain.validation.cell_types import (
    C_DATE,
    C_DATETIME,
    C_DEC,
    C_TEXT,
    EMPTY,
    SEP,
    SHAPE_CLASSES,
    as_locale,
    classify,
    shape_pattern,
    wider_count,
)
from domain.validation.report import CellLocale
from domain.validation.row_facts import FORMULA_STARTS

_CACHE_LIMIT = 1 << 16
_MAX_SHAPES = 64
_DIGITS_TO_NINE = str.maketrans("0123456789", "9" * 10)
_LEADING_ZERO = re.compile(r"\x00\s*-?0[0-9]")
_DATE_LIKE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}|/")
CLASS_COUNT = C_TEXT + 1
DISTINCT, SHAPES, DATES, PATTERN, CELLS = range(5)
_DATE_PART, _TIME_PART = itemgetter(slice(0, 10)), itemgetter(slice(10, None))
_ANCHOR = "2000-01-01"  # a valid date, to classify a datetime's time part on its own


class ColumnScan:
    """What one column of one batch holds: the count of each class and, when known, each cell's class."""

    __slots__ = ("classes", "counts", "formulas", "padded")

    def __init__(self, counts: list[int], classes: list[int] | None, padded: bool, formulas: bool) -> None:
        self.counts = counts
        self.classes = classes
        self.padded = padded  # some cell has surrounding whitespace (the duplicate key strips it)
        self.formulas = formulas  # some text cell starts like a formula (its row is then needed)


class ColumnScanner:
    """Scans the columns of a file's batches; one instance per file (it caches patterns and classes)."""

    def __init__(self, locale: CellLocale | bool) -> None:
        self.locale = as_locale(locale)
        self._patterns = {shape: shape_pattern(shape, self.locale) for shape in SHAPE_CLASSES}
        # A grouped `0.234` has the shape of a grouped `1.234` but is text: shapes cannot tell them apart.
        self._shapes_exact = not self.locale.group_dot
        self._cache: dict[str, int] = {}
        self._times: dict[str, int] = {}  # the class of _ANCHOR + a datetime's time part

    def scan(self, cells: tuple[str, ...], shape: int | None, route: int) -> tuple[ColumnScan, int]:
        """The scan of `cells` and the route that gave it (to try first next time)."""
        joined = SEP.join(cells)
        if joined.count(SEP) == len(cells) - 1:
            for tried in sorted(range(CELLS), key=lambda candidate: candidate != route):
                scan = self._route(tried, cells, joined, shape)
                if scan is not None:
                    return scan, tried
        return self._cells(cells), CELLS

    def _route(self, route: int, cells: tuple[str, ...], joined: str, shape: int | None) -> ColumnScan | None:
        if route == DISTINCT:
            values = Counter(cells)
            return self._counted(values) if len(values) <= len(cells) // 8 + 1 else None
        if route == SHAPES:
            shapes = Counter(joined.translate(_DIGITS_TO_NINE).split(SEP))
            if not self._shapes_exact and "." in joined:
                return None
            if len(shapes) > _MAX_SHAPES or _LEADING_ZERO.search(SEP + joined):
                return None
            if any(_DATE_LIKE.search(key) for key in shapes):
                return None
            return self._counted(shapes)
        if route == DATES:
            return self._dates(cells) if shape in (C_DATE, C_DATETIME) else None
        if shape is not None and self._patterns[shape].fullmatch(joined):
            return self._matched(cells, shape, joined)
        return None

    def _counted(self, values: Counter[str]) -> ColumnScan:
        counts = [0] * CLASS_COUNT
        padded = formulas = False
        keys = list(values)
        for value, cls in zip(keys, self.classes_of(keys), strict=True):
            counts[cls] += values[value]
            if cls != EMPTY and value != value.strip():
                padded = True
            if cls == C_TEXT and value.lstrip().startswith(FORMULA_STARTS):
                formulas = True
        return ColumnScan(counts, None, padded, formulas)

    def _dates(self, cells: tuple[str, ...]) -> ColumnScan | None:
        """Dates and datetimes, checked by date part and time part (a datetime is valid when both are)."""
        dates = Counter(map(_DATE_PART, cells))
        dates.pop("", None)
        if len(dates) > len(cells) // 4 + 1 or any(cls != C_DATE for cls in self.classes_of(list(dates))):
            return None
        times = Counter(map(_TIME_PART, cells))
        empties = cells.count("")
        counts = [0] * CLASS_COUNT
        counts[EMPTY], counts[C_DATE] = empties, times.pop("", 0) - empties
        known = self._times
        for time, rows in times.items():
            cls = known.get(time)
            if cls is None:
                if len(known) > _CACHE_LIMIT:
                    known.clear()
                cls = known[time] = classify(_ANCHOR + time, self.locale)
            if cls != C_DATETIME:
                return None
            counts[C_DATETIME] += rows
        return ColumnScan(counts, None, False, False)

    def _matched(self, cells: tuple[str, ...], shape: int, joined: str) -> ColumnScan:
        counts = [0] * CLASS_COUNT
        empties = cells.count("")
        counts[EMPTY] = empties
        narrow = SHAPE_CLASSES[shape][0]
        wider = wider_count(shape, joined) if shape in (C_DEC, C_DATETIME) else 0
        counts[narrow] = len(cells) - empties - wider
        if wider:
            counts[shape] = wider
        return ColumnScan(counts, None, False, False)

    def _cells(self, cells: tuple[str, ...]) -> ColumnScan:
        classes = self.classes_of(cells)
        counts = [0] * CLASS_COUNT
        for cls, count in Counter(classes).items():
            counts[cls] = count
        padded = any(cell != cell.strip() for cell in cells if cell)
        return ColumnScan(counts, classes, padded, False)

    def classes_of(self, cells: Sequence[str]) -> list[int]:
        cache = self._cache
        classes: list[int | None] = list(map(cache.get, cells))
        if None in classes:
            if len(cache) > _CACHE_LIMIT:
                cache.clear()
            locale = self.locale
            for index, cls in enumerate(classes):
                if cls is None:
                    value = cells[index]
                    classes[index] = cache[value] = classify(value, locale)
        return classes  # type: ignore[return-value]  # no None is left


def dominant_shape(counts: list[int]) -> int | None:
    """The shape to try on the next batch: the one covering most non-empty cells of this one."""
    best, best_cover = None, 0
    for shape, classes in SHAPE_CLASSES.items():
        cover = sum(counts[cls] for cls in classes)
        if cover > best_cover:
            best, best_cover = shape, cover
    return best
