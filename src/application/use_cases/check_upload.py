"""CheckUpload: a dry run of an upload, validated against the dataset's contract and kept nowhere."""

from __future__ import annotations

import asyncio
from typing import Literal

import msgspec

from application.ports.column_mappings import ColumnMappings
from application.ports.csv_validator import CsvValidator
from application.ports.dataset_store import DatasetStore
from application.ports.row_rule_factory import RowRuleFactory, no_rules
from application.ports.spreadsheet_reader import SpreadsheetReader
from application.uploads.file_digest import digest_file
from application.uploads.remembered_renames import applied_mapping_validation, remembered_renames
from application.uploads.tabular_source import close_converted, csv_text_of
from application.uploads.upload_command import UploadCommand, display_filename
from application.uploads.upload_permission import refuse_role, refuse_size
from application.uploads.upload_refusals import refuse_binary, refuse_upsert_without_key
from application.use_cases.validate_csv import ValidateCsv
from domain.uploads.dataset_name import parse_dataset_name
from domain.uploads.upload import LoadMode, OnError
from domain.uploads.upload_policy import UploadPolicy
from domain.validation.report import Column, RowCounts, Validation


class UploadCheck(msgspec.Struct, kw_only=True):
    """What an upload of this file would report, with no id: nothing was archived, loaded or recorded.

    `status` is always `validated`; `outcome` is what a real upload with the same `on_error` would
    become (`loaded` or `rejected`) and `rows.loaded` how many rows it would load (key clashes with rows
    already in the dataset are not looked for).
    """

    dataset: str
    filename: str
    bytes: int
    sha256: str
    on_error: OnError
    mode: LoadMode
    outcome: Literal["loaded", "rejected"]
    status: Literal["validated"] = "validated"
    encoding: str | None = None
    delimiter: str | None = None
    rows: RowCounts = msgspec.field(default_factory=RowCounts)
    columns: tuple[Column, ...] = ()
    validations: tuple[Validation, ...] = ()
    # The contract version the file was checked against (None: the dataset has no contract yet).
    schema_version: int | None = None


class CheckUpload:
    """Validates like UploadCsv (same passes, same contract, same extra rules) and stops before any write."""

    def __init__(
        self,
        *,
        datasets: DatasetStore,
        validator: CsvValidator,
        extra_rules: RowRuleFactory = no_rules,
        spreadsheets: SpreadsheetReader | None = None,
        policy: UploadPolicy | None = None,
        mappings: ColumnMappings | None = None,
    ) -> None:
        self._datasets = datasets
        self._mappings = mappings
        self._validate = ValidateCsv(validator=validator, extra_rules=extra_rules)
        self._spreadsheets = spreadsheets
        self._policy = policy or UploadPolicy()

    async def __call__(self, command: UploadCommand) -> UploadCheck:
        refuse_role(self._policy, command.role)
        dataset = parse_dataset_name(command.dataset)
        digest = command.digest
        if digest is None:
            digest = await asyncio.to_thread(digest_file, command.source)
        refuse_size(self._policy, digest.size)
        refuse_binary(digest)
        stored = await self._datasets.get_contract(dataset)
        refuse_upsert_without_key(command.mode, stored, dataset)
        contract = None if stored is None else stored.schema
        text = await csv_text_of(command.source, digest.head, self._spreadsheets, command.sheet)
        try:
            remembered = () if contract is None else await remembered_renames(self._mappings, dataset, text)
            report = (await self._validate(text, contract, remembered)).report
        finally:
            close_converted(text, command.source)
        if remembered:
            mapped = (*report.validations, applied_mapping_validation(remembered))
            report = msgspec.structs.replace(report, validations=mapped)
        rejected = report.blocks_every_row or (report.has_errors and command.on_error is OnError.REJECT)
        loaded = report.rows.total if command.on_error is OnError.ACCEPT else report.rows.valid
        return UploadCheck(
            dataset=dataset,
            filename=display_filename(command.filename),
            bytes=digest.size,
            sha256=digest.sha256,
            on_error=command.on_error,
            mode=command.mode,
            outcome="rejected" if rejected else "loaded",
            encoding=report.encoding,
            delimiter=report.delimiter,
            rows=msgspec.structs.replace(report.rows, loaded=0 if rejected else loaded),
            columns=report.columns,
            validations=report.validations,
            schema_version=None if stored is None else stored.version,
        )
