from __future__ import annotations

import secrets

import pytest

from domain.auth.rate_limit import RateLimit
from domain.auth.role import Role
from entrypoints.settings import SettingsError, load_settings

pytestmark = pytest.mark.unit


def test_defaults_follow_the_contract() -> None:
    settings = load_settings({})

    assert (settings.env, settings.host, settings.port) == ("development", "127.0.0.1", 8000)
    assert (settings.jwt_issuer, settings.jwt_audience, settings.jwt_algorithm) == (
        "ingesta",
        "ingesta-api",
        "HS256",
    )
    assert (settings.access_token_ttl_seconds, settings.session_max_seconds) == (900, 28_800)
    assert settings.jwt_leeway_seconds == 10
    assert settings.upload_roles == {Role.UPLOADER, Role.ADMIN}
    assert settings.login_rate_limit == RateLimit(limit=20, window_seconds=60)
    assert settings.redis_url is None


def test_development_generates_a_strong_secret_per_run() -> None:
    first, second = load_settings({}), load_settings({})

    assert first.jwt_secret_generated
    assert first.jwt_secret != second.jwt_secret
    assert len(first.jwt_secret) >= 32


def test_production_refuses_to_start_without_a_secret() -> None:
    with pytest.raises(SettingsError, match="INGESTA_JWT_SECRET is required in production"):
        load_settings({"INGESTA_ENV": "production"})


@pytest.mark.parametrize("weak", ["secret", "changeme" * 5, "a" * 64, "0123456789" * 4])
def test_production_refuses_a_weak_secret(weak: str) -> None:
    with pytest.raises(SettingsError, match="too weak"):
        load_settings({"INGESTA_ENV": "production", "INGESTA_JWT_SECRET": weak})


def test_production_accepts_a_strong_secret() -> None:
    strong = secrets.token_urlsafe(48)

    settings = load_settings({"INGESTA_ENV": "production", "INGESTA_JWT_SECRET": strong})

    assert settings.is_production
    assert settings.jwt_secret == strong
    assert not settings.jwt_secret_generated


def test_values_are_read_from_ingesta_variables() -> None:
    settings = load_settings(
        {
            "INGESTA_PORT": "8080",
            "INGESTA_UPLOAD_ROLES": "guest,uploader",
            "INGESTA_LOGIN_RATE_LIMIT": "3/second",
            "INGESTA_REDIS_URL": "redis://127.0.0.1:6379/0",
            "INGESTA_DATABASE_URL": " postgresql+asyncpg://db/ingesta ",
        }
    )

    assert settings.port == 8080
    assert settings.upload_roles == {Role.GUEST, Role.UPLOADER}
    assert settings.login_rate_limit == RateLimit(limit=3, window_seconds=1)
    assert settings.redis_url == "redis://127.0.0.1:6379/0"
    assert settings.database_url == "postgresql+asyncpg://db/ingesta"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("INGESTA_UPLOAD_ROLES", "uploader,root", "unknown role 'root'"),
        ("INGESTA_UPLOAD_ROLES", ",", "role list is empty"),
        ("INGESTA_LOGIN_RATE_LIMIT", "20/day", "N/second, N/minute or N/hour"),
        ("INGESTA_LOGIN_RATE_LIMIT", "lots", "N/second, N/minute or N/hour"),
        ("INGESTA_PORT", "http", "INGESTA_PORT"),
        ("INGESTA_PORT", "70000", "INGESTA_PORT"),
        ("INGESTA_PORT", "0", "INGESTA_PORT"),
        ("INGESTA_ACCESS_TOKEN_TTL_SECONDS", "fifteen minutes", "INGESTA_ACCESS_TOKEN_TTL_SECONDS"),
        ("INGESTA_ENV", "staging", "INGESTA_ENV"),
        ("INGESTA_CREATE_DEMO_USER", "maybe", "INGESTA_CREATE_DEMO_USER"),
    ],
)
def test_a_bad_variable_gives_a_clear_settings_error(variable: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings({variable: value})


def test_blank_variables_mean_the_default() -> None:
    assert load_settings({"INGESTA_PORT": "  ", "INGESTA_UPLOAD_ROLES": ""}).port == 8000


def test_concurrent_uploads_per_user_default_to_two_and_must_be_positive() -> None:
    assert load_settings({}).max_concurrent_uploads_per_user == 2
    five = load_settings({"INGESTA_MAX_CONCURRENT_UPLOADS_PER_USER": "5"})
    assert five.max_concurrent_uploads_per_user == 5
    with pytest.raises(SettingsError, match="INGESTA_MAX_CONCURRENT_UPLOADS_PER_USER"):
        load_settings({"INGESTA_MAX_CONCURRENT_UPLOADS_PER_USER": "0"})


def test_account_login_limit_and_trusted_proxies_have_safe_defaults() -> None:
    settings = load_settings({})

    assert settings.account_login_rate_limit == RateLimit(limit=10, window_seconds=60)
    assert settings.trusted_proxies.networks == ()


def test_trusted_proxies_are_read_as_networks() -> None:
    settings = load_settings(
        {"INGESTA_TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.10", "INGESTA_ACCOUNT_LOGIN_RATE_LIMIT": "5/hour"}
    )

    assert settings.trusted_proxies.networks == ("10.0.0.0/8", "192.0.2.10/32")
    assert settings.account_login_rate_limit == RateLimit(limit=5, window_seconds=3600)


def test_a_bad_trusted_proxy_names_the_variable() -> None:
    with pytest.raises(SettingsError, match="INGESTA_TRUSTED_PROXIES"):
        load_settings({"INGESTA_TRUSTED_PROXIES": "proxy.internal"})


def test_renewals_are_limited_per_session() -> None:
    assert load_settings({}).renew_rate_limit == RateLimit(limit=10, window_seconds=60)
    assert load_settings({"INGESTA_RENEW_RATE_LIMIT": "2/minute"}).renew_rate_limit == RateLimit(2, 60)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("INGESTA_PORT", "70000", "INGESTA_PORT: Expected `int` <= 65535"),
        ("INGESTA_PORT", "http", "INGESTA_PORT: Expected `int`, got `str`"),
        ("INGESTA_DB_LOCK_TIMEOUT_SECONDS", "0", "INGESTA_DB_LOCK_TIMEOUT_SECONDS: Expected `float` > 0.0"),
    ],
)
def test_a_bad_value_names_its_variable_and_no_internal_path(variable: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings({variable: value})

    assert str(raised.value) == message
