"""Why a dataset contract (a frictionless Table Schema) cannot be accepted."""

from __future__ import annotations

from domain.errors import DomainError


class InvalidContract(DomainError):
    """The schema is malformed or uses properties Ingesta does not support (named in `unsupported`)."""

    def __init__(self, detail: str, unsupported: tuple[str, ...] = ()) -> None:
        super().__init__(detail)
        self.detail = detail
        self.unsupported = unsupported
