"""The `outlier` rule: numbers and dates far outside the usual range of their column.

Why median/MAD with the modified z-score (Iglewicz & Hoaglin: |0.6745 (x - median) / MAD| > 3.5)
rather than mean/standard deviation or IQR fences: the median and MAD stay put until half the
values are bad (IQR: a quarter; mean/sd: a single huge value drags them), and the rule needs only
the median and MAD of a sample, which a bounded sample (column_spread.py) estimates well. When
more than half the values are equal, MAD is 0 and every other value would be "infinitely" far;
the mean absolute deviation (scaled by 1.2533 to match) is used instead, and a column of
identical values has none.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import overload

from domain.enrichment.column_spread import ColumnSpread
from domain.enrichment.numeric_cells import infer_type, reader_for
from domain.validation.report import Column, ColumnType, RuleStatus, Sample, Severity, Validation

RULE = "outlier"
TITLE = "Values far outside the usual range of their column"
MIN_VALUES = 20
THRESHOLD = 3.5
_MAD_TO_Z = 0.6745
_MEAN_AD_TO_MAD = 1.2533
_CHUNK = 2048  # rows parsed together (the engine's batch size): observe only appends
_PROBE = 200  # values looked at to tell whether a `string` column holds numbers or dates


@dataclass(frozen=True)
class _Watched:
    index: int
    column: Column
    kind: ColumnType
    show: Callable[[float], str]
    spread: ColumnSpread


@dataclass(frozen=True)
class _Finding:
    row: int
    sample: Sample


class OutlierRule:
    """Warns about integer, decimal, date and datetime cells with a modified z-score above 3.5.

    The engine starts row rules before column types are known (a new dataset's columns are all
    `string` then), so a `string` column whose first values read as numbers or dates is judged as
    such. Rows are buffered and parsed a chunk at a time, which costs far less than row by row; a
    batch handed over as columns (`observe_columns`) is buffered as it comes, never turned into rows.
    """

    def __init__(
        self,
        *,
        max_samples: int = 20,
        reservoir_size: int = 10_000,
        extremes: int = 200,
        exact_limit: int = 1_000_000,
        new_spread: Callable[..., ColumnSpread] = ColumnSpread,
    ) -> None:
        self._max_samples = max_samples
        self._new_spread = new_spread  # an adapter may keep the values in arrays (numpy)
        self._reservoir_size = reservoir_size
        self._extremes = extremes
        self._exact_limit = exact_limit
        self._columns: list[Column] = []
        self._watched: list[_Watched] = []
        self._probing: list[int] = []
        self._rows: list[int] = []
        self._cells: list[Sequence[str]] = []
        # Batches given as columns, in file order before the rows in `_rows` (those are flushed first).
        self._batches: list[tuple[Sequence[int], Sequence[Sequence[str]]]] = []
        self._buffered = 0

    def start(self, columns: Sequence[Column]) -> None:
        self._columns, self._watched, self._rows, self._cells = list(columns), [], [], []
        self._batches, self._buffered = [], 0
        self._probing = [i for i, column in enumerate(columns) if column.type is ColumnType.STRING]
        for index, column in enumerate(columns):
            self._watch(index, column.type)

    def observe(self, row: int, cells: Sequence[str]) -> None:
        # Kept without a copy until the chunk is parsed (a few thousand rows later): the engine hands
        # over a fresh list per row and never changes it, and copying was a third of the rule's cost.
        self._rows.append(row)
        self._cells.append(cells)
        if len(self._rows) >= _CHUNK:
            self._flush()

    def observe_many(self, rows: Sequence[int], records: Sequence[Sequence[str]]) -> None:
        self._rows.extend(rows)
        self._cells.extend(records)
        if len(self._rows) >= _CHUNK:
            self._flush()

    def observe_columns(self, rows: Sequence[int], columns: Sequence[Sequence[str]]) -> None:
        if self._rows:
            self._batches.append(self._rows_as_columns())
        self._batches.append((rows, columns))
        self._buffered += len(rows)
        if self._buffered >= _CHUNK:
            self._flush()

    def _rows_as_columns(self) -> tuple[Sequence[int], Sequence[Sequence[str]]]:
        rows, records, self._rows, self._cells = self._rows, self._cells, [], []
        self._buffered += len(rows)
        return rows, [[_cell(cells, index) for cells in records] for index in range(len(self._columns))]

    def _watch(self, index: int, kind: ColumnType) -> None:
        reader = reader_for(kind)
        if reader is not None:
            spread = self._new_spread(
                reservoir_size=self._reservoir_size, extremes=self._extremes, exact_limit=self._exact_limit
            )
            self._watched.append(_Watched(index, self._columns[index], kind, reader[1], spread))

    def _flush(self) -> None:
        if self._batches:
            if self._rows:
                self._batches.append(self._rows_as_columns())
            self._flush_columns()
            return
        rows, records, self._rows, self._cells = self._rows, self._cells, [], []
        if self._probing:
            for index in self._probing:
                kind = infer_type([_cell(cells, index) for cells in records[:_PROBE]])
                if kind is not None:
                    self._watch(index, kind)
            self._probing = []
        for watched in self._watched:
            try:
                texts = list(map(itemgetter(watched.index), records))
            except IndexError:  # a short row; the engine pads rows, other callers might not
                texts = [_cell(cells, watched.index) for cells in records]
            watched.spread.add_texts(watched.kind, texts, rows)

    def _flush_columns(self) -> None:
        """The buffered batches judged as one chunk, as `_flush` judges rows: the same texts, in order."""
        batches, self._batches, self._buffered = self._batches, [], 0
        rows = [row for numbers, _ in batches for row in numbers]

        def texts(index: int, limit: int | None = None) -> list[str]:
            out: list[str] = []
            for _, columns in batches:
                out.extend(columns[index][: None if limit is None else limit - len(out)])
                if limit is not None and len(out) >= limit:
                    break
            return out

        if self._probing:
            for index in self._probing:
                kind = infer_type(texts(index, _PROBE))
                if kind is not None:
                    self._watch(index, kind)
            self._probing = []
        for watched in self._watched:
            watched.spread.add_texts(watched.kind, texts(watched.index), rows)

    def finish(self) -> Validation:
        if self._rows or self._batches:
            self._flush()
        findings: list[_Finding] = []
        lower_bound = False
        for watched in self._watched:
            column_findings, capped = _column_outliers(watched, self._extremes)
            findings.extend(column_findings)
            lower_bound = lower_bound or capped
        # The kept values are not needed any more: let them go before the next rule's finish runs.
        self._watched, self._probing = [], []
        if not findings:
            return Validation(RULE, TITLE, Severity.WARNING, RuleStatus.PASSED)
        findings.sort(key=lambda finding: finding.row)
        title = TITLE + (" (count is a lower bound: too many extremes to keep)" if lower_bound else "")
        return Validation(
            rule=RULE,
            title=title,
            severity=Severity.WARNING,
            status=RuleStatus.FAILED,
            count=len(findings),
            truncated=len(findings) > self._max_samples,
            samples=tuple(finding.sample for finding in findings[: self._max_samples]),
        )


def _cell(cells: Sequence[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def _column_outliers(watched: _Watched, extremes: int) -> tuple[list[_Finding], bool]:
    spread = watched.spread
    if spread.count < MIN_VALUES:
        return [], False
    fences = _fences(spread.sorted_values())
    if fences is None:
        return [], False
    low, high, median, log_scale = fences
    show, name = watched.show, watched.column.source_name
    usual = f"{show(low)}\u2013{show(high)}"  # an en dash, as in "10-250" typeset
    how = ", judged on a log scale" if log_scale else ""
    exact = spread.is_exact
    candidates = spread.beyond(low, high) if exact else spread.largest() + spread.smallest()
    findings: dict[int, _Finding] = {}
    for value, row in candidates:
        if value > high:
            side = "above"
        elif value < low and not (log_scale and value == 0):  # a zero amount is no slip of scale
            side = "below"
        else:
            continue
        message = f"{show(value)} is far {side} the usual range {usual} for column {name} "
        message += f"(median {show(median)}{how})"
        findings[row] = _Finding(row, Sample(row, name, show(value), message))
    capped = not exact and (
        sum(1 for v, _ in spread.largest() if v > high) >= extremes
        or sum(1 for v, _ in spread.smallest() if v < low) >= extremes
    )
    return list(findings.values()), capped


def _fences(values: Sequence[float]) -> tuple[float, float, float, bool] | None:
    """(low, high, median, log scale): values beyond the fences are outliers; None if all are alike.

    A strictly positive, right-skewed column (money, populations, counts) is judged on a log scale,
    where such columns are about symmetric: on the raw scale its long tail would be flagged, while a
    slip of scale (x1000) stays far out on either.
    """
    if _skewed_positive(values):
        centre, reach = _centre_and_reach(_Logs(_positive(values)))
        if reach > 0:
            return math.exp(centre - reach), math.exp(centre + reach), math.exp(centre), True
    centre, reach = _centre_and_reach(values)
    if reach == 0:
        return None
    return centre - reach, centre + reach, centre, False


def _centre_and_reach(sorted_values: Sequence[float]) -> tuple[float, float]:
    median = _quantile(sorted_values, 0.5)
    return median, THRESHOLD * _robust_scale(sorted_values, median) / _MAD_TO_Z


def _skewed_positive(sorted_values: Sequence[float]) -> bool:
    positive = _positive(sorted_values)
    if len(positive) < 0.99 * len(sorted_values):
        return False
    return _bowley(positive) > abs(_bowley(_Logs(positive)))


class _Logs(Sequence[float]):
    """The logs of sorted positive values, each taken when read: quantiles and the median deviation
    read a few dozen of them (binary searches), so the column is never copied as logs."""

    def __init__(self, positive: Sequence[float]) -> None:
        self._positive = positive

    def __len__(self) -> int:
        return len(self._positive)

    @overload
    def __getitem__(self, index: int) -> float: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[float]: ...
    def __getitem__(self, index: int | slice) -> float | Sequence[float]:
        if isinstance(index, slice):
            return _Logs(self._positive[index])
        return math.log(self._positive[index])


def _positive(sorted_values: Sequence[float]) -> Sequence[float]:
    return sorted_values[bisect_right(sorted_values, 0) :]


def _bowley(sorted_values: Sequence[float]) -> float:
    """Quartile skewness: 0 for a symmetric column, towards 1 for a long right tail."""
    q1, q2, q3 = (_quantile(sorted_values, q) for q in (0.25, 0.5, 0.75))
    return (q3 + q1 - 2 * q2) / (q3 - q1) if q3 > q1 else 0.0


def _robust_scale(sorted_values: Sequence[float], median: float) -> float:
    mad = _median_deviation(sorted_values, median)
    if mad > 0:
        return mad
    # C-level maps: median.__rsub__(v) is v - median.
    deviations = sorted(map(abs, map(float(median).__rsub__, sorted_values)))
    # Iglewicz & Hoaglin's fallback z = (x - median) / (1.2533 MeanAD), expressed as an equivalent MAD.
    return _MAD_TO_Z * _MEAN_AD_TO_MAD * sum(deviations) / len(deviations)


def _median_deviation(sorted_values: Sequence[float], median: float) -> float:
    """The median of |v - median| (as `_quantile` takes it), without sorting the deviations.

    Below the median the deviations, read leftwards, ascend; above it they ascend rightwards; values
    equal to it deviate by 0. The k-th deviation is the k-th of two sorted runs: a binary search.
    """
    below, above = bisect_left(sorted_values, median), bisect_right(sorted_values, median)
    zeros, count = above - below, len(sorted_values)

    def left(i: int) -> float:
        return median - sorted_values[below - 1 - i]

    def right(j: int) -> float:
        return sorted_values[above + j] - median

    def kth(k: int) -> float:
        if k < zeros:
            return 0.0
        k -= zeros
        lo, hi = max(0, k + 1 - (count - above)), min(k + 1, below)
        while lo < hi:  # lo values from the left run among the k + 1 smallest
            i = (lo + hi) // 2
            if left(i) < right(k - i):
                lo = i + 1
            else:
                hi = i
        taken = [left(lo - 1)] if lo > 0 else []
        taken += [right(k - lo)] if k + 1 - lo > 0 else []
        return max(taken)

    position = 0.5 * (count - 1)
    low = int(position)
    first, second = kth(low), kth(min(low + 1, count - 1))
    return first + (second - first) * (position - low)


def _quantile(sorted_values: Sequence[float], q: float) -> float:
    position = q * (len(sorted_values) - 1)
    below = int(position)
    above = min(below + 1, len(sorted_values) - 1)
    return sorted_values[below] + (sorted_values[above] - sorted_values[below]) * (position - below)
