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

from litestar.datastructures import UploadFile
from multipart import MultipartSegment, ParserError, ParserLimitReached, PushMultipartParser

from application.errors import InvalidInput, PayloadTooLarge
from application.uploads.file_digest import HEAD, FileDigest

BLOCK = 1024 * 1024
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


class FormFileTooLarge(PayloadTooLarge):
    """A file part over the limit, with what the form had said of it so far (for the sender's history)."""

    def __init__(self, detail: str, *, filename: str, dataset: str, size: int, dry_run: bool) -> None:
        super().__init__(detail)
        self.filename, self.dataset, self.size, self.dry_run = filename, dataset, size, dry_run


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


async def streamed_form(
    stream: AsyncIterator[bytes], boundary: str, *, max_file_bytes: int
) -> dict[str, Any]:
    """The form of a multipart body: text fields as str, file parts as `SpooledUpload`.

    A file part larger than `max_file_bytes` stops the upload with 413 as soon as it is seen; a malformed
    body is a 400. Files already spooled are closed on any failure.
    """
    fields: defaultdict[str, list[Any]] = defaultdict(list)
    try:
        await _parse(stream, boundary.encode("latin-1"), max_file_bytes, fields)
    except BaseException:
        for values in fields.values():
            for value in values:
                if isinstance(value, UploadFile):
                    value.file.close()
        raise
    return {name: values if len(values) > 1 else values[0] for name, values in fields.items()}


async def _parse(
    stream: AsyncIterator[bytes], boundary: bytes, max_file_bytes: int, fields: defaultdict[str, list[Any]]
) -> None:
    reader = _PartReader(max_file_bytes, fields)
    try:
        with PushMultipartParser(boundary, max_segment_count=MAX_PARTS) as parser:
            async for chunk in stream:
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

    def __init__(self, max_file_bytes: int, fields: defaultdict[str, list[Any]]) -> None:
        self._max_file_bytes = max_file_bytes
        self._fields = fields
        self._segment: MultipartSegment | None = None
        self._spool: HashingSpool | None = None
        self._text = bytearray()

    async def feed(self, parts: Iterable[MultipartSegment | bytearray | None]) -> None:
        for part in parts:
            if isinstance(part, MultipartSegment):
                self._segment, self._text = part, bytearray()
                self._spool = HashingSpool(self._max_file_bytes) if part.filename else None
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
            dataset = self._fields.get("dataset") or [""]
            dry_run = self._fields.get("dry_run") or [""]
            raise FormFileTooLarge(
                error.detail,
                filename=(self._segment.filename if self._segment else None) or "",
                dataset=dataset[0] if isinstance(dataset[0], str) else "",
                size=spool.size,
                dry_run=dry_run[0] == "true",
            ) from None

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
