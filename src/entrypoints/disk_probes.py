"""Which folders /ready checks for free space: the spool folder, a local object store, a SQLite file."""

from __future__ import annotations

import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from sqlalchemy.engine import make_url

from adapters.disk_space import FreeSpaceProbe
from adapters.object_store.local_directory_object_store import LocalDirectoryObjectStore
from application.ports.object_store import ObjectStore
from entrypoints.settings import Settings

Probe = Callable[[], Awaitable[None]]


def disk_probes(settings: Settings, objects: ObjectStore) -> dict[str, Probe]:
    # Litestar spools uploads into the default temporary folder before a handler runs.
    folders = {"spool_disk": ("temporary (spool) folder", Path(tempfile.gettempdir()))}
    if isinstance(objects, LocalDirectoryObjectStore):
        folders["object_store_disk"] = ("local object store folder", objects.root)
    database = make_url(settings.database_url).database
    if settings.uses_embedded_database and database and database != ":memory:":
        folders["database_disk"] = ("SQLite database folder", Path(database).parent)
    return {
        name: FreeSpaceProbe(folder, what=what, min_free_bytes=settings.min_free_disk_bytes)
        for name, (what, folder) in folders.items()
    }
