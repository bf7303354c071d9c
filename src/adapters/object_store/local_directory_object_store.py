"""An object store in a local directory: one file per key, written atomically."""

from __future__ import annotations

import asyncio
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from adapters.object_store.checksums import StreamVerifier, iter_chunks
from adapters.object_store.object_keys import checked_key
from application.errors import InsufficientStorage, NotFound, ObjectStoreUnavailable

_DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


@contextmanager
def _store_io(action: str) -> Iterator[None]:
    """Turns the store's own OS errors into `ObjectStoreUnavailable`, or `InsufficientStorage` for a
    full disk (paths stay out of the message)."""
    try:
        yield
    except OSError as error:
        if error.errno in _DISK_FULL:
            raise InsufficientStorage(
                "the local object store has no space left on its disk; nothing was archived"
            ) from error
        reason = error.strerror or type(error).__name__
        raise ObjectStoreUnavailable(f"local object store cannot {action}: {reason}") from error


class LocalDirectoryObjectStore:
    """Keeps each object as `root/<key>`; readers never see a partial file.

    A write goes to a temporary file in the target's folder, is fsynced, then renamed over the
    target with `os.replace`, so a crash or a bad source leaves either the old state or the new.
    Errors raised by reading `source` propagate unchanged (they belong to the caller); a size or
    SHA-256 mismatch raises `InvalidInput`; the store's own I/O failures raise `ObjectStoreUnavailable`.
    """

    def __init__(self, root: Path) -> None:
        self._root = Path(root)

    @property
    def root(self) -> Path:
        return self._root

    async def put(self, key: str, source: BinaryIO, *, size: int, sha256: str) -> None:
        target = self._path_for(key)
        verifier = StreamVerifier(size=size, sha256=sha256)
        await asyncio.to_thread(self._write_atomically, target, source, verifier)

    async def get(self, key: str) -> bytes:
        return await asyncio.to_thread(self._read, self._path_for(key))

    async def download(self, key: str, target: BinaryIO) -> None:
        await asyncio.to_thread(self._copy_to, self._path_for(key), target)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._delete, self._path_for(key))

    async def ping(self) -> None:
        await asyncio.to_thread(self._probe)

    def _path_for(self, key: str) -> Path:
        return self._root / checked_key(key)

    def _write_atomically(self, target: Path, source: BinaryIO, verifier: StreamVerifier) -> None:
        with _store_io("create the object's folder"):
            target.parent.mkdir(parents=True, exist_ok=True)
        with _store_io("create a temporary file"):
            handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        temp = Path(temp_name)
        try:
            with os.fdopen(handle, "wb") as out:
                for chunk in iter_chunks(source):
                    verifier.update(chunk)
                    with _store_io("write the object"):
                        out.write(chunk)
                verifier.check()
                with _store_io("flush the object to disk"):
                    out.flush()
                    os.fsync(out.fileno())
            with _store_io("move the object into place"):
                os.replace(temp, target)
        except BaseException:
            with suppress(OSError):
                temp.unlink(missing_ok=True)
            raise
        self._fsync_folder(target.parent)

    @staticmethod
    def _fsync_folder(folder: Path) -> None:
        # Makes the rename itself durable; some platforms cannot open a folder, which is fine.
        with suppress(OSError):
            descriptor = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)

    @staticmethod
    def _read(path: Path) -> bytes:
        try:
            return path.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as error:
            raise NotFound("no object is stored under that key") from error
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise ObjectStoreUnavailable(f"local object store cannot read the object: {reason}") from error

    @staticmethod
    def _copy_to(path: Path, target: BinaryIO) -> None:
        try:
            source = path.open("rb")
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as error:
            raise NotFound("no object is stored under that key") from error
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise ObjectStoreUnavailable(f"local object store cannot read the object: {reason}") from error
        with source, _store_io("read the object"):
            shutil.copyfileobj(source, target)

    @staticmethod
    def _delete(path: Path) -> None:
        with _store_io("delete the object"):
            path.unlink(missing_ok=True)

    def _probe(self) -> None:
        with _store_io("create its folder"):
            self._root.mkdir(parents=True, exist_ok=True)
        with _store_io("write into its folder"), tempfile.TemporaryFile(dir=self._root):
            pass
