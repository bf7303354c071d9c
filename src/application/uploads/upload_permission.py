"""The upload policy's refusals as the application's errors (403, 413), wherever they are asked."""

from __future__ import annotations

from application.errors import PayloadTooLarge, PermissionDenied
from domain.auth.role import Role
from domain.uploads.upload_policy import UploadPolicy


def refuse_role(policy: UploadPolicy, role: Role | str) -> None:
    """`PermissionDenied` unless `role` may upload."""
    refusal = policy.role_refusal(role)
    if refusal is not None:
        raise PermissionDenied(refusal)


def refuse_size(policy: UploadPolicy, size: int) -> None:
    """`PayloadTooLarge` when a file of `size` bytes is over the limit."""
    refusal = policy.size_refusal(size)
    if refusal is not None:
        raise PayloadTooLarge(refusal)
