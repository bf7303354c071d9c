from __future__ import annotations

import csv
import io

import pytest

from domain.validation.reading import field_limit
from domain.validation.records import ParseFailure, read_batches

pytestmark = pytest.mark.unit


def records(text: str, batch_size: int = 64) -> list[list[str]]:
    stream = io.StringIO(text, newline="")
    with field_limit(1000):
        return [record for batch in read_batches(stream, ",", batch_size) for record in batch]


def test_unquoted_chunks_split_like_csv_reader() -> None:
    text = "a,b\r\n1, 2 \r\n\r\n3,\x00\n4\r5,6"
    expected = [row or [""] for row in csv.reader(io.StringIO(text, newline=""))]
    assert records(text) == expected


def test_quoted_records_spanning_chunks_keep_their_numbering() -> None:
    plain = "".join(f"{i},x\n" for i in range(300))
    text = plain + '300,"two\nlines"\n' + plain
    got = records(text, batch_size=8)
    assert len(got) == 601 and got[300] == ["300", "two\nlines"] and got[301] == ["0", "x"]


def test_a_broken_record_costs_one_row_and_parsing_resumes() -> None:
    got = records('a,b\n1,"oops\n2,x\n3,y\n')
    assert isinstance(got[1], ParseFailure) and got[2:] == [["2", "x"], ["3", "y"]]


def test_a_line_over_the_field_limit_goes_through_csv_and_fails_alone() -> None:
    got = records("a,b\n1," + "x" * 2000 + "\n2,y\n")
    assert isinstance(got[1], ParseFailure) and got[2] == ["2", "y"]


def test_overlapping_pauses_of_the_collector_restore_it_only_when_the_last_ends() -> None:
    import gc

    from domain.validation.reading import collector_paused

    assert gc.isenabled()
    first = collector_paused()
    second = collector_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # the first reader finishes while the second still reads

    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()
