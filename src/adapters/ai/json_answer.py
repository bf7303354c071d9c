"""Reads a model's text answer as one JSON object, tolerating a code fence or prose around it."""

from __future__ import annotations

import json
from typing import Any

from application.ports.language_model import LanguageModelUnavailable


def json_object(text: str) -> dict[str, Any]:
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        raise LanguageModelUnavailable("the language model answered without a JSON object")
    try:
        value = json.loads(text[start : end + 1])
    except json.JSONDecodeError as error:
        raise LanguageModelUnavailable(f"the language model answered malformed JSON ({error.msg})") from error
    if not isinstance(value, dict):
        raise LanguageModelUnavailable("the language model answered JSON that is not an object")
    return value
