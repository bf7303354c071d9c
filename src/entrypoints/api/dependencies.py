"""The bridge from Litestar to the container: small typed functions registered with Provide."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.di import Provide

from application.use_cases.log_in import LogIn
from application.use_cases.log_out import LogOut
from application.use_cases.renew_token import RenewToken
from entrypoints.container import Container


def container_of(request: Request[Any, Any, Any]) -> Container:
    container: Container = request.app.state.container
    return container


def provide_log_in(request: Request[Any, Any, Any]) -> LogIn:
    return container_of(request).log_in()


def provide_renew_token(request: Request[Any, Any, Any]) -> RenewToken:
    return container_of(request).renew_token()


def provide_log_out(request: Request[Any, Any, Any]) -> LogOut:
    return container_of(request).log_out()


DEPENDENCIES = {
    "log_in": Provide(provide_log_in, sync_to_thread=False),
    "renew_token": Provide(provide_renew_token, sync_to_thread=False),
    "log_out": Provide(provide_log_out, sync_to_thread=False),
}
