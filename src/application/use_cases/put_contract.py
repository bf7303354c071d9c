"""PutContract: an admin declares or replaces a dataset's contract (a frictionless Table Schema)."""

from __future__ import annotations

from application.errors import PermissionDenied
from application.ports.dataset_store import DatasetStore, StoredContract
from domain.auth.claims import TokenClaims
from domain.auth.role import Role
from domain.contracts.table_schema import parse_table_schema
from domain.uploads.dataset_name import parse_dataset_name


class PutContract:
    """Parse the document (`InvalidContract` names what Ingesta does not support), then let the store
    replace the current version if `if_match` names it, migrating the table in the same transaction."""

    def __init__(self, *, datasets: DatasetStore) -> None:
        self._datasets = datasets

    async def __call__(
        self, name: str, document: bytes | str, *, if_match: str | None, author: TokenClaims
    ) -> StoredContract:
        if author.role != Role.ADMIN.value:
            raise PermissionDenied(
                f"only admins may declare a dataset's contract, not the {str(author.role)!r} role"
            )
        dataset = parse_dataset_name(name)
        schema = parse_table_schema(document)
        return await self._datasets.put_contract(dataset, schema, if_match=if_match)
