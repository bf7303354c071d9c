"""The test tiers stay where `-m unit` looks for them: tests/conftest.py skips the other folders."""

from __future__ import annotations

import re
import sys
import tomllib
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from tests.tiers_plugin import (
    PLUGINS_THE_UNIT_TIER_LEAVES_OUT,
    is_unit_tier,
    leave_out_plugins,
    plugins_to_leave_out,
    runs_on_workers,
)

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


# The unit tier runs without these pytest plugins (tests/tiers_plugin.py, README): they import Hypothesis and
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


# `pytest -m unit` leaves those plugins out by itself (tests/tiers_plugin.py, loaded by pyproject's addopts)
# and runs on xdist workers when it is the whole tier.
def test_pyproject_loads_the_tiers_plugin_before_the_installed_ones_and_asks_for_workers() -> None:
    addopts = tomllib.loads((TESTS.parent / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"][
        "ini_options"
    ]["addopts"].split()

    assert addopts[addopts.index("-p", addopts.index("no:faker")) + 1] == "tests.tiers_plugin"
    assert addopts[addopts.index("-n") + 1] == "auto"
    assert addopts[addopts.index("--dist") + 1] == "loadfile"  # a module's shared app is built once


def test_the_unit_tier_blocks_exactly_the_plugins_its_tests_do_without() -> None:
    unit_run, other_run = pytest.PytestPluginManager(), pytest.PytestPluginManager()

    leave_out_plugins(unit_run, " unit ")
    leave_out_plugins(other_run, "integration")

    assert PLUGINS_THE_UNIT_TIER_LEAVES_OUT == ("hypothesispytest", "schemathesis")
    assert all(unit_run.is_blocked(name) for name in PLUGINS_THE_UNIT_TIER_LEAVES_OUT)
    assert not any(other_run.is_blocked(name) for name in PLUGINS_THE_UNIT_TIER_LEAVES_OUT)
    assert plugins_to_leave_out("") == plugins_to_leave_out("unit or integration") == ()


def test_the_plugins_left_out_are_the_installed_plugins_of_those_libraries() -> None:
    # A renamed entry point would no longer be blocked: the unit tier would silently start slower.
    installed = {entry.name: entry.value for entry in entry_points(group="pytest11")}

    for name, library in zip(PLUGINS_THE_UNIT_TIER_LEAVES_OUT, ("_hypothesis", "schemathesis"), strict=True):
        assert installed[name].startswith(library)


@pytest.mark.parametrize(
    ("markexpr", "paths_given", "numprocesses_given", "cpus", "expected"),
    [
        ("unit", False, False, 2, True),  # `pytest -m unit`: the whole tier
        ("unit", True, False, 2, False),  # a few files: collecting twice would cost more than it saves
        ("unit", False, False, 1, False),  # one CPU: a worker would only add its own start
        ("", False, False, 2, False),  # the whole suite: integration tests share services and ports
        ("integration", False, False, 8, False),
        ("", True, True, 2, True),  # `-n auto` on the command line is obeyed
    ],
)
def test_only_the_whole_unit_tier_runs_on_workers_unless_asked(
    markexpr: str, paths_given: bool, numprocesses_given: bool, cpus: int, expected: bool
) -> None:
    assert runs_on_workers(markexpr, paths_given, numprocesses_given, cpus) is expected


def test_a_unit_tier_run_never_imported_the_plugins_it_leaves_out(pytestconfig: pytest.Config) -> None:
    if not is_unit_tier(pytestconfig.option.markexpr):
        pytest.skip("this run is not `-m unit`: the plugins are loaded as usual")

    assert all(pytestconfig.pluginmanager.is_blocked(name) for name in PLUGINS_THE_UNIT_TIER_LEAVES_OUT)
    assert {"hypothesis", "schemathesis"}.isdisjoint(sys.modules)
