"""`dataset_contracts`: every version of every dataset's contract (a frictionless Table Schema as JSON).

Versions are never overwritten: an upload names the version it was checked against, and that version
stays readable. The current contract is the highest version.
"""

from sqlalchemy import Column, Integer, String, Table, UnicodeText

from adapters.sql.metadata import metadata
from adapters.sql.sql_types import UtcDateTime

dataset_contracts = Table(
    "dataset_contracts",
    metadata,
    Column("dataset", String(63), primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("document", UnicodeText, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)
