"""The whole upload over HTTP into a real S3-protocol server and a real database, checked byte and value."""

from __future__ import annotations

import asyncio
import base64
import csv
import hashlib
import io
from collections.abc import AsyncIterator, Iterator, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

import boto3
import pytest
from dependency_injector import providers
from litestar.testing import TestClient
from sqlalchemy import MetaData, Table, select

from adapters.sql.dataset_tables import dataset_table_name
from adapters.sql.engine import create_engine
from adapters.sql.migrate import upgrade_database
from adapters.sql.sql_dataset_rows import SqlDatasetRows
from adapters.sql.sql_upload_unit_of_work import SqlUploadUnitOfWork, SqlUploadUnits
from adapters.sql.upload_keys import upload_keys
from application.errors import DatabaseUnavailable
from application.ports.dataset_store import LoadPlan, LoadResult
from domain.auth.role import Role
from domain.uploads.upload import Upload
from domain.validation.report import Column
from domain.validation.typed_row import TypedRow
from entrypoints.api.app import create_app
from entrypoints.container import build_container
from entrypoints.settings import load_settings

pytestmark = pytest.mark.integration

PASSWORD = "integration-password"
BUCKET = "ingesta-it"


def sample_csv(rows: int = 600) -> bytes:
    lines = ["code,name,amount,day,active"]
    for i in range(rows):
        day = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"
        active = "true" if i % 2 else "false"
        lines.append(f"{i:05d},Señora Pérez {i},{i * 1000 + 0.125:.3f},{day},{active}")
    return ("\n".join(lines) + "\n").encode()


class RowsLostAfterTheFirstBatch:
    """The real adapter's rows, but the database 'goes away' after the first batch was inserted."""

    def __init__(self, rows: SqlDatasetRows) -> None:
        self._rows = rows

    async def stage(
        self,
        upload_id: str,
        columns: Sequence[Column],
        batches: AsyncIterator[Sequence[TypedRow]],
        plan: LoadPlan,
    ) -> None:
        async def first_batch_then_failure() -> AsyncIterator[Sequence[TypedRow]]:
            async for batch in batches:
                yield batch
                raise DatabaseUnavailable("simulated loss of the database mid-load")

        await self._rows.stage(upload_id, columns, first_batch_then_failure(), plan)

    async def lock(self, dataset: str) -> None:
        await self._rows.lock(dataset)

    async def load(self, upload: Upload) -> LoadResult:
        return await self._rows.load(upload)

    async def close(self) -> None:
        await self._rows.close()


class FailingUnit(SqlUploadUnitOfWork):
    async def __aenter__(self) -> FailingUnit:
        await super().__aenter__()
        self.datasets = RowsLostAfterTheFirstBatch(self.datasets)  # type: ignore[assignment]
        return self


class FailingUploadUnits(SqlUploadUnits):
    def __call__(self) -> SqlUploadUnitOfWork:
        return FailingUnit(self._engine, self._clock)


@pytest.fixture
def s3(s3_endpoint: str, aws_credentials: None, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3_endpoint)
    client = boto3.client("s3", endpoint_url=s3_endpoint)
    client.create_bucket(Bucket=BUCKET)
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


@pytest.fixture
def service(database_url: str, s3, tmp_path: Path) -> Iterator[tuple[TestClient, object, str]]:  # type: ignore[no-untyped-def]
    settings = load_settings(
        {
            "INGESTA_DATABASE_URL": database_url,
            "INGESTA_OBJECT_STORE_URL": f"s3://{BUCKET}/raw",
            "INGESTA_LOGIN_RATE_LIMIT": "1000/minute",
            "INGESTA_ACCOUNT_LOGIN_RATE_LIMIT": "1000/minute",
        }
    )
    asyncio.run(_migrate(database_url))
    container = build_container(settings)
    with TestClient(create_app(settings, container)) as client:
        username = f"loader{tmp_path.name[-6:]}".replace("-", "")
        _call(client, _create_user, container, username)
        token = client.post("/auth/login", json={"username": username, "password": PASSWORD}).json()[
            "access_token"
        ]
        yield client, container, token


