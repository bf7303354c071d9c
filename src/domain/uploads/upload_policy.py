"""Who may upload, and how large a file may be: one answer for the use case and every entrypoint."""

from __future__ import annotations

import msgspec

from domain.auth.role import Role


class UploadPolicy(msgspec.Struct, frozen=True, kw_only=True):
    """`roles` may upload (INGESTA_UPLOAD_ROLES); a file may have at most `max_bytes`
    (INGESTA_MAX_UPLOAD_BYTES; None: no limit, as for `ingesta load` on the operator's own machine).

    Each question answers with the sentence to show when the answer is no, so an early refusal (a
    guard, the web page) and the use case's own word the same refusal alike.
    """

    roles: frozenset[Role] = frozenset({Role.UPLOADER, Role.ADMIN})
    max_bytes: int | None = 1024**3

    def allows(self, role: Role | str) -> bool:
        return role in self.roles

    def role_refusal(self, role: Role | str) -> str | None:
        if self.allows(role):
            return None
        allowed = ", ".join(sorted(role.value for role in self.roles))
        return f"the {str(role)!r} role may not upload; roles that may: {allowed}"

    def size_refusal(self, size: int) -> str | None:
        if self.max_bytes is None or size <= self.max_bytes:
            return None
        return f"the file has {size} bytes; the limit is {self.max_bytes} (INGESTA_MAX_UPLOAD_BYTES)"
