"""What `ingesta mcp` needs on the desktop: the service's URL and the user's own credentials, nothing else.

No signing key, database or object store: the server acts only through the HTTP API, as the user. The token
and password are read from files so they stay out of the assistant's JSON configuration.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import msgspec

DEFAULT_MAX_FILE_BYTES = 1024**3


class ConfigError(Exception):
    """The configuration is missing or wrong; the message names the variable and the fix."""


class McpConfig(msgspec.Struct, frozen=True, kw_only=True):
    url: str
    token: str | None = None
    username: str | None = None
    password: str | None = None
    roots: tuple[Path, ...] = ()
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES

    @property
    def can_log_in(self) -> bool:
        return self.username is not None and self.password is not None


def load_config(environ: Mapping[str, str], token: str | None = None) -> McpConfig:
    """From INGESTA_URL, INGESTA_TOKEN_FILE (or INGESTA_TOKEN, or `token`), INGESTA_USERNAME with
    INGESTA_PASSWORD_FILE, INGESTA_MCP_ROOTS and INGESTA_MCP_MAX_FILE_BYTES."""

    def get(name: str) -> str | None:
        value = environ.get(name, "").strip()
        return value or None

    url = get("INGESTA_URL")
    if url is None or not url.startswith(("http://", "https://")):
        raise ConfigError(
            "set INGESTA_URL to the Ingesta service's address, e.g. https://ingesta.example.com"
        )
    token = (token or "").strip() or _from_file(get("INGESTA_TOKEN_FILE"), "INGESTA_TOKEN_FILE")
    token = token or get("INGESTA_TOKEN")
    username = get("INGESTA_USERNAME")
    password = _from_file(get("INGESTA_PASSWORD_FILE"), "INGESTA_PASSWORD_FILE")
    if (username is None) != (password is None):
        raise ConfigError("set both INGESTA_USERNAME and INGESTA_PASSWORD_FILE, or neither")
    if token is None and username is None:
        raise ConfigError(
            "no credentials: set INGESTA_TOKEN_FILE to a file holding an Ingesta access token, or "
            "INGESTA_USERNAME and INGESTA_PASSWORD_FILE so the server can log in itself"
        )
    roots = tuple(Path(part) for part in (get("INGESTA_MCP_ROOTS") or "").split(os.pathsep) if part.strip())
    return McpConfig(
        url=url.rstrip("/"),
        token=token,
        username=username,
        password=password,
        roots=roots,
        max_file_bytes=_positive(get("INGESTA_MCP_MAX_FILE_BYTES"), DEFAULT_MAX_FILE_BYTES),
    )


def _from_file(path: str | None, variable: str) -> str | None:
    if path is None:
        return None
    try:
        text = Path(path).expanduser().read_text(encoding="utf-8").strip()
    except OSError as error:
        raise ConfigError(f"{variable}: cannot read {path!r}: {error.strerror or error}") from None
    if not text:
        raise ConfigError(f"{variable}: {path!r} is empty")
    return text


def _positive(raw: str | None, default: int) -> int:
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigError(f"INGESTA_MCP_MAX_FILE_BYTES={raw!r}: use a positive number of bytes")
    return int(raw)
