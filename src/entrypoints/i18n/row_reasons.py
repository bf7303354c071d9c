"""The error download's words in the reader's language: its added columns and each row's reasons.

A reason keeps its rule id, column name and value as they are (data and identifiers, as in the JSON
report); only its message is written in `language`."""

from __future__ import annotations

from domain.validation.row_findings import RowReason
from entrypoints.i18n.translation import render, translate


def localised_reason(reason: str, language: str) -> str:
    if language == "en":
        return reason
    if not isinstance(reason, RowReason):
        return translate(reason, language)
    rebuilt = RowReason(
        reason.rule, translate(reason.message, language), column=reason.column, value=reason.value
    )
    return str(rebuilt)


def added_columns(language: str) -> tuple[str, str]:
    """The names of the row-number column (first) and the reasons column (last)."""
    return render("term.errors_row", language), render("term.errors_reasons", language)


def sheet_name(language: str) -> str:
    return render("term.errors_sheet", language)
