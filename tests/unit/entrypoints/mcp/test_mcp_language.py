"""MCP tools take an optional `language` ("es"/"en") for their reports and errors; English by default."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.support.english_fragments import english_words

from entrypoints.mcp.file_policy import FilePolicy

from .conftest import MAX_FILE_BYTES, Service, integers_with_one_bad_value
from .test_mcp_tools import as_user, body, clean_csv, error_text

pytestmark = pytest.mark.unit
__all__ = ["clean_csv"]  # the fixture

CLEAN = b"id,name,price\n1,Ana,10.50\n2,Luis,7.25\n"


def assert_spanish_report(report: dict) -> None:  # type: ignore[type-arg]
    for validation in report["validations"]:
        assert english_words(validation["title"]) == [], validation["title"]
        for sample in validation["samples"]:
            assert english_words(sample["message"]) == [], sample["message"]


async def test_every_tool_offers_a_language(service: Service) -> None:
    session = service.session(token=await service.token("ana"))
    from mcp import Client  # loaded by the tests that use it (see conftest's `Service.server`)

    async with Client(await service.server(session)) as client:
        tools = (await client.list_tools()).tools

    for tool in tools:
        assert tool.input_schema["properties"]["language"]["anyOf"][0]["enum"] == ["en", "es"], tool.name


async def test_validate_csv_in_spanish(service: Service) -> None:
    path = service.shared / "amounts.csv"
    path.write_bytes(integers_with_one_bad_value())

    report = body(await as_user(service, None, "validate_csv", path=str(path), language="es"))

    type_error = next(v for v in report["validations"] if v["rule"] == "type-error")
    assert type_error["title"] == "Los valores son del tipo de su columna"
    assert_spanish_report(report)


async def test_upload_csv_and_get_upload_in_spanish(service: Service) -> None:
    path = service.shared / "amounts.csv"
    path.write_bytes(integers_with_one_bad_value())

    upload = body(
        await as_user(service, "ana", "upload_csv", path=str(path), dataset="amounts", language="es")
    )
    fetched = body(await as_user(service, "ana", "get_upload", upload_id=upload["id"], language="es"))
    english = body(await as_user(service, "ana", "get_upload", upload_id=upload["id"]))

    assert upload["status"] == "rejected"
    assert_spanish_report(upload)
    assert fetched["validations"] == upload["validations"]
    assert english["validations"][0]["title"] == "Text encoding"


async def test_errors_in_spanish(service: Service, tmp_path: Path, clean_csv: Path) -> None:
    (tmp_path / "private.csv").write_bytes(CLEAN)

    outside = error_text(
        await as_user(
            service, "ana", "upload_csv", path=str(tmp_path / "private.csv"), dataset="s", language="es"
        )
    )
    missing = error_text(
        await as_user(service, "ana", "validate_csv", path=str(service.shared / "nada.csv"), language="es")
    )
    guest = error_text(
        await as_user(service, None, "upload_csv", path=str(clean_csv), dataset="sales", language="es")
    )

    assert "fuera de las carpetas compartidas" in outside and "INGESTA_MCP_ROOTS" in outside
    assert "No hay ningún archivo en" in missing
    assert "'guest'" in guest
    for text in (outside, missing, guest):
        assert english_words(text) == [], text


async def test_the_servers_language_is_the_default(service: Service) -> None:
    path = service.shared / "amounts.csv"
    path.write_bytes(integers_with_one_bad_value())
    session = service.session(token=await service.token(None))
    await session.start()
    from mcp import Client

    from entrypoints.mcp.server import build_server
    from entrypoints.mcp.tools import IngestaTools

    server = build_server(IngestaTools(session, FilePolicy([service.shared], MAX_FILE_BYTES), "es"))

    async with Client(server) as client:
        spanish = body(await client.call_tool("validate_csv", {"path": str(path)}))
        english = body(await client.call_tool("validate_csv", {"path": str(path), "language": "en"}))

    assert_spanish_report(spanish)
    assert english["validations"][0]["title"] == "Text encoding"
