"""Any `/chat/completions` server: OpenAI, Azure OpenAI, Ollama, vLLM, llama.cpp server."""

from __future__ import annotations

import asyncio
from typing import Any, Literal

import httpx

from adapters.ai.json_answer import json_object
from application.ports.language_model import LanguageModelUnavailable


class OpenAICompatibleModel:
    """Asks for structured output with `response_format` (`json_schema`, or `json_object` for older servers).

    `base_url` ends before `/chat/completions` (e.g. `https://api.openai.com/v1`,
    `http://localhost:11434/v1`). The key is sent as a bearer token and as `api-key` (Azure).
    """

    def __init__(
        self,
        *,
        base_url: str,
        model: str,
        api_key: str | None = None,
        response_format: Literal["json_schema", "json_object"] = "json_schema",
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self._url = base_url.rstrip("/") + "/chat/completions"
        self._model = model
        self._headers = {"Authorization": f"Bearer {api_key}", "api-key": api_key} if api_key else {}
        self._response_format = response_format
        self._client = client

    async def complete_json(
        self,
        system: str,
        user: str,
        schema: dict[str, Any],
        timeout: float,  # noqa: ASYNC109 - part of the port; also bounds the whole exchange below
    ) -> dict[str, Any]:
        body = {
            "model": self._model,
            "temperature": 0,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
            "response_format": self._format(schema),
        }
        try:
            response = await asyncio.wait_for(self._post(body, timeout), timeout)
        except (TimeoutError, httpx.TimeoutException) as error:
            raise LanguageModelUnavailable(f"the language model took longer than {timeout:g}s") from error
        except httpx.HTTPError as error:
            raise LanguageModelUnavailable(
                f"cannot reach the language model ({type(error).__name__})"
            ) from error
        if response.status_code >= 400:
            raise LanguageModelUnavailable(f"the language model answered HTTP {response.status_code}")
        return json_object(_content(response))

    async def _post(self, body: dict[str, Any], timeout: float) -> httpx.Response:  # noqa: ASYNC109
        if self._client is not None:
            return await self._client.post(self._url, json=body, headers=self._headers, timeout=timeout)
        async with httpx.AsyncClient(timeout=timeout) as client:
            return await client.post(self._url, json=body, headers=self._headers)

    def _format(self, schema: dict[str, Any]) -> dict[str, Any]:
        if self._response_format == "json_object":
            return {"type": "json_object"}
        return {"type": "json_schema", "json_schema": {"name": "answer", "schema": schema}}


def _content(response: httpx.Response) -> str:
    try:
        content = response.json()["choices"][0]["message"]["content"]
    except (ValueError, LookupError, TypeError) as error:
        raise LanguageModelUnavailable("the language model's response is not a chat completion") from error
    if not isinstance(content, str):
        raise LanguageModelUnavailable("the language model's response has no text content")
    return content
