"""How many uploads one user may have in progress at once, so one user cannot fill the worker threads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from application.errors import RateLimited

RETRY_AFTER_SECONDS = 10


class UploadSlots:
    """Per-user count of uploads in progress; lives on the event loop, so no lock is needed."""

    def __init__(self, per_user: int) -> None:
        self._per_user = per_user
        self._busy: dict[str, int] = {}

    @contextmanager
    def taken_by(self, user_id: str) -> Iterator[None]:
        """Hold one of `user_id`'s slots for the block; RateLimited when all are taken."""
        busy = self._busy.get(user_id, 0)
        if busy >= self._per_user:
            raise RateLimited(
                f"you already have {busy} uploads in progress (at most {self._per_user} at once, "
                "INGESTA_MAX_CONCURRENT_UPLOADS_PER_USER); wait for one to finish and try again",
                retry_after=RETRY_AFTER_SECONDS,
            )
        self._busy[user_id] = busy + 1
        try:
            yield
        finally:
            left = self._busy[user_id] - 1
            if left:
                self._busy[user_id] = left
            else:
                del self._busy[user_id]
