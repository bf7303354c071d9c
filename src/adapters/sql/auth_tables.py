"""Tables behind accounts, token revocation and login rate limits."""

from sqlalchemy import BigInteger, Boolean, Column, DateTime, Index, Integer, String, Table, false

from adapters.sql.metadata import metadata

users = Table(
    "users",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("username", String(150), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(32), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("disabled", Boolean, nullable=False, server_default=false()),
)

# One row per token that may no longer be used; the primary key makes "revoke if not yet revoked" atomic.
revoked_tokens = Table(
    "revoked_tokens",
    metadata,
    Column("jti", String(64), primary_key=True),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Index("ix_revoked_tokens_expires_at", "expires_at"),
)

revoked_sessions = Table(
    "revoked_sessions",
    metadata,
    Column("sid", String(64), primary_key=True),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

# A user's sessions that started at or before `not_after` are revoked ("revoke every session").
revoked_users = Table(
    "revoked_users",
    metadata,
    Column("user_id", String(36), primary_key=True),
    Column("not_after", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

# Fixed-window counters: one row per client key and window start (epoch seconds).
rate_limit_hits = Table(
    "rate_limit_hits",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("window_start", BigInteger, primary_key=True),
    Column("hits", Integer, nullable=False),
)
