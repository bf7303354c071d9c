"""Errors the domain raises when a rule of the business is broken."""


class DomainError(Exception):
    """Base of every domain error."""


class DomainValidationError(DomainError):
    """A value given to the domain does not satisfy its rules; the message says how to fix it."""
