"""The MCP tools through an in-process MCP client, over in-memory fakes and real signed tokens."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp.types import CallToolResult
from tests.support.auth_fakes import InMemoryRevocationStore
from tests.support.upload_fakes import InMemoryDatasetStore, InMemoryUploadRepository

from domain.auth.role import Role
from entrypoints.container import Container
from entrypoints.mcp.server import build_server

from .conftest import MAX_UPLOAD_BYTES, MintToken, integers_with_one_bad_value

pytestmark = pytest.mark.unit

CLEAN = b"id,name,price\n1,Ana,10.50\n2,Luis,7.25\n"


async def call(container: Container, token: str, tool: str, **arguments: Any) -> CallToolResult:
    async with Client(build_server(container, token)) as client:
        return await client.call_tool(tool, arguments)


def body(result: CallToolResult) -> dict[str, Any]:
    assert not result.is_error, result.content
    return dict(result.structured_content or {})


def error_text(result: CallToolResult) -> str:
    assert result.is_error
    text = " ".join(getattr(block, "text", "") for block in result.content)
    assert "Traceback" not in text
    return text


@pytest.fixture
def clean_csv(tmp_path: Path) -> Path:
    path = tmp_path / "sales.csv"
    path.write_bytes(CLEAN)
    return path


async def test_lists_every_tool_with_a_description(container: Container, mint: MintToken) -> None:
    async with Client(build_server(container, mint("ana", Role.UPLOADER))) as client:
        tools = {tool.name: tool for tool in (await client.list_tools()).tools}

    assert set(tools) == {"validate_csv", "upload_csv", "get_upload", "list_uploads", "list_datasets"}
    assert all(tool.description and len(tool.description) > 80 for tool in tools.values())
    assert tools["upload_csv"].input_schema["properties"]["on_error"]["enum"] == ["reject", "skip", "accept"]


async def test_validate_csv_reports_a_failed_type_error(
    container: Container, mint: MintToken, tmp_path: Path
) -> None:
    path = tmp_path / "amounts.csv"
    path.write_bytes(integers_with_one_bad_value())

    report = body(await call(container, mint("ana", Role.GUEST), "validate_csv", path=str(path)))

    failed = {v["rule"] for v in report["validations"] if v["status"] == "failed"}
    assert "type-error" in failed
    assert report["has_errors"] is True
    assert report["rows"]["total"] == 41


async def test_validate_csv_stores_nothing(
    container: Container, mint: MintToken, clean_csv: Path, uploads: InMemoryUploadRepository
) -> None:
    report = body(await call(container, mint("ana", Role.UPLOADER), "validate_csv", path=str(clean_csv)))

    assert report["has_errors"] is False
    assert uploads.records == {}


async def test_a_missing_file_is_reported_by_its_path(
    container: Container, mint: MintToken, tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere.csv"

    text = error_text(await call(container, mint("ana", Role.UPLOADER), "validate_csv", path=str(missing)))

    assert "no file at" in text and "nowhere.csv" in text


async def test_a_directory_is_refused(
    container: Container, mint: MintToken, tmp_path: Path, uploads: InMemoryUploadRepository
) -> None:
    text = error_text(
        await call(container, mint("ana", Role.UPLOADER), "upload_csv", path=str(tmp_path), dataset="s")
    )

    assert "is a directory, not a file" in text
    assert uploads.records == {}


async def test_an_uploader_loads_a_file_as_themself(
    container: Container, mint: MintToken, clean_csv: Path, datasets: InMemoryDatasetStore
) -> None:
    upload = body(
        await call(container, mint("ana", Role.UPLOADER), "upload_csv", path=str(clean_csv), dataset="sales")
    )

    assert upload["status"] == "loaded"
    assert upload["uploaded_by"] == "ana"
    assert upload["filename"] == "sales.csv"
    assert upload["rows"]["loaded"] == 2
    assert len(datasets.rows["sales"]) == 2


async def test_reject_policy_returns_the_rejected_upload_not_an_error(
    container: Container, mint: MintToken, tmp_path: Path, datasets: InMemoryDatasetStore
) -> None:
    path = tmp_path / "amounts.csv"
    path.write_bytes(integers_with_one_bad_value())

    upload = body(
        await call(container, mint("ana", Role.UPLOADER), "upload_csv", path=str(path), dataset="amounts")
    )

    assert upload["status"] == "rejected"
    assert "amounts" not in datasets.rows


async def test_a_guest_may_not_upload(
    container: Container, mint: MintToken, clean_csv: Path, uploads: InMemoryUploadRepository
) -> None:
    text = error_text(
        await call(container, mint("g1", Role.GUEST), "upload_csv", path=str(clean_csv), dataset="s")
    )

    assert "'guest' may not upload" in text
    assert uploads.records == {}


async def test_a_bad_dataset_name_is_explained(
    container: Container, mint: MintToken, clean_csv: Path
) -> None:
    text = error_text(
        await call(
            container, mint("ana", Role.UPLOADER), "upload_csv", path=str(clean_csv), dataset="Bad Name"
        )
    )

    assert "is not a valid name" in text


async def test_a_file_over_the_size_limit_is_refused(
    container: Container, mint: MintToken, tmp_path: Path, uploads: InMemoryUploadRepository
) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"id\n" + b"1\n" * MAX_UPLOAD_BYTES)

    text = error_text(
        await call(container, mint("ana", Role.UPLOADER), "upload_csv", path=str(path), dataset="big")
    )

    assert "INGESTA_MAX_UPLOAD_BYTES" in text
    assert uploads.records == {}


async def test_the_same_file_twice_names_the_first_upload(
    container: Container, mint: MintToken, clean_csv: Path
) -> None:
    token = mint("ana", Role.UPLOADER)
    first = body(await call(container, token, "upload_csv", path=str(clean_csv), dataset="sales"))

    text = error_text(await call(container, token, "upload_csv", path=str(clean_csv), dataset="sales"))

    assert first["id"] in text


async def test_get_upload_shows_the_owner_their_upload(
    container: Container, mint: MintToken, clean_csv: Path
) -> None:
    token = mint("ana", Role.UPLOADER)
    upload = body(await call(container, token, "upload_csv", path=str(clean_csv), dataset="sales"))

    fetched = body(await call(container, token, "get_upload", upload_id=upload["id"]))

    assert fetched["id"] == upload["id"] and fetched["status"] == "loaded"


async def test_get_upload_hides_another_users_upload(
    container: Container, mint: MintToken, clean_csv: Path
) -> None:
    upload = body(
        await call(container, mint("ana", Role.UPLOADER), "upload_csv", path=str(clean_csv), dataset="s")
    )

    text = error_text(await call(container, mint("bea", Role.UPLOADER), "get_upload", upload_id=upload["id"]))
    as_admin = body(await call(container, mint("root", Role.ADMIN), "get_upload", upload_id=upload["id"]))

    assert "is visible to you" in text
    assert as_admin["id"] == upload["id"]


async def test_list_uploads_and_datasets_show_what_was_loaded(
    container: Container, mint: MintToken, clean_csv: Path
) -> None:
    token = mint("ana", Role.UPLOADER)
    upload = body(await call(container, token, "upload_csv", path=str(clean_csv), dataset="sales"))

    page = body(await call(container, token, "list_uploads"))
    datasets = body(await call(container, token, "list_datasets"))

    assert [item["id"] for item in page["items"]] == [upload["id"]]
    assert [(d["name"], d["row_count"]) for d in datasets["datasets"]] == [("sales", 2)]


async def test_a_revoked_token_is_refused_with_a_hint_to_renew(
    container: Container,
    mint: MintToken,
    clean_csv: Path,
    uploads: InMemoryUploadRepository,
    revocations: InMemoryRevocationStore,
) -> None:
    token = mint("ana", Role.UPLOADER, sid="revoked-session")
    await revocations.revoke_session("revoked-session", datetime.now(UTC) + timedelta(hours=1))

    text = error_text(await call(container, token, "upload_csv", path=str(clean_csv), dataset="sales"))

    assert "revoked" in text and "Renew it" in text
    assert uploads.records == {}


async def test_an_expired_token_is_refused_on_every_tool(container: Container, mint: MintToken) -> None:
    token = mint("ana", Role.UPLOADER, now=datetime.now(UTC) - timedelta(hours=2))

    text = error_text(await call(container, token, "list_datasets"))

    assert "not accepted" in text and "INGESTA_TOKEN" in text


async def test_results_are_also_plain_json_text(container: Container, mint: MintToken) -> None:
    result = await call(container, mint("ana", Role.UPLOADER), "list_datasets")

    assert json.loads(getattr(result.content[0], "text", "")) == {"datasets": []}


async def test_validate_csv_checks_against_an_existing_datasets_columns(
    container: Container, mint: MintToken, clean_csv: Path, tmp_path: Path
) -> None:
    token = mint("ana", Role.UPLOADER)
    body(await call(container, token, "upload_csv", path=str(clean_csv), dataset="sales"))
    odd = tmp_path / "odd.csv"
    odd.write_bytes(b"id,name,price\n3,Eva,cheap\n")

    alone = body(await call(container, token, "validate_csv", path=str(odd)))
    against_sales = body(await call(container, token, "validate_csv", path=str(odd), dataset="sales"))

    assert alone["has_errors"] is False
    assert against_sales["has_errors"] is True
