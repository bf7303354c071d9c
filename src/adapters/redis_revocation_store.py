"""Revoked tokens and sessions in Redis, so every worker process (and host) sees the same list."""

from __future__ import annotations

import time
from datetime import datetime

from redis.asyncio import Redis

from adapters.redis_client import epoch_key, seconds_until, translate_redis_errors
from application.errors import InvalidToken


class RedisRevocationStore:
    """Each revocation is a key that expires when the token (or session) could no longer be used anyway."""

    def __init__(self, client: Redis, *, prefix: str = "ingesta:", margin_seconds: int = 300) -> None:
        self._client = client
        self._prefix = prefix
        # Decoding accepts a token a little past its exp (the leeway); a revocation must outlive that.
        self._margin = margin_seconds

    async def revoke_token(self, jti: str, expires_at: datetime) -> bool:
        # SET NX is atomic on the server: of two concurrent revocations of one jti, exactly one sets it.
        async with translate_redis_errors():
            created = await self._client.set(self._token_key(jti), 1, nx=True, ex=self._ttl(expires_at))
        return bool(created)

    async def revoke_session(self, sid: str, expires_at: datetime) -> None:
        async with translate_redis_errors():
            await self._client.set(self._session_key(sid), 1, ex=self._ttl(expires_at))

    async def revoke_user_sessions(self, user_id: str, not_after: datetime, expires_at: datetime) -> None:
        moment = int(not_after.timestamp())
        async with translate_redis_errors():
            await self._client.set(self._user_key(user_id), moment, ex=self._ttl(expires_at))

    async def is_revoked(
        self,
        jti: str,
        sid: str,
        *,
        user_id: str | None = None,
        auth_time: int = 0,
        issued_at: int | None = None,
    ) -> bool:
        epoch = epoch_key(self._prefix)
        async with translate_redis_errors(), self._client.pipeline(transaction=True) as pipeline:
            pipeline.set(epoch, int(time.time()), nx=True)
            pipeline.get(epoch)
            pipeline.exists(self._token_key(jti), self._session_key(sid))
            pipeline.get(self._user_key(user_id or ""))
            _, began, found, not_after = await pipeline.execute()
        # Fail closed: a revocation made before the data set began may have been lost with the old one.
        if issued_at is not None and issued_at < int(began):
            raise InvalidToken(
                "the session store was reset after this token was issued, so its revocation cannot be "
                "checked; log in again"
            )
        if int(found) > 0:
            return True
        return user_id is not None and not_after is not None and auth_time <= int(not_after)

    def _ttl(self, expires_at: datetime) -> int:
        return seconds_until(expires_at) + self._margin

    def _token_key(self, jti: str) -> str:
        return f"{self._prefix}revoked:token:{jti}"

    def _user_key(self, user_id: str) -> str:
        return f"{self._prefix}revoked:user:{user_id}"

    def _session_key(self, sid: str) -> str:
        return f"{self._prefix}revoked:session:{sid}"
