"""Dataset names become table names, so only a small safe alphabet is allowed."""

from __future__ import annotations

import re

from domain.errors import DomainValidationError

_DATASET_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")


def parse_dataset_name(raw: str) -> str:
    # No trimming: "sales " is refused rather than silently becoming "sales".
    name = raw
    if not _DATASET_NAME.fullmatch(name):
        raise DomainValidationError(
            f"dataset {raw!r} is not a valid name: use 1 to 63 characters, lower-case letters, digits and "
            "underscores, starting with a letter (for example 'sales_2024')"
        )
    return name
