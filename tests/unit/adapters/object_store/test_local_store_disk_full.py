"""A full disk under the local object store is InsufficientStorage (507), and leaves no partial file."""

from __future__ import annotations

import errno
import hashlib
import io
import os
from pathlib import Path

import pytest

from adapters.object_store.local_directory_object_store import LocalDirectoryObjectStore
from application.errors import InsufficientStorage

pytestmark = pytest.mark.unit

DATA = b"id,name\n1,Ada\n"


def no_space(*_: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


async def test_a_full_disk_is_insufficient_storage_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = LocalDirectoryObjectStore(tmp_path / "objects")
    monkeypatch.setattr(os, "fsync", no_space)

    with pytest.raises(InsufficientStorage) as raised:
        await store.put("a/b.csv", io.BytesIO(DATA), size=len(DATA), sha256=hashlib.sha256(DATA).hexdigest())

    assert "no space left" in raised.value.detail.lower()
    assert str(tmp_path) not in raised.value.detail
    assert [p for p in (tmp_path / "objects").rglob("*") if p.is_file()] == []
