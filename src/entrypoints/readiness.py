"""What /ready asks, by name: the database, the object store, the disks and, when configured, Redis."""

from __future__ import annotations

from application.ports.dataset_store import DatasetStore
from application.ports.object_store import ObjectStore
from entrypoints.disk_probes import Probe


def named_probes(
    datasets: DatasetStore, objects: ObjectStore, disks: dict[str, Probe], redis: Probe | None
) -> dict[str, Probe]:
    probes: dict[str, Probe] = {"database": datasets.ping, "object_store": objects.ping, **disks}
    if redis is not None:
        probes["redis"] = redis
    return probes
