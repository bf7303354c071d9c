from __future__ import annotations

import base64
import hashlib
import io
from typing import BinaryIO, cast

import pytest

from adapters.object_store.checksums import (
    StreamVerifier,
    checked_sha256_hex,
    hex_to_base64,
    read_up_to,
    sha256_base64,
)
from application.errors import InvalidInput

pytestmark = pytest.mark.unit

DATA = b"id,name\n1,Ada\n"
HEX = hashlib.sha256(DATA).hexdigest()


class TrickleSource(io.RawIOBase):
    """Returns at most 3 bytes per read, as pipes and sockets may."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        return self._data.read(3 if size < 0 else min(size, 3))


def test_hex_to_base64_matches_the_digest_s3_expects() -> None:
    assert hex_to_base64(HEX) == base64.b64encode(hashlib.sha256(DATA).digest()).decode()
    assert hex_to_base64(HEX.upper()) == sha256_base64(DATA)


@pytest.mark.parametrize("bad", ["", "abc", "g" * 64, HEX + "0"])
def test_refuses_a_digest_that_is_not_64_hex_digits(bad: str) -> None:
    with pytest.raises(InvalidInput):
        checked_sha256_hex(bad)


def test_read_up_to_fills_the_part_even_from_short_reads() -> None:
    source = TrickleSource(b"abcdefghij")

    assert read_up_to(cast(BinaryIO, source), 7) == b"abcdefg"
    assert read_up_to(cast(BinaryIO, source), 7) == b"hij"
    assert read_up_to(cast(BinaryIO, source), 7) == b""


def test_verifier_accepts_the_declared_bytes_in_any_chunking() -> None:
    verifier = StreamVerifier(size=len(DATA), sha256=HEX)
    verifier.update(DATA[:5])
    verifier.update(DATA[5:])

    verifier.check()


def test_verifier_fails_as_soon_as_the_stream_exceeds_the_size() -> None:
    verifier = StreamVerifier(size=3, sha256=HEX)

    with pytest.raises(InvalidInput, match="larger"):
        verifier.update(b"abcd")


def test_verifier_fails_on_a_short_stream() -> None:
    verifier = StreamVerifier(size=len(DATA), sha256=HEX)
    verifier.update(DATA[:-1])

    with pytest.raises(InvalidInput, match="bytes"):
        verifier.check()


def test_verifier_fails_on_other_bytes_of_the_same_size() -> None:
    verifier = StreamVerifier(size=len(DATA), sha256=HEX)
    verifier.update(DATA.upper())

    with pytest.raises(InvalidInput, match="SHA-256"):
        verifier.check()
