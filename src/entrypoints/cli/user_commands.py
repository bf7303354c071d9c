"""`ingesta users create|list|disable|enable|set-role|revoke-sessions`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

from domain.auth.role import Role
from entrypoints.cli.cli_language import say, tr

if TYPE_CHECKING:
    from entrypoints.container import Container

_T = TypeVar("_T")
ROLES = [role.value for role in Role]


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    users = commands.add_parser("users", help="manage provisioned accounts")
    actions = users.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser(
        "create",
        help="create an account",
        description="Create an account. The password is read from standard input, never from arguments.",
        epilog="example: printf '%s' \"$PASSWORD\" | ingesta users create alice --role uploader "
        "--password-stdin",
    )
    create.add_argument("name", help="the username")
    create.add_argument("--role", required=True, choices=ROLES)
    create.add_argument(
        "--password-stdin", action="store_true", required=True, help="read the password from stdin"
    )
    create.set_defaults(handler=create_user)
    actions.add_parser("list", help="list every account").set_defaults(handler=list_users)
    for name, help_text, handler in (
        ("disable", "disable an account and end its sessions now", disable_user),
        ("enable", "enable a disabled account", enable_user),
        ("revoke-sessions", "end every session of an account now (it may log in again)", revoke_sessions),
    ):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("name", help="the username")
        action.set_defaults(handler=handler)
    set_role = actions.add_parser(
        "set-role", help="change an account's role (sessions pick it up at their next renewal)"
    )
    set_role.add_argument("name", help="the username")
    set_role.add_argument("role", choices=ROLES)
    set_role.set_defaults(handler=set_user_role)


def create_user(arguments: argparse.Namespace) -> int:
    password = sys.stdin.readline().rstrip("\r\n")
    role = Role.parse(arguments.role)
    return _run(
        lambda c: c.create_user()(username=arguments.name, password=password, role=role),
        lambda account: say("cli.user_created", name=account.username, role=arguments.role),
    )


def list_users(_: argparse.Namespace) -> int:
    def table(views: list) -> str:  # type: ignore[type-arg]
        lines = [f"{'USERNAME':<30} {'ROLE':<10} {'STATUS':<9} CREATED"]
        for view in views:
            status = "disabled" if view.disabled else "active"
            lines.append(f"{view.username:<30} {view.role:<10} {status:<9} {view.created_at:%Y-%m-%d %H:%M}")
        return "\n".join(lines)

    return _run(lambda c: c.list_users()(), table)


def disable_user(arguments: argparse.Namespace) -> int:
    return _run(
        lambda c: c.update_user()(arguments.name, disabled=True),
        lambda _: say("cli.user_disabled", name=arguments.name),
    )


def enable_user(arguments: argparse.Namespace) -> int:
    return _run(
        lambda c: c.update_user()(arguments.name, disabled=False),
        lambda _: say("cli.user_enabled", name=arguments.name),
    )


def set_user_role(arguments: argparse.Namespace) -> int:
    role = Role.parse(arguments.role)
    return _run(
        lambda c: c.update_user()(arguments.name, role=role),
        lambda _: say("cli.user_role", name=arguments.name, role=role.value),
    )


def revoke_sessions(arguments: argparse.Namespace) -> int:
    return _run(
        lambda c: c.revoke_user_sessions()(arguments.name),
        lambda _: say("cli.user_sessions", name=arguments.name),
    )


def _run(action: Callable[[Container], Awaitable[_T]], describe: Callable[[_T], str]) -> int:
    # The container (SQLAlchemy, the drivers) loads only when an account command runs.
    from application.errors import ApplicationError
    from domain.errors import DomainValidationError

    try:
        result = asyncio.run(_with_container(action))
    except (ApplicationError, DomainValidationError) as error:
        print(f"ingesta: {tr(str(error))}", file=sys.stderr)
        return 1
    print(describe(result))
    return 0


async def _with_container(action: Callable[[Container], Awaitable[_T]]) -> _T:
    from entrypoints.container import build_container
    from entrypoints.settings import load_settings
    from entrypoints.startup import prepare_database

    container = build_container(load_settings())
    try:
        await prepare_database(container)
        return await action(container)
    finally:
        await container.sql_engine().dispose()
