"""The Ingesta token the MCP server acts with, checked again before every tool call."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from application.errors import InvalidToken, ServiceUnavailable
from domain.auth.claims import TokenClaims

Authenticate = Callable[[str], Awaitable[TokenClaims]]

RENEW_HINT = (
    "Renew it (log in again, or POST /auth/renew while it is still valid), put the new token in "
    "INGESTA_TOKEN (or --token) and restart the Ingesta MCP server."
)


class TokenRejected(Exception):
    """The token is not (or no longer) accepted; the message says why and how to renew it."""


class TokenGate:
    """Verifies the configured token on every use, so a revoked or expired one stops working at once."""

    def __init__(self, token: str, authenticate: Authenticate) -> None:
        self._token = token.strip()
        self._authenticate = authenticate

    async def claims(self) -> TokenClaims:
        if not self._token:
            raise TokenRejected(f"No Ingesta token was given. {RENEW_HINT}")
        try:
            return await self._authenticate(self._token)
        except InvalidToken as error:
            raise TokenRejected(f"The Ingesta token is not accepted: {error.detail}. {RENEW_HINT}") from None
        except ServiceUnavailable as error:
            # Not the token's fault: say so, or the assistant would send the user to renew for nothing.
            raise TokenRejected(
                f"The token could not be checked: {error.detail}. Try again shortly."
            ) from None
