from __future__ import annotations

import pytest

from adapters.ai.bedrock_model import BedrockModel
from adapters.ai.factory import language_model_from_settings
from adapters.ai.null_language_model import NullLanguageModel
from adapters.ai.openai_compatible_model import OpenAICompatibleModel
from application.ports.language_model import LanguageModelUnavailable
from application.use_cases.generate_insights import GenerateInsights, InsightSettings
from domain.validation.report import RowCounts, ValidationReport

pytestmark = pytest.mark.unit


def test_each_provider_name_builds_its_adapter() -> None:
    assert isinstance(language_model_from_settings("none"), NullLanguageModel)
    assert isinstance(language_model_from_settings("bedrock", "anthropic.claude-3-haiku"), BedrockModel)
    openai = language_model_from_settings("OpenAI", "gpt-4o-mini", "http://127.0.0.1:11434/v1", "k")
    assert isinstance(openai, OpenAICompatibleModel)


@pytest.mark.parametrize(
    ("provider", "model", "base_url", "message"),
    [
        ("gemini", "x", None, "unknown language model provider 'gemini'"),
        ("openai", "gpt", None, "needs a base URL"),
        ("bedrock", None, None, "needs a model name"),
    ],
)
def test_bad_settings_fail_with_a_clear_message(
    provider: str, model: str | None, base_url: str | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        language_model_from_settings(provider, model, base_url)


def test_a_non_positive_timeout_is_refused() -> None:
    with pytest.raises(ValueError, match="timeout must be positive"):
        language_model_from_settings("none", timeout=0)


async def test_the_null_model_is_unavailable_at_once() -> None:
    with pytest.raises(LanguageModelUnavailable, match="no provider configured"):
        await NullLanguageModel().complete_json("s", "u", {}, timeout=1)


async def test_insights_without_a_provider_are_unavailable_not_an_error() -> None:
    report = ValidationReport("utf-8", ",", (), RowCounts(), ())

    result = await GenerateInsights(NullLanguageModel())(report, None, "es", InsightSettings())

    assert result.insights.status == "unavailable"
    assert result.insights.reason == "no provider configured"
