from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.stub import ANY, Stubber

from adapters.ai.bedrock_model import BedrockModel
from application.ports.language_model import LanguageModelUnavailable

pytestmark = pytest.mark.unit

SCHEMA = {"type": "object", "properties": {"summary": {"type": "string"}}}


@pytest.fixture
def stubbed() -> Iterator[tuple[Any, Stubber]]:
    client = boto3.client(
        "bedrock-runtime",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def _response(*content: dict[str, Any]) -> dict[str, Any]:
    return {
        "output": {"message": {"role": "assistant", "content": list(content)}},
        "stopReason": "tool_use",
        "usage": {"inputTokens": 10, "outputTokens": 5, "totalTokens": 15},
        "metrics": {"latencyMs": 12},
    }


async def test_the_tool_input_is_the_answer_and_the_request_forces_the_schema(
    stubbed: tuple[Any, Stubber],
) -> None:
    client, stubber = stubbed
    expected = {
        "modelId": "anthropic.claude-3-haiku",
        "system": [{"text": "sys"}],
        "messages": [{"role": "user", "content": [{"text": "usr"}]}],
        "inferenceConfig": ANY,
        "toolConfig": {
            "tools": [{"toolSpec": {"name": "answer", "inputSchema": {"json": SCHEMA}}}],
            "toolChoice": {"tool": {"name": "answer"}},
        },
    }
    tool_use = {"toolUse": {"toolUseId": "t1", "name": "answer", "input": {"summary": "bien"}}}
    stubber.add_response("converse", _response(tool_use), expected)

    answer = await BedrockModel(model_id="anthropic.claude-3-haiku", client=client).complete_json(
        "sys", "usr", SCHEMA, timeout=5
    )

    assert answer == {"summary": "bien"}


async def test_a_plain_text_json_answer_is_read(stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = stubbed
    stubber.add_response("converse", _response({"text": 'Here: {"summary": "text"}'}))

    answer = await BedrockModel(model_id="m", client=client).complete_json("s", "u", SCHEMA, timeout=5)

    assert answer == {"summary": "text"}


async def test_a_text_answer_without_json_is_unavailable(stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = stubbed
    stubber.add_response("converse", _response({"text": "I cannot help with that"}))

    with pytest.raises(LanguageModelUnavailable, match="without a JSON object"):
        await BedrockModel(model_id="m", client=client).complete_json("s", "u", SCHEMA, timeout=5)


async def test_a_throttled_request_is_unavailable(stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = stubbed
    stubber.add_client_error("converse", service_error_code="ThrottlingException", http_status_code=429)

    with pytest.raises(LanguageModelUnavailable, match="ThrottlingException"):
        await BedrockModel(model_id="m", client=client).complete_json("s", "u", SCHEMA, timeout=5)
