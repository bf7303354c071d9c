from __future__ import annotations

import pytest

from domain.validation.duplicates import DuplicateDetector

from .conftest import rule, validate_text

pytestmark = pytest.mark.unit


def test_detector_names_the_first_row_across_chunks_and_skipped_rows() -> None:
    detector = DuplicateDetector()
    detector.add(range(100_000), [0] * 100_000)
    detector.skip(3)  # blank or broken records are numbered but not hashed
    detector.add([5, 99_999, 5], [0, 1, 0])
    found = [(d.row, d.first, d.status) for d in detector.duplicates()]
    assert found == [(100_005, 7, 0), (100_006, 100_001, 1), (100_007, 7, 0)]


def test_duplicates_far_apart_in_a_file_are_found_with_their_first_row() -> None:
    lines = [f"{i},x{i}" for i in range(70_000)]
    lines[69_000] = lines[5]
    report = validate_text("a,b\n" + "\n".join(lines) + "\n")
    duplicate = rule(report, "duplicate-row")
    assert duplicate.count == 1 and duplicate.samples[0].row == 69_002
    assert duplicate.samples[0].message == "duplicate of row 7"
