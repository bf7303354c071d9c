"""A dataset's refusals, raised by the stores with the facts and worded here, once.

The stores find these under the dataset's lock (only the database can answer them); what a client
reads is the application's, so every store says the same sentence, and the language catalogs
(entrypoints/i18n, codes `dataset.*`) recognise it.
"""

from __future__ import annotations

from collections.abc import Sequence

from application.errors import Conflict, DatabaseBusy, InvalidInput, PreconditionFailed, PreconditionRequired
from domain.validation.report import ColumnType


class NoContractToMatch(PreconditionFailed):
    """An If-Match (other than `*`) for a dataset whose contract does not exist yet."""

    def __init__(self, dataset: str) -> None:
        super().__init__(f"dataset {dataset!r} has no contract yet; send no If-Match")
        self.dataset = dataset


class ContractIfMatchMissing(PreconditionRequired):
    """A new contract for a dataset that has one, sent without the If-Match of the one it replaces."""

    def __init__(self, dataset: str, version: int, etag: str) -> None:
        super().__init__(
            f"dataset {dataset!r} already has contract version {version}; send If-Match: {etag} to replace it"
        )
        self.dataset, self.version, self.etag = dataset, version, etag


class ContractChanged(PreconditionFailed):
    """The If-Match sent is not the current contract's: someone replaced it meanwhile."""

    def __init__(self, dataset: str, version: int, etag: str, sent: str) -> None:
        super().__init__(
            f"the contract of {dataset!r} is now version {version} ({etag}), not {sent}; "
            "read it again before replacing it"
        )
        self.dataset, self.version, self.etag, self.sent = dataset, version, etag, sent


class ContractRefusedByTable(Conflict):
    """The table cannot take the new contract; `reasons` are the domain's (`contracts.changes.compare`)."""

    def __init__(self, reasons: Sequence[str]) -> None:
        super().__init__("the dataset's table cannot take this contract: " + "; ".join(reasons))
        self.reasons = tuple(reasons)


class KeyValuesMissing(Conflict):
    """Rows already loaded have no value for a primary key the new contract declares."""

    def __init__(self, key: Sequence[str]) -> None:
        super().__init__(f"rows already in the dataset have no value for the primary key ({', '.join(key)})")
        self.key = tuple(key)


class KeyValuesRepeated(Conflict):
    """Rows already loaded repeat a primary key the new contract declares; `values` is one repeated key."""

    def __init__(self, key: Sequence[str], values: Sequence[object]) -> None:
        shown = ", ".join(f"{name}={value}" for name, value in zip(key, values, strict=True))
        super().__init__(f"rows already in the dataset repeat the primary key ({shown}); it must be unique")
        self.key, self.values = tuple(key), tuple(values)


class TableNameTaken(Conflict):
    """A long dataset name is shortened to a table name another dataset's plain name already is."""

    def __init__(self, dataset: str, table: str, owner: str) -> None:
        super().__init__(
            f"dataset {dataset!r} would be stored in table {table!r}, which dataset {owner!r} "
            "already uses; choose a different name for this dataset"
        )
        self.dataset, self.table, self.owner = dataset, table, owner


class DatasetBusy(DatabaseBusy):
    """The dataset's lock stayed held past the lock timeout (another upload or contract change)."""

    def __init__(self, dataset: str) -> None:
        super().__init__(f"the dataset {dataset!r} is busy with another upload; try again shortly")
        self.dataset = dataset


class DatasetNameInvalid(InvalidInput):
    def __init__(self, dataset: str, pattern: str) -> None:
        super().__init__(f"dataset names match {pattern}; got {dataset!r}")
        self.dataset, self.pattern = dataset, pattern


class ColumnNamesRepeated(InvalidInput):
    def __init__(self) -> None:
        super().__init__("column names must be unique")


class ColumnNameUnusable(InvalidInput):
    """A name the table cannot take: empty, too long, or one of the columns every dataset table has."""

    def __init__(self, name: str) -> None:
        super().__init__(f"{name!r} cannot be a column name")
        self.name = name


class ColumnTypeChanged(InvalidInput):
    """An upload's column has another type than the dataset's column of the same name."""

    def __init__(self, name: str, established: ColumnType, incoming: ColumnType) -> None:
        super().__init__(f"column {name!r} is {established} in this dataset, not {incoming}")
        self.name, self.established, self.incoming = name, established, incoming
