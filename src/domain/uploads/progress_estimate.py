"""How far a job has come and how long it may still take, from its progress and the time so far.

Every row is read twice: validated, then loaded. So validation is the first half of the work and
loading the second; rows not loaded (skipped by `on_error=skip`) count as done once validated.
"""

from __future__ import annotations

from domain.uploads.upload import UploadProgress, UploadStatus


def fraction_done(progress: UploadProgress) -> float | None:
    """0.0 to 1.0, or None without an expected row count (a workbook, an upload of old)."""
    expected = progress.rows_expected
    if not expected:
        return None
    validated = min(progress.rows_validated, expected) / expected
    if progress.phase != UploadStatus.LOADING.value or not progress.rows_validated:
        return validated / 2
    loaded = min(progress.rows_loaded, progress.rows_validated) / progress.rows_validated
    return 0.5 + loaded / 2


def seconds_left(fraction: float | None, elapsed: float) -> float | None:
    """At the rate so far: None until some of the work is done (nothing to base a rate on)."""
    if fraction is None or fraction <= 0 or elapsed <= 0:
        return None
    return max(elapsed * (1 - fraction) / fraction, 0.0)
