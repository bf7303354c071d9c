"""Is this text at all? A CSV upload must be (or an .xlsx workbook); other binaries are refused early."""

from __future__ import annotations

ZIP_SIGNATURE = b"PK\x03\x04"
# An .xlsx workbook is a ZIP whose first entries (Office writes them first) are its content types and xl/.
_XLSX_MARKERS = (b"[Content_Types].xml", b"xl/")

# Magic numbers of files people upload by mistake instead of a CSV export.
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (ZIP_SIGNATURE, "a ZIP archive that is no .xlsx workbook"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office document (an .xls workbook?)"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"SQLite format 3", "an SQLite database"),
)
_UTF16_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_NUL = "the file contains NUL bytes, so it is binary, not CSV text"


def binary_content_reason(head: bytes) -> str | None:
    """Why `head` (the first few KiB of a file) is not text, or None when it may be text (or is xlsx)."""
    if is_xlsx(head):
        return None
    for bom, codec in _UTF16_BOMS:
        if head.startswith(bom):
            # UTF-16 text is full of NUL bytes by design: judge the characters, not the bytes.
            return _signature_reason(head[len(bom) :]) or _utf16_reason(head[len(bom) :], codec)
    reason = _signature_reason(head)
    if reason is None and b"\x00" in head:
        return _NUL
    return reason


def _signature_reason(head: bytes) -> str | None:
    for signature, description in _BINARY_SIGNATURES:
        if head.startswith(signature):
            return f"the file is {description}, not CSV text; export it as CSV first"
    return None


def is_xlsx(head: bytes) -> bool:
    """Whether `head` starts an .xlsx workbook: a ZIP naming `[Content_Types].xml` and `xl/` parts."""
    return head.startswith(ZIP_SIGNATURE) and all(marker in head for marker in _XLSX_MARKERS)


def _utf16_reason(body: bytes, codec: str) -> str | None:
    # The head may end inside a character; broken pairs are the `encoding` rule's to report.
    text = body[: len(body) // 2 * 2].decode(codec, "replace")
    return "the file contains NUL characters, so it is binary, not CSV text" if "\x00" in text else None
