"""Pass 1's record reader stays linear on records that never close (moved from the unit tier: timings).

Ratios against a baseline timed in the same test, best of five, so a busy machine does not decide.
"""

from __future__ import annotations

import io
import time

import pytest

from adapters.validation.process_switches import collector_paused
from domain.validation.records import read_batches

pytestmark = pytest.mark.slow


def _pathological(rows: int) -> str:
    # Each row opens a quote that the next row's quote closes and reopens: the record never ends.
    return "a,b\n" + 'x","yyyyyyyy\n' * rows


def _parse_seconds(text: str) -> float:
    best = float("inf")
    for _ in range(5):  # best of five, so a busy moment of a shared machine does not decide
        with collector_paused():
            started = time.perf_counter()
            for _batch in read_batches(io.StringIO(text, newline=""), ",", 4096):
                pass
            best = min(best, time.perf_counter() - started)
    return best


def test_a_record_that_never_closes_costs_time_linear_in_the_file() -> None:
    small, large = _parse_seconds(_pathological(4000)), _parse_seconds(_pathological(16_000))
    # Linear: about 4x. Re-parsing the rest of the file after every row made it about 16x. The bound sits
    # between the two: on a shared machine the millisecond timings of the small file wobble (8.4x was seen).
    assert large < 11 * small, f"4x the rows took {large / small:.1f}x the time"


def test_sixteen_thousand_runaway_rows_cost_about_as_much_as_a_well_formed_quoted_file() -> None:
    rows = 16_000
    well_formed = "a,b\n" + 'x,"yyyyyyyyy"\n' * rows  # the same size, through csv.reader as well
    baseline, runaway = _parse_seconds(well_formed), _parse_seconds(_pathological(rows))
    # A few passes over the file at most; the quadratic recovery took hundreds of times the baseline.
    assert runaway < 40 * baseline, f"runaway rows took {runaway / baseline:.0f}x a clean quoted file"
