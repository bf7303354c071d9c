"""What replacing a dataset's contract would change, and whether the rows already loaded allow it.

The honest rule: a change is allowed only when every row already loaded is known to still fit. Widening
a type (integer -> number, date -> datetime, anything -> string) and new optional fields are safe;
narrowing, removing or renaming a field, or a new `required` while rows exist, are refused because old
rows cannot be proven to satisfy them. Other tightened constraints (enum, minimum/maximum, pattern,
unique, lengths) are allowed and apply to future uploads only.
"""

from __future__ import annotations

import msgspec

from domain.contracts.table_schema import Field, FieldType, TableSchema

# For each type, the types its values can be stored as without loss.
_WIDER: dict[FieldType, frozenset[FieldType]] = {
    FieldType.INTEGER: frozenset({FieldType.NUMBER, FieldType.STRING}),
    FieldType.DATE: frozenset({FieldType.DATETIME, FieldType.STRING}),
}


class ContractChange(msgspec.Struct, frozen=True):
    added: tuple[Field, ...] = ()  # new fields: ALTER TABLE ADD
    widened: tuple[Field, ...] = ()  # fields whose stored type must widen (the new definition)
    refused: tuple[str, ...] = ()  # human reasons; any => the change is refused (409)

    @property
    def is_refused(self) -> bool:
        return bool(self.refused)


def widens(old: FieldType, new: FieldType) -> bool:
    """Whether values of `old` convert to `new` without loss (string takes anything)."""
    return new is FieldType.STRING or new in _WIDER.get(old, frozenset())


def compare(old: TableSchema, new: TableSchema, *, has_rows: bool) -> ContractChange:
    """The change from `old` to `new` for a dataset that does (`has_rows`) or does not hold rows yet."""
    added: list[Field] = []
    widened: list[Field] = []
    refused: list[str] = []
    new_names = {field.name for field in new.fields}
    for field in old.fields:
        if field.name not in new_names:
            refused.append(f"field {field.name!r} would be removed (or renamed); its data would be lost")
    for field in new.fields:
        before = old.field(field.name)
        if before is None:
            added.append(field)
            if field.constraints.required and has_rows:
                refused.append(f"new field {field.name!r} is required, but the rows already loaded lack it")
            continue
        if field.type is not before.type:
            if widens(before.type, field.type):
                widened.append(field)
            else:
                refused.append(
                    f"field {field.name!r} cannot change from {before.type} to {field.type}: "
                    "that narrows it and loaded values may not fit"
                )
        if field.constraints.required and not before.constraints.required and has_rows:
            refused.append(
                f"field {field.name!r} cannot become required while the dataset has rows: "
                "they may hold empty values"
            )
    return ContractChange(tuple(added), tuple(widened), tuple(refused))
