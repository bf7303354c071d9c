"""ResolveOperator: the account that owns uploads made without a login, by pipelines and cron jobs."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from application.errors import Conflict, NotFound, PermissionDenied
from application.ports.clock import Clock
from application.ports.user_repository import LOGIN_DISABLED, UserAccount, UserRepository
from domain.auth.role import Role
from domain.uploads.upload_policy import UploadPolicy

SYSTEM_USERNAME = "system"


class ResolveOperator:
    """A named account whose role may upload, or the built-in `system` account, created on first use.

    `system` has no password (it can never log in) and the least role that may upload; admins see
    its uploads. Any other name must be provisioned first: a typo must not create an owner.
    """

    def __init__(self, *, users: UserRepository, clock: Clock, upload_roles: Collection[Role]) -> None:
        self._users = users
        self._clock = clock
        self._upload_roles = upload_roles

    async def __call__(self, username: str | None) -> UserAccount:
        name = username or SYSTEM_USERNAME
        account = await self._users.get_by_username(name)
        if account is None and name == SYSTEM_USERNAME:
            account = await self._create_system_account()
        if account is None:
            raise NotFound(
                f"no account named {name!r}; create it with `ingesta users create` or leave out --as "
                f"to load as {SYSTEM_USERNAME!r}"
            )
        if not UploadPolicy(roles=frozenset(self._upload_roles)).allows(account.role):
            raise PermissionDenied(
                f"the account {name!r} has the role {account.role.value!r}, which may not upload"
            )
        return account

    async def _create_system_account(self) -> UserAccount | None:
        account = UserAccount(
            id=str(uuid.uuid4()),
            username=SYSTEM_USERNAME,
            password_hash=LOGIN_DISABLED,
            # The least privileged role this deployment lets upload.
            role=next((role for role in Role if role in self._upload_roles), Role.UPLOADER),
            created_at=self._clock.now(),
        )
        try:
            await self._users.add(account)
        except Conflict:
            # Another run created it at the same moment; theirs is the one.
            return await self._users.get_by_username(SYSTEM_USERNAME)
        return account
