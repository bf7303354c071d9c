"""A validation report as a readable terminal table, the same for `validate` and `upload`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from domain.validation.report import Column, RowCounts, RuleStatus, Severity, Validation
from entrypoints.cli.cli_language import say, tr

SAMPLES_SHOWN = 3
VALUE_CHARS = 40
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class Report(Protocol):
    """What a ValidationReport and an Upload have in common."""

    @property
    def encoding(self) -> str | None: ...
    @property
    def delimiter(self) -> str | None: ...
    @property
    def rows(self) -> RowCounts: ...
    @property
    def columns(self) -> Sequence[Column]: ...
    @property
    def validations(self) -> Sequence[Validation]: ...


def printable(text: str, limit: int = VALUE_CHARS) -> str:
    """A cell from a CSV can hold terminal escape sequences; show them, never let them act."""
    shown = _CONTROL.sub(lambda match: repr(match.group())[1:-1], text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def render_report(report: Report, *, show_loaded: bool = True) -> str:
    rows = report.rows
    delimiter = {"\t": say("term.tab"), None: "-"}.get(report.delimiter, repr(report.delimiter))
    columns = ", ".join(f"{printable(c.name)} ({tr(c.type.value)})" for c in report.columns)
    lines = [
        say("term.format", encoding=report.encoding or "-", delimiter=delimiter),
        say("term.rows", total=rows.total, valid=rows.valid, invalid=rows.invalid)
        + (say("term.rows_loaded", loaded=rows.loaded) if show_loaded else ""),
        say("term.columns", columns=columns or "-"),
        "",
        *_validation_table(report.validations),
    ]
    return "\n".join(lines)


def _validation_table(validations: Sequence[Validation]) -> list[str]:
    ordered = sorted(
        validations, key=lambda v: (v.status is not RuleStatus.FAILED, _SEVERITY_ORDER[v.severity], v.rule)
    )
    rule = say("term.rule")
    width = max([len(v.rule) for v in ordered] + [len(rule)])
    state, severity, count = say("term.status"), say("term.severity"), say("term.count")
    # Column widths fit the headings of either language (6 and 8 are the English ones).
    sw, vw = max(len(state), 6), max(len(severity), 8)
    lines = [f"{state:<{sw}}  {severity:<{vw}}  {rule:<{width}}  {count:>7}  {say('term.title')}"]
    for validation in ordered:
        status = say("term.fail") if validation.status is RuleStatus.FAILED else say("term.ok")
        level = say("term.severity." + validation.severity.value)
        lines.append(
            f"{status:<{sw}}  {level:<{vw}}  {validation.rule:<{width}}  "
            f"{say('term.count_value', count=validation.count):>7}  {printable(tr(validation.title), 80)}"
        )
        if validation.status is RuleStatus.FAILED:
            lines.extend(_sample_lines(validation))
    return lines


def _sample_lines(validation: Validation) -> list[str]:
    lines = []
    for sample in validation.samples[:SAMPLES_SHOWN]:
        where = ", ".join(
            part
            for part in (
                say("term.row", row=sample.row) if sample.row is not None else "",
                say("term.column", column=printable(sample.column)) if sample.column else "",
            )
            if part
        )
        value = f" {printable(sample.value)!r}" if sample.value is not None else ""
        lines.append(f"        - {where or say('term.file')}:{value} {printable(tr(sample.message), 120)}")
    hidden = validation.count - min(len(validation.samples), SAMPLES_SHOWN)
    if hidden > 0:
        lines.append(f"        {say('term.and_more', count=hidden)}")
    return lines
