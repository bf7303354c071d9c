"""`ingesta load`'s inputs: globs expanded before anything loads; S3 objects the archive already holds."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from adapters.object_store.s3_object_source import S3ObjectSource, literal_prefix
from entrypoints.cli.load_inputs import S3Location, UnreadableInput, archive_key, resolve_inputs
from entrypoints.cli.load_output import ProgressLine

pytestmark = pytest.mark.unit


class ListingClient:
    """A boto3-shaped client over a dict of keys; records the prefixes it was asked to list."""

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        self.prefixes: list[str] = []

    def get_paginator(self, name: str) -> ListingClient:
        assert name == "list_objects_v2"
        return self

    def paginate(self, *, Bucket: str, Prefix: str) -> list[dict[str, object]]:
        self.prefixes.append(Prefix)
        matching = [{"Key": key} for key in self.keys if key.startswith(Prefix)]
        return [{"Contents": matching[:2]}, {"Contents": matching[2:]}]


@pytest.mark.parametrize(
    ("store_url", "key", "expected"),
    [
        ("s3://bucket", "incoming/a.csv", "incoming/a.csv"),
        ("s3://bucket/raw", "raw/incoming/a.csv", "incoming/a.csv"),
        ("s3://bucket/raw/", "raw/a.csv", "a.csv"),
        ("s3://bucket/raw", "incoming/a.csv", None),  # outside the archive's prefix
        ("s3://bucket/raw", "rawer/a.csv", None),
        ("s3://other/raw", "raw/a.csv", None),  # another bucket
        ("file://./var/objects", "raw/a.csv", None),
        ("s3://bucket", "incoming//a.csv", None),  # a key the archive cannot address
    ],
)
def test_an_object_is_in_the_archive_only_in_its_bucket_under_its_prefix(
    store_url: str, key: str, expected: str | None
) -> None:
    assert archive_key(store_url, S3Location("bucket", key)) == expected


async def test_an_s3_glob_lists_by_its_literal_prefix_and_matches_keys_with_fnmatch() -> None:
    keys = ["incoming/2026-12-02.csv", "incoming/2026-12-01.csv", "incoming/2026-11-30.csv", "incoming/x.txt"]
    client = ListingClient(keys)

    inputs = await resolve_inputs(
        ["s3://bucket/incoming/2026-12-*.csv"], S3ObjectSource(client), "s3://bucket"
    )

    assert client.prefixes == ["incoming/2026-12-"]
    assert [item.name for item in inputs] == [
        "s3://bucket/incoming/2026-12-01.csv",
        "s3://bucket/incoming/2026-12-02.csv",
    ]
    assert [item.archived_key for item in inputs] == ["incoming/2026-12-01.csv", "incoming/2026-12-02.csv"]
    assert inputs[0].filename == "2026-12-01.csv"


async def test_an_s3_argument_that_matches_nothing_is_unreadable() -> None:
    with pytest.raises(UnreadableInput, match="matches no object"):
        await resolve_inputs(
            ["s3://bucket/incoming/missing.csv"], S3ObjectSource(ListingClient([])), "s3://b"
        )


async def test_local_globs_expand_sorted_and_a_missing_path_stops_before_anything_loads(
    tmp_path: Path,
) -> None:
    for name in ("b.csv", "a.csv", "notes.txt"):
        (tmp_path / name).write_text("id\n1\n")
    source = S3ObjectSource(ListingClient([]))

    inputs = await resolve_inputs([str(tmp_path / "*.csv")], source, "file://./x")

    assert [Path(item.name).name for item in inputs] == ["a.csv", "b.csv"]
    assert all(item.archived_key is None for item in inputs)
    with pytest.raises(UnreadableInput, match="no such file"):
        await resolve_inputs([str(tmp_path / "a.csv"), str(tmp_path / "gone.csv")], source, "file://./x")
    with pytest.raises(UnreadableInput, match="matches no file"):
        await resolve_inputs([str(tmp_path / "*.xlsx")], source, "file://./x")


def test_the_literal_prefix_stops_at_the_first_wildcard() -> None:
    assert literal_prefix("in/2026-*.csv") == "in/2026-"
    assert literal_prefix("in/file?.csv") == "in/file"
    assert literal_prefix("in/[ab].csv") == "in/"
    assert literal_prefix("in/exact.csv") == "in/exact.csv"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_line_is_drawn_on_a_terminal_and_nowhere_else() -> None:
    terminal, pipe = Terminal(), io.StringIO()

    for stream in (terminal, pipe):
        line = ProgressLine(stream, total=3)
        line.start(2, "sales.csv")
        line.clear()

    assert "[2/3] loading sales.csv" in terminal.getvalue()
    assert pipe.getvalue() == ""
