"""The provider `none`: every request is answered at once with "unavailable"."""

from __future__ import annotations

from typing import Any

from application.ports.language_model import LanguageModelUnavailable


class NullLanguageModel:
    """Used when no provider is configured, so insights degrade instead of failing."""

    async def complete_json(
        self,
        system: str,
        user: str,
        schema: dict[str, Any],
        timeout: float,  # noqa: ASYNC109 - part of the port
    ) -> dict[str, Any]:
        raise LanguageModelUnavailable("no provider configured")
