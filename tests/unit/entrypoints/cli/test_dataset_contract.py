"""`ingesta validate FILE --dataset NAME --url URL`: the contract fetched with the user's token."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import httpx
import pytest

from entrypoints.cli import validate_command
from entrypoints.cli.dataset_contract import fetch_contract
from entrypoints.cli.main import build_parser, main

pytestmark = pytest.mark.unit

CONTRACT = {
    "fields": [
        {"name": "id", "type": "integer"},
        {"name": "price", "type": "number", "constraints": {"minimum": 0}},
    ]
}


class Service:
    def __init__(self, status: int = 200, body: object = CONTRACT) -> None:
        self.status, self.body = status, body
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(self.status, json=self.body, headers={"ETag": '"v3"'})


def run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, service: Service, content: bytes, *extra: str
) -> int:
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    monkeypatch.setattr(
        validate_command, "fetch_contract", partial(fetch_contract, transport=httpx.MockTransport(service))
    )
    return main(
        ["validate", str(path), "--dataset", "sales", "--url", "http://svc", "--token", "tok", *extra]
    )


def test_the_file_is_judged_against_the_fetched_contract(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    service = Service()

    code = run(tmp_path, monkeypatch, service, b"id,price\n1,-3\n", "--json")

    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert any(v["rule"] == "constraint-error" and v["status"] == "failed" for v in report["validations"])
    sent = service.requests[0]
    assert sent.url.path == "/datasets/sales/schema" and sent.headers["authorization"] == "Bearer tok"


def test_a_file_that_fits_the_contract_exits_zero(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(tmp_path, monkeypatch, Service(), b"id,price\n1,3.5\n") == 0


def test_a_dataset_without_contract_is_said_and_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    problem = {"status": 404, "title": "Not found", "detail": "dataset 'sales' has no contract yet"}

    assert run(tmp_path, monkeypatch, Service(404, problem), b"id\n1\n") == 2
    assert "Dataset 'sales' has no contract yet. (HTTP 404)" in capsys.readouterr().err


def test_an_unreachable_service_exits_three(capsys: pytest.CaptureFixture[str]) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    arguments = build_parser().parse_args(["validate", "f.csv", "--dataset", "sales", "--token", "t"])

    assert fetch_contract(arguments, transport=httpx.MockTransport(refuse)) == 3
    assert "no Ingesta service is running at" in capsys.readouterr().err


def test_schema_and_dataset_together_are_a_usage_error(tmp_path: Path) -> None:
    arguments = build_parser().parse_args(
        ["validate", "f.csv", "--schema", "s.json", "--dataset", "sales", "--token", "t"]
    )

    assert fetch_contract(arguments) == 2
