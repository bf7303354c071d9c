"""ProposeColumnMapping: which dataset column each of a file's headers most likely is."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from typing import Any

import msgspec

from application.ports.column_mappings import ColumnMappings
from application.ports.dataset_store import DatasetStore
from application.ports.language_model import LanguageModel
from application.uploads.dataset_columns import contract_columns_of
from domain.column_matching.pairing import Hint, Pair, Similarity, propose_pairs, sequence_similarity
from domain.column_matching.remembered_mapping import checked_headers, header_key
from domain.uploads.dataset_name import parse_dataset_name
from domain.validation.report import Column

_SYSTEM = (
    "You pair the headers of a CSV file with the columns of a database table; headers may be in Spanish "
    "or English. Answer only with JSON matching the schema: for each header that means one of the "
    "columns, that column and a confidence from 0 to 1. Leave out headers that match no column."
)
_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "column_mapping": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "source": {"type": "string"},
                    "target": {"type": "string"},
                    "confidence": {"type": "number"},
                },
                "required": ["source", "target", "confidence"],
            },
        }
    },
    "required": ["column_mapping"],
}


class _Answer(msgspec.Struct):
    column_mapping: list[Hint] = []


class ColumnMappingProposal(msgspec.Struct, frozen=True, kw_only=True):
    """One pair per file header; `remembered` when a saved mapping for this header set was used."""

    dataset: str
    headers: tuple[str, ...]
    remembered: bool
    dataset_columns: tuple[Column, ...]
    pairs: tuple[Pair, ...]


class ProposeColumnMapping:
    """A remembered mapping first, then same and similar names, then the language model (when one is
    configured) for what is left. Only header and column names reach the model, never a cell."""

    def __init__(
        self,
        *,
        datasets: DatasetStore,
        mappings: ColumnMappings,
        model: LanguageModel | None = None,
        similarity: Similarity = sequence_similarity,
        timeout: float = 20.0,
    ) -> None:
        self._datasets = datasets
        self._mappings = mappings
        self._model = model
        self._similarity = similarity
        self._timeout = timeout

    async def __call__(self, name: str, headers: Sequence[str]) -> ColumnMappingProposal:
        dataset = parse_dataset_name(name)
        sent = checked_headers(headers)
        known = await contract_columns_of(self._datasets, dataset)
        names = [column.name for column in known]
        saved = await self._mappings.get(dataset, header_key(sent))
        remembered = saved.renames if saved is not None else {}
        pairs = propose_pairs(sent, names, remembered=remembered, similarity=self._similarity)
        unpaired = [pair.source for pair in pairs if pair.target is None]
        free = [column for column in known if column.name not in {p.target for p in pairs}]
        if unpaired and free and self._model is not None:
            hints = await self._hints(unpaired, free)
            pairs = propose_pairs(
                sent, names, remembered=remembered, hints=hints, similarity=self._similarity
            )
        return ColumnMappingProposal(
            dataset=dataset, headers=sent, remembered=saved is not None, dataset_columns=known, pairs=pairs
        )

    async def _hints(self, unpaired: list[str], free: list[Column]) -> list[Hint]:
        """The model's pairs for what names alone left unpaired; none when it fails or is absent."""
        assert self._model is not None
        user = json.dumps(
            {"headers": unpaired, "columns": [{"name": c.name, "type": c.type} for c in free]},
            ensure_ascii=False,
        )
        try:
            raw = await asyncio.wait_for(
                self._model.complete_json(_SYSTEM, user, _SCHEMA, self._timeout), self._timeout
            )
            return msgspec.convert(raw, type=_Answer).column_mapping
        except Exception:
            # The proposal is a convenience: a missing or failing provider leaves the pairs to the user.
            return []
