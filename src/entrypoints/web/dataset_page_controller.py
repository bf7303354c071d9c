"""GET /ui/datasets (each dataset with its contract) and POST /ui/datasets/schema (an admin's new one)."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect

from application.errors import InvalidInput, NotFound
from application.ports.dataset_store import StoredContract
from application.use_cases.get_contract import GetContract
from application.use_cases.list_datasets import ListDatasets
from application.use_cases.put_contract import PutContract
from domain.auth.claims import TokenClaims
from domain.auth.role import Role
from domain.contracts.table_schema import Field
from entrypoints.web.rendering import render
from entrypoints.web.web_security import CSRF_COOKIE, CSRF_FIELD, check_csrf
from entrypoints.web.web_session import requires_web_uploader

Multipart = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]


class FieldView(msgspec.Struct, frozen=True):
    name: str
    type: str
    constraints: tuple[str, ...]


class ContractView(msgspec.Struct, frozen=True):
    version: int
    etag: str
    key: tuple[str, ...]
    fields: tuple[FieldView, ...]


def constraint_texts(field: Field) -> tuple[str, ...]:
    """Each constraint as it is written in the schema, e.g. `minimum 0` or `enum a, b`."""
    written = msgspec.to_builtins(field.constraints)
    texts = []
    for name, value in written.items():
        if value is True:
            texts.append(name)
        elif isinstance(value, (list, tuple)):
            texts.append(f"{name} {', '.join(map(str, value))}")
        else:
            texts.append(f"{name} {value}")
    return tuple(texts)


def contract_view(stored: StoredContract) -> ContractView:
    fields = tuple(
        FieldView(
            name=field.name,
            type=str(field.type) if field.format == "default" else f"{field.type} ({field.format})",
            constraints=constraint_texts(field),
        )
        for field in stored.schema.fields
    )
    return ContractView(stored.version, stored.etag, stored.schema.primaryKey, fields)


class DatasetPageController(Controller):
    @get("/ui/datasets", guards=[requires_web_uploader])
    async def datasets(
        self,
        request: Request[Any, Any, Any],
        list_datasets: NamedDependency[ListDatasets],
        get_contract: NamedDependency[GetContract],
    ) -> Response[Any]:
        claims: TokenClaims = request.state.claims
        datasets = await list_datasets()
        contracts: dict[str, ContractView] = {}
        for dataset in datasets:
            try:
                contracts[dataset.name] = contract_view(await get_contract(dataset.name))
            except NotFound:
                continue
        return render(
            request,
            "datasets.html",
            claims=claims,
            datasets=datasets,
            contracts=contracts,
            is_admin=claims.role == Role.ADMIN.value,
        )

    @post("/ui/datasets/schema", guards=[requires_web_uploader])
    async def put_schema(
        self, request: Request[Any, Any, Any], put_contract: NamedDependency[PutContract], data: Multipart
    ) -> Response[Any]:
        """The same use case as PUT /datasets/{name}/schema: only admins, If-Match from the page."""
        check_csrf(request.cookies.get(CSRF_COOKIE), _text(data.get(CSRF_FIELD)))
        dataset = (_text(data.get("dataset")) or "").strip()
        schema = data.get("schema")
        if not isinstance(schema, UploadFile):
            raise InvalidInput("choose a Table Schema file (JSON) to upload")
        if_match = _text(data.get("if_match")) or None
        author: TokenClaims = request.state.claims
        await put_contract(dataset, await schema.read(), if_match=if_match, author=author)
        return Redirect(f"/ui/datasets#dataset-{dataset}", status_code=303)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
