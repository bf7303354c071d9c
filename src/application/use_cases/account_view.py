"""What account management shows of an account: never its password hash."""

from __future__ import annotations

from datetime import datetime

import msgspec

from application.ports.user_repository import UserAccount


class AccountView(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    username: str
    role: str
    disabled: bool
    created_at: datetime


def view_of(account: UserAccount) -> AccountView:
    return AccountView(
        id=account.id,
        username=account.username,
        role=account.role.value,
        disabled=account.disabled,
        created_at=account.created_at,
    )
