"""Detecting the delimiter of a delimited text from a sample."""

from __future__ import annotations

import re
from collections import Counter

DELIMITERS = (",", ";", "\t", "|")
_QUOTED = re.compile(r'"(?:[^"]|"")*"')
_SAMPLE_LINES = 200


def detect_delimiter(sample: str) -> str:
    """The candidate whose count per line is the most consistent (outside quotes); `,` when none appears.

    Quoted fields are blanked first, so delimiters and newlines inside quotes do not count.
    """
    unquoted = _QUOTED.sub('""', sample)
    lines = [line for line in unquoted.splitlines()[:_SAMPLE_LINES] if line.strip()]
    if len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines.pop()  # the sample may have cut the last line
    best, best_score = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        counts = Counter(line.count(delimiter) for line in lines)
        if not counts:
            continue
        usual, lines_with_usual = counts.most_common(1)[0]
        if usual == 0:
            continue
        score = (lines_with_usual / len(lines), usual)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def describe(delimiter: str, sample: str) -> str:
    shown = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}[delimiter]
    quoting = 'fields may be quoted with "' if '"' in sample else "no quoted fields in the sample"
    return f"delimiter {shown} ({delimiter!r}); {quoting}"
