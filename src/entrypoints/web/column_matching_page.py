"""The column matching screen: proposed pairs for a report refused for its headers, and the route its
form posts the confirmed pairs to before the page sends the same file again."""

from __future__ import annotations

from typing import Any, Protocol

from litestar import Controller, Request, Response, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from application.errors import NotFound
from application.use_cases.propose_column_mapping import ColumnMappingProposal
from application.use_cases.remember_column_mapping import RememberColumnMapping
from domain.auth.claims import TokenClaims
from domain.validation.report import Column, RuleStatus, Validation
from entrypoints.api.column_mapping_controller import ColumnMappingBody, SavedColumnMapping
from entrypoints.web.rendering import NO_STORE, is_fragment_request
from entrypoints.web.web_security import CSRF_HEADER
from entrypoints.web.web_session import container_of, require_csrf, requires_web_uploader


class Judged(Protocol):
    """An upload or a check: what a file was found to hold and how each rule judged it."""

    @property
    def dataset(self) -> str: ...
    @property
    def columns(self) -> tuple[Column, ...]: ...
    @property
    def validations(self) -> tuple[Validation, ...]: ...


async def matching_proposal(request: Request[Any, Any, Any], upload: Judged) -> ColumnMappingProposal | None:
    """The pairs to propose when `upload` (or a check) failed because its headers do not match the dataset.

    Only on the upload page (a fragment its script asked for), which holds the file to send again, and
    only for a role that may upload: nowhere else could the pairing be used.
    """
    mismatch = any(v.rule == "schema-mismatch" and v.status is RuleStatus.FAILED for v in upload.validations)
    if not mismatch or not upload.columns or not is_fragment_request(request):
        return None
    container = container_of(request)
    claims: TokenClaims = request.state.claims
    if not container.upload_policy().allows(claims.role):
        return None
    propose = container.propose_column_mapping()
    try:
        return await propose(upload.dataset, [column.source_name for column in upload.columns])
    except NotFound:
        return None  # the contract went away meanwhile: any header set fits the dataset again


class ColumnMatchingController(Controller):
    @post("/ui/datasets/{name:str}/column-mappings", guards=[requires_web_uploader])
    async def remember(
        self,
        request: Request[Any, Any, Any],
        remember_column_mapping: NamedDependency[RememberColumnMapping],
        name: FromPath[str],
        data: JSONBody[ColumnMappingBody],
    ) -> Response[SavedColumnMapping]:
        """The API's POST for the session cookie, with the page's CSRF token in its header."""
        claims: TokenClaims = request.state.claims
        await require_csrf(request, request.headers.get(CSRF_HEADER), claims)
        saved = await remember_column_mapping(name, data.headers, data.columns, claims.user_id)
        return Response(
            SavedColumnMapping.of(saved.mapping), status_code=201 if saved.created else 200, headers=NO_STORE
        )
