"""What a process does before serving: migrate the embedded database and, in development, a demo user."""

from __future__ import annotations

import logging
import secrets

from adapters.sql.migrate import is_at_head, upgrade_database
from application.errors import Conflict
from domain.auth.role import Role
from entrypoints.container import Container

logger = logging.getLogger("ingesta")

DEMO_USERNAME = "demo"


class DatabaseNotReady(Exception):
    """The configured database is not migrated to this version; the message says what to run."""


async def prepare_database(container: Container) -> None:
    """Embedded SQLite migrates itself, so a new user needs nothing; others use `ingesta db upgrade`."""
    settings = container.settings()
    if settings.uses_embedded_database:
        await upgrade_database(container.sql_engine())
        return
    if not await is_at_head(container.sql_engine()):
        raise DatabaseNotReady(
            "the database at INGESTA_DATABASE_URL is not migrated to this version of Ingesta; "
            "run `ingesta db upgrade` first"
        )


async def create_demo_user_once(container: Container) -> str | None:
    """In development, when no account exists yet, create a `demo` uploader; return its password."""
    settings = container.settings()
    if settings.is_production or not settings.create_demo_user:
        return None
    if await container.users().count() > 0:
        return None
    password = secrets.token_urlsafe(12)
    try:
        await container.create_user()(username=DEMO_USERNAME, password=password, role=Role.UPLOADER)
    except Conflict:
        return None  # another process created it first
    return password


async def fail_interrupted_uploads(container: Container) -> int:
    """Once per `ingesta serve`, before any worker takes requests: see FailInterruptedUploads."""
    failed = await container.fail_interrupted_uploads()()
    if failed:
        print(f"ingesta: marked {failed} interrupted upload(s) as failed", flush=True)
    return failed


async def reap_upload_jobs(container: Container) -> None:
    """Once per `ingesta serve`: uploads whose worker or job a stopped process took with it are queued
    again (or failed after their last attempt); see ReapUploadJobs."""
    try:
        reaped = await container.reap_upload_jobs()()
    finally:
        await container.job_queue().close()
    if reaped.requeued or reaped.failed:
        print(
            f"ingesta: upload jobs past their lease: {reaped.requeued} queued again, {reaped.failed} failed",
            flush=True,
        )
