"""What the service must close when it stops, as dependency-injector resources.

The SQLAlchemy engine and the Redis client are built lazily by Singletons, so code outside an event loop
(the CLI, tests) can ask for them. A Resource built on them would turn every provider depending on it
asynchronous, so each Resource here is given the object and closes it: the app's lifespan calls
`init_resources()` as it starts and `shutdown_resources()` as it ends.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncEngine

if TYPE_CHECKING:
    from redis.asyncio import Redis


async def disposed_at_shutdown(sql_engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    try:
        yield sql_engine
    finally:
        await sql_engine.dispose()


async def closed_at_shutdown(client: Redis | None) -> AsyncIterator[Redis | None]:
    """`None` when the session stores live in SQL: there is no Redis client to close."""
    try:
        yield client
    finally:
        if client is not None:
            await client.aclose()
