"""The upload form streamed from the request body: spooled once, hashed on the way, refused early."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator

import pytest

from application.errors import InvalidInput, PayloadTooLarge
from entrypoints.api.streamed_form import SpooledUpload, streamed_form

pytestmark = pytest.mark.unit

BOUNDARY = "xYzZY"
FILE = b"id,name\n" + b"".join(b"%d,name %d\n" % (n, n) for n in range(300_000))  # over 2 MiB


def body(*parts: tuple[str, str | None, bytes]) -> bytes:
    out = b""
    for name, filename, content in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        out += f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n".encode()
        if filename:
            out += b"Content-Type: text/csv\r\n"
        out += b"\r\n" + content + b"\r\n"
    return out + f"--{BOUNDARY}--\r\n".encode()


class Chunks:
    """The body as a client sends it, in small pieces; counts how much was taken."""

    def __init__(self, data: bytes, size: int = 65536) -> None:
        self.data, self.size, self.taken = data, size, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for start in range(0, len(self.data), self.size):
            self.taken = start + self.size
            yield self.data[start : start + self.size]


async def test_the_file_is_spooled_with_its_digest_and_the_text_fields_decoded() -> None:
    stream = Chunks(
        body(("dataset", None, "ventas_año".encode()), ("file", "s.csv", FILE), ("on_error", None, b"skip"))
    )

    form = await streamed_form(stream, BOUNDARY, max_file_bytes=10 * len(FILE))

    assert form["dataset"] == "ventas_año" and form["on_error"] == "skip"
    upload = form["file"]
    assert isinstance(upload, SpooledUpload) and upload.filename == "s.csv"
    assert upload.digest.size == len(FILE)
    assert upload.digest.sha256 == hashlib.sha256(FILE).hexdigest()
    assert upload.digest.head == FILE[:8192]
    assert upload.file.read() == FILE
    upload.file.close()


async def test_a_repeated_file_field_comes_as_a_list_as_litestar_gives_it() -> None:
    stream = Chunks(body(("file", "a.csv", b"a\n1\n"), ("file", "b.csv", b"b\n2\n")))

    form = await streamed_form(stream, BOUNDARY, max_file_bytes=100)

    assert [upload.file.read() for upload in form["file"]] == [b"a\n1\n", b"b\n2\n"]


async def test_an_oversized_file_is_refused_before_the_rest_of_the_body_is_read() -> None:
    stream = Chunks(body(("file", "s.csv", FILE)))

    with pytest.raises(PayloadTooLarge, match="INGESTA_MAX_UPLOAD_BYTES"):
        await streamed_form(stream, BOUNDARY, max_file_bytes=100_000)

    assert stream.taken < len(stream.data) / 2


@pytest.mark.parametrize(
    "broken",
    [
        body(("file", "s.csv", b"a\n1\n"))[:-30],  # cut before the closing boundary
        b"--xYzZY\r\nA header without its colon\r\n\r\nvalue\r\n--xYzZY--\r\n",
        b"not a multipart body at all",
    ],
)
async def test_a_malformed_body_is_a_clear_400(broken: bytes) -> None:
    with pytest.raises(InvalidInput, match="multipart"):
        await streamed_form(Chunks(broken, size=7), BOUNDARY, max_file_bytes=100)
