"""The timeouts, limits and thresholds that bound every wait on a dependency are settings."""

from __future__ import annotations

import pytest

from entrypoints.settings import SettingsError, load_settings

pytestmark = pytest.mark.unit


def test_every_wait_has_a_sane_default() -> None:
    settings = load_settings({})

    assert 0 < settings.db_connect_timeout_seconds <= 10
    assert settings.db_lock_timeout_seconds < settings.db_statement_timeout_seconds
    assert 0 < settings.object_store_timeout_seconds <= 30
    assert settings.shutdown_grace_seconds > 0
    assert settings.max_processing_seconds >= 600
    assert settings.min_free_disk_bytes > 0


def test_timeouts_are_read_from_the_environment() -> None:
    settings = load_settings(
        {
            "INGESTA_DB_CONNECT_TIMEOUT_SECONDS": "1.5",
            "INGESTA_DB_STATEMENT_TIMEOUT_SECONDS": "20",
            "INGESTA_DB_LOCK_TIMEOUT_SECONDS": "2",
            "INGESTA_OBJECT_STORE_TIMEOUT_SECONDS": "3",
            "INGESTA_MAX_PROCESSING_SECONDS": "900",
            "INGESTA_SHUTDOWN_GRACE_SECONDS": "12",
            "INGESTA_MIN_FREE_DISK_BYTES": "0",
        }
    )

    assert settings.db_connect_timeout_seconds == 1.5
    assert settings.db_statement_timeout_seconds == 20
    assert settings.db_lock_timeout_seconds == 2
    assert settings.object_store_timeout_seconds == 3
    assert settings.max_processing_seconds == 900
    assert settings.shutdown_grace_seconds == 12
    assert settings.min_free_disk_bytes == 0


def test_a_zero_timeout_is_refused_naming_the_variable() -> None:
    with pytest.raises(SettingsError, match="INGESTA_DB_STATEMENT_TIMEOUT_SECONDS"):
        load_settings({"INGESTA_DB_STATEMENT_TIMEOUT_SECONDS": "0"})
