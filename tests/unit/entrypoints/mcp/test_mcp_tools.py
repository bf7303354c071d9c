"""The MCP tools through an in-process MCP client, acting through the real Litestar app as a user."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from domain.contracts.table_schema import parse_table_schema
from entrypoints.mcp.api_session import ApiSession

from .conftest import MAX_FILE_BYTES, Service, integers_with_one_bad_value

if TYPE_CHECKING:
    from mcp.types import CallToolResult

pytestmark = pytest.mark.unit

CLEAN = b"id,name,price\n1,Ana,10.50\n2,Luis,7.25\n"


async def call(service: Service, session: ApiSession, tool: str, **arguments: Any) -> CallToolResult:
    from mcp import Client  # loaded by the tests that use it (see conftest's `Service.server`)

    async with Client(await service.server(session)) as client:
        return await client.call_tool(tool, arguments)


async def as_user(service: Service, username: str | None, tool: str, **arguments: Any) -> CallToolResult:
    return await call(service, service.session(token=await service.token(username)), tool, **arguments)


def body(result: CallToolResult) -> dict[str, Any]:
    assert not result.is_error, result.content
    return dict(result.structured_content or {})


def error_text(result: CallToolResult) -> str:
    assert result.is_error
    text = " ".join(getattr(block, "text", "") for block in result.content)
    assert "Traceback" not in text
    return text


@pytest.fixture
def clean_csv(service: Service) -> Path:
    path = service.shared / "sales.csv"
    path.write_bytes(CLEAN)
    return path


async def test_lists_every_tool_with_a_description(service: Service) -> None:
    session = service.session(token=await service.token("ana"))
    from mcp import Client  # loaded by the tests that use it (see conftest's `Service.server`)

    async with Client(await service.server(session)) as client:
        tools = {tool.name: tool for tool in (await client.list_tools()).tools}

    assert set(tools) == {"validate_csv", "upload_csv", "get_upload", "list_uploads", "list_datasets"}
    assert all(tool.description and len(tool.description) > 80 for tool in tools.values())
    assert tools["upload_csv"].input_schema["properties"]["on_error"]["enum"] == ["reject", "skip", "accept"]


async def test_validate_csv_reports_a_failed_type_error_and_stores_nothing(service: Service) -> None:
    path = service.shared / "amounts.csv"
    path.write_bytes(integers_with_one_bad_value())

    report = body(await as_user(service, None, "validate_csv", path=str(path)))

    assert "type-error" in {v["rule"] for v in report["validations"] if v["status"] == "failed"}
    assert report["has_errors"] is True and report["rows"]["total"] == 41
    assert service.uploads.records == {}


@pytest.mark.parametrize("tool", ["validate_csv", "upload_csv"])
async def test_the_environment_of_the_process_is_never_read(service: Service, tool: str) -> None:
    (service.shared / "env.csv").symlink_to("/proc/self/environ")

    for path in ("/proc/self/environ", str(service.shared / "env.csv")):
        text = error_text(await as_user(service, "ana", tool, path=path, dataset="leak"))
        assert "system file" in text or "outside the shared folders" in text
    assert service.uploads.records == {}


async def test_a_file_outside_the_shared_folders_is_refused_naming_the_setting(
    service: Service, tmp_path: Path
) -> None:
    (tmp_path / "private.csv").write_bytes(CLEAN)

    text = error_text(
        await as_user(service, "ana", "upload_csv", path=str(tmp_path / "private.csv"), dataset="s")
    )

    assert "outside the shared folders" in text and "INGESTA_MCP_ROOTS" in text


async def test_an_uploader_loads_a_file_and_reads_it_back(service: Service, clean_csv: Path) -> None:
    session = service.session(token=await service.token("ana"))
    from mcp import Client  # loaded by the tests that use it (see conftest's `Service.server`)

    async with Client(await service.server(session)) as client:
        upload = body(await client.call_tool("upload_csv", {"path": str(clean_csv), "dataset": "sales"}))
        fetched = body(await client.call_tool("get_upload", {"upload_id": upload["id"]}))
        page = body(await client.call_tool("list_uploads", {}))
        datasets = body(await client.call_tool("list_datasets", {}))

    assert (
        upload["status"] == "loaded" and upload["rows"]["loaded"] == 2 and upload["filename"] == "sales.csv"
    )
    assert fetched["id"] == upload["id"]
    assert [item["id"] for item in page["items"]] == [upload["id"]]
    assert [(d["name"], d["row_count"]) for d in datasets["datasets"]] == [("sales", 2)]


async def test_reject_policy_returns_the_rejected_upload_not_an_error(service: Service) -> None:
    path = service.shared / "amounts.csv"
    path.write_bytes(integers_with_one_bad_value())

    upload = body(await as_user(service, "ana", "upload_csv", path=str(path), dataset="amounts"))

    assert upload["status"] == "rejected" and upload["rows"]["loaded"] == 0


async def test_a_guest_may_not_upload(service: Service, clean_csv: Path) -> None:
    text = error_text(await as_user(service, None, "upload_csv", path=str(clean_csv), dataset="sales"))

    assert "'guest' role may not upload" in text
    assert service.uploads.records == {}


async def test_a_bad_dataset_name_is_explained(service: Service, clean_csv: Path) -> None:
    text = error_text(await as_user(service, "ana", "upload_csv", path=str(clean_csv), dataset="Bad Name!"))

    assert "dataset" in text.lower()


async def test_a_file_over_the_size_cap_is_refused_before_it_is_sent(service: Service) -> None:
    path = service.shared / "big.csv"
    path.write_bytes(b"id\n" + b"1\n" * MAX_FILE_BYTES)

    text = error_text(await as_user(service, "ana", "upload_csv", path=str(path), dataset="big"))

    assert "INGESTA_MCP_MAX_FILE_BYTES" in text and service.uploads.records == {}


async def test_the_same_file_twice_names_the_first_upload(service: Service, clean_csv: Path) -> None:
    first = body(await as_user(service, "ana", "upload_csv", path=str(clean_csv), dataset="sales"))
    text = error_text(await as_user(service, "ana", "upload_csv", path=str(clean_csv), dataset="sales"))

    assert first["id"] in text


async def test_get_upload_hides_another_users_upload(service: Service, clean_csv: Path) -> None:
    upload = body(await as_user(service, "ana", "upload_csv", path=str(clean_csv), dataset="sales"))

    text = error_text(await as_user(service, "bea", "get_upload", upload_id=upload["id"]))
    as_admin = body(await as_user(service, "root", "get_upload", upload_id=upload["id"]))

    assert "not found" in text.lower() or "visible" in text
    assert as_admin["id"] == upload["id"]


async def test_an_upload_id_cannot_reach_another_route(service: Service) -> None:
    text = error_text(await as_user(service, "ana", "get_upload", upload_id="../auth/me"))

    assert "not found" in text.lower() or "no upload" in text.lower()


async def test_validate_csv_checks_against_an_existing_datasets_columns(
    service: Service, clean_csv: Path
) -> None:
    body(await as_user(service, "ana", "upload_csv", path=str(clean_csv), dataset="sales"))
    odd = service.shared / "odd.csv"
    odd.write_bytes(b"id,name,price\n3,Eva,cheap\n")

    alone = body(await as_user(service, "ana", "validate_csv", path=str(odd)))
    against_sales = body(await as_user(service, "ana", "validate_csv", path=str(odd), dataset="sales"))

    assert alone["has_errors"] is False and against_sales["has_errors"] is True


async def test_results_are_also_plain_json_text(service: Service) -> None:
    result = await as_user(service, "ana", "list_datasets")

    assert json.loads(getattr(result.content[0], "text", "")) == {"datasets": []}


async def test_validate_csv_checks_against_the_datasets_declared_contract(service: Service) -> None:
    contract = b'{"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"}, ' + (
        b'{"name": "price", "type": "number", "constraints": {"maximum": 100}}], "primaryKey": ["id"]}'
    )
    await service.container.datasets().put_contract("sales", parse_table_schema(contract), if_match=None)
    pricey = service.shared / "pricey.csv"
    pricey.write_bytes(b"id,name,price\n1,Ana,500\n1,Eva,5\n")

    alone = body(await as_user(service, "ana", "validate_csv", path=str(pricey)))
    against_sales = body(await as_user(service, "ana", "validate_csv", path=str(pricey), dataset="sales"))

    failed = {v["rule"] for v in against_sales["validations"] if v["status"] == "failed"}
    assert alone["has_errors"] is False
    assert {"constraint-error", "primary-key-error"} <= failed


async def test_upload_csv_sends_the_mode(service: Service, clean_csv: Path) -> None:
    contract = b'{"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"}, ' + (
        b'{"name": "price", "type": "number"}], "primaryKey": ["id"]}'
    )
    await service.container.datasets().put_contract("sales", parse_table_schema(contract), if_match=None)
    body(await as_user(service, "ana", "upload_csv", path=str(clean_csv), dataset="sales"))
    fixes = service.shared / "fixes.csv"
    fixes.write_bytes(b"id,name,price\n2,Luisa,8.00\n")

    upload = body(
        await as_user(service, "ana", "upload_csv", path=str(fixes), dataset="sales", mode="upsert")
    )

    assert upload["status"] == "loaded" and upload["mode"] == "upsert" and upload["updated"] == 1


async def test_validate_csv_needs_no_engine_chosen_by_a_composition_root(service: Service) -> None:
    # The MCP server builds no container: its offline check brings its own validator.
    path = service.shared / "amounts.csv"
    path.write_bytes(integers_with_one_bad_value())
    report = body(await as_user(service, None, "validate_csv", path=str(path)))

    assert report["has_errors"] is True and report["rows"]["total"] == 41
