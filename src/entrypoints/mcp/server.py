"""The MCP server: Ingesta's tools, described so an assistant picks the right one, served over stdio."""

from __future__ import annotations

from mcp.server.mcpserver import MCPServer
from mcp.types import ToolAnnotations

from entrypoints.mcp.tools import IngestaTools

INSTRUCTIONS = (
    "Ingesta validates CSV files and loads them into SQL datasets. Use validate_csv to check a local file "
    "without changing anything, upload_csv to load it into a dataset, get_upload or list_uploads to read "
    "results back, and list_datasets to see what is loaded. Paths are files on the user's computer, inside "
    "the folders the user shared with this server (INGESTA_MCP_ROOTS); prefer absolute paths. Every tool "
    "takes an optional `language`, 'en' or 'es': the language of the report's sentences (rule titles, "
    "sample messages) and of error messages; pass the language the user writes in."
)

VALIDATE_CSV = (
    "Check a local CSV file against Ingesta's validations on this computer, WITHOUT sending, loading or "
    "storing anything (the service's optional AI checks run only on upload). "
    "Returns the full report as JSON: detected encoding and delimiter, inferred columns and types, "
    "row counts, and every rule applied (rule, severity, passed/failed, count, sample rows). "
    "`has_errors` is true when an error-level rule failed, which is when upload_csv with "
    "on_error='reject' would refuse the file. Pass `dataset` to also check the file against that "
    "dataset's contract (its columns, types, constraints and primary key), as an upload would. "
    "Use this before upload_csv, or whenever the user only wants to know whether a file is clean."
)
UPLOAD_CSV = (
    "Upload a local CSV file into the dataset `dataset` (lower-case letters, digits and underscores, "
    "starting with a letter, e.g. 'sales_2024'): the file is archived, validated and its rows loaded "
    "into the dataset's SQL table, as the user this server's token belongs to. `on_error` decides what "
    "happens when error-level validations fail: 'reject' (default) loads nothing, 'skip' loads only the "
    "valid rows, 'accept' loads every row with invalid cells as NULL. `mode` decides what a key already "
    "in the dataset means: 'append' (default) makes it an error, 'upsert' replaces those rows (the "
    "dataset's contract must have a primaryKey), 'replace' makes the file the dataset's whole content. "
    "Returns the upload record: its id, status ('loaded' or 'rejected'), row counts and the full "
    "validation report. The same file cannot be loaded into the same dataset twice. Requires a token "
    "whose role may upload."
)
GET_UPLOAD = (
    "Fetch one earlier upload by its id (as returned by upload_csv or list_uploads): status, row counts, "
    "columns and the full validation report. Only the uploader or an admin can see an upload."
)
LIST_UPLOADS = (
    "List the uploads of this token's user, newest first (an admin sees everyone's), with paging "
    "(`limit` 1-200, `offset`). Use it to find an upload id for get_upload."
)
LIST_DATASETS = (
    "List every dataset already loaded into Ingesta, with its columns, their types and its row count. Use "
    "it to pick an existing dataset name for upload_csv or to answer what data is available."
)


def build_server(tools: IngestaTools) -> MCPServer:
    """An MCP server offering `tools`, described so an assistant picks the right one."""
    server = MCPServer("ingesta", title="Ingesta", instructions=INSTRUCTIONS, version="0.1.0")
    reading = ToolAnnotations(read_only_hint=True, open_world_hint=False)
    server.add_tool(
        tools.validate_csv,
        name="validate_csv",
        title="Validate a CSV file",
        description=VALIDATE_CSV,
        annotations=reading,
    )
    server.add_tool(
        tools.upload_csv,
        name="upload_csv",
        title="Upload a CSV file into a dataset",
        description=UPLOAD_CSV,
        annotations=ToolAnnotations(read_only_hint=False, destructive_hint=False, open_world_hint=False),
    )
    server.add_tool(
        tools.get_upload,
        name="get_upload",
        title="Get an upload",
        description=GET_UPLOAD,
        annotations=reading,
    )
    server.add_tool(
        tools.list_uploads,
        name="list_uploads",
        title="List uploads",
        description=LIST_UPLOADS,
        annotations=reading,
    )
    server.add_tool(
        tools.list_datasets,
        name="list_datasets",
        title="List datasets",
        description=LIST_DATASETS,
        annotations=reading,
    )
    return server
