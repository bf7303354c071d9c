"""`ingesta users create|list|disable|enable|set-role|revoke-sessions`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from domain.auth.role import Role
from entrypoints.cli.cli_language import language, say, tr
from entrypoints.i18n.formats import format_datetime

if TYPE_CHECKING:
    from application.use_cases.account_view import AccountView
    from entrypoints.container import Container

_T = TypeVar("_T")
ROLES = [role.value for role in Role]


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    users = commands.add_parser("users", help=say("help.users"))
    actions = users.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser(
        "create",
        help=say("help.users.create"),
        description=say("help.users.create.description"),
        epilog=say("help.users.create.epilog"),
    )
    create.add_argument("name", help=say("help.users.name"))
    create.add_argument("--role", required=True, choices=ROLES, help=say("help.users.role"))
    create.add_argument(
        "--password-stdin", action="store_true", required=True, help=say("help.users.password_stdin")
    )
    create.set_defaults(handler=create_user)
    actions.add_parser("list", help=say("help.users.list")).set_defaults(handler=list_users)
    for name, help_code, handler in (
        ("disable", "help.users.disable", disable_user),
        ("enable", "help.users.enable", enable_user),
        ("revoke-sessions", "help.users.revoke_sessions", revoke_sessions),
    ):
        action = actions.add_parser(name, help=say(help_code))
        action.add_argument("name", help=say("help.users.name"))
        action.set_defaults(handler=handler)
    set_role = actions.add_parser("set-role", help=say("help.users.set_role"))
    set_role.add_argument("name", help=say("help.users.name"))
    set_role.add_argument("role", choices=ROLES, help=say("help.users.role"))
    set_role.set_defaults(handler=set_user_role)


def create_user(arguments: argparse.Namespace) -> int:
    password = sys.stdin.readline().rstrip("\r\n")
    role = Role.parse(arguments.role)
    return _run(
        lambda c: c.create_user()(username=arguments.name, password=password, role=role),
        lambda account: say("cli.user_created", name=account.username, role=arguments.role),
    )


def list_users(_: argparse.Namespace) -> int:
    return _run(lambda c: c.list_users()(), users_table)


def users_table(views: Sequence[AccountView]) -> str:
    """One line per account under a header, in the command's language (names stay as they are)."""
    rows = [
        (
            view.username,
            say(f"term.role.{view.role}"),
            say("term.user_disabled" if view.disabled else "term.user_active"),
            format_datetime(view.created_at, language()),
        )
        for view in views
    ]
    header = (say("term.username"), say("term.role"), say("term.status"), say("term.created"))
    widths = [max(len(row[index]) for row in [header, *rows]) for index in range(3)]
    return "\n".join(
        f"{name:<{widths[0]}}  {role:<{widths[1]}}  {status:<{widths[2]}}  {created}".rstrip()
        for name, role, status, created in [header, *rows]
    )


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
