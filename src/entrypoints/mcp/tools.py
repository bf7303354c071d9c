"""What each MCP tool does: the same use cases as the HTTP API, acting as the token's user."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import msgspec
from mcp.server.mcpserver.exceptions import ToolError

from application.errors import ApplicationError, PayloadTooLarge, PermissionDenied
from application.use_cases.upload_csv import UploadCommand
from domain.auth.claims import TokenClaims
from domain.auth.permissions import may_upload
from domain.errors import DomainError
from domain.uploads.dataset_name import parse_dataset_name
from domain.uploads.upload import OnError
from domain.validation.engine import validate_csv
from domain.validation.report import Column, ValidationReport
from domain.validation.row_rule import RowRule
from entrypoints.container import Container
from entrypoints.mcp.local_file import local_file
from entrypoints.mcp.token_gate import TokenGate, TokenRejected

OnErrorChoice = Literal["reject", "skip", "accept"]


class IngestaTools:
    """The tool bodies; each checks the token first and answers failures with one clear sentence."""

    def __init__(self, container: Container, gate: TokenGate) -> None:
        self._container = container
        self._gate = gate

    async def validate_csv(self, path: str, dataset: str | None = None) -> dict[str, Any]:
        with _clear_errors():
            await self._gate.claims()
            file = local_file(path)
            established = await self._established_columns(dataset)
            # The same rules an upload gets (the container may add AI-backed ones), fresh for this file.
            extra_rules: Sequence[RowRule] = self._container.extra_rules()()
            report = await asyncio.to_thread(_validate_file, file, established, extra_rules)
            return {"file": str(file), "has_errors": report.has_errors, **msgspec.to_builtins(report)}

    async def upload_csv(self, path: str, dataset: str, on_error: OnErrorChoice = "reject") -> dict[str, Any]:
        with _clear_errors():
            claims = await self._gate.claims()
            self._require_upload_role(claims)
            file = local_file(path)
            self._require_size_within_limit(file)
            with file.open("rb") as source:
                upload = await self._container.upload_csv()(
                    UploadCommand(
                        dataset=dataset,
                        on_error=OnError(on_error),
                        filename=file.name,
                        uploaded_by=claims.user_id,
                        source=source,
                    )
                )
            return dict(msgspec.to_builtins(upload))

    async def get_upload(self, upload_id: str) -> dict[str, Any]:
        with _clear_errors():
            claims = await self._gate.claims()
            upload = await self._container.get_upload()(upload_id.strip(), claims)
            return dict(msgspec.to_builtins(upload))

    async def list_uploads(self, limit: int = 20, offset: int = 0) -> dict[str, Any]:
        with _clear_errors():
            claims = await self._gate.claims()
            page = await self._container.list_uploads()(claims, limit=limit, offset=offset)
            return dict(msgspec.to_builtins(page))

    async def list_datasets(self) -> dict[str, Any]:
        with _clear_errors():
            await self._gate.claims()
            datasets = await self._container.list_datasets()()
            return {"datasets": msgspec.to_builtins(datasets)}

    async def _established_columns(self, dataset: str | None) -> tuple[Column, ...] | None:
        if dataset is None or not dataset.strip():
            return None
        return await self._container.datasets().get_columns(parse_dataset_name(dataset))

    def _require_upload_role(self, claims: TokenClaims) -> None:
        roles = self._container.settings().upload_roles
        if not may_upload(claims.role, roles):
            allowed = ", ".join(sorted(role.value for role in roles))
            raise PermissionDenied(
                f"the role {claims.role!r} may not upload (allowed: {allowed}); "
                "use a token of a provisioned uploader account"
            )

    def _require_size_within_limit(self, file: Path) -> None:
        limit = self._container.settings().max_upload_bytes
        size = file.stat().st_size
        if size > limit:
            raise PayloadTooLarge(
                f"the file has {size} bytes; the limit is {limit} (INGESTA_MAX_UPLOAD_BYTES)"
            )


def _validate_file(
    file: Path, established: tuple[Column, ...] | None, extra_rules: Sequence[RowRule]
) -> ValidationReport:
    with file.open("rb") as source:
        return validate_csv(source, established=established, extra_rules=extra_rules)


@contextmanager
def _clear_errors() -> Iterator[None]:
    # The SDK shows a ToolError's message to the model; anything else becomes a bare "Error executing tool".
    try:
        yield
    except TokenRejected as error:
        raise ToolError(str(error)) from None
    except ApplicationError as error:
        raise ToolError(_sentence(error.detail)) from None
    except DomainError as error:
        raise ToolError(_sentence(str(error))) from None
    except OSError as error:
        raise ToolError(_sentence(f"cannot read the file: {error.strerror or error}")) from None


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")
