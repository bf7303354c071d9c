"""The local file an assistant names: it must exist and be a regular file we can read."""

from __future__ import annotations

from pathlib import Path

from application.errors import InvalidInput, NotFound


def local_file(raw: str) -> Path:
    """The resolved path of an existing regular file, or an error that says what is wrong with `raw`."""
    text = raw.strip()
    if not text:
        raise InvalidInput("no path was given; pass the absolute path of a CSV file on this computer")
    path = Path(text).expanduser()
    try:
        resolved = path.resolve(strict=True)
    except FileNotFoundError:
        raise NotFound(
            f"there is no file at {text!r}; pass the absolute path of an existing CSV file"
        ) from None
    except OSError as error:
        raise InvalidInput(f"cannot read {text!r}: {error.strerror or error}") from None
    if resolved.is_dir():
        raise InvalidInput(f"{text!r} is a directory, not a file; pass the path of one CSV file")
    if not resolved.is_file():
        raise InvalidInput(
            f"{text!r} is not a regular file (a device or a pipe?); pass the path of a CSV file"
        )
    return resolved
