"""From a header (and the dataset's established schema, if any) to columns and their profiles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from domain.validation.column_profile import ColumnProfile
from domain.validation.header import unique_names
from domain.validation.report import Column
from domain.validation.rules import Rules


def profile_header(
    header: list[str],
    established: Sequence[Column] | None,
    rules: Rules,
    max_samples: int,
    renames: Mapping[str, str] | None = None,
) -> tuple[list[str], list[ColumnProfile]]:
    """Column names and one profile per header cell; header findings go to `rules`.

    `renames` maps a source header to the dataset column it stands for; a rename onto a name the
    file already uses is ignored, so two columns never share a name.
    """
    names, blanks, collisions = unique_names(header)
    for index, source in enumerate(header):
        target = (renames or {}).get(source)
        if target is not None and target not in names:
            names[index] = target
    for index in blanks:
        rules.blank_header.add(1, header[index], header[index], f"blank header, named column_{index + 1}")
    for index, first in collisions:
        rules.duplicate_header.add(
            1, header[index], header[index], f"normalises to {first!r}, already used by another column"
        )
    if established is None:
        rules.schema_mismatch.add(None, None, None, "no established schema: this file establishes it")
        rules.schema_mismatch.count = 0
        return names, [ColumnProfile(max_samples) for _ in names]
    by_name = {column.name: column for column in established}
    for name, source in zip(names, header, strict=True):
        if name not in by_name:
            rules.schema_mismatch.add(1, source, None, f"column {name!r} is not in the dataset's schema")
    for column in established:
        if column.name not in names:
            rules.schema_mismatch.add(
                1, column.source_name, None, f"column {column.name!r} of the dataset's schema is missing"
            )
    profiles = []
    for name in names:
        known = by_name.get(name)
        profile = ColumnProfile(max_samples)
        if known is not None:
            profile = ColumnProfile(max_samples, fixed=known.type, required=known.required)
        profiles.append(profile)
    return names, profiles
