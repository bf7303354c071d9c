"""Turning claims into a signed token and back."""

from __future__ import annotations

from typing import Protocol

from domain.auth.claims import TokenClaims


class TokenCodec(Protocol):
    def encode(self, claims: TokenClaims) -> str: ...

    def decode(self, token: str) -> TokenClaims:
        """Verify signature, algorithm, issuer, audience, time claims and presence of every claim.

        Raises `InvalidToken` for every failure, whatever the cause.
        """
        ...
