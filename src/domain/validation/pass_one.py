"""Pass 1's hot loop: a batch is checked column by column; only odd rows are checked one at a time.

Odd rows are those with the wrong number of cells, broken or blank records, undecodable bytes, or a cell
holding one of the separator characters used to join cells (NUL, \\x01). Every other row goes through
`zip(*rows)`: each column is classified in one regex call when its cells fit the column's usual shape
(`column_scan`), and per row only a digest (`duplicates`) and a 2-byte status (`row_status`) are kept.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from domain.validation.cell_types import SEP
from domain.validation.column_checks import ColumnChecks
from domain.validation.column_profile import ColumnProfile
from domain.validation.column_scan import ColumnScanner
from domain.validation.contract_checks import ContractChecks
from domain.validation.duplicates import DuplicateDetector
from domain.validation.odd_rows import OddRows
from domain.validation.pending_samples import PendingSamples
from domain.validation.records import ParseFailure
from domain.validation.report import CellLocale
from domain.validation.row_facts import has_undecodable
from domain.validation.row_rule import RowRule, observe_batch, observe_columns
from domain.validation.row_status import CLEAN, INVALID, MaskTable
from domain.validation.rules import Rules

_JOIN = SEP.join
_ROW_SEP = "\x01"
_BLANK = re.compile(r"\x01[\s\x00]*(?=\x01)")


class PassOne:
    """Feeds records through every row-level rule and keeps the counts the report needs."""

    def __init__(
        self,
        sources: Sequence[str],
        profiles: list[ColumnProfile],
        rules: Rules,
        *,
        locale: CellLocale,
        tolerance: float,
        row_rules: Sequence[RowRule],
        contract: ContractChecks | None = None,
    ) -> None:
        self.sources, self.profiles, self.rules = sources, profiles, rules
        self.contract = contract if contract is not None and contract.active else None
        self.tolerance, self.row_rules = tolerance, row_rules
        self.width = len(profiles)
        self.total = self.broken = 0
        self.status_counts: Counter[int] = Counter()
        self.detector = DuplicateDetector()
        self.masks = MaskTable()
        pending = contract.pending if contract is not None else PendingSamples()
        self.pending = pending
        scanner = ColumnScanner(locale)
        self.columns = ColumnChecks(sources, profiles, rules, scanner, pending, tolerance)
        self.odd_rows = OddRows(sources, profiles, rules, scanner, pending, self.masks)

    def feed(self, batch: list[list[str]], first_row: int) -> None:
        keys = list(map(_JOIN, batch))
        odd = self._odd_offsets(batch, keys)
        if odd:
            kept = [offset for offset in range(len(batch)) if offset not in odd]
            regular, keys = [batch[offset] for offset in kept], [keys[offset] for offset in kept]
            rows = [first_row + offset for offset in kept]
        else:
            regular, rows = batch, list(range(first_row, first_row + len(batch)))
        digests, statuses, columns = self._regular(regular, rows, keys) if regular else ([], [], [])
        by_contract = self.contract.check(batch, first_row)[0] if self.contract is not None else set()
        if odd:
            self._merge_odd(batch, first_row, odd, digests, statuses, by_contract)
        else:
            for offset in by_contract:
                statuses[offset] = INVALID
            self.total += len(batch)
            self.detector.add(digests, statuses)
            self.status_counts.update(statuses)
        if self.row_rules and not odd and columns:  # the usual batch: the columns just checked
            for rule in self.row_rules:
                observe_columns(rule, range(first_row, first_row + len(batch)), columns)
        elif self.row_rules:
            self._observe(batch, first_row, odd)
        self.pending.flush()
        for profile in self.profiles:
            profile.trim_samples()

    def _odd_offsets(self, batch: list[list[str]], keys: list[str]) -> set[int]:
        width, count = self.width, len(batch)
        text = _ROW_SEP.join(keys)
        odd: set[int] = set()
        if len(set(map(len, batch))) != 1 or len(batch[0]) != width:
            odd.update(offset for offset, record in enumerate(batch) if len(record) != width)
        if text.count(SEP) != count * (width - 1) or text.count(_ROW_SEP) != count - 1:
            odd.update(
                offset
                for offset, (record, key) in enumerate(zip(batch, keys, strict=True))
                if len(record) != width or _ROW_SEP in key or key.count(SEP) != width - 1
            )
        if not text.isascii() and has_undecodable((text,)):
            odd.update(offset for offset, key in enumerate(keys) if has_undecodable((key,)))
        padded = _ROW_SEP + text + _ROW_SEP
        offset, position = 0, 0
        for blank in _BLANK.finditer(padded):
            offset += padded.count(_ROW_SEP, position, blank.start())
            position = blank.start()
            odd.add(offset)
        return odd

    def _regular(
        self, regular: list[list[str]], rows: list[int], keys: list[str]
    ) -> tuple[list[int], list[int], list[tuple[str, ...]]]:
        masks: dict[int, int] = {}
        bad: set[int] = set()
        columns = list(zip(*regular, strict=False))
        stripped = self.columns.check(columns, rows, masks, bad)
        if stripped is not None:
            keys = list(map(_JOIN, zip(*stripped, strict=False)))
        digests = list(map(hash, keys))
        statuses = [CLEAN] * len(regular)
        for index, mask in masks.items():
            statuses[index] = self.masks.status(mask)
        for index in bad:
            statuses[index] = INVALID
        return digests, statuses, columns

    def _merge_odd(
        self,
        batch: list[list[str]],
        first_row: int,
        odd: set[int],
        digests: list[int],
        statuses: list[int],
        by_contract: set[int],
    ) -> None:
        regular = iter(zip(digests, statuses, strict=True))
        detector, counts = self.detector, self.status_counts
        for offset, record in enumerate(batch):
            if offset in odd:
                checked = self.odd_rows.check(first_row + offset, record, self.columns.tracked)
                if checked is None:
                    detector.skip()
                    self.total += isinstance(record, ParseFailure)
                    self.broken += isinstance(record, ParseFailure)
                    continue
                digest, status = checked
            else:
                digest, status = next(regular)
            if offset in by_contract:
                status = INVALID
            self.total += 1
            detector.add((digest,), (status,))
            counts[status] += 1

    def _observe(self, batch: list[list[str]], first_row: int, odd: set[int]) -> None:
        """A batch with odd rows: the readable ones as records, short rows padded, long ones cut."""
        width = self.width
        rows: list[int] = []
        records: list[list[str]] = []
        for offset, record in enumerate(batch):
            if offset in odd and (isinstance(record, ParseFailure) or not "".join(record).strip()):
                continue
            rows.append(first_row + offset)
            records.append(record if len(record) == width else record[:width] + [""] * (width - len(record)))
        for rule in self.row_rules:
            observe_batch(rule, rows, records)
