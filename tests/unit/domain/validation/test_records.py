from __future__ import annotations

import csv
import io

import pytest

from adapters.validation.process_switches import collector_paused, field_limit
from domain.validation.records import ParseFailure, read_batches

pytestmark = pytest.mark.unit


def records(text: str, batch_size: int = 64) -> list[list[str]]:
    stream = io.StringIO(text, newline="")
    with field_limit(1000):
        return [record for batch in read_batches(stream, ",", batch_size) for record in batch]


def test_unquoted_chunks_split_like_csv_reader() -> None:
    text = "a,b\r\n1, 2 \r\n\r\n3,\x00\n4\r5,6"
    # A NUL comes back as the lone surrogate of an undecodable 0x00 byte: an encoding error, not text.
    marked = text.replace("\x00", "\udc00")
    expected = [row or [""] for row in csv.reader(io.StringIO(marked, newline=""))]
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

    assert gc.isenabled()
    first = collector_paused()
    second = collector_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # the first reader finishes while the second still reads

    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()


def _pathological(rows: int) -> str:
    # Each row opens a quote that the next row's quote closes and reopens: the record never ends.
    return "a,b\n" + 'x","yyyyyyyy\n' * rows


def test_every_runaway_row_is_one_parse_failure_and_a_clean_row_after_them_survives() -> None:
    got = records(_pathological(50) + "tail,end\n")
    assert len(got) == 1 + 50 + 1
    assert all(isinstance(record, ParseFailure) for record in got[1:51])
    assert got[-1] == ["tail", "end"]


def test_a_multi_line_record_longer_than_the_record_limit_fails_alone() -> None:
    # Every line is short, but the quote opened on row 1 runs on for far more than the limit allows.
    body = "".join(f"line {i}\n" for i in range(2000))
    got = records('a,b\n1,"' + body + '"\n2,y\n')
    assert isinstance(got[1], ParseFailure) and "limit" in got[1].message
    assert got[-1] == ["2", "y"]


def test_multi_line_fields_that_close_still_parse_as_one_record() -> None:
    got = records('a,b\n1,"first\nsecond\nthird"\n2,"x\ny"\n3,z\n')
    assert got[1:] == [["1", "first\nsecond\nthird"], ["2", "x\ny"], ["3", "z"]]


def test_a_broken_record_before_a_multi_line_record_leaves_that_record_whole() -> None:
    got = records('a,b\n1,"oops\n2,ok\n3,"two\nlines"\n4,z\n')
    assert isinstance(got[1], ParseFailure)
    assert got[2:] == [["2", "ok"], ["3", "two\nlines"], ["4", "z"]]


def test_reading_stops_at_the_next_batch_once_asked_to() -> None:
    from application.uploads.binary_text_source import BinaryTextSource
    from domain.validation.reading import ReadingStopped, open_records

    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 2

    data = b"a,b\n" + b"1,x\n" * 100_000
    _, numbered = open_records(BinaryTextSource(io.BytesIO(data)), "utf-8", ",", 64, stop=stop)
    with pytest.raises(ReadingStopped):
        for _ in numbered:
            pass
    assert len(asked) == 3
