"""The whitespace the Arrow patterns spell out is exactly what Python's `str.isspace` accepts."""

from __future__ import annotations

import sys

import pytest

from adapters.validation.columnar.cell_patterns import SPACES, WHITESPACE

pytestmark = pytest.mark.unit


def every_space() -> list[int]:
    return [code for code in range(sys.maxunicode + 1) if chr(code).isspace()]


def test_the_whitespace_list_is_every_character_python_counts_as_space() -> None:
    assert [ord(char) for char in WHITESPACE] == every_space()


def test_the_space_class_spells_out_each_of_them_for_re2() -> None:
    spelt = "".join(f"\\x{{{code:x}}}" for code in every_space())
    assert spelt == SPACES
