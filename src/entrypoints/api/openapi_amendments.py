"""What the generated OpenAPI document cannot say by itself, added in one place so the document is true.

Litestar documents a handler's success answer and its own 400; the problem answers come from the error
table in `problems` (raised anywhere below the handler), the upload form is an untyped multipart dict, an
optional JSON body is still marked required, and the global bearer requirement covers public routes too.
`amend` fixes these on the built document, once, from the tables below.
"""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.openapi.spec import (
    OpenAPI,
    OpenAPIMediaType,
    OpenAPIResponse,
    Operation,
    Reference,
    RequestBody,
    Schema,
)
from litestar.openapi.spec.enums import OpenAPIType

from domain.uploads.upload import LoadMode, OnError
from entrypoints.api.problems import PROBLEM_JSON

PUBLIC = {("POST", "/auth/login"), ("GET", "/health"), ("GET", "/ready")}
_AUTH = (401,)
_DOWN = (503,)
# The problem answers of each operation, as the error table in `problems` produces them.
PROBLEMS: dict[tuple[str, str], tuple[int, ...]] = {
    ("POST", "/auth/login"): (400, 401, 413, 429, *_DOWN),
    ("POST", "/auth/renew"): (*_AUTH, *_DOWN),
    ("POST", "/auth/logout"): (*_AUTH, *_DOWN),
    ("GET", "/auth/me"): _AUTH,
    ("GET", "/ready"): _DOWN,
    ("GET", "/uploads"): (400, *_AUTH, *_DOWN),
    ("POST", "/uploads"): (400, *_AUTH, 403, 409, 413, 415, 429, *_DOWN, 507),
    ("GET", "/uploads/{upload_id}"): (*_AUTH, 404, *_DOWN),
    ("POST", "/uploads/{upload_id}/cancel"): (*_AUTH, 403, 404, 409, *_DOWN),
    ("POST", "/uploads/{upload_id}/corrections"): (
        400,
        *_AUTH,
        403,
        404,
        409,
        413,
        415,
        422,
        429,
        *_DOWN,
        507,
    ),
    ("GET", "/uploads/{upload_id}/errors.csv"): (400, *_AUTH, 404, *_DOWN),
    ("GET", "/uploads/{upload_id}/errors.xlsx"): (400, *_AUTH, 404, *_DOWN),
    ("GET", "/datasets"): (*_AUTH, 403, *_DOWN),
    ("GET", "/datasets/{name}"): (400, *_AUTH, 403, 404, *_DOWN),
    ("GET", "/datasets/{name}/schema"): (400, *_AUTH, 403, 404, *_DOWN),
    ("PUT", "/datasets/{name}/schema"): (400, *_AUTH, 403, 409, 412, 428, *_DOWN),
    ("GET", "/datasets/{name}/column-mappings"): (400, *_AUTH, 403, 404, *_DOWN),
    ("POST", "/datasets/{name}/column-mappings"): (400, *_AUTH, 403, 404, *_DOWN),
}
_TITLES = {
    400: "Invalid request",
    401: "Not authenticated: no token, or an invalid, expired or revoked one",
    403: "Your role may not do this",
    404: "Not found (or not yours)",
    409: "Conflict",
    412: "If-Match names an old version",
    413: "Body too large",
    415: "Not a CSV text file nor an .xlsx workbook",
    422: "The request cannot be applied: a row or column the file lacks, or too many cells",
    428: "If-Match is required",
    429: "Too many requests; see Retry-After",
    503: "A dependency is unavailable; see Retry-After",
    507: "A disk is full",
}
PROBLEM_SCHEMA = Schema(
    type=OpenAPIType.OBJECT,
    description="RFC 9457 problem details",
    required=["type", "title", "status", "detail"],
    properties={
        "type": Schema(type=OpenAPIType.STRING),
        "title": Schema(type=OpenAPIType.STRING),
        "status": Schema(type=OpenAPIType.INTEGER),
        "detail": Schema(type=OpenAPIType.STRING),
    },
)


