"""The one SQLAlchemy MetaData of Ingesta's own tables, shared by every table module and Alembic."""

from sqlalchemy import MetaData

# Named constraints keep Alembic migrations identical across SQLite, PostgreSQL and SQL Server.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)
