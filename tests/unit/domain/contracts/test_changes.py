from __future__ import annotations

import pytest

from domain.contracts.changes import compare
from domain.contracts.table_schema import Constraints, Field, FieldType, TableSchema

pytestmark = pytest.mark.unit

REQUIRED = Constraints(required=True)


def schema(*fields: Field) -> TableSchema:
    return TableSchema(fields=fields)


def test_new_optional_fields_are_added_and_widening_types_is_allowed() -> None:
    old = schema(
        Field("qty", FieldType.INTEGER), Field("day", FieldType.DATE), Field("flag", FieldType.BOOLEAN)
    )
    new = schema(
        Field("qty", FieldType.NUMBER), Field("day", FieldType.DATETIME), Field("flag"), Field("note")
    )

    change = compare(old, new, has_rows=True)

    assert change.refused == ()
    assert [field.name for field in change.added] == ["note"]
    assert [field.name for field in change.widened] == ["qty", "day", "flag"]


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        (schema(Field("a", FieldType.NUMBER)), schema(Field("a", FieldType.INTEGER)), "narrows"),
        (schema(Field("a"), Field("b")), schema(Field("a")), "'b' would be removed"),
        (schema(Field("a")), schema(Field("renamed")), "'a' would be removed"),
        (
            schema(Field("a")),
            schema(Field("a"), Field("b", constraints=REQUIRED)),
            "new field 'b' is required",
        ),
        (schema(Field("a")), schema(Field("a", constraints=REQUIRED)), "cannot become required"),
        (schema(Field("a", FieldType.BOOLEAN)), schema(Field("a", FieldType.INTEGER)), "narrows"),
    ],
)
def test_changes_old_rows_may_not_satisfy_are_refused(
    old: TableSchema, new: TableSchema, reason: str
) -> None:
    change = compare(old, new, has_rows=True)

    assert change.is_refused
    assert any(reason in refusal for refusal in change.refused)


def test_requirements_may_be_added_while_the_dataset_is_empty() -> None:
    old = schema(Field("a"))
    new = schema(Field("a", constraints=REQUIRED), Field("b", constraints=REQUIRED))

    assert compare(old, new, has_rows=False).refused == ()


def test_tightened_optional_constraints_apply_to_future_uploads() -> None:
    old = schema(Field("a", FieldType.INTEGER))
    new = schema(Field("a", FieldType.INTEGER, constraints=Constraints(minimum=0, unique=True, enum=(1, 2))))

    assert compare(old, new, has_rows=True).refused == ()
