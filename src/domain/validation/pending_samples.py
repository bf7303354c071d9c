"""Samples found while checking one batch, handed to their tallies in row order when the batch ends.

A batch is checked column by column (and its odd rows after the rest), so findings do not arrive in file
order; sorting them per batch keeps every rule's samples the first ones in the file.
"""

from __future__ import annotations

from domain.validation.findings import Tally


class PendingSamples:
    """Candidate samples of one batch; counts are kept by the tallies themselves, at once."""

    def __init__(self) -> None:
        self._items: list[tuple[int, int, Tally, str | None, str | None, str]] = []

    def add(
        self, tally: Tally, row: int, column: int, source: str | None, value: str | None, message: str
    ) -> None:
        """Count a finding and keep it as a sample candidate."""
        tally.count += 1
        self.note(tally, row, column, source, value, message)

    def note(
        self, tally: Tally, row: int, column: int, source: str | None, value: str | None, message: str
    ) -> None:
        """Keep a candidate sample of a finding counted elsewhere."""
        if tally.wants_samples:
            self._items.append((row, column, tally, source, value, message))

    def flush(self) -> None:
        self._items.sort(key=lambda item: (item[0], item[1]))
        for row, _, tally, source, value, message in self._items:
            tally.sample(row, source, value, message)
        self._items.clear()
