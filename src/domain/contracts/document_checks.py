"""What a Table Schema document may say: the frictionless features Ingesta enforces, and nothing else.

Works on the decoded JSON (dicts and lists) before it becomes a `TableSchema`, so every refusal can name
the exact property (`fields[2].type=geopoint`, `foreignKeys`) instead of a generic decoding error.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from domain.contracts.errors import InvalidContract

TOP_KEYS = frozenset({"fields", "primaryKey", "missingValues", "x-ingesta"})
FIELD_KEYS = frozenset({"name", "type", "format", "title", "description", "constraints"})
TYPE_KEYS = {
    "integer": frozenset({"bareNumber"}),
    "number": frozenset({"decimalChar", "groupChar", "bareNumber"}),
    "boolean": frozenset({"trueValues", "falseValues"}),
}
TYPES = frozenset({"string", "integer", "number", "boolean", "date", "datetime", "time"})
TEMPORAL = frozenset({"date", "datetime", "time"})
_ORDERED = frozenset({"required", "unique", "minimum", "maximum", "enum"})
CONSTRAINTS = {
    "string": frozenset({"required", "unique", "minLength", "maxLength", "pattern", "enum"}),
    "integer": _ORDERED,
    "number": _ORDERED,
    "boolean": frozenset({"required", "enum"}),
    "date": _ORDERED,
    "datetime": _ORDERED,
    "time": _ORDERED,
}
EXTENSION_KEYS = frozenset({"nearDuplicates"})
_ISO = {"date": date.fromisoformat, "datetime": datetime.fromisoformat, "time": time.fromisoformat}


def check_document(raw: dict[str, Any]) -> None:
    """Raise `InvalidContract` naming every unsupported property, or the first malformed one."""
    unsupported = [key for key in raw if key not in TOP_KEYS]
    fields = raw.get("fields")
    if not isinstance(fields, list) or not fields:
        raise InvalidContract("a Table Schema needs a non-empty 'fields' list", tuple(unsupported))
    for index, field in enumerate(fields):
        if not isinstance(field, dict) or not isinstance(field.get("name"), str) or not field["name"]:
            raise InvalidContract(f"fields[{index}] needs a non-empty string 'name'")
        unsupported.extend(_unsupported_in_field(index, field))
    extension = raw.get("x-ingesta")
    if isinstance(extension, dict):
        unsupported.extend(f"x-ingesta.{key}" for key in extension if key not in EXTENSION_KEYS)
    if unsupported:
        names = ", ".join(unsupported)
        raise InvalidContract(f"unsupported Table Schema properties: {names}", tuple(unsupported))
    field_names = [field["name"] for field in fields]
    repeated = sorted({name for name in field_names if field_names.count(name) > 1})
    if repeated:
        raise InvalidContract(f"duplicate field names: {', '.join(repeated)}")
    for key in raw.get("primaryKey") or ():
        if key not in field_names:
            raise InvalidContract(f"primaryKey names {key!r}, which is not a field")
    for index, field in enumerate(fields):
        _check_values(index, field)


def _unsupported_in_field(index: int, field: dict[str, Any]) -> list[str]:
    kind = field.get("type", "string")
    if kind not in TYPES:
        return [f"fields[{index}].type={kind}"]
    allowed = FIELD_KEYS | TYPE_KEYS.get(kind, frozenset())
    found = [f"fields[{index}].{key}" for key in field if key not in allowed]
    fmt = field.get("format", "default")
    if fmt != "default" and not (kind in TEMPORAL and (fmt == "any" or "%" in str(fmt))):
        found.append(f"fields[{index}].format={fmt}")
    constraints = field.get("constraints", {})
    if isinstance(constraints, dict):
        found.extend(
            f"fields[{index}].constraints.{key}" for key in constraints if key not in CONSTRAINTS[kind]
        )
    return found


def _check_values(index: int, field: dict[str, Any]) -> None:
    kind, where = field.get("type", "string"), f"fields[{index}]"
    fmt = field.get("format", "default")
    if "%" in str(fmt):
        try:
            datetime(2024, 12, 31, 23, 59, 58).strftime(fmt)
        except ValueError as error:
            raise InvalidContract(f"{where}.format {fmt!r} is not a date/time pattern") from error
    constraints = field.get("constraints", {})
    if not isinstance(constraints, dict):
        raise InvalidContract(f"{where}.constraints must be an object")
    pattern = constraints.get("pattern")
    if pattern is not None:
        try:
            re.compile(pattern)
        except (re.error, TypeError) as error:
            raise InvalidContract(f"{where}.constraints.pattern is not a valid regular expression") from error
    for bound in ("minimum", "maximum"):
        if bound in constraints and not _fits(kind, fmt, constraints[bound]):
            raise InvalidContract(f"{where}.constraints.{bound} {constraints[bound]!r} is not a {kind}")


def _fits(kind: str, fmt: str, value: object) -> bool:
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        if isinstance(value, str):
            try:
                Decimal(value)
            except InvalidOperation:
                return False
            return True
        return isinstance(value, int | float) and not isinstance(value, bool)
    if not isinstance(value, str):
        return False
    try:
        _ISO[kind](value)
    except ValueError:
        pass
    else:
        return True
    try:
        datetime.strptime(value, fmt)
    except (ValueError, TypeError):
        return False
    return "%" in fmt
