"""What pass 2 needs from pass 1 beyond the report: which rows repeat an earlier row."""

from __future__ import annotations

import msgspec

from domain.validation.duplicates import DuplicateDetector
from domain.validation.reading import Numbered
from domain.validation.records import ParseFailure
from domain.validation.row_facts import duplicate_key, is_blank


class LoadPlan(msgspec.Struct, frozen=True):
    """The row numbers (header = row 1) of rows that duplicate an earlier row; few in practice."""

    duplicate_rows: frozenset[int] = frozenset()


def scan_duplicates(numbered: Numbered) -> LoadPlan:
    """Find the duplicate rows again, for a pass 2 that was not handed the plan of pass 1.

    It hashes rows exactly as pass 1 does (see `duplicates`), so it needs the same process.
    """
    detector = DuplicateDetector()
    for _, batch in numbered:
        for record in batch:
            if isinstance(record, ParseFailure) or is_blank(record):
                detector.skip()
            else:
                detector.add((hash(duplicate_key(record)),), (0,))
    return LoadPlan(frozenset(duplicate.row for duplicate in detector.duplicates()))
