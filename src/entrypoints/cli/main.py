"""The `ingesta` command: serve, worker, users, db, validate, upload, load, mcp.

Only the chosen command's handler imports what it needs: `--help`, `--version` and `validate` must not
pay for the web stack, the database drivers or the cloud SDKs (seconds of imports), so every command
module keeps its top level to argparse and the standard library.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from entrypoints.cli import db_commands, serve_command, user_commands
from entrypoints.cli.cli_language import say, split_language, use_language
from entrypoints.cli.help_language import use_argparse_language


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, its help written in the language `use_language` chose."""
    parser = argparse.ArgumentParser(
        prog="ingesta",
        description=say("help.description"),
        epilog=say("help.epilog"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_PrintVersion, help=say("help.version"))
    # Taken out of the line by `main` wherever it stands; declared here so --help shows it.
    parser.add_argument(
        "--lang",
        choices=("en", "es"),
        help=say("help.lang"),
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in _command_modules():
        module.register(commands)
    return parser


def _command_modules() -> list:  # type: ignore[type-arg]
    modules = [serve_command, user_commands, db_commands]
    optional_commands = (
        "validate_command",
        "schema_command",
        "upload_command",
        "load_command",
        "mcp_command",
    )
    for optional in (*optional_commands, "worker_command"):
        try:
            modules.append(__import__(f"entrypoints.cli.{optional}", fromlist=["register"]))
        except ModuleNotFoundError as missing:
            if missing.name != f"entrypoints.cli.{optional}":
                raise
    return modules


class _PrintVersion(argparse.Action):
    """argparse's own "version" action needs the text up front; reading the metadata costs every command."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(say("cli.version", version=version()))
        parser.exit()


def version() -> str:
    """The installed distribution's version (pyproject.toml), or 'unknown' when run from a bare tree."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as distribution_version

    try:
        return distribution_version("ingesta")
    except PackageNotFoundError:
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    language, rest = split_language(sys.argv[1:] if argv is None else argv)
    use_language(language)
    use_argparse_language(language)
    parser = build_parser()
    arguments = parser.parse_args(rest)
    try:
        return int(arguments.handler(arguments) or 0)
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        # Imported here: the settings module (and msgspec) is only loaded by commands that read settings.
        from entrypoints.settings import SettingsError

        if not isinstance(error, SettingsError):
            raise
        print(f"ingesta: {say('cli.configuration', reason=str(error))}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
