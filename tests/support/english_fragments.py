"""Find English left in a text meant to be Spanish: words Spanish never uses, outside quotes and code."""

from __future__ import annotations

import re

# Words common in our English sentences that are not Spanish words; short on purpose, no false alarms.
ENGLISH_WORDS = frozenset(
    re.findall(
        r"\w+",
        "the is was not with and by already loaded into file must try again your this may rows row value "
        "column has have are been cannot there upload uploads only would empty invalid valid missing "
        "header cells unique required far usual range record records field fields look same written "
        "differently agree differ key repeats duplicate blank spreadsheet formula delimiter quoted "
        "sample encoding number string integer boolean date datetime established",
    )
)
# Quoted text, identifiers (rule ids such as duplicate-row), settings and paths (/uploads) are the same in
# every language.
_NOT_PROSE = re.compile(
    r"\b\w+(?:-\w+)+\b|'[^']*'|\"[^\"]*\"|`[^`]*`|\b[A-Z][A-Z0-9_]{2,}\b|\S*[/=_]\S*|\w*\[[^\]]*\]"
)
_WORD = re.compile(r"[^\W\d_]+")


def english_words(text: str, *, allowed: frozenset[str] = frozenset()) -> list[str]:
    """The English words of `text` (lower-cased), leaving out quoted values and identifiers."""
    prose = _NOT_PROSE.sub(" ", text)
    return [word for word in map(str.lower, _WORD.findall(prose)) if word in ENGLISH_WORDS - allowed]


# Example command lines in help texts: the command is the same in every language, its comment is prose.
_COMMAND_LINE = re.compile(r"^\s*(?:(?:ingesta|printf|export)\b|INGESTA_\w*=)")


def without_commands(text: str) -> str:
    """`text` with each example command line cut down to its `# comment`, for `english_words`."""
    lines = []
    for line in text.splitlines():
        if _COMMAND_LINE.match(line):
            line = line.partition(" # ")[2]
        lines.append(line)
    return "\n".join(lines)
