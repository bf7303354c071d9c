"""`ingesta users create NAME --role ROLE --password-stdin`."""

from __future__ import annotations

import argparse
import asyncio
import sys

from application.errors import ApplicationError
from domain.auth.role import Role
from domain.errors import DomainValidationError
from entrypoints.container import build_container
from entrypoints.settings import load_settings


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    users = commands.add_parser("users", help="manage provisioned accounts")
    actions = users.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser(
        "create",
        help="create an account",
        description="Create an account. The password is read from standard input, never from arguments.",
        epilog="example: printf '%%s' \"$PASSWORD\" | ingesta users create alice --role uploader "
        "--password-stdin",
    )
    create.add_argument("name", help="the username")
    create.add_argument("--role", required=True, choices=[role.value for role in Role])
    create.add_argument(
        "--password-stdin", action="store_true", required=True, help="read the password from stdin"
    )
    create.set_defaults(handler=create_user)


def create_user(arguments: argparse.Namespace) -> int:
    password = sys.stdin.readline().rstrip("\r\n")
    try:
        account = asyncio.run(_create(arguments.name, password, Role.parse(arguments.role)))
    except (ApplicationError, DomainValidationError) as error:
        print(f"ingesta: {error}", file=sys.stderr)
        return 1
    print(f"created user {account} with role {arguments.role}")
    return 0


async def _create(name: str, password: str, role: Role) -> str:
    container = build_container(load_settings())
    try:
        from entrypoints.startup import prepare_database

        await prepare_database(container)
        account = await container.create_user()(username=name, password=password, role=role)
        return account.username
    finally:
        await container.engine().dispose()
