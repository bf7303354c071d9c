"""POST /uploads with dry_run=true: the report of the file, and nothing archived, loaded or recorded."""

from __future__ import annotations

import pytest

from .test_upload_http import CLEAN, WITH_ERRORS, Api, api, assert_problem

pytestmark = pytest.mark.unit
__all__ = ["api"]


def assert_nothing_kept(api: Api) -> None:
    assert api.objects.objects == {}
    assert api.uploads.records == {}
    assert api.datasets.rows == {} and api.datasets.contracts == {}


def test_a_dry_run_answers_200_with_the_report_and_keeps_nothing(api: Api) -> None:
    response = api.upload(api.token("ana"), CLEAN, dry_run="true")

    assert response.status_code == 200, response.text
    assert "location" not in response.headers
    body = response.json()
    assert body["status"] == "validated" and body["outcome"] == "loaded" and "id" not in body
    assert body["rows"] == {"total": 2, "valid": 2, "invalid": 0, "loaded": 2}
    assert [c["name"] for c in body["columns"]] == ["id", "name", "price"]
    assert_nothing_kept(api)


def test_a_dry_run_with_errors_says_what_reject_and_skip_would_do(api: Api) -> None:
    token = api.token("ana")

    rejected = api.upload(token, WITH_ERRORS, dry_run="true").json()
    skipped = api.upload(token, WITH_ERRORS, dry_run="true", on_error="skip").json()

    assert rejected["outcome"] == "rejected" and rejected["rows"]["loaded"] == 0
    assert skipped["outcome"] == "loaded" and skipped["rows"]["loaded"] == 2
    assert any(v["rule"] == "duplicate-row" and v["status"] == "failed" for v in rejected["validations"])
    assert_nothing_kept(api)


def test_a_dry_run_checks_against_the_dataset_contract(api: Api) -> None:
    token = api.token("ana")
    assert api.upload(token).status_code == 201
    records = dict(api.uploads.records)

    body = api.upload(token, b"id,name,price\nnot-a-number,Eva,1.5\n", dry_run="true").json()

    assert body["schema_version"] == 1 and body["outcome"] == "rejected"
    assert any(v["rule"] == "type-error" and v["count"] == 1 for v in body["validations"])
    assert api.uploads.records == records


def test_dry_run_false_uploads_as_usual(api: Api) -> None:
    assert api.upload(api.token("ana"), dry_run="false").status_code == 201


def test_a_bad_dry_run_value_is_400(api: Api) -> None:
    assert_problem(api.upload(api.token("ana"), dry_run="maybe"), 400, "dry_run")
