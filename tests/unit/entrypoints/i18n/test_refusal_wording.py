"""The typed refusals the stores raise carry their facts and say the catalog's sentence, which the
language catalogs recognise (so a Spanish client reads them in Spanish, an English one as before)."""

from __future__ import annotations

import pytest

from application import dataset_errors as refusals
from application.errors import ApplicationError, UsernameTaken
from domain.validation.report import ColumnType
from entrypoints.i18n.translation import recognise

pytestmark = pytest.mark.unit

CASES: list[tuple[ApplicationError, str, str]] = [
    (
        refusals.NoContractToMatch("sales"),
        "dataset.contract_send_no_if_match",
        "dataset 'sales' has no contract yet; send no If-Match",
    ),
    (
        refusals.ContractIfMatchMissing("sales", 2, '"v2"'),
        "dataset.contract_send_if_match",
        "dataset 'sales' already has contract version 2; send If-Match: \"v2\" to replace it",
    ),
    (
        refusals.ContractChanged("sales", 3, '"v3"', '"v1"'),
        "dataset.contract_now",
        'the contract of \'sales\' is now version 3 ("v3"), not "v1"; read it again before replacing it',
    ),
    (
        refusals.ContractRefusedByTable(["a", "b"]),
        "dataset.table_refuses",
        "the dataset's table cannot take this contract: a; b",
    ),
    (
        refusals.KeyValuesMissing(["id", "day"]),
        "dataset.key_empty_rows",
        "rows already in the dataset have no value for the primary key (id, day)",
    ),
    (
        refusals.KeyValuesRepeated(["id", "day"], [5, "2026-12-01"]),
        "dataset.key_repeats_rows",
        "rows already in the dataset repeat the primary key (id=5, day=2026-12-01); it must be unique",
    ),
    (
        refusals.TableNameTaken("long", "ds_l_1a2b", "plain"),
        "dataset.table_clash",
        "dataset 'long' would be stored in table 'ds_l_1a2b', which dataset 'plain' already uses; "
        "choose a different name for this dataset",
    ),
    (
        refusals.DatasetBusy("sales"),
        "dataset.busy",
        "the dataset 'sales' is busy with another upload; try again shortly",
    ),
    (
        refusals.DatasetNameInvalid("Sales!", "[a-z]+"),
        "dataset.name_pattern",
        "dataset names match [a-z]+; got 'Sales!'",
    ),
    (refusals.ColumnNamesRepeated(), "dataset.columns_unique", "column names must be unique"),
    (
        refusals.ColumnNameUnusable("_upload_id"),
        "dataset.column_name",
        "'_upload_id' cannot be a column name",
    ),
    (
        refusals.ColumnTypeChanged("price", ColumnType.DECIMAL, ColumnType.STRING),
        "dataset.column_type",
        "column 'price' is decimal in this dataset, not string",
    ),
    (UsernameTaken("ana"), "users.exists", "a user named 'ana' already exists"),
]


@pytest.mark.parametrize(("error", "code", "sentence"), CASES, ids=[code for _, code, _ in CASES])
def test_each_refusal_says_its_catalog_sentence(error: ApplicationError, code: str, sentence: str) -> None:
    assert error.detail == sentence
    found = recognise(error.detail)
    assert found is not None and found[0] == code
