"""`ingesta validate FILE --dataset NAME`: fetch the dataset's contract from the service, then judge the
file offline against it, exactly as an upload would be judged."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from domain.contracts.errors import InvalidContract
from domain.contracts.table_schema import TableSchema, parse_table_schema
from entrypoints.cli.upload_command import (
    EXIT_SERVICE,
    EXIT_USAGE,
    UploadFailed,
    access_token,
    add_connection_options,
    missing_credentials,
    problem_detail,
    timeout,
    unreachable,
)

if TYPE_CHECKING:
    import httpx


def add_dataset_contract_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dataset",
        help="validate against this dataset's contract, read from the service at --url "
        "(GET /datasets/NAME/schema, with the same credentials as 'ingesta upload')",
    )
    add_connection_options(parser)


def fetch_contract(
    arguments: argparse.Namespace, *, transport: httpx.BaseTransport | None = None
) -> TableSchema | int:
    """The dataset's current contract, or the exit status after saying on stderr why there is none."""
    import httpx

    if getattr(arguments, "schema", None) is not None:
        print("ingesta: give --schema or --dataset, not both", file=sys.stderr)
        return EXIT_USAGE
    if missing_credentials(arguments):
        return EXIT_USAGE
    try:
        with httpx.Client(base_url=arguments.url, timeout=timeout(), transport=transport) as client:
            token = access_token(client, arguments)
            response = client.get(
                f"/datasets/{arguments.dataset}/schema", headers={"Authorization": f"Bearer {token}"}
            )
    except UploadFailed as failure:
        print(f"ingesta: {failure}", file=sys.stderr)
        return failure.exit_code
    except httpx.HTTPError as error:
        print(f"ingesta: {unreachable(arguments.url, error)}", file=sys.stderr)
        return EXIT_SERVICE
    if response.status_code != 200:
        code = EXIT_SERVICE if response.status_code >= 500 else EXIT_USAGE
        print(f"ingesta: {problem_detail(response)} (HTTP {response.status_code})", file=sys.stderr)
        return code
    try:
        return parse_table_schema(response.content)
    except InvalidContract as error:
        print(f"ingesta: the contract of {arguments.dataset!r}: {error.detail}", file=sys.stderr)
        return EXIT_USAGE
