"""Counts requests stopped by a dependency, by kind, as the exception passes on its way to a 5xx."""

from __future__ import annotations

import errno

from litestar.types import Scope

from adapters.observability.prometheus_metrics import DEPENDENCY_ERRORS
from application import errors


def dependency_error_kind(error: BaseException) -> str | None:
    # Most specific first: DatabaseBusy is a DatabaseUnavailable.
    if isinstance(error, errors.DatabaseBusy):
        return "database_busy"
    if isinstance(error, errors.DatabaseUnavailable):
        return "database_unavailable"
    if isinstance(error, errors.SessionStoreUnavailable):
        return "session_store_unavailable"
    if isinstance(error, errors.ObjectStoreUnavailable):
        return "object_store_unavailable"
    if isinstance(error, errors.InsufficientStorage):
        return "disk_full"
    if isinstance(error, OSError) and error.errno in {errno.ENOSPC, errno.EDQUOT}:
        return "disk_full"
    return None


async def count_dependency_error(error: Exception, _: Scope) -> None:
    kind = dependency_error_kind(error)
    if kind is not None:
        DEPENDENCY_ERRORS.labels(kind=kind).inc()
