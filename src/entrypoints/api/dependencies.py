"""The bridge from Litestar to the container: each handler names the use case it needs, nothing more.

`@inject`/`Provide[...]` markers do not work inside Litestar handlers, so each dependency is a
container provider wrapped by `provided_by`. The provider is asked on every request, which keeps a
test's override of it (made after the app was built) in force.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from litestar import Request
from litestar.di import Provide

from entrypoints.container import Container

T = TypeVar("T")


def provided_by(provider: Callable[[], T]) -> Provide:
    """A Litestar dependency answering with what `provider` gives on each request (use cases are fresh)."""

    def dependency() -> T:
        return provider()

    return Provide(dependency, sync_to_thread=False)


def dependencies(container: Container) -> dict[str, Provide]:
    """Every dependency a handler may name, by parameter name."""
    return {
        name: provided_by(getattr(container, name))
        for name in (
            "settings",
            "log_in",
            "renew_token",
            "log_out",
            "authenticate_token",
            "upload_csv",
            "get_upload",
            "check_upload",
            "list_uploads",
            "download_invalid_rows",
            "correct_upload",
            "refused_attempts",
            "describe_dataset",
            "list_datasets",
            "get_contract",
            "put_contract",
            "propose_column_mapping",
            "remember_column_mapping",
            "list_users",
            "update_user",
            "revoke_user_sessions",
            "readiness_probes",
        )
    }


def container_of(request: Request[Any, Any, Any]) -> Container:
    """For the few places not reached by dependencies yet (web pages, upload limits)."""
    container: Container = request.app.state.container
    return container
