"""Builds the language model named by the provider setting."""

from __future__ import annotations

from adapters.ai.bedrock_model import BedrockModel
from adapters.ai.null_language_model import NullLanguageModel
from adapters.ai.openai_compatible_model import OpenAICompatibleModel
from application.ports.language_model import LanguageModel

PROVIDERS = ("none", "bedrock", "openai")


def language_model_from_settings(
    provider: str,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    timeout: float = 20.0,
) -> LanguageModel:
    """`none` (default, no calls), `bedrock` (model = model id) or `openai` (any compatible server).

    The request timeout itself is passed on every call by the use case; it is checked here so a bad
    setting fails at start-up rather than on the first upload.
    """
    if timeout <= 0:
        raise ValueError(f"language model timeout must be positive, got {timeout!r}")
    name = (provider or "none").strip().lower()
    if name == "none":
        return NullLanguageModel()
    if not model:
        raise ValueError(f"language model provider {name!r} needs a model name")
    if name == "bedrock":
        return BedrockModel(model_id=model)
    if name == "openai":
        if not base_url:
            raise ValueError(
                "language model provider 'openai' needs a base URL, e.g. https://api.openai.com/v1"
            )
        return OpenAICompatibleModel(base_url=base_url, model=model, api_key=api_key)
    raise ValueError(f"unknown language model provider {provider!r}; use one of: {', '.join(PROVIDERS)}")
