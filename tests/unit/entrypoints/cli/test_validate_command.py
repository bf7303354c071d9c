"""`ingesta validate`: the report offline, as a table or JSON, with exit codes a pipeline can use."""

from __future__ import annotations

import io
from pathlib import Path

import msgspec
import pytest

from domain.validation.report import ValidationReport
from entrypoints.cli import validate_command
from entrypoints.cli.main import main

pytestmark = pytest.mark.unit

CLEAN = b"id,name,price\n1,Ana,10.50\n2,Luis,7.25\n"
DUPLICATED = b"id,name,price\n1,Ana,10.50\n2,Luis,7.25\n2,Luis,7.25\n"


def write(tmp_path: Path, content: bytes, name: str = "file.csv") -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def test_a_clean_file_exits_zero_with_a_readable_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["validate", write(tmp_path, CLEAN)])

    out = capsys.readouterr().out
    assert code == 0
    assert "rows: 2 total, 2 valid, 0 invalid" in out
    assert "STATUS" in out and "RULE" in out and "duplicate-row" in out
    assert "FAIL" not in out


def test_a_failed_error_rule_exits_one_and_shows_its_samples_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["validate", write(tmp_path, DUPLICATED)])

    out = capsys.readouterr().out
    assert code == 1
    table = out.split("STATUS", 1)[1].splitlines()[1:]
    assert table[0].startswith("FAIL") and "duplicate-row" in table[0]
    assert "row 4" in table[1]


def test_json_has_the_same_shape_as_the_api_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["validate", write(tmp_path, DUPLICATED), "--json"])

    raw = capsys.readouterr().out
    report = msgspec.json.decode(raw, type=ValidationReport)
    assert code == 1
    assert report.rows.total == 3 and report.has_errors
    first = msgspec.json.decode(raw)["validations"][0]
    assert set(first) == {"rule", "title", "severity", "status", "count", "truncated", "samples"}


def test_a_missing_file_exits_two_with_a_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", str(tmp_path / "absent.csv")])

    assert code == 2
    assert "cannot read" in capsys.readouterr().err


def test_usage_errors_exit_two() -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["validate"])

    assert exit_.value.code == 2


def test_help_shows_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["validate", "--help"])

    assert "examples:" in capsys.readouterr().out


def test_terminal_escapes_in_cells_are_shown_not_obeyed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Forty numbers and one escape sequence: a type error whose sample value is the escape itself.
    content = b"amount\n" + b"".join(b"%d\n" % i for i in range(40)) + b"\x1b[31mred\n"

    main(["validate", write(tmp_path, content)])

    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b" in out


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_large_files_show_a_progress_bar_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = b"".join(f"{i},name {i},{i}.5\n".encode() for i in range(20_000))
    path = write(tmp_path, b"id,name,price\n" + rows)
    terminal = FakeTerminal()
    monkeypatch.setattr(validate_command.sys, "stderr", terminal)
    monkeypatch.setattr(validate_command, "PROGRESS_THRESHOLD_BYTES", 1024)

    validate_command.validate_file(path, Path(path).stat().st_size)

    assert "validating [" in terminal.getvalue() and "100 %" in terminal.getvalue()


def test_no_progress_bar_when_stderr_is_not_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, CLEAN * 1)
    not_a_terminal = io.StringIO()
    monkeypatch.setattr(validate_command.sys, "stderr", not_a_terminal)
    monkeypatch.setattr(validate_command, "PROGRESS_THRESHOLD_BYTES", 1)

    validate_command.validate_file(path, Path(path).stat().st_size)

    assert not_a_terminal.getvalue() == ""


def test_a_spreadsheet_is_refused_like_the_service_refuses_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "book.csv"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)

    code = main(["validate", str(path)])

    assert code == 1
    assert "ZIP archive" in capsys.readouterr().err


def test_a_schema_makes_the_report_an_upload_would_get(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = b'{"fields": [{"name": "id", "type": "integer"}, {"name": "name"},'
    schema += b' {"name": "price", "type": "number", "constraints": {"maximum": 10}}], "primaryKey": "id"}'
    content = b"id,name,price\n1,Ana,10.50\n1,Luis,7.25\n"

    code = main(
        ["validate", write(tmp_path, content), "--schema", write(tmp_path, schema, "s.json"), "--json"]
    )

    report = msgspec.json.decode(capsys.readouterr().out, type=ValidationReport)
    failed = {v.rule: [(s.row, s.value) for s in v.samples] for v in report.validations if v.count}
    assert code == 1
    assert failed["constraint-error"] == [(2, "10.50")]
    assert failed["primary-key-error"] == [(3, "1")]


def test_an_unusable_schema_exits_two_naming_what_is_unsupported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = write(tmp_path, b'{"fields": [{"name": "id", "type": "geopoint"}]}', "s.json")

    code = main(["validate", write(tmp_path, CLEAN), "--schema", schema])

    assert code == 2
    assert "fields[0].type=geopoint" in capsys.readouterr().err


def test_a_schema_that_switches_near_duplicates_off_is_obeyed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = b'{"fields": [{"name": "id"}, {"name": "name"}, {"name": "price"}],'
    schema += b' "x-ingesta": {"nearDuplicates": {"enabled": false}}}'

    main(["validate", write(tmp_path, CLEAN), "--schema", write(tmp_path, schema, "s.json"), "--json"])

    report = msgspec.json.decode(capsys.readouterr().out, type=ValidationReport)
    (near_duplicates,) = [v for v in report.validations if v.rule == "near-duplicate-row"]
    assert "switched off for this dataset" in near_duplicates.title
