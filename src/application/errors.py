"""Errors a use case raises; entrypoints map each kind to one HTTP status in one place."""

from __future__ import annotations


class ApplicationError(Exception):
    """Base of every error a use case raises on purpose."""

    title = "Request failed"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class InvalidInput(ApplicationError):
    title = "Invalid request"


class AuthenticationFailed(ApplicationError):
    """Credentials were presented and are wrong (unknown user and wrong password alike)."""

    title = "Authentication failed"


class InvalidToken(ApplicationError):
    """A bearer token is missing, malformed, expired, revoked or otherwise not acceptable."""

    title = "Invalid token"


class PermissionDenied(ApplicationError):
    title = "Forbidden"


class NotFound(ApplicationError):
    title = "Not found"


class Conflict(ApplicationError):
    title = "Conflict"

    def __init__(self, detail: str, *, existing_id: str | None = None) -> None:
        super().__init__(detail)
        self.existing_id = existing_id


class ContentAlreadyLoaded(Conflict):
    """This exact content is already loaded into the dataset: raised by the upload's own check (early,
    and again under the dataset's lock), worded here once."""

    def __init__(self, dataset: str, existing_id: str, *, named: bool = True) -> None:
        if named:
            super().__init__(
                f"this exact file was already loaded into {dataset!r} by upload {existing_id}",
                existing_id=existing_id,
            )
        else:
            # Another user's upload is theirs: say the content is there, not which upload or whose.
            super().__init__(f"this exact file was already loaded into {dataset!r} by another user")


class UsernameTaken(Conflict):
    """Another account already has this username (usernames are unique)."""

    def __init__(self, username: str) -> None:
        super().__init__(f"a user named {username!r} already exists")
        self.username = username


class UploadCancelled(ApplicationError):
    """A cancel of the upload was asked for before its outcome committed: nothing of it commits."""


class NotSupported(ApplicationError):
    """This deployment cannot do what was asked (a feature of another adapter); answered with 501."""

    title = "Not implemented"


class PreconditionRequired(ApplicationError):
    """A replacement was sent without the If-Match of what it replaces."""

    title = "Precondition required"


class PreconditionFailed(ApplicationError):
    """The If-Match sent is not the current version: someone changed it meanwhile."""

    title = "Precondition failed"


class PayloadTooLarge(ApplicationError):
    title = "Payload too large"


class UnsupportedContent(ApplicationError):
    title = "Unsupported content"


class UnprocessableRequest(ApplicationError):
    """Well-formed, but it cannot be applied to what it names (a correction of a cell the file lacks)."""

    title = "Unprocessable request"


class RateLimited(ApplicationError):
    title = "Too many requests"

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class ServiceUnavailable(ApplicationError):
    """A dependency (object store, database) cannot be reached; nothing was half done."""

    title = "Service unavailable"

    def __init__(self, detail: str, *, retry_after: int = 5) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class ObjectStoreUnavailable(ServiceUnavailable):
    title = "Object store unavailable"


class DatabaseUnavailable(ServiceUnavailable):
    title = "Database unavailable"


class SessionStoreUnavailable(ServiceUnavailable):
    """The shared store of revoked tokens and rate limits (Redis) cannot be reached; nothing was changed."""

    title = "Session store unavailable"


class DatabaseBusy(DatabaseUnavailable):
    """A lock stayed held past its timeout (another upload to the dataset, a stuck transaction)."""

    title = "Database busy"


class JobQueueUnavailable(ServiceUnavailable):
    title = "Job queue unavailable"


class InsufficientStorage(ServiceUnavailable):
    """A disk the service writes to is full; nothing was kept. Answered with 507, not 503."""

    title = "Insufficient storage"
