"""Which `CsvValidator` the use cases run when none is handed to them: the composition root's choice.

The use cases that validate (upload, check, invalid-rows download) are built in many places, tests
included; rather than thread an engine through each constructor, the composition root names it once at
start-up (`use_validator`), from the settings. Until then no engine is chosen, and asking is an error
that says so rather than a silent fallback.
"""

from __future__ import annotations

from application.ports.csv_validator import CsvValidator

_chosen: list[CsvValidator] = []


def use_validator(validator: CsvValidator) -> None:
    """Make `validator` the one the use cases run from now on."""
    _chosen[:] = [validator]


def chosen_validator() -> CsvValidator:
    if not _chosen:
        raise RuntimeError("no CSV validator was chosen: the composition root calls use_validator() first")
    return _chosen[0]
