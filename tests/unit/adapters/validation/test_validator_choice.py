"""Which engine validates uploads: chosen by INGESTA_VALIDATION_ENGINE, once, at the composition root."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from adapters.validation.arrow_csv_validator import ArrowCsvValidator
from adapters.validation.factory import csv_validator_from_setting
from adapters.validation.stdlib_csv_validator import StdlibCsvValidator
from application.uploads import validator_choice
from application.uploads.csv_passes import validate
from entrypoints.container import build_container
from entrypoints.settings import SettingsError, load_settings

pytestmark = pytest.mark.unit


@pytest.fixture
def restored_choice() -> Iterator[None]:
    before = validator_choice.chosen_validator()
    yield
    validator_choice.use_validator(before)


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


@pytest.mark.usefixtures("restored_choice")
def test_the_composition_root_makes_the_use_cases_run_the_configured_engine() -> None:
    build_container(load_settings({"INGESTA_VALIDATION_ENGINE": "stdlib"}))
    assert isinstance(validator_choice.chosen_validator(), StdlibCsvValidator)
    build_container(load_settings({"INGESTA_VALIDATION_ENGINE": "columnar"}))
    assert isinstance(validator_choice.chosen_validator(), ArrowCsvValidator)


async def test_the_upload_passes_run_the_validator_they_are_given() -> None:
    validator = ArrowCsvValidator()
    validated = await validate(io.BytesIO(b"n,m\n1,a\n2,b\n"), None, (), validator=validator)
    assert validator.columnar_reads == 1 and validated.validator is validator
    assert validated.report.rows.total == 2


@pytest.mark.usefixtures("restored_choice")
def test_without_a_choice_asking_for_the_engine_says_so() -> None:
    validator_choice._chosen.clear()
    with pytest.raises(RuntimeError, match="use_validator"):
        validator_choice.chosen_validator()
