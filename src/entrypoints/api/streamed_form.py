"""An upload's multipart body streamed into its spool file once, hashed and measured on the way.

Litestar's own form parsing writes the file part into a spooled file (a thread hop per network chunk),
and the use case then read the whole file again for its SHA-256. Here the same parser (`multipart`,
which Litestar uses) runs over the request stream; the file part is written in 1 MiB blocks, each
hashed and written in one worker-thread call, so the digest is ready when the body ends and no byte is
read back for it. The form comes out in the shape Litestar gives (`UploadFile` for file parts, text for
the rest, a list for a repeated name), so the form's checks are the same whichever parser ran.
"""

from __future__ import annotations

import asyncio
import hashlib
import tempfile
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable
from typing import Any, BinaryIO

import msgspec
from litestar import Request
from litestar.datastructures import UploadFile
from multipart import MultipartSegment, ParserError, ParserLimitReached, PushMultipartParser

from application.errors import InvalidInput, PayloadTooLarge
from application.uploads.file_digest import HEAD, FileDigest
from application.uploads.refused_attempts import Attempt

BLOCK = 1024 * 1024
# Room for the multipart envelope (boundaries, headers, the other fields) around a file of the maximum size.
MULTIPART_OVERHEAD_BYTES = 64 * 1024
MAX_PARTS = 1000  # Litestar's default multipart part limit


class SpooledUpload(UploadFile):
    """A file part already on disk, with the digest computed while it was written."""

    def __init__(self, segment: MultipartSegment, spool: BinaryIO, digest: FileDigest) -> None:
        # Not UploadFile.__init__: that would open a spool of its own, which this part does not need.
        self.filename = segment.filename or ""
        self.content_type = segment.content_type or "text/plain"
        self.headers = dict(segment.headerlist)
        self.file = spool  # type: ignore[assignment]
        self.digest = digest

    @property
    def rolled_to_disk(self) -> bool:
        return True


BODY_TOO_LARGE = (
    "the request body is larger than this service accepts: files of at most {limit} bytes "
    "(INGESTA_MAX_UPLOAD_BYTES)"
)


class FormFileTooLarge(PayloadTooLarge):
    """A file part (or a body) over the limit, with what the form had said so far: its text fields and
    the file's name, for the sender's history. `size` is the bytes seen, or the length announced."""

    def __init__(self, detail: str, *, filename: str, fields: dict[str, str], size: int) -> None:
        super().__init__(detail)
        self.filename, self.fields, self.size = filename, fields, size

    @property
    def dry_run(self) -> bool:
        return self.fields.get("dry_run") == "true"

    def attempt(self, uploaded_by: str) -> Attempt:
        return Attempt(
            uploaded_by=uploaded_by,
            dataset=self.fields.get("dataset", ""),
            filename=self.filename,
            bytes=self.size,
        )


class HashingSpool:
    """Collects a file part's bytes, writing and hashing them a block at a time in a worker thread."""

    def __init__(self, limit: int) -> None:
        self._file: BinaryIO = tempfile.TemporaryFile()  # noqa: SIM115 - handed over or closed below
        self._sha256 = hashlib.sha256()
        self._pending = bytearray()
        self._limit = limit
        self.size = 0
        self.head = b""
        self._newlines = 0
        self._last = b""

    async def write(self, data: bytes | bytearray) -> None:
        if self.size < HEAD:
            self.head += bytes(data[: HEAD - self.size])
        self.size += len(data)
        if self.size > self._limit:
            raise PayloadTooLarge(
                f"the file has more than {self._limit} bytes; the limit is {self._limit} "
                "(INGESTA_MAX_UPLOAD_BYTES)"
            )
        self._pending += data
        if len(self._pending) >= BLOCK:
            await self._flush()

    async def finish(self) -> tuple[BinaryIO, FileDigest]:
        await self._flush()
        self._file.seek(0)
        digest = FileDigest(
            size=self.size,
            sha256=self._sha256.hexdigest(),
            head=self.head,
            newlines=self._newlines,
            open_last_line=self._last not in (b"", b"\n"),
        )
        return self._file, digest

    def close(self) -> None:
        self._file.close()

    async def _flush(self) -> None:
        if self._pending:
            block, self._pending = bytes(self._pending), bytearray()
            await asyncio.to_thread(self._store, block)

    def _store(self, block: bytes) -> None:
        # hashlib releases the GIL on large blocks: the event loop keeps serving meanwhile.
        self._sha256.update(block)
        self._newlines += block.count(b"\n")
        self._last = block[-1:]
        self._file.write(block)


async def spooled_form(request: Request[Any, Any, Any], max_file_bytes: int) -> dict[str, Any]:
    """The form of an upload request, its file streamed to disk once with its digest.

    The route sets no body limit of its own (Litestar's would refuse before a byte is read, knowing
    nothing of the attempt): the body is bounded here, and a body announced larger than `max_body_bytes`
    is refused at its first file part's headers, once the fields before it and the file's name are known.
    The body may be the file plus `MULTIPART_OVERHEAD_BYTES`.
    """
    boundary = request.content_type[1].get("boundary")
    if not boundary:
        raise InvalidInput("the multipart/form-data content type names no boundary")
    return await streamed_form(
        request.stream(),
        boundary,
        max_file_bytes=max_file_bytes,
        max_body_bytes=max_file_bytes + MULTIPART_OVERHEAD_BYTES,
        announced=request.content_length,
    )


