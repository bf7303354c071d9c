"""The two passes over an upload's file, run in worker threads so the event loop keeps serving."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from typing import BinaryIO

import msgspec

from domain.uploads.upload import OnError
from domain.validation.engine import ValidationOptions, iter_typed_rows, validate_csv_for_load
from domain.validation.load_plan import LoadPlan
from domain.validation.report import Column, ValidationReport
from domain.validation.row_rule import RowRule
from domain.validation.typed_row import TypedRow


class Validated(msgspec.Struct, frozen=True):
    report: ValidationReport
    plan: LoadPlan


async def validate(
    source: BinaryIO,
    established: Sequence[Column] | None,
    extra_rules: Sequence[RowRule],
    renames: tuple[tuple[str, str], ...] = (),
) -> Validated:
    """Pass 1: the report, and what pass 2 needs to agree with it without hashing the file again."""

    def run() -> Validated:
        source.seek(0)
        options = ValidationOptions(header_renames=renames)
        report, plan = validate_csv_for_load(
            source, established=established, options=options, extra_rules=extra_rules
        )
        return Validated(report, plan)

    return await asyncio.to_thread(run)


async def typed_batches(
    source: BinaryIO, validated: Validated, on_error: OnError
) -> AsyncIterator[Sequence[TypedRow]]:
    """Pass 2: batches of typed rows that `on_error` lets through, each parsed in a worker thread."""
    batches = iter_typed_rows(source, validated.report, on_error=on_error, plan=validated.plan)
    while (batch := await asyncio.to_thread(next, batches, None)) is not None:
        yield batch
