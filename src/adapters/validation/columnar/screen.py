"""Whether a file is one the columnar reader reads exactly as the row engine does, decided before reading.

Arrow's reader runs without quoting here, splitting each line on the delimiter: exactly what the row engine
does for a chunk without a quote character (`records._split`). So a file qualifies when, in its bytes:
- there is no quote character (quoted fields, multi-line records and broken quotes stay with the row engine);
- there is no NUL or \\x01 (the row engine's separators: rows holding them are checked one at a time);
- every line break is \\n or \\r\\n (a lone \\r splits lines differently);
- it is valid UTF-8 (undecodable bytes are findings of the row engine, at their row);
- no line is longer than the field limit (such a line is a parse error of the row engine).
The screen reads the file once, a chunk at a time, at memory speed (`bytes.find`), in bounded memory.
"""

from __future__ import annotations

import codecs
from typing import BinaryIO

CHUNK_BYTES = 1 << 20


def qualifies(source: BinaryIO, max_line_bytes: int) -> bool:
    """True when the columnar reader gives the row engine's records for `source` (read from 0)."""
    source.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    line_start = 0  # offset in the file where the current line began
    offset = 0
    previous_cr = False
    while chunk := source.read(CHUNK_BYTES):
        if b'"' in chunk or b"\x00" in chunk or b"\x01" in chunk:
            return False
        if b"\r" in chunk and not _crlf_only(chunk, previous_cr):
            return False
        previous_cr = chunk.endswith(b"\r")
        if not chunk.isascii():
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return False
        line_start = _long_line_free(chunk, offset, line_start, max_line_bytes)
        if line_start < 0:
            return False
        offset += len(chunk)
    if offset - line_start > max_line_bytes:
        return False
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _crlf_only(chunk: bytes, previous_cr: bool) -> bool:
    if previous_cr and not chunk.startswith(b"\n"):
        return False
    crs = chunk.count(b"\r")
    pairs = chunk.count(b"\r\n")
    # A chunk may end between \r and \n; the next chunk's start is checked through `previous_cr`.
    return crs == pairs + (1 if chunk.endswith(b"\r") else 0)


def _long_line_free(chunk: bytes, offset: int, line_start: int, limit: int) -> int:
    """The file offset where the last line of `chunk` starts, or -1 when a line is longer than `limit`.

    Jumps from line start to the last line break within `limit` bytes, so it costs a call per `limit`
    bytes, not one per line.
    """
    end = offset + len(chunk)
    while end - line_start > limit:
        low = max(line_start - offset, 0)
        high = min(line_start - offset + limit, len(chunk))
        found = chunk.rfind(b"\n", low, high)
        if found < 0:
            return -1
        line_start = offset + found + 1
    last = chunk.rfind(b"\n")
    return max(line_start, offset + last + 1) if last >= 0 else line_start
