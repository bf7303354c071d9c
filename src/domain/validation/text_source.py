"""What the engine reads: a file's first bytes (to detect its encoding) and then its decoded lines.

The engine does no I/O itself: a `TextSource` (an adapter's, over a spooled file or an archive copy) hands
it the first bytes and, as often as a pass needs, the text from the start.

Undecodable bytes are never replaced silently: each survives as a lone surrogate (U+DC00 + the byte, as
`surrogateescape` does) that the row checks report as an encoding error at its row. `surrogateescape`
itself refuses bytes below 0x80, which broken UTF-16 has (an odd byte count, a lone surrogate half), so
our own handler covers every byte.
"""

from __future__ import annotations

import codecs
from typing import Protocol

SAMPLE_BYTES = 64 * 1024
UNDECODABLE = "ingesta-keep-undecodable"
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# The reported name says which byte order was found; the codec that reads it must also drop the BOM.
_CODECS = {"utf-16-le": "utf-16", "utf-16-be": "utf-16"}


def _keep_undecodable(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(chr(0xDC00 + byte) for byte in bad), error.end


codecs.register_error(UNDECODABLE, _keep_undecodable)


def detect_encoding(sample: bytes) -> str:
    """Name the encoding of a file from its first bytes.

    UTF-8 wins when the sample decodes, or when it holds real multi-byte characters and only a few stray
    bytes (those are then reported as errors); otherwise cp1252 (Excel on Windows), then latin-1.
    """
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name
    text = codecs.getincrementaldecoder("utf-8")("surrogateescape").decode(sample, final=False)
    undecoded = sum(1 for char in text if "\udc80" <= char <= "\udcff")
    if not undecoded:
        return "utf-8"
    multibyte = sum(1 for char in text if "\x7f" < char < "\udc80" or char > "\udcff")
    if multibyte >= undecoded:
        return "utf-8"
    try:
        sample.decode("cp1252")
    except UnicodeDecodeError:
        return "latin-1"
    return "cp1252"


def decode_sample(sample: bytes, encoding: str) -> str:
    """The sample as text, without a possibly cut last character."""
    decoder = codecs.getincrementaldecoder(_CODECS.get(encoding, encoding))(UNDECODABLE)
    return decoder.decode(sample, final=False)


class TextLines(Protocol):
    """Decoded text with `newline=""` semantics: line breaks kept as written."""

    def readlines(self, hint: int = -1, /) -> list[str]:
        """At least one whole line, about `hint` characters of them; [] at the end."""
        ...


class TextSource(Protocol):
    """A file the engine may read from its start as often as a pass needs."""

    def head(self) -> bytes:
        """The file's first `SAMPLE_BYTES` bytes (fewer for a shorter file; empty for an empty one)."""
        ...

    def text(self, encoding: str) -> TextLines:
        """The whole file from its start, decoded with `encoding` (as `detect_encoding` names it).

        Undecodable bytes must survive as lone surrogates (the `UNDECODABLE` error handler does that).
        """
        ...


def codec_of(encoding: str) -> str:
    """The codec that reads a file of `encoding` as reported (a UTF-16 file's BOM is dropped)."""
    return _CODECS.get(encoding, encoding)
