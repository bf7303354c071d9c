"""What each MCP tool does: a call to the Ingesta HTTP API as the user, or a check of a shared local file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

import msgspec
from mcp.server.mcpserver.exceptions import ToolError

from application.use_cases.validate_csv import ValidateCsv
from domain.contracts.table_schema import TableSchema, parse_table_schema
from domain.errors import DomainError
from domain.uploads.dataset_name import parse_dataset_name
from entrypoints.i18n.reports import localised
from entrypoints.i18n.translation import translate
from entrypoints.mcp.api_session import ApiError, ApiSession
from entrypoints.mcp.file_policy import FilePolicy, FileRefused
from entrypoints.mcp.local_validator import LocalCsvValidator

OnErrorChoice = Literal["reject", "skip", "accept"]
LanguageChoice = Literal["en", "es"]
ModeChoice = Literal["append", "upsert", "replace"]


class IngestaTools:
    """The tool bodies; every failure is answered with one clear sentence the assistant can relay.

    Every tool takes an optional `language` ("en" or "es") for its report and its errors; without it,
    the language the server was started in (`--lang`, else the locale of its environment)."""

    def __init__(self, api: ApiSession, files: FilePolicy, language: str = "en") -> None:
        self._api = api
        self._files = files
        self._language = language

    async def validate_csv(
        self, path: str, dataset: str | None = None, language: LanguageChoice | None = None
    ) -> dict[str, Any]:
        chosen = language or self._language
        with _clear_errors(chosen):
            contract = await self._contract(dataset, chosen)
            with self._files.open(path) as source:
                # On this computer: nothing is sent to the service, so a file can be checked first.
                report = (await ValidateCsv(validator=LocalCsvValidator())(source, contract)).report
            shown = localised(report, chosen)
            return {"file": path, "has_errors": report.has_errors, **msgspec.to_builtins(shown)}

    async def upload_csv(
        self,
        path: str,
        dataset: str,
        on_error: OnErrorChoice = "reject",
        mode: ModeChoice = "append",
        language: LanguageChoice | None = None,
    ) -> dict[str, Any]:
        chosen = language or self._language
        with _clear_errors(chosen):
            with self._files.open(path) as source:
                upload: dict[str, Any] = await self._api.request(
                    "POST",
                    "/uploads",
                    language=chosen,
                    files={"file": (Path(path).name or "upload.csv", source, "text/csv")},
                    data={"dataset": dataset, "on_error": on_error, "mode": mode},
                )
            return upload

    async def get_upload(self, upload_id: str, language: LanguageChoice | None = None) -> dict[str, Any]:
        chosen = language or self._language
        with _clear_errors(chosen):
            upload: dict[str, Any] = await self._api.request(
                "GET", f"/uploads/{quote(upload_id.strip(), safe='')}", language=chosen
            )
            return upload

    async def list_uploads(
        self, limit: int = 20, offset: int = 0, language: LanguageChoice | None = None
    ) -> dict[str, Any]:
        chosen = language or self._language
        with _clear_errors(chosen):
            page: dict[str, Any] = await self._api.request(
                "GET", "/uploads", language=chosen, params={"limit": limit, "offset": offset}
            )
            return page

    async def list_datasets(self, language: LanguageChoice | None = None) -> dict[str, Any]:
        chosen = language or self._language
        with _clear_errors(chosen):
            return {"datasets": await self._api.request("GET", "/datasets", language=chosen)}

    async def _contract(self, dataset: str | None, language: str) -> TableSchema | None:
        """The dataset's contract as the service holds it, so the check here is the upload's."""
        if dataset is None or not dataset.strip():
            return None
        name = parse_dataset_name(dataset)
        try:
            document = await self._api.request(
                "GET", f"/datasets/{quote(name, safe='')}/schema", language=language
            )
        except ApiError as error:
            if error.status == 404:
                return None  # a new dataset: the file will establish its columns
            raise
        return parse_table_schema(msgspec.json.encode(document))


@contextmanager
def _clear_errors(language: str) -> Iterator[None]:
    # The SDK shows a ToolError's message to the model; anything else becomes a bare "Error executing tool".
    # The service already wrote an ApiError's detail in `language`; a text it does not know stays as is.
    try:
        yield
    except (ApiError, FileRefused, DomainError) as error:
        raise ToolError(_sentence(translate(str(error), language))) from None
    except OSError as error:
        reason = f"cannot read the file: {error.strerror or error}"
        raise ToolError(_sentence(translate(reason, language))) from None


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")
