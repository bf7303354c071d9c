"""The two passes over an upload's file, run in worker threads so the event loop keeps serving."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Generator, Iterator, Sequence
from typing import BinaryIO

import msgspec

from application.ports.csv_validator import CsvValidator
from application.uploads.checked_rows import CheckedRows
from domain.contracts.table_schema import TableSchema, schema_from_columns
from domain.uploads.upload import OnError
from domain.validation.engine import ValidationOptions
from domain.validation.load_plan import LoadPlan
from domain.validation.reading import unobserved
from domain.validation.report import Column, ValidationReport
from domain.validation.row_rule import RowRule
from domain.validation.typed_row import TypedRow

# Rows per batch handed to the store: large enough that a COPY round trip is cheap per row, small enough
# that two batches in flight (one parsed, one stored) stay a few MB.
LOAD_BATCH_ROWS = 5000


class Validated(msgspec.Struct, frozen=True):
    report: ValidationReport
    plan: LoadPlan
    validator: CsvValidator  # the engine that judged it: pass 2 is its own
    contract: TableSchema | None = None  # what the file was judged against; pass 2 judges alike


async def validate(
    source: BinaryIO,
    established: Sequence[Column] | None,
    extra_rules: Sequence[RowRule],
    renames: tuple[tuple[str, str], ...] = (),
    *,
    validator: CsvValidator,
    contract: TableSchema | None = None,
    checked: CheckedRows | None = None,
) -> Validated:
    """Pass 1: the report, and what pass 2 needs to agree with it without hashing the file again.

    `contract` is the dataset's Table Schema; `established` columns (older callers) stand for the
    contract `schema_from_columns` makes of them. Cancelling the caller (a client that hung up) stops
    the worker thread at its next batch: a thread cannot be interrupted, so it is asked to stop rather
    than left to read the file to its end. `validator` is the engine the composition root chose.
    `checked`, when given, is told the rows judged so far before each batch.
    """
    if contract is None and established is not None:
        contract = schema_from_columns(established)
    stopped = threading.Event()

    def run() -> Validated:
        options = ValidationOptions(header_renames=renames)
        report, plan = validator.validate(
            source,
            contract=contract,
            options=options,
            extra_rules=extra_rules,
            stop=stopped.is_set,
            checked=checked or unobserved,
        )
        return Validated(report, plan, validator, contract)

    try:
        return await asyncio.to_thread(run)
    except asyncio.CancelledError:
        stopped.set()
        raise


async def typed_batches(
    source: BinaryIO,
    validated: Validated,
    on_error: OnError,
    batch_size: int = LOAD_BATCH_ROWS,
    *,
    as_text: bool = False,
) -> AsyncIterator[Sequence[TypedRow]]:
    """Pass 2: batches of typed rows that `on_error` lets through, each parsed in a worker thread.

    `as_text`: for a store that parses cell text itself, batches may come as `TextRows` (see
    `CsvValidator.text_rows`): the same rows, without a Python object per cell.

    The next batch is parsed while the caller stores the one just handed over (CPU and I/O overlap).
    Closing the iterator (or a failure on either side) waits for the batch being parsed, since a thread
    cannot be stopped, and closes the reader: nothing keeps reading `source` afterwards.
    """
    batches = iter_typed_rows(source, validated, on_error, batch_size, as_text=as_text)
    loop = asyncio.get_running_loop()
    ahead = loop.run_in_executor(None, next, batches, None)
    try:
        # Shielded: cancelling this wait must not mark the batch done while its thread still runs.
        while (batch := await asyncio.shield(ahead)) is not None:
            ahead = loop.run_in_executor(None, next, batches, None)
            yield batch
    finally:
        await asyncio.wait({ahead})
        if not ahead.cancelled():
            ahead.exception()  # retrieved: a failure already raised above is not logged again
        if isinstance(batches, Generator):
            batches.close()


def iter_typed_rows(
    source: BinaryIO, validated: Validated, on_error: OnError, batch_size: int, *, as_text: bool = False
) -> Iterator[Sequence[TypedRow]]:
    """Pass 2 by the engine that judged the file in pass 1."""
    read = validated.validator.text_rows if as_text else validated.validator.typed_rows
    return read(
        source,
        validated.report,
        on_error=on_error,
        batch_size=batch_size,
        plan=validated.plan,
        contract=validated.contract,
    )
