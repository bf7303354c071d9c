"""`ingesta load` on the embedded defaults (SQLite file, local archive): options, owner and exit codes."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from dependency_injector import providers
from tests.support.upload_fakes import InMemoryObjectStore
from tests.support.workbooks import workbook

from application.use_cases.resolve_operator import SYSTEM_USERNAME
from domain.uploads.upload import OnError
from entrypoints.cli.load_run import LoadRequest, run_load
from entrypoints.cli.main import main
from entrypoints.container import build_container
from entrypoints.settings import load_settings

pytestmark = pytest.mark.unit

CLEAN = "id,name\n1,Ana\n2,Luis\n"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("INGESTA_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")
    monkeypatch.setenv("INGESTA_OBJECT_STORE_URL", f"file://{tmp_path / 'objects'}")
    monkeypatch.setenv("INGESTA_AI_ENRICHMENT", "false")
    (tmp_path / "clean.csv").write_text(CLEAN)
    return tmp_path


async def _system_account_hash() -> str:
    container = build_container(load_settings())
    try:
        account = await container.users().get_by_username(SYSTEM_USERNAME)
        assert account is not None
        return account.password_hash
    finally:
        await container.sql_engine().dispose()


def test_help_documents_every_exit_code_with_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["load", "--help"])

    text = capsys.readouterr().out
    assert "0 loaded" in text and "1 rejected" in text and "2 unreadable" in text and "3 a dependency" in text
    assert "examples:" in text and "--keep-going" in text and "s3://" in text


SCHEMA = {
    "fields": [
        {"name": "id", "type": "integer", "constraints": {"required": True}},
        {"name": "name", "type": "string"},
    ],
    "primaryKey": ["id"],
}


def load_json(
    capsys: pytest.CaptureFixture[str], *arguments: str
) -> tuple[int, list[dict[str, object]], str]:
    code = main(["load", *arguments, "--json"])
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if captured.out.strip() else [], captured.err


def test_schema_becomes_the_contract_and_upsert_replaces_rows_by_key(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workspace / "people.json").write_text(json.dumps(SCHEMA))
    (workspace / "changed.csv").write_text("id,name\n2,Luisa\n3,Eva\n")
    schema = ["--schema", str(workspace / "people.json")]

    first, [loaded], _ = load_json(capsys, str(workspace / "clean.csv"), "--dataset", "people", *schema)
    second, [upserted], _ = load_json(
        capsys, str(workspace / "changed.csv"), "--dataset", "people", *schema, "--mode", "upsert"
    )

    assert first == 0 and loaded["schema_version"] == 1
    assert second == 0 and upserted["schema_version"] == 1  # the same schema again is no new version
    assert (upserted["inserted"], upserted["updated"]) == (1, 1)


def test_a_schema_ingesta_cannot_use_stops_before_any_file(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workspace / "geo.json").write_text(json.dumps({"fields": [{"name": "id", "type": "geopoint"}]}))

    code = main(
        ["load", str(workspace / "clean.csv"), "--dataset", "people", "--schema", str(workspace / "geo.json")]
    )

    assert code == 2
    assert "geopoint" in capsys.readouterr().err


def test_upsert_without_a_key_is_refused_with_the_way_out(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = load_json(capsys, str(workspace / "clean.csv"), "--dataset", "people", "--mode", "upsert")

    assert code == 2
    assert "primaryKey" in err


def test_an_invalid_dataset_name_is_a_usage_error(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["load", str(workspace / "clean.csv"), "--dataset", "Sales!"])

    assert code == 2
    assert "not a valid name" in capsys.readouterr().err


def test_a_load_with_no_account_is_owned_by_system_which_has_no_password(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["load", str(workspace / "clean.csv"), "--dataset", "people", "--json"])

    [upload] = json.loads(capsys.readouterr().out)
    assert code == 0 and upload["status"] == "loaded" and upload["rows"]["loaded"] == 2
    assert asyncio.run(_system_account_hash()) == "!"


def test_an_unknown_operator_is_refused_before_anything_is_recorded(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["load", str(workspace / "clean.csv"), "--dataset", "people", "--as", "nobody"])

    assert code == 2
    assert "no account named 'nobody'" in capsys.readouterr().err
    assert not (workspace / "objects").exists()


def test_binary_content_is_unreadable_input(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workspace / "book.xlsx").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)

    code = main(["load", str(workspace / "book.xlsx"), "--dataset", "people"])

    assert code == 2
    assert "book.xlsx" in capsys.readouterr().err


def test_a_rerun_skips_what_is_already_loaded_and_still_succeeds(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["load", str(workspace / "clean.csv"), "--dataset", "people"]) == 0
    first = capsys.readouterr().out

    code = main(["load", str(workspace / "clean.csv"), "--dataset", "people"])

    again = capsys.readouterr().out
    assert code == 0
    upload_id = first.split("upload ", 1)[1].split(" ", 1)[0]
    assert f"already loaded into people by upload {upload_id}; skipped" in again


async def test_an_outage_stops_the_run_even_with_keep_going(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workspace / "second.csv").write_text("id,name\n3,Eva\n")
    container = build_container(load_settings())
    container.objects.override(providers.Object(InMemoryObjectStore(available=False)))
    request = LoadRequest(
        arguments=[str(workspace / "clean.csv"), str(workspace / "second.csv")],
        dataset="people",
        on_error=OnError.REJECT,
        operator=None,
        keep_going=True,
        as_json=False,
    )
    try:
        code = await run_load(container, request)
    finally:
        await container.sql_engine().dispose()

    err = capsys.readouterr().err
    assert code == 3
    assert "clean.csv" in err and "stopped at" in err and "second.csv" not in err


def book(workspace: Path) -> Path:
    path = workspace / "people.xlsx"
    notes = [["note"], ["the first sheet"], ["not the data"]]
    path.write_bytes(
        workbook({"Notes": notes, "People": [["id", "name"], [1, "Ana"], [2, "Luis"], [3, "Eva"]]})
    )
    return path


def test_a_workbook_loads_its_first_sheet_or_the_one_named_with_sheet(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(book(workspace))

    first, [notes], _ = load_json(capsys, path, "--dataset", "notes")
    named, [people], _ = load_json(capsys, path, "--dataset", "people", "--sheet", "People")

    assert first == 0 and notes["status"] == "loaded" and notes["rows"]["loaded"] == 2
    assert [column["name"] for column in notes["columns"]] == ["note"]
    assert named == 0 and people["status"] == "loaded" and people["rows"]["loaded"] == 3
    assert [(c["name"], c["type"]) for c in people["columns"]] == [("id", "integer"), ("name", "string")]
    assert people["filename"] == "people.xlsx"


def test_an_unknown_sheet_is_unreadable_input_naming_the_sheets(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["load", str(book(workspace)), "--dataset", "people", "--sheet", "Nope"])

    assert code == 2
    assert "Notes, People" in capsys.readouterr().err
