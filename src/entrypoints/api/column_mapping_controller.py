"""GET and POST /datasets/{name}/column-mappings: pair a file's headers with a dataset's columns, and
remember the pairing the user confirmed for that header set."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter

from application.use_cases.propose_column_mapping import ColumnMappingProposal, ProposeColumnMapping
from application.use_cases.remember_column_mapping import RememberColumnMapping
from domain.auth.claims import TokenClaims
from domain.column_matching.remembered_mapping import RememberedMapping
from entrypoints.api.guards import requires_upload_role


class ColumnMappingBody(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The file's headers (all of them: they name the header set) and the pairs the user confirmed."""

    headers: Annotated[list[str], msgspec.Meta(min_length=1, max_length=1024)]
    columns: dict[str, str]


class SavedColumnMapping(msgspec.Struct, frozen=True):
    dataset: str
    headers: tuple[str, ...]
    columns: dict[str, str]
    saved_by: str
    saved_at: datetime

    @classmethod
    def of(cls, mapping: RememberedMapping) -> SavedColumnMapping:
        return cls(
            mapping.dataset, mapping.headers, dict(mapping.columns), mapping.saved_by, mapping.saved_at
        )


class ColumnMappingController(Controller):
    path = "/datasets"
    tags = ["datasets"]
    guards = [requires_upload_role]

    @get("/{name:str}/column-mappings", summary="Propose which dataset column each of a file's headers is")
    async def propose(
        self,
        propose_column_mapping: NamedDependency[ProposeColumnMapping],
        name: FromPath[str],
        header_names: Annotated[
            list[str], QueryParameter(name="header", description="each header of the file, in its order")
        ],
    ) -> ColumnMappingProposal:
        """A remembered mapping for this header set first, then same and similar names, then the
        language model's proposal when one is configured; `target` null: no column proposed."""
        return await propose_column_mapping(name, header_names)

    @post(
        "/{name:str}/column-mappings",
        summary="Remember a confirmed pairing: the next upload with these headers is mapped by it",
    )
    async def remember(
        self,
        request: Request[TokenClaims, str, Any],
        remember_column_mapping: NamedDependency[RememberColumnMapping],
        name: FromPath[str],
        data: JSONBody[ColumnMappingBody],
    ) -> Response[SavedColumnMapping]:
        """201 for a new header set, 200 when it replaces the mapping saved for the same one."""
        saved = await remember_column_mapping(name, data.headers, data.columns, request.user.user_id)
        return Response(SavedColumnMapping.of(saved.mapping), status_code=201 if saved.created else 200)
