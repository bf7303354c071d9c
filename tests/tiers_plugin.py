"""How `pytest -m unit` starts quickly; loaded by pyproject's addopts (`-p tests.tiers_plugin`).

A `-p` plugin is imported before pytest loads the installed plugins, so it can still leave some out:
the unit tier does without the Hypothesis and Schemathesis plugins, seconds of imports at every start
(and at every xdist worker's), which only the integration tier's generated API test uses
(`tests/unit/test_tiers.py` checks that no unit module imports them).

The whole unit tier (`pytest -m unit` with no paths) also runs on one xdist worker per CPU (addopts
say `-n auto`): with two CPUs or more that more than pays for collecting in each worker. Any other
selection runs in this process, as before, unless `-n` is given on the command line.
"""

from __future__ import annotations

import os

import pytest

UNIT_TIER = "unit"
PLUGINS_THE_UNIT_TIER_LEAVES_OUT = ("hypothesispytest", "schemathesis")


def is_unit_tier(markexpr: str) -> bool:
    return markexpr.strip() == UNIT_TIER


def plugins_to_leave_out(markexpr: str) -> tuple[str, ...]:
    return PLUGINS_THE_UNIT_TIER_LEAVES_OUT if is_unit_tier(markexpr) else ()


def runs_on_workers(markexpr: str, paths_given: bool, numprocesses_given: bool, cpus: int) -> bool:
    """Whether `-n auto` means workers: for the whole unit tier on two CPUs or more, or when asked."""
    return numprocesses_given or (is_unit_tier(markexpr) and not paths_given and cpus >= 2)


def leave_out_plugins(pluginmanager: pytest.PytestPluginManager, markexpr: str) -> None:
    for name in plugins_to_leave_out(markexpr):
        pluginmanager.set_blocked(name)


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    # Called as soon as this plugin is registered, before the installed plugins are loaded: the
    # command line's `-m` is already known, and a blocked plugin is then never imported.
    config = pluginmanager.get_plugin("pytestconfig")
    if isinstance(config, pytest.Config):
        leave_out_plugins(pluginmanager, config.known_args_namespace.markexpr)


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    given = config.invocation_params.args
    on_workers = runs_on_workers(
        config.option.markexpr,
        paths_given=config.args_source is not pytest.Config.ArgsSource.TESTPATHS,
        numprocesses_given=any(arg.startswith(("-n", "--numprocesses")) for arg in given),
        cpus=os.cpu_count() or 1,
    )
    # None: xdist's own count (PYTEST_XDIST_AUTO_NUM_WORKERS, else one worker per CPU).
    return None if on_workers else 0
