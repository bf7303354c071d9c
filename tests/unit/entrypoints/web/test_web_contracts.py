"""The datasets page shows each contract; admins upload a schema there; the upload form offers `mode`."""

from __future__ import annotations

import json

import pytest
from tests.unit.entrypoints.web.web_browser import XHR, Browser

pytestmark = pytest.mark.unit

SCHEMA = {
    "fields": [
        {"name": "id", "type": "integer", "constraints": {"required": True}},
        {"name": "name", "type": "string", "constraints": {"enum": ["Ana", "Luis"]}},
        {"name": "day", "type": "date", "format": "%d/%m/%Y"},
    ],
    "primaryKey": "id",
}


def post_schema(browser: Browser, dataset: str, document: object, if_match: str = ""):  # type: ignore[no-untyped-def]
    body = json.dumps(document).encode()
    return browser.client.post(
        "/ui/datasets/schema",
        files={"schema": ("s.json", body, "application/json")},
        data={"_csrf": browser.csrf(), "dataset": dataset, "if_match": if_match},
        follow_redirects=False,
    )


def test_an_admin_uploads_a_schema_and_the_page_shows_fields_constraints_key_and_version(
    browser: Browser,
) -> None:
    browser.log_in("root")

    response = post_schema(browser, "people", SCHEMA)
    page = browser.client.get("/ui/datasets").text

    assert response.status_code == 303 and response.headers["location"] == "/ui/datasets#dataset-people"
    assert 'id="contract-people"' in page and "Contract, version 1" in page
    assert "Primary key: <code>id</code>" in page
    assert "<td>date (%d/%m/%Y)</td>" in page and "enum Ana, Luis" in page and "<td>required</td>" in page


def test_replacing_from_the_page_sends_the_version_it_shows(browser: Browser) -> None:
    browser.log_in("root")
    post_schema(browser, "people", SCHEMA)
    wider = {**SCHEMA, "fields": [*SCHEMA["fields"], {"name": "note"}]}  # type: ignore[list-item]

    stale = post_schema(browser, "people", wider, if_match='"v7"')
    fresh = post_schema(browser, "people", wider, if_match='"v1"')

    assert stale.status_code == 412
    assert fresh.status_code == 303 and "Contract, version 2" in browser.client.get("/ui/datasets").text


def test_an_unsupported_schema_is_a_sentence_naming_the_property(browser: Browser) -> None:
    browser.log_in("root")

    response = post_schema(browser, "people", {"fields": [{"name": "p", "type": "geopoint"}]})

    assert response.status_code == 400 and "fields[0].type=geopoint" in response.text


def test_uploaders_see_the_contract_but_have_no_schema_form_and_may_not_post_one(browser: Browser) -> None:
    browser.log_in("ana")
    browser.upload(b"id,name\n1,Ana\n")

    page = browser.client.get("/ui/datasets").text

    assert 'id="contract-sales"' in page and "/ui/datasets/schema" not in page
    assert post_schema(browser, "sales", SCHEMA).status_code == 403


def test_the_upload_form_offers_the_modes_and_sends_the_chosen_one(browser: Browser) -> None:
    browser.log_in("root")
    post_schema(browser, "people", SCHEMA)
    form = browser.client.get("/ui/upload").text
    first = b"id,name,day\n1,Ana,01/02/2024\n"
    browser.upload(first, dataset="people")

    response = browser.client.post(
        "/ui/upload",
        headers={**XHR, "X-CSRF-Token": browser.csrf()},
        files={"file": ("p.csv", b"id,name,day\n1,Luis,02/02/2024\n", "text/csv")},
        data={"dataset": "people", "on_error": "reject", "mode": "upsert"},
    )

    assert (
        'name="mode" value="append" checked' in form
        and 'value="upsert"' in form
        and 'value="replace"' in form
    )
    assert response.status_code == 200 and "loaded" in response.text.lower()
