"""What one column's values have shown over the whole file, without keeping the values.

Type inference works on counts: how many non-empty values of each class the column holds, so for every
candidate type (boolean, integer, decimal, date, datetime) how many values do not fit it, over the WHOLE
file. The type is chosen only at the end: the narrowest candidate that at least three quarters of the
values fit (`MIN_FIT_SHARE`) with few misfits left, at most `FEW_MISFITS` of them or at most the
tolerance's share (5 %), else string; its misfits are then the column's type errors. So ten prices with
two `invalid` are a price column with two errors, while codes such as `A12, B7, 0042, 17, X9` stay text.
Integer gives way to decimal (and date to datetime) when that fits more values: a `1.5` among integers
is a decimal, not an error. The first misfits of each candidate are kept (row, value) as samples.

Which rows those misfits make invalid is only known once the type is chosen, so pass 1 records, per row, the
(column, candidate) misfits as bits of a small mask (see `row_status`). To keep that cheap a candidate is
*tracked* only while its misfits stay within `allowed_misfits`: a candidate far beyond (integer in a
price column) will not be chosen, so its misfits need no row bits. A candidate left untracked for a batch
where it had misfits is marked incomplete; should it be chosen after all (its values fit again later in a
long file), the engine recounts invalid rows with one more pass over the file.

With an established schema the type is fixed: every misfit is an error at once, and no bits are needed.
"""

from __future__ import annotations

from domain.validation.cell_types import ACCEPTS, C_TEXT, EMPTY, TYPE_ORDER
from domain.validation.report import ColumnType

CANDIDATES: tuple[ColumnType, ...] = TYPE_ORDER[:-1]  # every type but string, narrowest first
CANDIDATE_COUNT = len(CANDIDATES)
# For each candidate, the value classes that do not fit it (empty cells never misfit).
MISFIT_CLASSES: tuple[tuple[int, ...], ...] = tuple(
    tuple(cls for cls in range(EMPTY + 1, C_TEXT + 1) if cls not in ACCEPTS[kind]) for kind in CANDIDATES
)

MIN_FIT_SHARE = 0.75
FEW_MISFITS = 3


def allowed_misfits(tolerance: float, nonempty: int) -> float:
    """How many misfits a type may have and still be chosen (before the three-quarters rule)."""
    return max(FEW_MISFITS, tolerance * nonempty)


# A type's wider sibling: chosen instead when it fits more values, since those are not errors.
_WIDER = {ColumnType.INTEGER: ColumnType.DECIMAL, ColumnType.DATE: ColumnType.DATETIME}


class ColumnProfile:
    """Class counts, misfit samples and tracking state of one column."""

    __slots__ = (
        "by_contract",
        "classes",
        "fixed",
        "incomplete",
        "max_samples",
        "required",
        "route",
        "samples",
        "shape",
    )

    def __init__(
        self,
        max_samples: int,
        fixed: ColumnType | None = None,
        required: bool = False,
        by_contract: bool = False,
    ) -> None:
        self.max_samples = max_samples
        self.fixed = fixed
        self.required = required
        # Judged by `contract_checks` (missing values and types): the column checks leave its cells alone.
        self.by_contract = by_contract
        self.classes = [0] * (C_TEXT + 1)
        self.samples: list[list[tuple[int, str]]] = [[] for _ in CANDIDATES]
        self.incomplete = [False] * CANDIDATE_COUNT
        self.shape: int | None = None  # the value class the column's cells mostly had lately
        self.route = 0  # how `column_scan` classified the last batch (tried first on the next one)

    @property
    def empties(self) -> int:
        return self.classes[EMPTY]

    @property
    def nonempty(self) -> int:
        return sum(self.classes) - self.classes[EMPTY]

    def add_counts(self, counts: list[int]) -> None:
        self.classes = [total + count for total, count in zip(self.classes, counts, strict=True)]

    def misfits(self, candidate: int, counts: list[int] | None = None) -> int:
        source = self.classes if counts is None else counts
        return sum(source[cls] for cls in MISFIT_CLASSES[candidate])

    def tracked(self, tolerance: float) -> list[int]:
        """Candidates (indexes) whose misfits so far stay within the tolerance: those that need row bits."""
        if self.fixed is not None:
            return []
        allowed = allowed_misfits(tolerance, self.nonempty)
        return [candidate for candidate in range(CANDIDATE_COUNT) if self.misfits(candidate) <= allowed]

    def wants_samples(self, candidate: int) -> bool:
        return len(self.samples[candidate]) < self.max_samples

    def trim_samples(self) -> None:
        """Keep the first samples by row: odd rows of a batch add theirs after the rest of the batch."""
        for samples in self.samples:
            samples.sort()
            del samples[self.max_samples :]

    def chosen(self, tolerance: float) -> ColumnType:
        """The narrowest candidate most values fit with few misfits (see the module's docstring)."""
        if self.fixed is not None:
            return self.fixed
        nonempty = self.nonempty
        if nonempty == 0:
            return ColumnType.STRING
        allowed = min(allowed_misfits(tolerance, nonempty), (1 - MIN_FIT_SHARE) * nonempty)
        for candidate, kind in enumerate(CANDIDATES):
            misfits = self.misfits(candidate)
            if misfits <= allowed:
                wider = _WIDER.get(kind)
                if wider is not None and self.misfits(CANDIDATES.index(wider)) < misfits:
                    return wider  # the misfits were values of the wider type (1.5 among integers)
                return kind
        return ColumnType.STRING

    def misfits_of(self, kind: ColumnType) -> tuple[int, list[tuple[int, str]]]:
        if kind is ColumnType.STRING:
            return 0, []
        candidate = CANDIDATES.index(kind)
        return self.misfits(candidate), self.samples[candidate]
