"""One `ingesta load` run: inputs resolved, database ready, then each file through the upload use case."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass

import msgspec

from adapters.object_store.s3_object_source import S3ObjectSource
from application.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
    ServiceUnavailable,
    UnsupportedContent,
)
from application.ports.user_repository import UserAccount
from application.uploads.refused_attempts import NoRefusedAttempts
from application.uploads.upload_command import UploadCommand
from application.use_cases.upload_csv import UploadCsv
from domain.uploads.upload import LoadMode, OnError, UploadStatus
from entrypoints.cli.cli_language import tr
from entrypoints.cli.load_contract import declare_contract
from entrypoints.cli.load_database import prepare_for_load
from entrypoints.cli.load_inputs import LoadInput, UnreadableInput, opened, resolve_inputs
from entrypoints.cli.load_output import (
    EXIT_LOADED,
    EXIT_REJECTED,
    EXIT_UNAVAILABLE,
    EXIT_UNREADABLE,
    FileOutcome,
    ProgressLine,
    stop_notice,
    write_json,
    write_report,
)
from entrypoints.container import Container
from entrypoints.startup import DatabaseNotReady


@dataclass(frozen=True)
class LoadRequest:
    arguments: Sequence[str]
    dataset: str
    on_error: OnError
    operator: str | None
    keep_going: bool
    as_json: bool
    mode: LoadMode = LoadMode.APPEND
    schema: str | None = None  # a Table Schema file, made the dataset's contract first
    sheet: str | None = None  # the sheet read from each .xlsx workbook (None: its first)


class RunStopped(Exception):
    """The run cannot start; `exit_code` says why (2 unreadable input or operator, 3 a dependency)."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


async def run_load(container: Container, request: LoadRequest) -> int:
    """The worst outcome's exit code: 0 all loaded, 1 a rejection, 2 unreadable input, 3 an outage."""
    try:
        inputs, source, owner = await _start(container, request)
    except RunStopped as stopped:
        print(f"ingesta: {tr(str(stopped))}", file=sys.stderr)
        return stopped.exit_code
    # The operator's own machine, reading its own files: the HTTP size limit is not this run's.
    policy = msgspec.structs.replace(container.upload_policy(), max_bytes=None)
    # A pipeline re-run meets its loaded files again by design: those are skipped, not refused attempts.
    upload_csv = container.upload_csv(policy=policy, refusals=NoRefusedAttempts())
    progress = ProgressLine(sys.stderr, len(inputs))
    outcomes: list[FileOutcome] = []
    for index, item in enumerate(inputs, start=1):
        progress.start(index, item.name)
        outcome = await _load_one(container, upload_csv, source, item, request, owner)
        progress.clear()
        outcomes.append(outcome)
        if not request.as_json or outcome.upload is None:
            write_report(outcome, sys.stdout, sys.stderr)
        stops = outcome.exit_code == EXIT_UNAVAILABLE or (outcome.exit_code and not request.keep_going)
        if stops and index < len(inputs):
            print(stop_notice(outcome, len(inputs) - index), file=sys.stderr)
            break
    if request.as_json:
        write_json(outcomes, sys.stdout)
    return max((outcome.exit_code for outcome in outcomes), default=EXIT_LOADED)


async def _start(
    container: Container, request: LoadRequest
) -> tuple[list[LoadInput], S3ObjectSource, UserAccount]:
    settings = container.settings()
    try:
        source = S3ObjectSource()
        inputs = await resolve_inputs(request.arguments, source, settings.object_store_url)
        await prepare_for_load(container)
        operator = await container.resolve_operator()(request.operator)
        if request.schema is not None:
            await declare_contract(container, request.dataset, request.schema)
    except (UnreadableInput, NotFound, PermissionDenied) as error:
        raise RunStopped(str(error), EXIT_UNREADABLE) from error
    except (DatabaseNotReady, ServiceUnavailable) as error:
        raise RunStopped(str(error), EXIT_UNAVAILABLE) from error
    return inputs, source, operator


async def _load_one(
    container: Container,
    upload_csv: UploadCsv,
    source: S3ObjectSource,
    item: LoadInput,
    request: LoadRequest,
    owner: UserAccount,
) -> FileOutcome:
    try:
        async with opened(item, source) as file:
            upload = await upload_csv(
                UploadCommand(
                    dataset=request.dataset,
                    on_error=request.on_error,
                    filename=item.filename,
                    uploaded_by=owner.id,
                    role=owner.role,
                    source=file,
                    archived_key=item.archived_key,
                    mode=request.mode,
                    sheet=request.sheet,
                )
            )
    except Conflict as conflict:
        # Loaded before (a rerun of the same glob): nothing to do, and not a failure.
        earlier = await container.uploads().get(conflict.existing_id) if conflict.existing_id else None
        if earlier is None:
            return FileOutcome(item.name, EXIT_REJECTED, reason=conflict.detail)
        return FileOutcome(item.name, EXIT_LOADED, upload=earlier, already_loaded=True)
    except ServiceUnavailable as error:
        return FileOutcome(item.name, EXIT_UNAVAILABLE, reason=error.detail)
    except (UnsupportedContent, NotFound, InvalidInput) as error:
        return FileOutcome(item.name, EXIT_UNREADABLE, reason=error.detail)
    except OSError as error:
        return FileOutcome(item.name, EXIT_UNREADABLE, reason=f"cannot read it: {error.strerror or error}")
    code = EXIT_LOADED if upload.status is UploadStatus.LOADED else EXIT_REJECTED
    return FileOutcome(item.name, code, upload=upload)
