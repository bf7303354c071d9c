"""Settings from the environment (`INGESTA_*` and the standard AWS variables), read once at start."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from typing import Annotated, Literal

import msgspec

from domain.auth.rate_limit import RateLimit
from domain.auth.role import Role, parse_roles
from domain.auth.trusted_proxies import TrustedProxies
from domain.errors import DomainValidationError

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./var/ingesta.sqlite3"
DEFAULT_OBJECT_STORE_URL = "file://./var/objects"
MIN_SECRET_BYTES = 32

Port = Annotated[int, msgspec.Meta(ge=1, le=65_535)]
PositiveSeconds = Annotated[int, msgspec.Meta(ge=1)]
Timeout = Annotated[float, msgspec.Meta(gt=0)]


class SettingsError(Exception):
    """A setting is missing or wrong; the message names the variable and how to fix it."""


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    env: str = "development"
    host: str = "127.0.0.1"
    port: Port = 8000
    jwt_secret: str
    jwt_secret_generated: bool = False
    jwt_issuer: str = "ingesta"
    jwt_audience: str = "ingesta-api"
    jwt_algorithm: str = "HS256"
    jwt_leeway_seconds: int = 10
    access_token_ttl_seconds: PositiveSeconds = 900
    session_max_seconds: PositiveSeconds = 28_800
    database_url: str = DEFAULT_DATABASE_URL
    object_store_url: str = DEFAULT_OBJECT_STORE_URL
    s3_server_side_encryption: str | None = None
    s3_kms_key_id: str | None = None
    redis_url: str | None = None
    upload_roles: frozenset[Role] = frozenset({Role.UPLOADER, Role.ADMIN})
    max_upload_bytes: int = 1024**3
    max_concurrent_uploads_per_user: Annotated[int, msgspec.Meta(ge=1)] = 2
    login_rate_limit: RateLimit = RateLimit(limit=20, window_seconds=60)
    account_login_rate_limit: RateLimit = RateLimit(limit=10, window_seconds=60)
    renew_rate_limit: RateLimit = RateLimit(limit=10, window_seconds=60)
    trusted_proxies: TrustedProxies = TrustedProxies()
    create_demo_user: bool = True
    ai_provider: str = "none"
    ai_model: str | None = None
    ai_base_url: str | None = None
    ai_api_key: str | None = None
    ai_timeout_seconds: float = 20.0
    ai_automap: bool = False
    ai_automap_threshold: float = 0.8
    ai_share_samples: bool = False
    ai_enrichment: bool = True
    ai_near_duplicate_max_rows: int = 200_000
    # Reliability: every wait on a dependency is bounded, and so is a shutdown.
    db_connect_timeout_seconds: Timeout = 5.0
    db_statement_timeout_seconds: Timeout = 60.0
    db_lock_timeout_seconds: Timeout = 10.0
    object_store_timeout_seconds: Timeout = 10.0
    max_processing_seconds: PositiveSeconds = 3600
    shutdown_grace_seconds: Timeout = 30.0
    min_free_disk_bytes: Annotated[int, msgspec.Meta(ge=0)] = 100 * 1024**2
    # A request body must keep arriving: the longest pause between two chunks, and (after a grace
    # period) an average rate; 0 turns the rate check off.
    body_timeout_seconds: Timeout = 60.0
    min_upload_bytes_per_second: Annotated[int, msgspec.Meta(ge=0)] = 1024
    # Observability: a scraper's bearer token for /metrics (unset: admins only), and the log format
    # (unset: json in production, text elsewhere).
    metrics_token: str | None = None
    log_format: Literal["json", "text"] | None = None
    # How uploads are validated: `columnar` (Arrow, column-wise, wherever that is exact; the row engine
    # elsewhere) or `stdlib` (the row engine for every file: the fallback, forced).
    validation_engine: Literal["columnar", "stdlib"] = "columnar"
    # Uploads as jobs: above this size (or with `Prefer: respond-async`) POST /uploads answers 202. The
    # queue is in this process unless `job_queue_url` names a RabbitMQ broker (amqp://...).
    async_threshold_bytes: Annotated[int, msgspec.Meta(ge=0)] = 64 * 1024**2
    job_queue_url: str | None = None
    job_queue_name: str = "ingesta.uploads"
    job_concurrency: Annotated[int, msgspec.Meta(ge=1)] = 2
    job_lease_seconds: Timeout = 60.0
    job_max_attempts: Annotated[int, msgspec.Meta(ge=1)] = 3
    job_reap_interval_seconds: Timeout = 30.0
    # An embedded worker inside `ingesta serve` (false: the API only queues, `ingesta worker` runs jobs).
    embedded_worker: bool = True

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def uses_embedded_database(self) -> bool:
        return self.database_url.startswith("sqlite")


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read and check every setting; raise SettingsError naming the first bad variable."""
    env = os.environ if environ is None else environ

    def get(name: str) -> str | None:
        value = env.get(f"INGESTA_{name}")
        return value.strip() if value and value.strip() else None

    fields: dict[str, object] = {}
    for field in Settings.__struct_fields__:
        value = get(field.upper())
        if value is not None:
            fields[field] = value
    try:
        fields.update(_parsed(fields))
    except DomainValidationError as error:
        raise SettingsError(str(error)) from None
    environment = str(fields.get("env", "development"))
    if environment not in {"development", "production", "test"}:
        raise SettingsError(f"INGESTA_ENV={environment!r}: use development, test or production")
    secret = fields.get("jwt_secret")
    if secret is None:
        if environment == "production":
            raise SettingsError(
                "INGESTA_JWT_SECRET is required in production: set at least 32 random bytes, e.g. "
                "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`"
            )
        fields["jwt_secret"] = secrets.token_urlsafe(48)
        fields["jwt_secret_generated"] = True
    elif environment == "production" and not is_strong_secret(str(secret)):
        raise SettingsError(
            f"INGESTA_JWT_SECRET is too weak for production: use at least {MIN_SECRET_BYTES} random bytes"
        )
    try:
        return msgspec.convert(fields, Settings, strict=False)
    except msgspec.ValidationError as error:
        raise SettingsError(_named(fields, error)) from None


