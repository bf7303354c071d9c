"""The report's fix-cells form and its POST, and refused attempts in the history, through the test client."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import msgspec
import pytest
from tests.support.workbooks import workbook
from tests.unit.entrypoints.web.web_browser import Browser

from domain.uploads.cell_corrections import MAX_CORRECTED_CELLS
from domain.uploads.upload import OnError, Upload, UploadStatus
from domain.validation.report import RowCounts, RuleStatus, Sample, Severity, Validation
from entrypoints.web.fixable_cells import fixable_cells

pytestmark = pytest.mark.unit

GOOD = "".join(f"{n:04d},name{n},{n}.5\n" for n in range(10, 40))
BAD = ("code,name,price\n0001,Ana,1.5\n0002,Luis,abc\n" + GOOD).encode()


def report_id(html: str) -> str:
    match = re.search(r'data-upload-id="([^"]+)"', html)
    assert match, html
    return match.group(1)


def fix_fields(html: str) -> list[tuple[str, str]]:
    """(name, value) of every field of the fix form, in order, as a browser would send them."""
    form = html[html.index('id="fix-form"') :]
    form = form[: form.index("</form>")]
    return re.findall(r'<input [^>]*?name="(_csrf|value|row|column|original)"[^>]*?value="([^"]*)"', form)


def as_form(fields: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Repeated names in their order, as httpx sends a form."""
    form: dict[str, list[str]] = {}
    for name, value in fields:
        form.setdefault(name, []).append(value)
    return form


def test_a_rejected_report_offers_its_failing_cells_and_a_change_makes_a_new_upload(browser: Browser) -> None:
    browser.log_in("ana")
    original = report_id(browser.upload(BAD).text)
    html = browser.client.get(f"/ui/uploads/{original}").text
    fields = fix_fields(html)
    assert ("row", "3") in fields and ("column", "price") in fields and ("value", "abc") in fields

    sent = [(name, "2.5" if (name, value) == ("value", "abc") else value) for name, value in fields]
    answer = browser.client.post(
        f"/ui/uploads/{original}/corrections", data=as_form(sent), follow_redirects=False
    )

    assert answer.status_code == 303, answer.text
    new_page = browser.client.get(answer.headers["location"]).text
    assert report_id(new_page) != original
    assert f'id="corrects" href="/ui/uploads/{original}"' in new_page
    assert 'id="fix-form"' not in new_page  # loaded whole: nothing left to fix


def test_a_workbooks_report_keeps_the_sheet_it_read_and_corrects_that_sheet(browser: Browser) -> None:
    rows = [line.split(",") for line in BAD.decode().splitlines()]
    book = workbook({"Notes": [["note"], ["first sheet, not the data"]], "Ventas": rows})
    browser.log_in("ana")

    answered = browser.upload(book, name="sales.xlsx", sheet="Ventas").text
    original = report_id(answered)

    assert 'name="sheet" value="Ventas"' in answered  # the report shown after the upload
    shown = browser.client.get(f"/ui/uploads/{original}?sheet=Ventas&lang=es").text
    assert 'name="sheet" value="Ventas"' in shown and "Hoja del libro" in shown
    fields = fix_fields(shown)
    sent = [(name, "2.5" if (name, value) == ("value", "abc") else value) for name, value in fields]
    answer = browser.client.post(
        f"/ui/uploads/{original}/corrections",
        data=as_form([*sent, ("sheet", "Ventas")]),
        follow_redirects=False,
    )

    assert answer.status_code == 303, answer.text
    new_page = browser.client.get(answer.headers["location"]).text
    assert f'id="corrects" href="/ui/uploads/{original}"' in new_page and "status-loaded" in new_page


def test_a_csv_report_asks_for_no_sheet(browser: Browser) -> None:
    browser.log_in("ana")

    answered = browser.upload(BAD).text

    assert 'id="fix-form"' in answered and 'name="sheet"' not in answered


def test_check_only_shows_what_the_corrected_file_would_become_and_keeps_nothing(browser: Browser) -> None:
    browser.log_in("ana")
    original = report_id(browser.upload(BAD).text)
    fields = fix_fields(browser.client.get(f"/ui/uploads/{original}").text)
    sent = [(name, "2.5" if (name, value) == ("value", "abc") else value) for name, value in fields]
    before = browser.client.get("/ui/uploads").text.count("<tr")

    answer = browser.client.post(
        f"/ui/uploads/{original}/corrections", data=as_form([*sent, ("dry_run", "true")])
    )

    assert answer.status_code == 200, answer.text
    assert 'id="report-status"' in answer.text and "status-loaded" in answer.text
    assert browser.client.get("/ui/uploads").text.count("<tr") == before


