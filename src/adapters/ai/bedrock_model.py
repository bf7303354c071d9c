"""Amazon Bedrock through the Converse API, with the same AWS settings as S3."""

from __future__ import annotations

import asyncio
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from adapters.ai.json_answer import json_object
from application.ports.language_model import LanguageModelUnavailable

_TOOL = "answer"


class BedrockModel:
    """Forces structured output through a single tool whose input schema is the requested schema.

    boto3 is synchronous, so each call runs in a worker thread and is bounded by `timeout`.
    Region, credentials and `AWS_ENDPOINT_URL` come from the environment, as boto3 reads them.
    """

    def __init__(self, *, model_id: str, client: Any | None = None, max_tokens: int = 1024) -> None:
        self._model_id = model_id
        self._client = client
        self._max_tokens = max_tokens

    async def complete_json(
        self,
        system: str,
        user: str,
        schema: dict[str, Any],
        timeout: float,  # noqa: ASYNC109 - part of the port; bounds the worker thread below
    ) -> dict[str, Any]:
        try:
            return await asyncio.wait_for(
                asyncio.to_thread(self._converse, system, user, schema, timeout), timeout
            )
        except TimeoutError as error:
            raise LanguageModelUnavailable(f"the language model took longer than {timeout:g}s") from error
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "Unknown")
            raise LanguageModelUnavailable(f"Bedrock refused the request ({code})") from error
        except BotoCoreError as error:
            raise LanguageModelUnavailable(f"cannot reach Bedrock ({type(error).__name__})") from error

    def _converse(self, system: str, user: str, schema: dict[str, Any], timeout: float) -> dict[str, Any]:
        response = self._bedrock(timeout).converse(
            modelId=self._model_id,
            system=[{"text": system}],
            messages=[{"role": "user", "content": [{"text": user}]}],
            inferenceConfig={"maxTokens": self._max_tokens, "temperature": 0},
            toolConfig={
                "tools": [{"toolSpec": {"name": _TOOL, "inputSchema": {"json": schema}}}],
                "toolChoice": {"tool": {"name": _TOOL}},
            },
        )
        blocks = response.get("output", {}).get("message", {}).get("content", [])
        for block in blocks:
            tool_use = block.get("toolUse")
            if tool_use and isinstance(tool_use.get("input"), dict):
                return dict(tool_use["input"])
        # Models without tool choice may answer in plain text; take the JSON object out of it.
        return json_object("".join(block.get("text", "") for block in blocks))

    def _bedrock(self, timeout: float) -> Any:
        if self._client is None:
            config = Config(retries={"mode": "standard", "max_attempts": 2}, read_timeout=timeout)
            self._client = boto3.session.Session().client("bedrock-runtime", config=config)
        return self._client
