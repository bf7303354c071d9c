"""`ingesta load --schema`: the run's contract becomes the dataset's before any file loads."""

from __future__ import annotations

import asyncio
from pathlib import Path

from application.errors import Conflict, InvalidInput
from domain.contracts.errors import InvalidContract
from domain.contracts.table_schema import parse_table_schema
from entrypoints.cli.load_inputs import UnreadableInput
from entrypoints.container import Container


async def declare_contract(container: Container, dataset: str, path: str) -> None:
    """Put the schema at `path` as the dataset's contract unless it already is.

    Straight through the store, not `PutContract`: that use case asks for an admin's token, while whoever
    runs `ingesta load` holds the database's own credentials, which is more than any role grants.
    A change the table cannot hold stops the run before any file loads.
    """
    try:
        document = await asyncio.to_thread(Path(path).read_bytes)
    except OSError as error:
        raise UnreadableInput(f"{path}: cannot read the schema: {error.strerror or error}") from error
    try:
        schema = parse_table_schema(document)
    except InvalidContract as error:
        raise UnreadableInput(f"{path}: {error}") from error
    datasets = container.datasets()
    current = await datasets.get_contract(dataset)
    if current is not None and current.schema == schema:
        return
    try:
        await datasets.put_contract(dataset, schema, if_match=None if current is None else current.etag)
    except (Conflict, InvalidInput) as error:
        reason = f"{path}: the contract of {dataset!r} cannot change so: {error.detail}"
        raise UnreadableInput(reason) from error
