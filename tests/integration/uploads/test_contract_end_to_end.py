"""A contract declared over HTTP before any upload, then uploads in each mode, on each real database."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient
from sqlalchemy import MetaData, Table, select

from adapters.sql.dataset_tables import dataset_table_name
from adapters.sql.engine import create_engine
from adapters.sql.migrate import upgrade_database
from domain.auth.role import Role
from entrypoints.api.app import create_app
from entrypoints.container import Container, build_container
from entrypoints.settings import load_settings

pytestmark = pytest.mark.integration

PASSWORD = "integration-password"
CONTRACT = b"""{"fields": [
  {"name": "code", "type": "string", "constraints": {"required": true, "pattern": "[A-Z]{3}"}},
  {"name": "amount", "type": "number", "constraints": {"minimum": 0}}
], "primaryKey": "code"}"""


class Service:
    def __init__(
        self, client: TestClient, container: Container, tokens: dict[str, str], dataset: str
    ) -> None:
        self.client, self.container, self.tokens, self.dataset = client, container, tokens, dataset

    def upload(self, content: bytes, **fields: str):  # type: ignore[no-untyped-def]
        return self.client.post(
            "/uploads",
            headers={"Authorization": f"Bearer {self.tokens['uploader']}"},
            files={"file": ("f.csv", content, "text/csv")},
            data={"dataset": self.dataset, **fields},
        )

    def rows(self) -> list[tuple[object, ...]]:
        async def read() -> list[tuple[object, ...]]:
            async with self.container.sql_engine().connect() as connection:
                table = await connection.run_sync(
                    lambda sync: Table(dataset_table_name(self.dataset), MetaData(), autoload_with=sync)
                )
                result = await connection.execute(select(table.c.code, table.c.amount).order_by(table.c.code))
                return [(code, float(amount)) for code, amount in result]

        with self.client.portal() as portal:
            return portal.call(read)


@pytest.fixture
def service(database_url: str, tmp_path: Path) -> Iterator[Service]:
    settings = load_settings(
        {
            "INGESTA_DATABASE_URL": database_url,
            "INGESTA_OBJECT_STORE_URL": f"file://{tmp_path / 'objects'}",
            "INGESTA_LOGIN_RATE_LIMIT": "1000/minute",
            "INGESTA_AI_PROVIDER": "none",
        }
    )
    asyncio.run(_migrate(database_url))
    container = build_container(settings)
    suffix = secrets.token_hex(4)
    with TestClient(create_app(settings, container)) as client:
        tokens = {}
        for kind, role in (("admin", Role.ADMIN), ("uploader", Role.UPLOADER)):
            name = f"{kind}{suffix}"
            with client.portal() as portal:
                portal.call(_create_user, container, name, role)
            tokens[kind] = client.post("/auth/login", json={"username": name, "password": PASSWORD}).json()[
                "access_token"
            ]
        yield Service(client, container, tokens, f"orders_{suffix}")


async def _migrate(url: str) -> None:
    engine = create_engine(url)
    await upgrade_database(engine)
    await engine.dispose()


async def _create_user(container: Container, username: str, role: Role) -> None:
    await container.create_user()(username=username, password=PASSWORD, role=role)


def test_a_contract_put_before_any_upload_governs_every_mode(service: Service) -> None:
    client, admin = service.client, {"Authorization": f"Bearer {service.tokens['admin']}"}
    put = client.put(f"/datasets/{service.dataset}/schema", content=CONTRACT, headers=admin)
    assert put.status_code == 201, put.text
    assert put.headers["etag"] == '"v1"'

    refused = service.upload(b"code,amount\nABC,1.5\nxy,2\n")
    loaded = service.upload(b"code,amount\nABC,1.5\nDEF,2\n")
    clash = service.upload(b"code,amount\nGHI,3\nABC,9\n", on_error="skip")
    upserted = service.upload(b"code,amount\nDEF,20\nJKL,4\n", mode="upsert")
    rows_before_replace = service.rows()
    replaced = service.upload(b"code,amount\nZZZ,1\n", mode="replace")

    assert refused.status_code == 422
    assert any(v["rule"] == "constraint-error" and v["count"] == 1 for v in refused.json()["validations"])
    assert loaded.status_code == 201 and loaded.json()["schema_version"] == 1
    key_rule = next(v for v in clash.json()["validations"] if v["rule"] == "primary-key-in-dataset")
    assert key_rule["count"] == 1 and loaded.json()["id"] in key_rule["samples"][0]["message"]
    assert (upserted.json()["inserted"], upserted.json()["updated"]) == (1, 1)
    assert rows_before_replace == [("ABC", 1.5), ("DEF", 20.0), ("GHI", 3.0), ("JKL", 4.0)]
    assert replaced.status_code == 201 and service.rows() == [("ZZZ", 1.0)]
    again = client.get(f"/uploads/{upserted.json()['id']}", headers=admin).json()
    assert (again["mode"], again["schema_version"], again["updated"]) == ("upsert", 1, 1)