def _named(fields: dict[str, object], error: msgspec.ValidationError) -> str:
    """Name the variable users set (INGESTA_PORT), found by converting each field on its own.

    msgspec's error carries its path only inside its text; converting field by field tells which
    one failed without reading that text, and the field's own error has no path to strip.
    """
    for field in msgspec.structs.fields(Settings):
        if field.name not in fields:
            continue
        try:
            msgspec.convert(fields[field.name], field.type, strict=False)
        except msgspec.ValidationError as refusal:
            return f"INGESTA_{field.name.upper()}: {refusal}"
    return f"invalid setting: {error}"


def _parsed(fields: dict[str, object]) -> dict[str, object]:
    parsed: dict[str, object] = {}
    if "upload_roles" in fields:
        parsed["upload_roles"] = parse_roles(str(fields["upload_roles"]))
    for limit in ("login_rate_limit", "account_login_rate_limit", "renew_rate_limit"):
        if limit in fields:
            parsed[limit] = RateLimit.parse(str(fields[limit]))
    if "trusted_proxies" in fields:
        parsed["trusted_proxies"] = TrustedProxies.parse(str(fields["trusted_proxies"]))
    for flag in ("create_demo_user", "ai_automap", "ai_share_samples", "ai_enrichment", "embedded_worker"):
        if flag in fields:
            parsed[flag] = _boolean(flag, str(fields[flag]))
    return parsed


def _boolean(name: str, raw: str) -> bool:
    lowered = raw.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"INGESTA_{name.upper()}={raw!r}: use true or false")


def is_strong_secret(secret: str) -> bool:
    """At least 32 bytes and not an obvious pattern (repeated characters, a short word padded out)."""
    encoded = secret.encode()
    return len(encoded) >= MIN_SECRET_BYTES and len(set(encoded)) >= 16
