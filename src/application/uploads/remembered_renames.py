"""The renames a remembered column mapping gives an upload's file, and the finding that says so."""

from __future__ import annotations

import asyncio
from typing import BinaryIO

from application.ports.column_mappings import ColumnMappings
from domain.column_matching.file_header import header_of
from domain.column_matching.remembered_mapping import header_key
from domain.validation.report import RuleStatus, Sample, Severity, Validation
from domain.validation.text_source import SAMPLE_BYTES

Renames = tuple[tuple[str, str], ...]


async def remembered_renames(mappings: ColumnMappings | None, dataset: str, text: BinaryIO) -> Renames:
    """The pairs saved for this dataset and the file's header set; none when nothing was saved."""
    if mappings is None:
        return ()
    header = await asyncio.to_thread(_peek_header, text)
    if not header:
        return ()
    saved = await mappings.get(dataset, header_key(header))
    return () if saved is None else tuple((s, t) for s, t in saved.columns if s != t)


def _peek_header(text: BinaryIO) -> list[str] | None:
    text.seek(0)
    sample = text.read(SAMPLE_BYTES)
    text.seek(0)
    return header_of(sample)


def applied_mapping_validation(renames: Renames) -> Validation:
    """An info finding per renamed header, so the report says the remembered mapping was applied."""
    samples = tuple(
        Sample(None, source, target, f"header {source!r} loaded as column {target!r} (a remembered mapping)")
        for source, target in renames
    )
    return Validation(
        rule="remembered-mapping",
        title="Headers paired with the dataset's columns as remembered",
        severity=Severity.INFO,
        status=RuleStatus.PASSED,
        count=len(renames),
        samples=samples,
    )