def _call(client: TestClient, fn, *args):  # type: ignore[no-untyped-def]
    # The app's engine belongs to the test client's event loop; run our coroutines on that loop too.
    with client.portal() as portal:
        return portal.call(fn, *args)


async def _migrate(url: str) -> None:
    engine = create_engine(url)
    await upgrade_database(engine)
    await engine.dispose()


async def _create_user(container, username: str) -> None:  # type: ignore[no-untyped-def]
    await container.create_user()(username=username, password=PASSWORD, role=Role.UPLOADER)


async def _rows(container, dataset: str) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    engine = container.sql_engine()
    async with engine.connect() as connection:
        table = await connection.run_sync(
            lambda sync: Table(dataset_table_name(dataset), MetaData(), autoload_with=sync)
        )
        query = select(table, upload_keys.c.upload_id).join(
            upload_keys, upload_keys.c.upload_key == table.c._upload_key
        )
        result = await connection.execute(query.order_by(table.c._row_number))
        return [dict(row._mapping) for row in result]


def _post(client: TestClient, token: str, content: bytes, dataset: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/uploads",
        headers={"Authorization": f"Bearer {token}"},
        files={"file": ("people.csv", content, "text/csv")},
        data={"dataset": dataset, "on_error": "reject"},
    )


def test_an_upload_is_archived_byte_for_byte_and_loaded_value_for_value(service, s3) -> None:  # type: ignore[no-untyped-def]
    client, container, token = service
    content = sample_csv()

    response = _post(client, token, content, "people_ok")

    assert response.status_code == 201, response.text
    upload = response.json()
    stored = s3.get_object(Bucket=BUCKET, Key=f"raw/{upload['object_key']}", ChecksumMode="ENABLED")
    assert stored["Body"].read() == content
    assert upload["sha256"] == hashlib.sha256(content).hexdigest()
    assert stored["ChecksumSHA256"] == base64.b64encode(hashlib.sha256(content).digest()).decode()
    rows = _call(client, _rows, container, "people_ok")
    expected = list(csv.DictReader(io.StringIO(content.decode())))
    assert len(rows) == len(expected) == upload["rows"]["loaded"]
    for row, source in zip(rows, expected, strict=True):
        assert row["code"] == source["code"]  # leading zeros kept: a string column
        assert row["name"] == source["name"]
        assert Decimal(row["amount"]) == Decimal(source["amount"])
        assert row["day"] == date.fromisoformat(source["day"])
        assert row["active"] is (source["active"] == "true")
        assert row["upload_id"] == upload["id"]  # through the row's integer key


def test_a_failure_mid_load_keeps_no_rows_and_no_untracked_object(service, s3) -> None:  # type: ignore[no-untyped-def]
    client, container, token = service
    container.upload_units.override(providers.Singleton(FailingUploadUnits, engine=container.sql_engine))
    content = sample_csv(rows=12_000)  # several batches

    response = _post(client, token, content, "people_broken")

    assert response.status_code == 503, response.text
    assert response.headers["retry-after"]
    dataset = client.get("/datasets/people_broken", headers={"Authorization": f"Bearer {token}"})
    assert dataset.status_code == 404  # the table's creation was rolled back with its rows
    listed = client.get("/uploads", headers={"Authorization": f"Bearer {token}"}).json()["items"]
    failed = [u for u in listed if u["dataset"] == "people_broken"]
    assert [u["status"] for u in failed] == ["failed"]
    keys = {item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])}
    tracked = {f"raw/{u['object_key']}" for u in listed}
    assert keys <= tracked  # every archived object has its upload record
    assert f"raw/{failed[0]['object_key']}" in keys