def upload_form_schema() -> Schema:
    def text(description: str, **more: Any) -> Schema:
        return Schema(type=OpenAPIType.STRING, description=description, **more)

    return Schema(
        type=OpenAPIType.OBJECT,
        required=["file", "dataset"],
        additional_properties=False,
        properties={
            "file": text("the CSV file, or an .xlsx workbook", format="binary"),
            "dataset": text("the target dataset", pattern="^[a-z][a-z0-9_]{0,62}$"),
            "on_error": text("what to load when rows have errors", enum=[p.value for p in OnError]),
            "mode": text("how the rows meet the dataset's rows", enum=[m.value for m in LoadMode]),
            "dry_run": text("true: validate only, keep nothing (200)", enum=["true", "false"]),
            "sheet": text("for an .xlsx workbook: the sheet to read (default: the first)"),
        },
    )


def login_schema() -> Schema:
    # JSON null is read as no body too: the anonymous login.
    return Schema(
        type=[OpenAPIType.OBJECT, OpenAPIType.NULL],
        additional_properties=False,
        properties={"username": Schema(type=OpenAPIType.STRING), "password": Schema(type=OpenAPIType.STRING)},
        dependent_required={"username": ["password"], "password": ["username"]},
    )


def amend(document: OpenAPI) -> OpenAPI:
    components = document.components
    if components.schemas is None:
        components.schemas = {}
    components.schemas["Problem"] = PROBLEM_SCHEMA
    for path, item in (document.paths or {}).items():
        for method in ("get", "put", "post", "delete", "patch"):
            operation: Operation | None = getattr(item, method)
            if operation is not None:
                _amend_operation(method.upper(), path, operation)
    return document


def _amend_operation(method: str, path: str, operation: Operation) -> None:
    key = (method, path)
    if key in PUBLIC:
        operation.security = []
    responses = operation.responses if operation.responses is not None else {}
    operation.responses = responses
    # A route missing from the table (added later) still says what every protected route can answer.
    for status in PROBLEMS.get(key, () if key in PUBLIC else (*_AUTH, *_DOWN)):
        responses[str(status)] = OpenAPIResponse(
            description=_TITLES[status],
            content={PROBLEM_JSON: OpenAPIMediaType(schema=Reference("#/components/schemas/Problem"))},
        )
    if key == ("POST", "/auth/login"):
        # No body (or {}) is the anonymous login; otherwise both fields, never one alone.
        operation.request_body = RequestBody(
            required=False, content={"application/json": OpenAPIMediaType(schema=login_schema())}
        )
    if key == ("POST", "/datasets/{name}/column-mappings"):
        created = responses.get("201")
        if isinstance(created, OpenAPIResponse):
            responses["200"] = OpenAPIResponse(
                description="Replaced the pairing remembered for this header set", content=created.content
            )
    if key == ("POST", "/uploads/{upload_id}/corrections"):
        _answers_like_an_upload(responses)
    if key == ("POST", "/uploads"):
        operation.request_body = RequestBody(
            required=True, content={"multipart/form-data": OpenAPIMediaType(schema=upload_form_schema())}
        )
        _answers_like_an_upload(responses)


def _answers_like_an_upload(responses: dict[str, OpenAPIResponse | Reference]) -> None:
    """200 (dry run), 202 (a job) and 422 (rejected: the Upload itself) beside the 201 Litestar documents."""
    created = responses.get("201")
    if not isinstance(created, OpenAPIResponse) or created.content is None:
        return
    responses["200"] = OpenAPIResponse(description="dry_run=true: the check", content=created.content)
    responses["202"] = OpenAPIResponse(
        description="Accepted as a job: follow Location", content=created.content
    )
    rejected = dict(created.content)
    problem = responses.get("422")
    if isinstance(problem, OpenAPIResponse) and problem.content:
        rejected.update(problem.content)  # a correction's 422 may also be a problem (a cell the file lacks)
    responses["422"] = OpenAPIResponse(
        description="Rejected: nothing loaded; the Upload with every validation", content=rejected
    )


def amend_openapi_of(app: Litestar) -> None:
    """Amend the document `app` serves: built here (every route is registered by now) and kept by Litestar."""
    amend(app.openapi_schema)
