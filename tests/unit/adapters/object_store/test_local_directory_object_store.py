from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import BinaryIO, cast

import pytest

from adapters.object_store.local_directory_object_store import LocalDirectoryObjectStore
from application.errors import InvalidInput, NotFound, ObjectStoreUnavailable

pytestmark = pytest.mark.unit

KEY = "sales/2025/01/02/upload-1.csv"


class SourceFailingAfter(io.RawIOBase):
    """A readable stream that hands out `limit` bytes of `data`, then fails like a broken disk."""

    def __init__(self, data: bytes, limit: int) -> None:
        self._data = io.BytesIO(data)
        self._limit = limit

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._data.tell() >= self._limit:
            raise ConnectionResetError("the source went away")
        wanted = self._limit - self._data.tell() if size < 0 else min(size, self._limit - self._data.tell())
        return self._data.read(wanted)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def files_under(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


@pytest.fixture
def store(tmp_path: Path) -> LocalDirectoryObjectStore:
    return LocalDirectoryObjectStore(tmp_path / "objects")


async def test_round_trips_the_exact_bytes(store: LocalDirectoryObjectStore) -> None:
    data = b"id,name\n1,Ada\n2,Grace\n"

    await store.put(KEY, io.BytesIO(data), size=len(data), sha256=sha(data))

    assert await store.get(KEY) == data
    assert (store.root / KEY).read_bytes() == data


async def test_streams_a_file_larger_than_one_chunk(store: LocalDirectoryObjectStore) -> None:
    data = bytes(range(256)) * 20_000  # about 5 MiB, several copy chunks

    await store.put(KEY, io.BytesIO(data), size=len(data), sha256=sha(data))

    assert sha(await store.get(KEY)) == sha(data)


async def test_overwrites_an_existing_object_whole(store: LocalDirectoryObjectStore) -> None:
    await store.put(KEY, io.BytesIO(b"old"), size=3, sha256=sha(b"old"))

    await store.put(KEY, io.BytesIO(b"newer"), size=5, sha256=sha(b"newer"))

    assert await store.get(KEY) == b"newer"


async def test_sha256_mismatch_is_invalid_input_and_leaves_no_file(store: LocalDirectoryObjectStore) -> None:
    data = b"a,b\n1,2\n"

    with pytest.raises(InvalidInput, match="SHA-256"):
        await store.put(KEY, io.BytesIO(data), size=len(data), sha256=sha(b"something else"))

    assert files_under(store.root) == []


async def test_size_mismatch_is_invalid_input_and_leaves_no_file(store: LocalDirectoryObjectStore) -> None:
    data = b"a,b\n1,2\n"

    with pytest.raises(InvalidInput, match="size"):
        await store.put(KEY, io.BytesIO(data), size=len(data) - 1, sha256=sha(data))

    assert files_under(store.root) == []


async def test_mismatch_keeps_the_previous_object(store: LocalDirectoryObjectStore) -> None:
    await store.put(KEY, io.BytesIO(b"kept"), size=4, sha256=sha(b"kept"))

    with pytest.raises(InvalidInput):
        await store.put(KEY, io.BytesIO(b"lost"), size=4, sha256=sha(b"other"))

    assert await store.get(KEY) == b"kept"
    assert files_under(store.root) == [store.root / KEY]


async def test_source_failing_midway_propagates_and_leaves_no_partial_file(
    store: LocalDirectoryObjectStore,
) -> None:
    data = b"x" * (3 * 1024 * 1024)

    with pytest.raises(ConnectionResetError):
        await store.put(
            KEY, cast(BinaryIO, SourceFailingAfter(data, limit=1_500_000)), size=len(data), sha256=sha(data)
        )

    assert files_under(store.root) == []


@pytest.mark.parametrize(
    "key",
    ["../outside.csv", "a/../../outside.csv", "/etc/passwd", "", "a//b.csv", "./a.csv", "a\\..\\b", "a/"],
)
async def test_refuses_keys_that_could_escape_the_root(store: LocalDirectoryObjectStore, key: str) -> None:
    with pytest.raises(InvalidInput):
        await store.put(key, io.BytesIO(b"x"), size=1, sha256=sha(b"x"))
    with pytest.raises(InvalidInput):
        await store.get(key)
    with pytest.raises(InvalidInput):
        await store.delete(key)

    assert not (store.root.parent / "outside.csv").exists()


async def test_get_of_a_missing_key_is_not_found(store: LocalDirectoryObjectStore) -> None:
    with pytest.raises(NotFound):
        await store.get("nothing/here.csv")


async def test_delete_removes_the_object_and_tolerates_a_missing_one(
    store: LocalDirectoryObjectStore,
) -> None:
    await store.put(KEY, io.BytesIO(b"x"), size=1, sha256=sha(b"x"))

    await store.delete(KEY)
    await store.delete(KEY)

    with pytest.raises(NotFound):
        await store.get(KEY)


async def test_ping_creates_a_missing_root(store: LocalDirectoryObjectStore) -> None:
    assert not store.root.exists()

    await store.ping()

    assert store.root.is_dir()
    assert files_under(store.root) == []


async def test_ping_fails_when_the_root_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "objects"
    blocker.write_text("not a folder")

    with pytest.raises(ObjectStoreUnavailable):
        await LocalDirectoryObjectStore(blocker).ping()


async def test_writes_into_an_unusable_root_are_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "objects"
    blocker.write_text("not a folder")
    store = LocalDirectoryObjectStore(blocker)

    with pytest.raises(ObjectStoreUnavailable) as raised:
        await store.put(KEY, io.BytesIO(b"x"), size=1, sha256=sha(b"x"))

    assert str(tmp_path) not in raised.value.detail


async def test_download_copies_the_object_into_a_file(
    store: LocalDirectoryObjectStore, tmp_path: Path
) -> None:
    data = bytes(range(256)) * 5_000
    await store.put(KEY, io.BytesIO(data), size=len(data), sha256=sha(data))

    with (tmp_path / "copy").open("w+b") as target:
        await store.download(KEY, target)
        target.seek(0)
        assert target.read() == data


async def test_download_of_a_missing_key_is_not_found(store: LocalDirectoryObjectStore) -> None:
    with pytest.raises(NotFound):
        await store.download("nothing/here.csv", io.BytesIO())
