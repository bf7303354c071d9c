from __future__ import annotations

import pytest

from adapters.object_store.object_keys import checked_key
from application.errors import InvalidInput

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("key", ["a.csv", "sales/2025/01/02/id.csv", "a/b..c/d.csv", ".hidden/x.csv"])
def test_accepts_relative_keys(key: str) -> None:
    assert checked_key(key) == key


@pytest.mark.parametrize(
    "key", ["", "..", "../x", "a/../x", "/abs", "a//b", "./a", "a/.", "a/", "a\\b", "a\x00b"]
)
def test_refuses_keys_that_are_empty_absolute_or_climb_out(key: str) -> None:
    with pytest.raises(InvalidInput):
        checked_key(key)