def test_nothing_changed_is_refused_in_the_pages_language(browser: Browser) -> None:
    browser.log_in("ana")
    original = report_id(browser.upload(BAD).text)
    fields = fix_fields(browser.client.get(f"/ui/uploads/{original}?lang=es").text)

    answer = browser.client.post(f"/ui/uploads/{original}/corrections", data=as_form(fields))

    assert answer.status_code == 422
    assert "Indica al menos una celda que corregir" in answer.text


def test_without_the_csrf_token_nothing_is_corrected(browser: Browser) -> None:
    browser.log_in("ana")
    original = report_id(browser.upload(BAD).text)
    fields = [
        (n, v) for n, v in fix_fields(browser.client.get(f"/ui/uploads/{original}").text) if n != "_csrf"
    ]

    answer = browser.client.post(
        f"/ui/uploads/{original}/corrections", data=as_form(fields), follow_redirects=False
    )

    assert answer.status_code == 403


def test_another_users_report_offers_no_form_and_takes_no_correction(browser: Browser) -> None:
    browser.log_in("ana")
    original = report_id(browser.upload(BAD).text)
    fields = fix_fields(browser.client.get(f"/ui/uploads/{original}").text)
    browser.client.cookies.clear()
    browser.log_in("bea")
    csrf = browser.csrf()

    sent = [(n, csrf if n == "_csrf" else v) for n, v in fields]
    answer = browser.client.post(
        f"/ui/uploads/{original}/corrections",
        data=as_form([*sent, ("row", "3"), ("column", "price"), ("original", "abc"), ("value", "x")]),
    )

    assert answer.status_code in (400, 404)


def test_a_duplicate_is_listed_as_refused_in_the_history(browser: Browser) -> None:
    browser.log_in("ana")
    clean = b"id,name\n1,Ana\n2,Luis\n"
    assert browser.upload(clean).status_code == 200
    assert browser.upload(clean).status_code == 409

    english = browser.client.get("/ui/uploads?lang=en").text
    spanish = browser.client.get("/ui/uploads?lang=es").text

    assert 'data-refusal="duplicate"' in english and "Refused: already loaded" in english
    assert "No admitido: ya cargado" in spanish and "no validado" in spanish


def _rejected(samples: list[Sample]) -> Upload:
    upload = Upload(
        id="u-1", dataset="sales", status=UploadStatus.REJECTED, filename="f.csv", bytes=1, sha256="",
        object_key="k", uploaded_by="ana", created_at=datetime(2026, 12, 1, tzinfo=UTC),
        encoding="utf-8", rows=RowCounts(total=200, valid=100, invalid=100),
    )  # fmt: skip
    errors = Validation("type-error", "Types", Severity.ERROR, RuleStatus.FAILED, len(samples))
    outliers = Validation("outlier", "Outliers", Severity.WARNING, RuleStatus.FAILED, 1)
    upload.validations = (
        msgspec.structs.replace(errors, samples=tuple(samples)),
        msgspec.structs.replace(outliers, samples=(Sample(5, "b", "9", "far"),)),
    )
    return upload


def test_the_form_offers_each_failing_error_cell_once_up_to_the_bound() -> None:
    samples = [Sample(row, "price", "x", "not a number") for row in range(2, 80)]
    samples += [Sample(2, "price", "x", "again"), Sample(None, None, None, "file level")]

    cells = fixable_cells(_rejected(samples))

    assert len(cells) == MAX_CORRECTED_CELLS
    assert [(c.row, c.column) for c in cells[:2]] == [(2, "price"), (3, "price")]
    assert all(c.column == "price" for c in cells)  # warnings (the outlier) are not offered


def test_a_loaded_or_fully_loaded_upload_offers_no_form() -> None:
    upload = _rejected([Sample(2, "price", "x", "bad")])
    upload.status = UploadStatus.LOADED
    upload.rows = RowCounts(total=3, valid=3, invalid=0, loaded=3)
    assert fixable_cells(upload) == []
    upload.on_error, upload.rows = OnError.SKIP, RowCounts(total=3, valid=2, invalid=1, loaded=2)
    assert len(fixable_cells(upload)) == 1
