"""`ingesta validate FILE --dataset NAME`: fetch the dataset's contract from the service, then judge the
file offline against it, exactly as an upload would be judged."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from domain.contracts.errors import InvalidContract
from domain.contracts.table_schema import TableSchema, parse_table_schema
from entrypoints.cli.cli_language import language, say
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
        help=say("help.validate.dataset"),
    )
    add_connection_options(parser)


def fetch_contract(
    arguments: argparse.Namespace, *, transport: httpx.BaseTransport | None = None
) -> TableSchema | int:
    """The dataset's current contract, or the exit status after saying on stderr why there is none."""
    import httpx

    if getattr(arguments, "schema", None) is not None:
        print(f"ingesta: {say('cli.schema_or_dataset')}", file=sys.stderr)
        return EXIT_USAGE
    if missing_credentials(arguments):
        return EXIT_USAGE
    try:
        headers = {"Accept-Language": language()}
        with httpx.Client(
            base_url=arguments.url, timeout=timeout(), transport=transport, headers=headers
        ) as client:
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
        message = say("cli.http_status", detail=problem_detail(response), status=response.status_code)
        print(f"ingesta: {message}", file=sys.stderr)
        return code
    try:
        return parse_table_schema(response.content)
    except InvalidContract as error:
        message = say("cli.contract_of", dataset=repr(arguments.dataset), reason=error.detail)
        print(f"ingesta: {message}", file=sys.stderr)
        return EXIT_USAGE
