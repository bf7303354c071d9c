"""A language model that answers with JSON, behind one port so providers can be swapped or absent."""

from __future__ import annotations

from typing import Any, Protocol

from application.errors import ServiceUnavailable


class LanguageModelUnavailable(ServiceUnavailable):
    """The provider failed, timed out, is not configured, or answered with something that is not JSON."""

    title = "Language model unavailable"


class LanguageModel(Protocol):
    """Asks a model for one JSON object shaped by `schema` (a JSON Schema).

    Raises `LanguageModelUnavailable` on any failure, including taking longer than `timeout` seconds.
    """

    async def complete_json(
        self,
        system: str,
        user: str,
        schema: dict[str, Any],
        timeout: float,  # noqa: ASYNC109 - providers pass it on as their request timeout
    ) -> dict[str, Any]: ...
