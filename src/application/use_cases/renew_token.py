"""RenewToken: a new token with time added, and the presented one revoked at once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from application.errors import InvalidToken
from application.ports.clock import Clock
from application.ports.revocation_store import RevocationStore
from application.ports.token_codec import TokenCodec
from application.use_cases.authenticate_token import AuthenticateToken
from application.use_cases.issued_token import IssuedToken, issue
from domain.auth.token_policy import TokenNotRenewable, TokenPolicy


class RenewToken:
    """Only an unexpired, unrevoked token renews; of two concurrent renewals exactly one wins."""

    def __init__(
        self, *, codec: TokenCodec, revocations: RevocationStore, clock: Clock, policy: TokenPolicy
    ) -> None:
        self._authenticate = AuthenticateToken(codec=codec, revocations=revocations)
        self._codec = codec
        self._revocations = revocations
        self._clock = clock
        self._policy = policy

    async def __call__(self, token: str) -> IssuedToken:
        claims = await self._authenticate(token)
        try:
            renewed = self._policy.renew(claims, now=self._clock.now(), jti=uuid.uuid4().hex)
        except TokenNotRenewable as refusal:
            raise InvalidToken(str(refusal)) from refusal
        # The atomic revoke is the arbiter between concurrent renewals of the same token.
        if not await self._revocations.revoke_token(claims.jti, datetime.fromtimestamp(claims.exp, tz=UTC)):
            raise InvalidToken("the token has been revoked")
        return issue(self._codec, renewed)
