"""`ingesta load` against real databases (SQLite, PostgreSQL) and a real S3-protocol server (moto)."""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from litestar.testing import TestClient
from sqlalchemy import MetaData, Table, select
from tests.support.ingesta_process import clean_environment, run_ingesta

from adapters.sql.dataset_tables import dataset_table_name
from adapters.sql.engine import create_engine
from adapters.sql.migrate import upgrade_database
from domain.auth.role import Role
from entrypoints.api.app import create_app
from entrypoints.cli.main import main
from entrypoints.container import build_container
from entrypoints.settings import load_settings

pytestmark = pytest.mark.integration

CLEAN = b"code,amount,day\n007,10.50,2026-12-01\n008,7.25,2026-12-02\n009,3.00,2026-12-03\n"
DUPLICATED = b"code,amount,day\n007,10.50,2026-12-01\n007,10.50,2026-12-01\n"
# Typed columns with bad cells, a duplicate and a blank line: what the HTTP path and the CLI must agree on.
DIRTY = b"".join(
    [b"code,amount,day,active\n"]
    + [
        f"{i:04d},{i}.25,2026-12-{1 + i % 28:02d},{'true' if i % 2 else 'false'}\n".encode()
        for i in range(60)
    ]
    + [b"0100,not-a-number,2026-12-01,true\n", b"0001,1.25,2026-12-02,true\n", b"\n", b"0101,2.50,,false\n"]
)
PASSWORD = "integration-password"


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty database for each test: `load` must migrate it itself."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'ingesta.sqlite3'}"
        return
    # The session's database (skipped where PostgreSQL is absent) is where a fresh one is created from.
    session_url = str(request.getfixturevalue("postgres_url"))
    name = f"ingesta_load_{secrets.token_hex(5)}"
    asyncio.run(_postgres(session_url, f'CREATE DATABASE "{name}"'))
    yield f"{session_url.rsplit('/', 1)[0]}/{name}"
    asyncio.run(_postgres(session_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _postgres(url: str, statement: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://", 1), timeout=5)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture
def bucket(s3_endpoint: str, aws_credentials: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A fresh bucket on the moto server; yields a boto3 Bucket resource."""
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3_endpoint)
    resource = boto3.resource("s3", endpoint_url=s3_endpoint).Bucket(f"load-{secrets.token_hex(5)}")
    resource.create()
    yield resource
    resource.objects.all().delete()
    resource.delete()


@pytest.fixture
def environment(database_url: str, bucket: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    values = {
        "INGESTA_DATABASE_URL": database_url,
        "INGESTA_OBJECT_STORE_URL": f"s3://{bucket.name}/raw",
        "INGESTA_LOGIN_RATE_LIMIT": "1000/minute",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def load(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, list[dict[str, Any]], str]:
    code = main(["load", *arguments, "--json"])
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if captured.out.strip() else [], captured.err


def keys(bucket: Any) -> list[str]:
    return sorted(item.key for item in bucket.objects.all())


async def _rows(url: str, dataset: str) -> list[dict[str, Any]]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            table = await connection.run_sync(
                lambda sync: Table(dataset_table_name(dataset), MetaData(), autoload_with=sync)
            )
            result = await connection.execute(select(table).order_by(table.c._row_number))
            return [{k: v for k, v in row._mapping.items() if k != "_upload_key"} for row in result]
    finally:
        await engine.dispose()


def test_a_local_file_is_archived_validated_loaded_and_recorded(
    environment: dict[str, str], bucket: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sales.csv"
    path.write_bytes(CLEAN)

    code, [upload], _ = load(capsys, str(path), "--dataset", "sales")

    assert code == 0 and upload["status"] == "loaded" and upload["rows"]["loaded"] == 3
    assert keys(bucket) == [f"raw/{upload['object_key']}"]
    assert bucket.Object(f"raw/{upload['object_key']}").get()["Body"].read() == CLEAN
    rows = asyncio.run(_rows(environment["INGESTA_DATABASE_URL"], "sales"))
    assert [row["code"] for row in rows] == ["007", "008", "009"]


def test_an_object_inside_the_archive_is_recorded_by_its_key_not_copied(
    environment: dict[str, str], bucket: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    bucket.put_object(Key="raw/incoming/2026-12-01.csv", Body=CLEAN)

    code, [upload], _ = load(capsys, f"s3://{bucket.name}/raw/incoming/2026-12-01.csv", "--dataset", "sales")

    assert code == 0 and upload["status"] == "loaded"
    assert upload["object_key"] == "incoming/2026-12-01.csv" and upload["filename"] == "2026-12-01.csv"
    assert keys(bucket) == ["raw/incoming/2026-12-01.csv"]


def test_an_object_outside_the_archive_is_archived_like_a_local_file(
    environment: dict[str, str], bucket: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    bucket.put_object(Key="landing/sales.csv", Body=CLEAN)

    code, [upload], _ = load(capsys, f"s3://{bucket.name}/landing/sales.csv", "--dataset", "sales")

    assert code == 0
    assert keys(bucket) == sorted(["landing/sales.csv", f"raw/{upload['object_key']}"])
    assert bucket.Object(f"raw/{upload['object_key']}").get()["Body"].read() == CLEAN


@pytest.fixture
def three_objects(bucket: Any) -> str:
    for day, content in (("01", CLEAN), ("02", DUPLICATED), ("03", CLEAN.replace(b"007", b"010"))):
        bucket.put_object(Key=f"raw/incoming/2026-12-{day}.csv", Body=content)
    bucket.put_object(Key="raw/incoming/2026-11-30.csv", Body=CLEAN)  # not matched by the glob
    return f"s3://{bucket.name}/raw/incoming/2026-12-*.csv"


def test_a_glob_stops_at_the_first_rejection(
    environment: dict[str, str], three_objects: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, uploads, err = load(capsys, three_objects, "--dataset", "sales")

    assert code == 1
    assert [(u["filename"], u["status"]) for u in uploads] == [
        ("2026-12-01.csv", "loaded"),
        ("2026-12-02.csv", "rejected"),
    ]
    assert "1 more file was not loaded" in err


def test_keep_going_processes_every_file_and_still_reports_the_rejection(
    environment: dict[str, str], three_objects: str, bucket: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    code, uploads, _ = load(capsys, three_objects, "--dataset", "sales", "--keep-going")

    assert code == 1
    assert [u["status"] for u in uploads] == ["loaded", "rejected", "loaded"]
    assert len(keys(bucket)) == 4  # recorded by their keys: nothing was copied
    rows = asyncio.run(_rows(environment["INGESTA_DATABASE_URL"], "sales"))
    assert len(rows) == 6


def test_missing_and_non_csv_inputs_exit_two(
    environment: dict[str, str], bucket: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "book.xlsx").write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 8)

    missing = load(capsys, str(tmp_path / "missing.csv"), "--dataset", "sales")
    missing_object = load(capsys, f"s3://{bucket.name}/raw/nothing-*.csv", "--dataset", "sales")
    binary = load(capsys, str(tmp_path / "book.xlsx"), "--dataset", "sales")

    assert (missing[0], missing_object[0], binary[0]) == (2, 2, 2)
    assert "no such file" in missing[2] and "matches no object" in missing_object[2]
    assert "book.xlsx" in binary[2]


def test_an_unreachable_database_exits_three(
    bucket: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INGESTA_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:1/nowhere")
    monkeypatch.setenv("INGESTA_OBJECT_STORE_URL", f"s3://{bucket.name}/raw")
    path = tmp_path / "sales.csv"
    path.write_bytes(CLEAN)

    code, uploads, err = load(capsys, str(path), "--dataset", "sales")

    assert code == 3 and uploads == []
    assert "database" in err
    assert keys(bucket) == []


# The embedded SQLite database always migrates itself, as the service does: PostgreSQL only.
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_a_database_at_an_older_revision_gets_the_upgrade_advice(
    environment: dict[str, str], database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asyncio.run(_migrate(database_url, "0001"))
    path = tmp_path / "sales.csv"
    path.write_bytes(CLEAN)

    code, _, err = load(capsys, str(path), "--dataset", "sales")

    assert code == 3
    assert "run `ingesta db upgrade` first" in err


async def _migrate(url: str, revision: str = "head") -> None:
    engine = create_engine(url)
    try:
        await upgrade_database(engine, revision)
    finally:
        await engine.dispose()


def test_the_cli_records_and_loads_exactly_what_post_uploads_does(
    environment: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dirty.csv"
    path.write_bytes(DIRTY)
    url = environment["INGESTA_DATABASE_URL"]

    code, [by_cli], _ = load(capsys, str(path), "--dataset", "via_cli", "--on-error", "skip")
    by_http = _post_over_http(DIRTY, "via_http")

    assert code == 0 and by_cli["rows"]["invalid"] > 0
    ignored = {"id", "created_at", "uploaded_by", "dataset", "object_key"}
    assert {k: v for k, v in by_cli.items() if k not in ignored} == {
        k: v for k, v in by_http.items() if k not in ignored
    }
    cli_rows = asyncio.run(_rows(url, "via_cli"))
    assert cli_rows == asyncio.run(_rows(url, "via_http"))
    assert len(cli_rows) == by_cli["rows"]["loaded"]


def _post_over_http(content: bytes, dataset: str) -> dict[str, Any]:
    settings = load_settings()
    container = build_container(settings)
    with TestClient(create_app(settings, container)) as client:
        with client.portal() as portal:
            portal.call(_create_uploader, container)
        token = client.post("/auth/login", json={"username": "web", "password": PASSWORD}).json()[
            "access_token"
        ]
        response = client.post(
            "/uploads",
            headers={"Authorization": f"Bearer {token}"},
            files={"file": ("dirty.csv", content, "text/csv")},
            data={"dataset": dataset, "on_error": "skip"},
        )
        assert response.status_code == 201, response.text
        # What is stored, not only what was answered.
        stored = client.get(response.headers["Location"], headers={"Authorization": f"Bearer {token}"})
        body: dict[str, Any] = stored.json()
        return body


async def _create_uploader(container: Any) -> None:
    await container.create_user()(username="web", password=PASSWORD, role=Role.UPLOADER)


# The embedded SQLite database always migrates itself, as the service does: PostgreSQL only.
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_a_database_with_tables_of_its_own_is_never_migrated_by_load(
    environment: dict[str, str], database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asyncio.run(_create_foreign_table(database_url))
    path = tmp_path / "sales.csv"
    path.write_bytes(CLEAN)

    code, _, err = load(capsys, str(path), "--dataset", "sales")

    assert code == 3 and "ingesta db upgrade" in err


async def _create_foreign_table(url: str) -> None:
    from sqlalchemy import text

    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE someone_elses (id integer)"))
    finally:
        await engine.dispose()


def test_the_installed_command_loads_a_file_quietly_when_not_on_a_terminal(tmp_path: Path) -> None:
    path = tmp_path / "sales.csv"
    path.write_bytes(CLEAN)

    result = run_ingesta(
        "load", str(path), "--dataset", "sales", environment=clean_environment(tmp_path), cwd=tmp_path
    )

    assert result.returncode == 0, result.stderr
    assert "loaded into sales (3 rows)" in result.stdout and "STATUS" in result.stdout
    assert result.stderr == ""  # no progress line in a log file


def test_an_unreachable_object_store_exits_three(
    environment: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.support.ingesta_process import free_port

    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{free_port()}")

    code, uploads, err = load(capsys, "s3://anything/incoming/*.csv", "--dataset", "sales")

    assert code == 3 and uploads == []
    assert "S3 list objects failed" in err
