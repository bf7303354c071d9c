"""Messages written in English by the code, rewritten in the reader's language at the edge.

Domain, application and adapters phrase their messages in English (the API's default and the logs'
language). Each catalog entry is a template; English text is recognised against the English templates,
which yields the entry's code and fields, and the same code's template in another language is filled
with those fields. A text no template recognises stays as it is (and a test lists every such text).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import cache, lru_cache

from entrypoints.i18n.formats import format_english_number, format_number
from entrypoints.i18n.messages_en import ENGLISH
from entrypoints.i18n.messages_es import SPANISH

CATALOGS: Mapping[str, Mapping[str, str]] = {"en": ENGLISH, "es": SPANISH}
FIELD = re.compile(r"\{(\w+)(?::(n|msg))?\}")
# Single words of terminal tables ("file", "ok") and the command line's help: rendered by code only,
# never recognised in a text ("default: reject" would otherwise be taken for a located message).
RENDERED_ONLY = ("term.", "help.", "argparse.")
# Our sentences are short; a longer text carries a cell's value (a key clash names the key), and matching
# templates against a huge one could take long, so it is left as written.
MAX_RECOGNISED_CHARS = 2000

Translate = Callable[[str], str]


class _Template:
    """One English template as a pattern: its literal text must match, its fields match anything."""

    def __init__(self, code: str, text: str) -> None:
        self.code = code
        self.kinds: dict[str, str] = {}
        parts: list[str] = []
        position = 0
        for field in FIELD.finditer(text):
            parts.append(re.escape(text[position : field.start()]))
            name, kind = field.group(1), field.group(2) or ""
            # A field written twice must hold the same text both times.
            parts.append(f"(?P={name})" if name in self.kinds else f"(?P<{name}>.+?)")
            self.kinds[name] = kind
            position = field.end()
        parts.append(re.escape(text[position:]))
        self.pattern = re.compile("".join(parts), re.DOTALL)
        # More literal text first: "header: {x}" must not win over a template that says more.
        self.specificity = len(FIELD.sub("", text))


@cache  # compiled on the first translation: `ingesta --help` in English never needs the patterns
def _compiled() -> tuple[dict[str, str], list[_Template], dict[str, _Template]]:
    exact: dict[str, str] = {}
    templates: list[_Template] = []
    for code, text in ENGLISH.items():
        if code.startswith(RENDERED_ONLY):
            continue
        if FIELD.search(text):
            templates.append(_Template(code, text))
        else:
            exact.setdefault(text, code)
    templates.sort(key=lambda template: -template.specificity)
    return exact, templates, {template.code: template for template in templates}


def recognise(text: str) -> tuple[str, dict[str, str]] | None:
    """The code and fields of the catalog message `text` is, None when it is none of them."""
    if len(text) > MAX_RECOGNISED_CHARS:
        return None
    exact, templates, _ = _compiled()
    code = exact.get(text)
    if code is not None:
        return code, {}
    for template in templates:
        found = template.pattern.fullmatch(text)
        if found is not None:
            return template.code, found.groupdict()
    return None


def translate(text: str, language: str) -> str:
    """`text` (English, as the code wrote it) in `language`; unchanged when it is no catalog message."""
    if language == "en" or language not in CATALOGS or len(text) > MAX_RECOGNISED_CHARS:
        return text
    return _translated(text, language)


@lru_cache(maxsize=4096)  # reports repeat their sentences; only short texts reach the cache
def _translated(text: str, language: str) -> str:
    found = recognise(text)
    if found is None:
        return text
    code, fields = found
    template = _compiled()[2].get(code)
    kinds = template.kinds if template is not None else {}
    return render(
        code,
        language,
        **{name: _field(value, kinds.get(name, ""), language) for name, value in fields.items()},
    )


def render(code: str, language: str, /, **fields: object) -> str:
    """The catalog message `code` in `language` with its fields filled (English where it lacks one);
    a number in an `{x:n}` field is written as the language writes numbers."""
    text = CATALOGS.get(language, ENGLISH).get(code) or ENGLISH[code]

    def filled(field: re.Match[str]) -> str:
        value = fields.get(field.group(1), field.group(0))
        if field.group(2) == "n" and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return format_number(value, language)
        if field.group(2) == "msg" and isinstance(value, str):
            return translate(value, language)
        return str(value)

    return FIELD.sub(filled, text)


def translator(language: str) -> Translate:
    return lambda text: translate(text, language)


def _field(value: str, kind: str, language: str) -> str:
    # Numbers arrive as English text ("1,234.5"); `render` translates `msg` fields itself.
    return format_english_number(value, language) if kind == "n" else value
