"""The test tiers stay where `-m unit` looks for them: tests/conftest.py skips the other folders."""

from __future__ import annotations

import re
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


# The unit tier runs without these pytest plugins (`just test-unit`, README): they import Hypothesis and
# Schemathesis at startup, seconds of CPU, for the integration tier's generated API test only.
PLUGIN_LIBRARIES = ("hypothesis", "schemathesis")


def unit_modules_using(tests: Path, libraries: tuple[str, ...]) -> list[str]:
    pattern = re.compile(rf"^\s*(?:import|from)\s+(?:{'|'.join(libraries)})\b", re.MULTILINE)
    return [
        path.relative_to(tests).as_posix()
        for path in sorted((tests / "unit").rglob("*.py"))
        if pattern.search(path.read_text(encoding="utf-8"))
    ]


def test_no_unit_test_needs_the_plugins_the_unit_tier_leaves_out() -> None:
    assert unit_modules_using(TESTS, PLUGIN_LIBRARIES) == []


def test_a_unit_test_importing_hypothesis_is_found(tmp_path: Path) -> None:
    (tmp_path / "unit").mkdir()
    (tmp_path / "unit" / "test_props.py").write_text("import pytest\nfrom hypothesis import given\n")

    assert unit_modules_using(tmp_path, PLUGIN_LIBRARIES) == ["unit/test_props.py"]
