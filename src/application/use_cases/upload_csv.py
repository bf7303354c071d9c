"""UploadCsv: archive the raw file, validate it, load what the policy allows, and record it all."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import suppress
from typing import BinaryIO

import msgspec

from application.errors import InvalidInput, ServiceUnavailable, UploadCancelled
from application.log_context import bind_log_context
from application.ports.clock import Clock
from application.ports.column_mappings import ColumnMappings
from application.ports.csv_validator import CsvValidator
from application.ports.dataset_store import DatasetStore, LoadPlan, StoredContract, key_columns
from application.ports.object_store import ObjectStore
from application.ports.row_rule_factory import RowRuleFactory, no_rules
from application.ports.spreadsheet_reader import SpreadsheetReader
from application.ports.tracer import NoTracer, Tracer
from application.ports.upload_metrics import NoUploadMetrics, UploadMetrics
from application.ports.upload_records import UploadRecords
from application.ports.upload_unit_of_work import UploadUnits
from application.uploads.archive_alongside import ArchiveAlongside
from application.uploads.checked_rows import CheckedRows, sampled
from application.uploads.csv_passes import Validated, typed_batches
from application.uploads.failed_uploads import FailedUploads
from application.uploads.file_digest import FileDigest, digest_file
from application.uploads.key_clashes import settle_clashes
from application.uploads.later_rule_reports import LaterRuleReports
from application.uploads.refused_attempts import RefusedAttempts
from application.uploads.remembered_renames import applied_mapping_validation, remembered_renames
from application.uploads.second_reader import second_reader
from application.uploads.tabular_source import close_converted, csv_text_of
from application.uploads.upload_claims import UploadClaims
from application.uploads.upload_command import UploadCommand, new_upload
from application.uploads.upload_permission import refuse_role, refuse_size
from application.uploads.upload_phases import NO_PHASES, UploadPhases
from application.uploads.upload_refusals import refuse_binary, refuse_loaded, refuse_upsert_without_key
from application.use_cases.generate_insights import (
    GeneratedInsights,
    GenerateInsights,
    InsightSettings,
    Language,
)
from application.use_cases.validate_csv import ValidateCsv
from domain.contracts.table_schema import columns_from_schema
from domain.uploads.dataset_name import parse_dataset_name
from domain.uploads.job_lease import LeaseLost
from domain.uploads.upload import OnError, Upload
from domain.uploads.upload_policy import UploadPolicy
from domain.validation.report import Column, Validation, ValidationReport
from domain.validation.typed_row import TypedRow

logger = logging.getLogger("ingesta.uploads")


class UploadCsv:
    """One upload end to end; afterwards every stored object has a record and nothing is half loaded."""

    def __init__(
        self,
        *,
        units: UploadUnits,
        datasets: DatasetStore,
        objects: ObjectStore,
        clock: Clock,
        validator: CsvValidator,
        extra_rules: RowRuleFactory = no_rules,
        insights: GenerateInsights | None = None,
        insight_settings: InsightSettings | None = None,
        claims: UploadClaims | None = None,
        tracer: Tracer | None = None,
        metrics: UploadMetrics | None = None,
        spreadsheets: SpreadsheetReader | None = None,
        policy: UploadPolicy | None = None,
        mappings: ColumnMappings | None = None,
        refusals: RefusedAttempts | None = None,
        load_as_text: bool = False,
    ) -> None:
        """`load_as_text`: the dataset store parses cell text itself (PostgreSQL's COPY), so rows without
        a key to match go to it as their cells' own text wherever that loads the same values."""
        self._units = units
        self._mappings = mappings
        self._datasets = datasets
        self._objects = objects
        self._clock = clock
        self._validate = ValidateCsv(validator=validator, extra_rules=extra_rules)
        self._insights = insights
        self._insight_settings = insight_settings or InsightSettings()
        self._claims = claims or UploadClaims()
        self._tracer: Tracer = tracer or NoTracer()
        self._metrics: UploadMetrics = metrics or NoUploadMetrics()
        self._spreadsheets = spreadsheets
        self._policy = policy or UploadPolicy()
        self._failed = FailedUploads(units=units, objects=objects)
        self._refusals = refusals or RefusedAttempts(units=units, clock=clock)
        self._load_as_text = load_as_text
        self._insights_read_report = insights is not None and insights.reads_report

    async def __call__(self, command: UploadCommand) -> Upload:
        refuse_role(self._policy, command.role)
        dataset = parse_dataset_name(command.dataset)
        digest = command.digest
        if digest is None:
            digest = await asyncio.to_thread(digest_file, command.source)
        async with self._refusals.recorded(command.attempt(digest.size)):
            refuse_size(self._policy, digest.size)
            refuse_binary(digest)
            text = await csv_text_of(command.source, digest.head, self._spreadsheets, command.sheet)
        try:
            return await self._claimed(command, dataset, digest, text)
        finally:
            close_converted(text, command.source)

    async def _claimed(
        self, command: UploadCommand, dataset: str, digest: FileDigest, text: BinaryIO
    ) -> Upload:
        # Identical uploads take turns here, so the later ones see the first loaded before archiving.
        async with self._claims.claim(dataset, digest.sha256):
            async with self._units() as uow:
                # Early, before anything is archived; the check under the dataset's lock decides.
                loaded = await uow.uploads.find_loaded(dataset, digest.sha256)
            async with self._refusals.recorded(command.attempt(digest.size)):
                refuse_loaded(loaded, command.uploaded_by)
            contract = await self._datasets.get_contract(dataset)
            refuse_upsert_without_key(command.mode, contract, dataset)
            upload = new_upload(Upload.received, command, dataset, digest, self._clock.now())
            async with self._units() as uow:
                await uow.uploads.add(upload)
                await uow.commit()
            bind_log_context(upload_id=upload.id)
            try:
                finished = await self._process(upload, command, contract, text)
            except BaseException as error:
                # Whatever stops the upload (an outage, a race lost, a bug, a cancelled request), its
                # record must not stay "received": the archived object is tracked as a failed upload.
                await asyncio.shield(
                    self._failed.close(upload, error, archived_here=command.archived_key is None)
                )
                self._metrics.finished(upload)
                raise
            self._metrics.finished(finished)
            return finished

    async def _process(
        self,
        upload: Upload,
        command: UploadCommand,
        stored: StoredContract | None,
        text: BinaryIO,
        phases: UploadPhases = NO_PHASES,
    ) -> Upload:
        """`text`: the CSV text to validate and load (`command.source`, or a workbook's sheet as CSV)."""
        archive = await self._start_archive(upload, command, text)
        try:
            return await self._validate_and_load(upload, command, stored, text, archive, phases)
        except asyncio.CancelledError:
            await archive.abandon()
            raise
        except BaseException:
            await archive.settle()
            raise

    async def _start_archive(
        self, upload: Upload, command: UploadCommand, text: BinaryIO
    ) -> ArchiveAlongside:
        """The raw file's put, running beside validation when the file can be read twice at once."""
        if command.archived_key is not None:
            return ArchiveAlongside(None)
        reader = command.source if text is not command.source else second_reader(command.source)
        if reader is None:
            # No second reader of these bytes: archive first, then validate, one read after the other.
            await self._archive(upload, command.source)
            return ArchiveAlongside(None)
        return ArchiveAlongside(self._archive(upload, reader))

    async def _archive(self, upload: Upload, source: BinaryIO) -> None:
        with self._tracer.span("object_store.put"):
            await self._objects.put(upload.object_key, source, size=upload.bytes, sha256=upload.sha256)

    async def _validate_and_load(
        self,
        upload: Upload,
        command: UploadCommand,
        stored: StoredContract | None,
        text: BinaryIO,
        archive: ArchiveAlongside,
        phases: UploadPhases,
    ) -> Upload:
        await phases.validating(upload)
        # A pairing the user confirmed for these headers applies before anything is judged.
        remembered = () if stored is None else await remembered_renames(self._mappings, upload.dataset, text)
        # Row rules report while the rows load, in a request; a job's run shows its report as it goes.
        later = LaterRuleReports() if phases is NO_PHASES and not self._insights_read_report else None
        checked = CheckedRows()
        async with sampled(checked, lambda rows: phases.validated_rows(upload, rows)):
            validated, generated = await self._validated(
                text, stored, command.language, archive, remembered, checked, later
            )
        # Nothing is recorded as rejected or loaded unless the raw file is archived.
        await archive.finished()
        # A dataset's first load makes version 1 of its contract from the columns it infers.
        upload.judge_against(1 if stored is None else stored.version)
        report = validated.report
        if remembered:
            report = msgspec.structs.replace(
                report, validations=(*report.validations, applied_mapping_validation(remembered))
            )
        reported, insights = _with_insights(report, generated)
        if later is not None and _rejected(report, command.on_error):
            reported = msgspec.structs.replace(
                reported, validations=await later.resolved(reported.validations)
            )
        if _rejected(report, command.on_error):
            return await self._reject(upload, reported, insights, phases)
        # In place: if the load fails, the failed record still carries the report.
        upload.load(reported, command.on_error, insights)
        await phases.loading(upload)
        plan = _load_plan(upload, command.on_error, stored)
        as_text = self._load_as_text and not plan.key
        batches = phases.counted(upload, typed_batches(text, validated, command.on_error, as_text=as_text))
        if later is not None:
            later.start()
        try:
            with self._tracer.span("database.load"):
                await self._load(upload, report.columns, batches, plan, phases, later, command.on_error)
        except _RejectedAfterAll as rejected:
            reported = msgspec.structs.replace(reported, validations=rejected.validations)
            return await self._reject(upload, reported, insights, phases)
        except asyncio.CancelledError:
            if later is not None:
                upload.report_rules(later.without_placeholders(upload.validations))
            raise
        except BaseException:
            if later is not None:
                with suppress(Exception):
                    upload.report_rules(await later.resolved(upload.validations))
            raise
        return upload

    async def _reject(
        self,
        upload: Upload,
        report: ValidationReport,
        insights: dict[str, object] | None,
        phases: UploadPhases,
    ) -> Upload:
        upload.reject(report, insights)
        async with self._units() as uow:
            await phases.fence(uow.uploads, upload)
            await _refuse_cancelled(uow.uploads, upload.id)
            await uow.uploads.save(upload)
            await uow.commit()
        return upload

    async def _validated(
        self,
        text: BinaryIO,
        stored: StoredContract | None,
        language: Language,
        archive: ArchiveAlongside,
        remembered: tuple[tuple[str, str], ...] = (),
        checked: CheckedRows | None = None,
        later: LaterRuleReports | None = None,
    ) -> tuple[Validated, GeneratedInsights | None]:
        """Pass 1 (while the archive's put runs), the model's reading of it, and pass 1 again under the
        model's header mapping when it mapped every unmatched header confidently."""
        contract = None if stored is None else stored.schema
        established = None if contract is None else columns_from_schema(contract)
        with self._tracer.span("upload.validate"):
            validated = await archive.meanwhile(self._validate(text, contract, remembered, checked, later))
        generated = await archive.meanwhile(self._generate_insights(validated.report, established, language))
        if generated is not None and generated.insights.mapping_applied:
            # The model mapped every unmatched header confidently and automatic mapping is on.
            renames = (*remembered, *((m.source, m.target) for m in generated.insights.mapping))
            with self._tracer.span("upload.validate_mapped"):
                if later is not None:
                    later.forget()  # the first pass's rules: their file is judged again
                validated = await archive.meanwhile(self._validate(text, contract, renames, checked, later))
        return validated, generated

    async def process_queued(
        self, upload: Upload, command: UploadCommand, phases: UploadPhases, *, last_try: bool = True
    ) -> Upload:
        """A job's run: `upload` is recorded and archived (`command.archived_key`), `command.source` is
        that object. Ends final like `__call__`, except that before its `last_try` an unavailable
        dependency is raised with the record left as it was, for the job to be retried. The upload
        policy is not asked: it was when the upload was accepted (`AcceptUpload`, the presign guard)."""
        bind_log_context(upload_id=upload.id)
        try:
            contract = await self._datasets.get_contract(upload.dataset)
            refuse_upsert_without_key(upload.mode, contract, upload.dataset)
            digest = await asyncio.to_thread(digest_file, command.source)
            _check_archived(upload, digest)
            upload.expect_rows(digest.rows_expected)
            text = await csv_text_of(command.source, digest.head, self._spreadsheets, command.sheet)
            try:
                finished = await self._process(upload, command, contract, text, phases)
            finally:
                close_converted(text, command.source)
        except UploadCancelled as cancelled:
            await asyncio.shield(self._mark_cancelled(upload, cancelled.detail))
            self._metrics.finished(upload)
            return upload
        except BaseException as error:
            # A stopped run (shutdown, a lost lease) leaves its record to the lease reaper, which queues
            # it again, or to the run that took it over: recording it failed here could overwrite that.
            if isinstance(error, asyncio.CancelledError | LeaseLost) or (
                not last_try and isinstance(error, ServiceUnavailable)
            ):
                raise
            await asyncio.shield(self._failed.close(upload, error, archived_here=False, phases=phases))
            self._metrics.finished(upload)
            if isinstance(error, Exception):
                return upload  # recorded failed with its reason: the job is done
            raise
        self._metrics.finished(finished)
        return finished

    async def _load(
        self,
        upload: Upload,
        columns: tuple[Column, ...],
        batches: AsyncIterator[Sequence[TypedRow]],
        plan: LoadPlan,
        phases: UploadPhases,
        later: LaterRuleReports | None = None,
        on_error: OnError = OnError.ACCEPT,
    ) -> None:
        """The rows and the record that says so commit together, or neither does (nor before the row
        rules' reports are in: one that would have rejected the upload undoes the load); a job's run
        commits only while its lease holds (`phases.fence`), checked under the dataset's lock."""
        async with self._units() as uow:
            await uow.datasets.stage(upload.id, columns, batches, plan)
            await uow.datasets.lock(upload.dataset)
            # In the transaction that commits the outcome: a cancel asked for before it wins, and none
            # can be asked for after it until the commit (the record is held), so never both.
            await _refuse_cancelled(uow.uploads, upload.id)
            # Under the lock: an identical upload elsewhere may have loaded since the early check.
            refuse_loaded(await uow.uploads.find_loaded(upload.dataset, upload.sha256), upload.uploaded_by)
            result = await uow.datasets.load(upload)
            if result.loaded != upload.rows.loaded:
                logger.error(
                    "upload %s loaded %d rows where validation counted %d",
                    upload.id,
                    result.loaded,
                    upload.rows.loaded,
                )
            upload.count_loaded(inserted=result.inserted, updated=result.updated)
            if later is not None:
                upload.report_rules(await later.resolved(upload.validations))
                if on_error is OnError.REJECT and await later.blocking():
                    raise _RejectedAfterAll(upload.validations)
            await phases.fence(uow.uploads, upload)
            await uow.uploads.save(upload)
            await uow.commit()

    async def _generate_insights(
        self, report: ValidationReport, established: tuple[Column, ...] | None, language: Language
    ) -> GeneratedInsights | None:
        """The model's reading of the report; bounded by its timeout and never a reason to fail."""
        if self._insights is None:
            return None
        return await self._insights(report, established, language, self._insight_settings)

    async def _mark_cancelled(self, upload: Upload, reason: str) -> None:
        upload.cancel(reason)
        async with self._units() as uow:
            await uow.uploads.save(upload)
            await uow.commit()


class _RejectedAfterAll(Exception):
    """A row rule's report, made while the rows loaded, rejects the upload: the load is rolled back."""

    def __init__(self, validations: tuple[Validation, ...]) -> None:
        super().__init__("rejected by a row rule's report")
        self.validations = validations


def _rejected(report: ValidationReport, on_error: OnError) -> bool:
    return report.blocks_every_row or (report.has_errors and on_error is OnError.REJECT)


def _load_plan(upload: Upload, on_error: OnError, stored: StoredContract | None) -> LoadPlan:
    """How the rows meet the dataset's (its mode, the contract's key), and how key clashes settle."""
    contract = None if stored is None else stored.schema
    key_fields = () if contract is None else contract.primaryKey
    return LoadPlan(
        mode=upload.mode,
        key=() if contract is None else key_columns(contract),
        settle=lambda clashes: settle_clashes(upload, on_error, key_fields, clashes),
    )


async def _refuse_cancelled(records: UploadRecords, upload_id: str) -> None:
    reason = await records.hold_against_cancel(upload_id)
    if reason is not None:
        raise UploadCancelled(reason)


def _check_archived(upload: Upload, digest: FileDigest) -> None:
    """A file sent straight to the store was checked by size only: its SHA-256 is checked here, or
    learnt when the client declared none."""
    if upload.sha256 and digest.sha256 != upload.sha256:
        raise InvalidInput(
            f"the archived file's SHA-256 is {digest.sha256}, not the {upload.sha256} declared; "
            "nothing was loaded"
        )
    upload.measure(size=digest.size, sha256=digest.sha256)
    refuse_binary(digest)


def _with_insights(
    report: ValidationReport, generated: GeneratedInsights | None
) -> tuple[ValidationReport, dict[str, object] | None]:
    """The report as the upload shows it (with the model's column mapping, if any) and the insights."""
    if generated is None:
        return report, None
    if generated.column_mapping is not None:
        report = msgspec.structs.replace(report, validations=(*report.validations, generated.column_mapping))
    return report, msgspec.to_builtins(generated.insights)
