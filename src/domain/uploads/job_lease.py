"""Which run of a queued upload holds it: a worker (`owner`) and the attempt number its claim gave."""

from __future__ import annotations

import msgspec


class JobLease(msgspec.Struct, frozen=True, kw_only=True):
    """A fencing token: a worker may run the same upload twice (its first run stalled, the reaper queued
    it again and the same process took it), so the owner alone does not say which run holds it."""

    owner: str
    attempt: int


class LeaseLost(Exception):
    """This run's lease on the upload ran out and another run took it over: this run stopped, and
    whatever it had not committed was rolled back."""
