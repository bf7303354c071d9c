"""Which engine validates uploads: chosen by INGESTA_VALIDATION_ENGINE in the container, and handed to
the use cases that validate (no process-wide choice: two containers never see each other's)."""

from __future__ import annotations

import io

import pytest
from tests.support.upload_fakes import InMemoryDatasetStore

from adapters.validation.arrow_csv_validator import ArrowCsvValidator
from adapters.validation.factory import csv_validator_from_setting
from adapters.validation.stdlib_csv_validator import StdlibCsvValidator
from application.uploads.csv_passes import validate
from application.uploads.upload_command import UploadCommand
from domain.auth.role import Role
from domain.uploads.upload import OnError
from entrypoints.container import Container, build_container
from entrypoints.settings import SettingsError, load_settings

pytestmark = pytest.mark.unit


def test_the_setting_names_the_engine() -> None:
    assert isinstance(csv_validator_from_setting("columnar"), ArrowCsvValidator)
    assert isinstance(csv_validator_from_setting("stdlib"), StdlibCsvValidator)
    with pytest.raises(ValueError, match="columnar or stdlib"):
        csv_validator_from_setting("pandas")


def test_uploads_are_validated_column_wise_unless_told_otherwise() -> None:
    assert load_settings({}).validation_engine == "columnar"
    assert load_settings({"INGESTA_VALIDATION_ENGINE": "stdlib"}).validation_engine == "stdlib"


def test_an_unknown_engine_is_refused_when_the_settings_are_read() -> None:
    with pytest.raises(SettingsError, match="INGESTA_VALIDATION_ENGINE"):
        load_settings({"INGESTA_VALIDATION_ENGINE": "pandas"})


def container_for(engine: str) -> Container:
    container = build_container(load_settings({"INGESTA_VALIDATION_ENGINE": engine}))
    container.datasets.override(InMemoryDatasetStore())
    return container


async def check(container: Container) -> None:
    command = UploadCommand(
        dataset="sales",
        on_error=OnError.REJECT,
        filename="sales.csv",
        uploaded_by="user-1",
        role=Role.UPLOADER,
        source=io.BytesIO(b"n,m\n1,a\n2,b\n"),
    )
    assert (await container.check_upload()(command)).rows.total == 2


def test_the_container_chooses_the_configured_engine() -> None:
    assert isinstance(container_for("stdlib").csv_validator(), StdlibCsvValidator)
    assert isinstance(container_for("columnar").csv_validator(), ArrowCsvValidator)


async def test_each_container_hands_its_own_engine_to_its_use_cases() -> None:
    columnar = container_for("columnar")
    container_for("stdlib")  # built later: with a process-wide choice, this one would win

    await check(columnar)

    engine = columnar.csv_validator()
    assert isinstance(engine, ArrowCsvValidator) and engine.columnar_reads == 1


async def test_the_upload_passes_run_the_validator_they_are_given() -> None:
    validator = ArrowCsvValidator()
    validated = await validate(io.BytesIO(b"n,m\n1,a\n2,b\n"), None, (), validator=validator)
    assert validator.columnar_reads == 1 and validated.validator is validator
    assert validated.report.rows.total == 2
