"""The settings and the per-run folder behind metrics and logs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from entrypoints.observability.log_format import log_format_for
from entrypoints.observability.worker_metrics import shared_metrics_directory
from entrypoints.settings import SettingsError, load_settings

pytestmark = pytest.mark.unit


def test_log_format_defaults_to_json_in_production_and_text_elsewhere() -> None:
    assert log_format_for("production", None) == "json"
    assert log_format_for("development", None) == "text"
    assert log_format_for("production", "text") == "text"
    assert load_settings({"INGESTA_LOG_FORMAT": "json"}).log_format == "json"


def test_an_unknown_log_format_is_refused_naming_the_variable() -> None:
    with pytest.raises(SettingsError, match="INGESTA_LOG_FORMAT"):
        load_settings({"INGESTA_LOG_FORMAT": "xml"})


def test_several_workers_share_a_metrics_folder_that_is_removed_at_exit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)

    with shared_metrics_directory(2) as directory:
        assert directory is not None and Path(directory).is_dir()
        assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == directory

    assert not Path(directory).exists()
    assert "PROMETHEUS_MULTIPROC_DIR" not in os.environ


def test_one_worker_keeps_its_metrics_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)

    with shared_metrics_directory(1) as directory:
        assert directory is None and "PROMETHEUS_MULTIPROC_DIR" not in os.environ