def close_files(form: dict[str, Any]) -> None:
    """Close the spooled file parts of a form its handler is done with."""
    for value in form.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, UploadFile):
                item.file.close()


async def streamed_form(
    stream: AsyncIterator[bytes],
    boundary: str,
    *,
    max_file_bytes: int,
    max_body_bytes: int | None = None,
    announced: int | None = None,
) -> dict[str, Any]:
    """The form of a multipart body: text fields as str, file parts as `SpooledUpload`.

    A file part larger than `max_file_bytes`, or a body larger than `max_body_bytes` (or announced so),
    stops the upload with 413 as soon as it is seen; a malformed body is a 400. Files already spooled
    are closed on any failure.
    """
    fields: defaultdict[str, list[Any]] = defaultdict(list)
    bounds = _Bounds(max_file_bytes, max_body_bytes, announced)
    try:
        await _parse(stream, boundary.encode("latin-1"), bounds, fields)
    except BaseException:
        for values in fields.values():
            for value in values:
                if isinstance(value, UploadFile):
                    value.file.close()
        raise
    return {name: values if len(values) > 1 else values[0] for name, values in fields.items()}


class _Bounds(msgspec.Struct, frozen=True):
    file_bytes: int
    body_bytes: int | None
    announced: int | None

    @property
    def announced_too_large(self) -> bool:
        if self.body_bytes is None or self.announced is None:
            return False
        return self.announced > self.body_bytes

    @property
    def body_detail(self) -> str:
        return BODY_TOO_LARGE.format(limit=self.file_bytes)


async def _parse(
    stream: AsyncIterator[bytes], boundary: bytes, bounds: _Bounds, fields: defaultdict[str, list[Any]]
) -> None:
    reader = _PartReader(bounds, fields)
    received = 0
    try:
        with PushMultipartParser(boundary, max_segment_count=MAX_PARTS) as parser:
            async for chunk in stream:
                room = None if bounds.body_bytes is None else bounds.body_bytes - received
                received += len(chunk)
                if room is not None and len(chunk) > room:
                    # What fits is still read: the fields and the file's name before the bound are known.
                    if room:
                        await reader.feed(parser.parse(chunk[:room]))
                    raise reader.too_large(bounds.body_detail, received)
                if chunk:
                    await reader.feed(parser.parse(chunk))
                if parser.closed:
                    break
            if not parser.closed:
                await reader.feed(parser.parse(b""))  # the end of the body: the parser checks it is whole
    except (ParserError, UnicodeDecodeError) as error:
        raise InvalidInput(f"invalid multipart/form-data: {error}") from None
    except ParserLimitReached:
        raise InvalidInput(f"the form has more than {MAX_PARTS} parts") from None
    finally:
        reader.close()


class _PartReader:
    """Turns the parser's events into form fields: a segment header, its bytes, then its end (empty)."""

    def __init__(self, bounds: _Bounds, fields: defaultdict[str, list[Any]]) -> None:
        self._bounds = bounds
        self._fields = fields
        self._segment: MultipartSegment | None = None
        self._spool: HashingSpool | None = None
        self._text = bytearray()

    async def feed(self, parts: Iterable[MultipartSegment | bytearray | None]) -> None:
        for part in parts:
            if isinstance(part, MultipartSegment):
                self._segment, self._text = part, bytearray()
                if part.filename and self._bounds.announced_too_large:
                    raise self.too_large(self._bounds.body_detail, self._bounds.announced or 0)
                self._spool = HashingSpool(self._bounds.file_bytes) if part.filename else None
            elif part:
                if self._spool is not None:
                    await self._write(self._spool, part)
                else:
                    self._text += part
            else:
                await self._end_of_part()

    async def _write(self, spool: HashingSpool, part: bytearray) -> None:
        try:
            await spool.write(part)
        except PayloadTooLarge as error:
            raise self.too_large(error.detail, spool.size) from None

    def too_large(self, detail: str, size: int) -> FormFileTooLarge:
        """The refusal, with the text fields read so far and the name of the file part being read."""
        texts = {name: values[0] for name, values in self._fields.items() if isinstance(values[0], str)}
        filename = (self._segment.filename if self._segment else None) or ""
        return FormFileTooLarge(detail, filename=filename, fields=texts, size=size)

    async def _end_of_part(self) -> None:
        segment = self._segment
        if segment is None:
            raise InvalidInput("invalid multipart/form-data: a part ends before its headers")
        if self._spool is not None:
            file, digest = await self._spool.finish()
            self._spool = None
            self._fields[segment.name or ""].append(SpooledUpload(segment, file, digest))
        else:
            self._fields[segment.name or ""].append(self._text.decode(segment.charset or "utf-8"))
        self._segment = None

    def close(self) -> None:
        if self._spool is not None:
            self._spool.close()
