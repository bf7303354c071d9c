"""The percentage and time left a client shows for a job: validation is the first half, loading the
second, and the time left is the time so far scaled by what remains."""

from __future__ import annotations

import pytest

from domain.uploads.progress_estimate import fraction_done, seconds_left
from domain.uploads.upload import UploadProgress

pytestmark = pytest.mark.unit


def test_without_an_expected_row_count_there_is_no_percentage() -> None:
    assert fraction_done(UploadProgress(phase="validating")) is None
    assert fraction_done(UploadProgress(phase="validating", rows_expected=0)) is None


def test_validation_is_the_first_half_and_loading_the_second() -> None:
    assert fraction_done(UploadProgress(phase="validating", rows_expected=1000)) == 0.0
    validated = UploadProgress(phase="loading", rows_validated=1000, rows_expected=1000)
    assert fraction_done(validated) == 0.5
    loading = UploadProgress(phase="loading", rows_validated=1000, rows_loaded=250, rows_expected=1000)
    assert fraction_done(loading) == 0.625


def test_rows_skipped_by_validation_do_not_hold_the_percentage_below_its_end() -> None:
    # 1,000 lines, 800 valid rows loaded under on_error=skip: the load is complete.
    progress = UploadProgress(phase="loading", rows_validated=1000, rows_loaded=800, rows_expected=1000)
    assert fraction_done(progress) == 0.9
    progress = UploadProgress(phase="loading", rows_validated=800, rows_loaded=800, rows_expected=1000)
    assert fraction_done(progress) == 1.0


def test_a_line_count_above_the_rows_never_shows_more_than_done() -> None:
    # Quoted fields spanning lines: more lines than rows.
    progress = UploadProgress(phase="loading", rows_validated=900, rows_loaded=900, rows_expected=1000)
    assert fraction_done(progress) == 1.0


def test_the_time_left_follows_the_rate_so_far() -> None:
    assert seconds_left(0.25, 10.0) == 30.0
    assert seconds_left(0.5, 40.0) == 40.0
    assert seconds_left(1.0, 40.0) == 0.0


def test_no_estimate_before_any_work_is_done() -> None:
    assert seconds_left(0.0, 10.0) is None
    assert seconds_left(None, 10.0) is None
    assert seconds_left(0.5, 0.0) is None
