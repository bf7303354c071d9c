"""GET /datasets, GET /datasets/{name}, and GET/PUT /datasets/{name}/schema (the dataset's contract)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, put
from litestar.di import NamedDependency
from litestar.params import FromPath, HeaderParameter

from application.ports.dataset_store import DatasetInfo, StoredContract
from application.use_cases.describe_dataset import DescribeDataset
from application.use_cases.get_contract import GetContract
from application.use_cases.list_datasets import ListDatasets
from application.use_cases.put_contract import PutContract
from domain.auth.claims import TokenClaims
from domain.auth.role import Role
from domain.contracts.table_schema import to_document
from entrypoints.api.guards import requires_role, requires_upload_role

SCHEMA_VERSION_HEADER = "X-Schema-Version"


def contract_response(stored: StoredContract, status_code: int = 200) -> Response[dict[str, object]]:
    # The body stays a pure Table Schema (frictionless reads it as is); the version travels in headers.
    headers = {"ETag": stored.etag, SCHEMA_VERSION_HEADER: str(stored.version)}
    return Response(to_document(stored.schema), status_code=status_code, headers=headers)


class DatasetController(Controller):
    path = "/datasets"
    tags = ["datasets"]
    # Schemas and row counts are business data: the roles that may load datasets may read them.
    guards = [requires_upload_role]

    @get("/", summary="Every dataset with its columns and row count")
    async def list_datasets(self, list_datasets: NamedDependency[ListDatasets]) -> list[DatasetInfo]:
        return await list_datasets()

    @get("/{name:str}", summary="A dataset's columns, types and row count")
    async def describe(
        self, describe_dataset: NamedDependency[DescribeDataset], name: FromPath[str]
    ) -> DatasetInfo:
        return await describe_dataset(name)

    @get("/{name:str}/schema", summary="A dataset's contract: a frictionless Table Schema (ETag = version)")
    async def get_schema(
        self, get_contract: NamedDependency[GetContract], name: FromPath[str]
    ) -> Response[dict[str, object]]:
        return contract_response(await get_contract(name))

    @put(
        "/{name:str}/schema",
        guards=[requires_role(Role.ADMIN)],
        summary="Declare or replace a dataset's contract (admins; If-Match required to replace)",
    )
    async def put_schema(
        self,
        request: Request[TokenClaims, str, Any],
        put_contract: NamedDependency[PutContract],
        name: FromPath[str],
        if_match: Annotated[str | None, HeaderParameter(name="If-Match")] = None,
    ) -> Response[dict[str, object]]:
        """201 for a dataset's first contract, 200 for a replacement; 428 without If-Match, 412 when stale,
        400 naming unsupported properties, 409 when the dataset's rows cannot take the change."""
        # The raw body: the domain parses the Table Schema itself, naming whatever it does not support.
        document = await request.body()
        stored = await put_contract(name, document, if_match=if_match, author=request.user)
        return contract_response(stored, 201 if stored.version == 1 else 200)
