"""The test tiers stay where `-m unit` looks for them: tests/conftest.py skips the other folders."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

TESTS = Path(__file__).resolve().parents[1]


def modules_marked_unit_outside_tests_unit(tests: Path) -> list[str]:
    return [
        path.relative_to(tests).as_posix()
        for folder in ("integration", "performance")
        for path in sorted((tests / folder).rglob("*.py"))
        if "mark.unit" in path.read_text(encoding="utf-8")
    ]


def test_every_unit_test_lives_under_tests_unit() -> None:
    assert modules_marked_unit_outside_tests_unit(TESTS) == []


def test_a_unit_marker_in_another_tier_is_found(tmp_path: Path) -> None:
    (tmp_path / "integration").mkdir()
    (tmp_path / "performance").mkdir()
    (tmp_path / "integration" / "test_stray.py").write_text("pytestmark = pytest.mark.unit\n")

    assert modules_marked_unit_outside_tests_unit(tmp_path) == ["integration/test_stray.py"]
