from __future__ import annotations

import pytest

from adapters.sql.dataset_schema import decode_columns, encode_columns, evolve
from adapters.sql.dataset_tables import check_dataset_name, dataset_table_name
from application.errors import InvalidInput
from domain.validation.report import Column, ColumnType

pytestmark = pytest.mark.unit

ID = Column("id", "ID", ColumnType.INTEGER, required=True)
NAME = Column("name", "Name", ColumnType.STRING)
NOTE = Column("note", "Note", ColumnType.STRING)


def test_new_columns_are_appended_after_the_established_ones() -> None:
    change = evolve([ID, NAME], [NOTE, ID])

    assert change.columns == (ID, NAME, NOTE)
    assert change.added == (NOTE,)


def test_the_same_columns_change_nothing() -> None:
    assert evolve([ID, NAME], [ID, NAME]).added == ()


def test_a_column_cannot_change_type() -> None:
    with pytest.raises(InvalidInput, match="'id' is integer"):
        evolve([ID], [Column("id", "ID", ColumnType.STRING)])


@pytest.mark.parametrize("name", ["_upload_id", "_upload_key", "_row_number", "", "x" * 64])
def test_reserved_empty_and_overlong_column_names_are_refused(name: str) -> None:
    with pytest.raises(InvalidInput):
        evolve([], [Column(name, name, ColumnType.STRING)])


def test_duplicate_column_names_are_refused() -> None:
    with pytest.raises(InvalidInput, match="unique"):
        evolve([], [NAME, NAME])


def test_columns_round_trip_through_their_json_text() -> None:
    assert decode_columns(encode_columns([ID, NAME])) == (ID, NAME)


def test_short_dataset_names_map_to_ds_prefixed_tables() -> None:
    assert dataset_table_name("sales") == "ds_sales"
    assert dataset_table_name("d" * 60) == "ds_" + "d" * 60


def test_long_dataset_names_are_cut_to_63_characters_and_stay_distinct() -> None:
    first, second = dataset_table_name("a" * 62 + "b"), dataset_table_name("a" * 62 + "c")

    assert len(first) == len(second) == 63
    assert first != second
    assert first.startswith("ds_" + "a" * 51 + "_")
    assert dataset_table_name("a" * 62 + "b") == first


@pytest.mark.parametrize("name", ['a"; DROP TABLE x; --', "Sales", "1st", "", "a" * 64, "a-b"])
def test_dataset_names_outside_the_contract_are_refused(name: str) -> None:
    with pytest.raises(InvalidInput):
        check_dataset_name(name)
