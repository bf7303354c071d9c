"""The Ingesta HTTP API as the configured user: bearer token on every call, renewed before it expires."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import httpx

from entrypoints.mcp.config import McpConfig

RENEW_HINT = (
    "Log in again (POST /auth/login), put the new token in the file INGESTA_TOKEN_FILE names and restart the "
    "Ingesta MCP server, or configure INGESTA_USERNAME and INGESTA_PASSWORD_FILE so it logs in itself."
)


class ApiError(Exception):
    """The service answered with an error (or could not be reached); `detail` is its sentence."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


class TokenRejected(ApiError):
    """The token is not (or no longer) accepted and the server cannot log in by itself."""


class ApiSession:
    """Calls the API with the user's token; renews it when a quarter of its life is left, and logs in
    again with the configured credentials when renewal is refused (the session reached its maximum)."""

    def __init__(self, client: httpx.AsyncClient, config: McpConfig, clock: Callable[[], float] = time.time):
        self._client = client
        self._config = config
        self._clock = clock
        self._token = config.token
        self._expires_at: float | None = None
        self._lifetime = 0.0
        self._lock = asyncio.Lock()

    async def start(self) -> dict[str, Any]:
        """Check the credentials once, before serving: the claims of the token the tools will use."""
        async with self._lock:
            if self._token is None:
                await self._log_in()
        claims: dict[str, Any] = await self.request("GET", "/auth/me")
        self._lifetime = float(claims["exp"] - claims["iat"])
        self._expires_at = float(claims["exp"])
        return claims

    async def request(self, method: str, path: str, *, language: str = "en", **arguments: Any) -> Any:
        """The decoded JSON answer; ApiError (TokenRejected for a refused token) on an error answer.
        The service writes reports and problem details in `language` (sent as `Accept-Language`)."""
        arguments["headers"] = {"Accept-Language": language}
        try:
            return await self._send(method, path, arguments)
        except TokenRejected:
            # Revoked (a logout elsewhere, say): log in again if we can. Only a read is repeated, since
            # an upload's file has already been streamed.
            if method != "GET" or not self._config.can_log_in:
                raise
            async with self._lock:
                await self._log_in()
            return await self._send(method, path, arguments)

    async def _send(self, method: str, path: str, arguments: dict[str, Any]) -> Any:
        token = await self._fresh_token()
        headers = {**arguments.get("headers", {}), "Authorization": f"Bearer {token}"}
        rest = {name: value for name, value in arguments.items() if name != "headers"}
        try:
            response = await self._client.request(method, path, headers=headers, **rest)
        except httpx.HTTPError as error:
            raise ApiError(0, f"cannot reach the Ingesta service at {self._config.url}: {error}") from None
        return _decoded(response)

    async def _fresh_token(self) -> str:
        async with self._lock:
            if self._expires_at is not None:
                left = self._expires_at - self._clock()
                if left <= self._lifetime / 4:
                    await self._renew_or_log_in(left)
            if self._token is None:
                raise TokenRejected(401, f"No Ingesta token is configured. {RENEW_HINT}")
            return self._token

    async def _renew_or_log_in(self, left: float) -> None:
        if left > 0:
            try:
                self._accept(
                    await self._post("/auth/renew", headers={"Authorization": f"Bearer {self._token}"})
                )
                return
            except TokenRejected:
                if not self._config.can_log_in:
                    raise
        if not self._config.can_log_in:
            raise TokenRejected(401, f"The Ingesta token has expired. {RENEW_HINT}")
        await self._log_in()

    async def _log_in(self) -> None:
        if not self._config.can_log_in:
            raise TokenRejected(401, f"No Ingesta token is configured. {RENEW_HINT}")
        credentials = {"username": self._config.username, "password": self._config.password}
        try:
            self._accept(await self._post("/auth/login", json=credentials))
        except TokenRejected as error:
            raise TokenRejected(
                401,
                f"INGESTA_USERNAME and INGESTA_PASSWORD_FILE were not accepted by the service "
                f"({error.detail.split('. ')[0]}); fix them and restart the Ingesta MCP server.",
            ) from None

    async def _post(self, path: str, **arguments: Any) -> Any:
        try:
            return _decoded(await self._client.post(path, **arguments))
        except httpx.HTTPError as error:
            raise ApiError(0, f"cannot reach the Ingesta service at {self._config.url}: {error}") from None

    def _accept(self, issued: dict[str, Any]) -> None:
        self._token = str(issued["access_token"])
        self._lifetime = float(issued["expires_in"])
        self._expires_at = self._clock() + self._lifetime


def _decoded(response: httpx.Response) -> Any:
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.status_code < 400 or _is_upload(body):
        return body  # a rejected upload (422) is an answer, not a failure
    detail = body.get("detail") if isinstance(body, dict) else None
    detail = str(detail or response.reason_phrase or f"HTTP {response.status_code}")
    if response.status_code == 401:
        raise TokenRejected(401, f"The Ingesta token is not accepted: {detail}. {RENEW_HINT}")
    raise ApiError(response.status_code, detail)


def _is_upload(body: object) -> bool:
    return isinstance(body, dict) and "id" in body and "status" in body and "validations" in body
