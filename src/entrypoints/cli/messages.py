"""What the CLI says when a command cannot go on: one line each, saying what to do next.

The sentences are `cli.*` entries of the catalogs (entrypoints/i18n/messages_{en,es}.py), said in the
command's language; these functions name them and fill their fields. Each returns the sentence printed
after `ingesta: `.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from entrypoints.cli.cli_language import say


def is_a_directory(path: str) -> str:
    return say("cli.is_a_directory", path=path, example=f"{path.rstrip('/')}/sales.csv")


def no_such_file(path: str) -> str:
    return say("cli.cannot_read", path=path, reason=say("cli.no_such_file"))


def service_not_running(url: str) -> str:
    return say("cli.service_not_running", url=url)


def wrong_url(url: str, why: str) -> str:
    """`why` is one of the `cli.why_*` sentences below, already said."""
    return say("cli.wrong_url", url=url, why=why)


def why_answered(path: str, status: int, media_type: str) -> str:
    if media_type:
        return say("cli.why_answered_as", path=path, status=status, media_type=media_type)
    return say("cli.why_answered", path=path, status=status)


def why_no_route(path: str) -> str:
    return say("cli.why_no_route", path=path)


def why_not_http() -> str:
    return say("cli.why_not_http")


def why_no_host() -> str:
    return say("cli.why_no_host")


def cannot_reach(url: str, reason: str) -> str:
    return say("cli.cannot_reach", url=url, reason=reason)


def token_expired() -> str:
    return say("cli.token_expired")


def database_unreachable(url: str, reason: str) -> str:
    return say("cli.database_unreachable_at", where=_where(url), reason=reason)


def database_refused(url: str, reason: str) -> str:
    return say("cli.database_refused", where=_where(url), reason=reason)


def database_driver_missing(reason: str) -> str:
    return say("cli.database_driver_missing", reason=reason)


def odbc_manager_missing() -> str:
    return say("cli.odbc_manager_missing")


def odbc_driver_missing(driver: str | None) -> str:
    """`driver` None: the URL names none."""
    return say("cli.odbc_driver_missing", driver=driver if driver is not None else say("cli.none_given"))


def _where(url: str) -> str:
    # Host and database only: the URL may carry a password.
    parts = urlsplit(url)
    if parts.hostname:
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.hostname}{port}{parts.path}"
    return parts.path.lstrip("/") or url.split(":", 1)[0]
