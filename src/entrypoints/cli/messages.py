"""What the CLI says when a command cannot go on: one line each, saying what to do next.

Kept together (and in English here) so that translations have one place to follow; every function
returns the sentence printed after `ingesta: `.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def is_a_directory(path: str) -> str:
    example = f"{path.rstrip('/')}/sales.csv"
    return f"{path} is a directory, not a file; name a CSV or .xlsx file in it (e.g. {example})"


def no_such_file(path: str) -> str:
    return f"cannot read {path}: no such file"


def service_not_running(url: str) -> str:
    return (
        f"no Ingesta service is running at {url}; start one with 'ingesta serve', "
        "or point --url (INGESTA_URL) at the one you use"
    )


def wrong_url(url: str, why: str) -> str:
    return f"{url} is not an Ingesta service ({why}); check --url (INGESTA_URL), e.g. http://127.0.0.1:8000"


def token_expired() -> str:
    return (
        "the access token has expired; get a new one: log in with --username NAME --password-stdin, "
        "or write a fresh token (POST /auth/login) to --token-file"
    )


def database_unreachable(url: str, reason: str) -> str:
    return (
        f"the database at {_where(url)} is not reachable ({reason}); start it, "
        "or set INGESTA_DATABASE_URL to a database that is running"
    )


def database_refused(url: str, reason: str) -> str:
    return f"the database at {_where(url)} refused the connection ({reason}); check INGESTA_DATABASE_URL"


def odbc_manager_missing() -> str:
    return (
        "SQL Server needs the unixODBC driver manager, which is not installed: install it and "
        "Microsoft's ODBC driver (Debian/Ubuntu: apt-get install unixodbc msodbcsql18)"
    )


def odbc_driver_missing(driver: str) -> str:
    return (
        f"the ODBC driver '{driver}' named in INGESTA_DATABASE_URL is not installed: install it "
        "(e.g. msodbcsql18), or name an installed one with ?driver=... ('odbcinst -q -d' lists them)"
    )


def _where(url: str) -> str:
    # Host and database only: the URL may carry a password.
    parts = urlsplit(url)
    if parts.hostname:
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.hostname}{port}{parts.path}"
    return parts.path.lstrip("/") or url.split(":", 1)[0]
