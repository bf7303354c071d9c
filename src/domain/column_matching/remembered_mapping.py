"""A user's confirmed pairing for one dataset and one set of file headers, kept for the next upload."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import datetime

import msgspec

from domain.errors import DomainValidationError
from domain.validation.header import normalise_name

MAX_HEADERS = 1024
MAX_HEADER_CHARS = 1024


def header_key(headers: Sequence[str]) -> str:
    """The header set's identity: the same headers in any order give the same key (SHA-256, hex)."""
    canonical = json.dumps(sorted(set(headers)), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


class RememberedMapping(msgspec.Struct, frozen=True, kw_only=True):
    """`columns` maps a file header to the dataset column it stands for (headers left out keep their
    own name)."""

    dataset: str
    headers: tuple[str, ...]
    columns: tuple[tuple[str, str], ...]
    saved_by: str
    saved_at: datetime

    @property
    def key(self) -> str:
        return header_key(self.headers)

    @property
    def renames(self) -> dict[str, str]:
        return dict(self.columns)


def checked_headers(headers: Sequence[str]) -> tuple[str, ...]:
    """The file's headers as sent, refused when there are none, too many or too long ones."""
    if not headers:
        raise DomainValidationError("name the file's headers: send at least one")
    if len(headers) > MAX_HEADERS:
        raise DomainValidationError(f"a file has at most {MAX_HEADERS} headers; {len(headers)} were sent")
    for header in headers:
        if len(header) > MAX_HEADER_CHARS:
            raise DomainValidationError(f"a header has at most {MAX_HEADER_CHARS} characters")
    return tuple(headers)


def checked_columns(
    headers: Sequence[str], columns: Mapping[str, str], dataset: str, dataset_columns: Sequence[str]
) -> tuple[tuple[str, str], ...]:
    """The pairs, once each is a header of the file onto a column of the dataset, one header per column.

    A pair onto the name another header of the file already has would give two columns one name: refused.
    """
    known = set(dataset_columns)
    kept_names = {normalise_name(h): h for h in headers if h not in columns}
    seen: dict[str, str] = {}
    for source, target in columns.items():
        if source not in headers:
            raise DomainValidationError(f"{source!r} is not one of the file's headers")
        if target not in known:
            raise DomainValidationError(f"{target!r} is not a column of dataset {dataset!r}")
        if target in seen:
            raise DomainValidationError(
                f"headers {seen[target]!r} and {source!r} cannot both be column {target!r}"
            )
        other = kept_names.get(target)
        if other is not None:
            raise DomainValidationError(
                f"header {other!r} is already column {target!r}; pair {source!r} with another column"
            )
        seen[target] = source
    return tuple(columns.items())
