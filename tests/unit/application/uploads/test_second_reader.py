from __future__ import annotations

import io
import tempfile

import pytest

from application.uploads.second_reader import second_reader

pytestmark = pytest.mark.unit

DATA = bytes(range(256)) * 4096  # 1 MiB, above a spooled file's memory threshold below


def test_two_readers_of_a_spooled_file_keep_their_own_places() -> None:
    with tempfile.SpooledTemporaryFile(max_size=1024) as source:
        source.write(DATA)
        source.seek(0)
        other = second_reader(source)  # type: ignore[arg-type]
        assert other is not None

        first = source.read(1000)
        assert other.read(10) == DATA[:10]
        assert source.read(5) == DATA[1000:1005]
        assert other.read() == DATA[10:]
        assert first == DATA[:1000]
        other.seek(0)
        assert other.read(3) == DATA[:3]
        other.close()
        assert source.read(2) == DATA[1005:1007]  # closing the second reader leaves the file open


def test_the_second_reader_outlives_the_owner_closing_the_file() -> None:
    with tempfile.TemporaryFile() as source:
        source.write(DATA)
        other = second_reader(source)  # type: ignore[arg-type]
    assert other is not None
    other.seek(100)
    assert other.read(5) == DATA[100:105]
    other.close()


def test_a_file_still_in_memory_is_read_from_a_copy() -> None:
    source = io.BytesIO(b"abc")
    source.read(1)
    other = second_reader(source)

    assert other is not None and other.read() == b"abc"
    assert source.read() == b"bc"


def test_a_stream_that_cannot_be_read_twice_gets_none() -> None:
    class Pipe(io.RawIOBase):
        def readable(self) -> bool:
            return True

    assert second_reader(Pipe()) is None  # type: ignore[arg-type]
