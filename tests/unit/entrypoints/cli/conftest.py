"""Every CLI test starts from no locale and leaves the command's language as it found it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from entrypoints.cli.cli_language import use_language
from entrypoints.cli.help_language import use_argparse_language


@pytest.fixture(autouse=True)
def english_locale(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # A developer whose shell says LANG=es_ES.UTF-8 still gets the English the tests expect.
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    use_language("en")
    use_argparse_language("en")
    yield
    use_language("en")
    use_argparse_language("en")
