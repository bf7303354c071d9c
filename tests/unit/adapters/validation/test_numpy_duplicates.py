"""The numpy duplicate search names the same rows as the pure-Python one, gaps and statuses included."""

from __future__ import annotations

import random

import pytest

from adapters.validation.columnar.numpy_duplicates import NumpyDuplicateDetector
from domain.validation.duplicates import DuplicateDetector

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("seed", range(6))
def test_both_detectors_find_the_same_duplicates(seed: int) -> None:
    rng = random.Random(seed)
    # Few distinct high halves, so many digests share one without being equal: the 64-bit check matters.
    pool = [(rng.randrange(-8, 8) << 32) | rng.randrange(1 << 32) for _ in range(3000)]
    detectors = [DuplicateDetector(), NumpyDuplicateDetector()]
    for _ in range(rng.choice([5000, 40_000])):
        if rng.random() < 0.01:
            for detector in detectors:
                detector.skip()
            continue
        digest = rng.choice(pool) if rng.random() < 0.3 else rng.getrandbits(64) - (1 << 63)
        status = rng.randrange(4)
        for detector in detectors:
            detector.add((digest,), (status,))
    expected, found = ([(d.row, d.first, d.status) for d in detector.duplicates()] for detector in detectors)
    assert found == expected
    assert expected  # the draws do repeat digests: the comparison is not vacuous


def test_an_empty_detector_finds_nothing() -> None:
    assert NumpyDuplicateDetector().duplicates() == []
