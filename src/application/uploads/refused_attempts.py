"""Attempts refused before validation (409 same content, 413 too large, 415 not a table), kept for the
sender's history: a small record (file name, size, reason, time), never the file itself.

Recording is a courtesy to the sender: it never changes the answer. An error recording it is logged and
the refusal is raised as it was; a refusal of a dry run is not recorded (a dry run records nothing).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import msgspec

from application.errors import (
    ApplicationError,
    ContentAlreadyLoaded,
    PayloadTooLarge,
    ServiceUnavailable,
    UnsupportedContent,
)
from application.ports.clock import Clock
from application.ports.upload_unit_of_work import UploadUnits
from domain.uploads.upload import RefusalReason, Upload

logger = logging.getLogger("ingesta.uploads")

_REASONS: tuple[tuple[type[ApplicationError], RefusalReason], ...] = (
    (ContentAlreadyLoaded, RefusalReason.DUPLICATE),
    (PayloadTooLarge, RefusalReason.TOO_LARGE),
    (UnsupportedContent, RefusalReason.UNSUPPORTED),
)
_DATASET_CHARS = 63  # the column's width: a refused name may be anything the client typed


class Attempt(msgspec.Struct, frozen=True, kw_only=True):
    """What is known of an attempt when it is refused; `dataset` and `filename` as the client sent them."""

    uploaded_by: str
    dataset: str
    filename: str
    bytes: int


def refusal_reason(error: BaseException) -> RefusalReason | None:
    """The reason an attempt is recorded under, or None for an error that is not such a refusal."""
    for kind, reason in _REASONS:
        if isinstance(error, kind):
            return reason
    return None


class RefusedAttempts:
    """Records refused attempts through a unit of work of their own, apart from any upload's."""

    def __init__(self, *, units: UploadUnits, clock: Clock) -> None:
        self._units = units
        self._clock = clock

    async def record(self, attempt: Attempt, error: BaseException) -> Upload | None:
        """Record `attempt` if `error` is a refusal before validation; the record, or None."""
        reason = refusal_reason(error)
        if reason is None or not isinstance(error, ApplicationError):
            return None
        refused = Upload.refused(
            id=str(uuid.uuid4()),
            dataset=attempt.dataset[:_DATASET_CHARS],
            filename=_display_name(attempt.filename),
            bytes=attempt.bytes,
            uploaded_by=attempt.uploaded_by,
            created_at=self._clock.now(),
            reason=reason,
            detail=error.detail,
        )
        try:
            async with self._units() as uow:
                await uow.uploads.add(refused)
                await uow.commit()
        except ServiceUnavailable:
            logger.warning("could not record a refused upload (%s) of %s", reason.value, attempt.uploaded_by)
            return None
        return refused

    @asynccontextmanager
    async def recorded(self, attempt: Attempt) -> AsyncIterator[None]:
        """Record the refusal raised inside, then let it go on."""
        try:
            yield
        except ApplicationError as error:
            await self.record(attempt, error)
            raise


class NoRefusedAttempts(RefusedAttempts):
    """Records nothing: for use cases built without a unit of work for refusals (tests, the CLI's load)."""

    def __init__(self) -> None:
        pass

    async def record(self, attempt: Attempt, error: BaseException) -> Upload | None:
        return None


def _display_name(raw: str) -> str:
    # Only for display, as an upload's own name: no client path, a sane length.
    name = raw.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name[:255]
