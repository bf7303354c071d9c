"""ProposeColumnMapping and RememberColumnMapping over in-memory fakes."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from tests.support.auth_fakes import FixedClock
from tests.support.column_mapping_fakes import InMemoryColumnMappings
from tests.support.upload_fakes import InMemoryDatasetStore

from application.errors import NotFound
from application.use_cases.propose_column_mapping import ProposeColumnMapping
from application.use_cases.remember_column_mapping import RememberColumnMapping
from domain.column_matching.pairing import Basis
from domain.contracts.table_schema import parse_table_schema
from domain.errors import DomainValidationError

pytestmark = pytest.mark.unit

HEADERS = ["Fecha de venta", "Cliente", "Importe"]
VENTAS = parse_table_schema(
    json.dumps(
        {
            "fields": [
                {"name": "fecha_venta", "type": "date"},
                {"name": "cliente", "type": "string"},
                {"name": "amount", "type": "number"},
            ]
        }
    )
)


class ScriptedModel:
    def __init__(self, answer: dict[str, object] | Exception) -> None:
        self.answer = answer
        self.prompts: list[str] = []

    async def complete_json(self, system: str, user: str, schema: dict, timeout: float) -> dict:  # type: ignore[type-arg]
        self.prompts.append(user)
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


class World:
    def __init__(self) -> None:
        self.datasets = InMemoryDatasetStore()
        self.mappings = InMemoryColumnMappings()
        self.clock = FixedClock(datetime(2026, 12, 1, 20, 0, tzinfo=UTC))
        self.remember = RememberColumnMapping(
            datasets=self.datasets, mappings=self.mappings, clock=self.clock
        )

    def propose(self, model: ScriptedModel | None = None) -> ProposeColumnMapping:
        return ProposeColumnMapping(datasets=self.datasets, mappings=self.mappings, model=model)


@pytest.fixture
async def world() -> World:
    w = World()
    await w.datasets.put_contract("ventas", VENTAS, if_match=None)
    return w


async def test_without_a_model_names_pair_and_a_translation_stays_unpaired(world: World) -> None:
    proposal = await world.propose()("ventas", HEADERS)

    assert [(p.source, p.target) for p in proposal.pairs] == [
        ("Fecha de venta", "fecha_venta"),
        ("Cliente", "cliente"),
        ("Importe", None),
    ]
    assert not proposal.remembered
    assert [c.name for c in proposal.dataset_columns] == ["fecha_venta", "cliente", "amount"]


async def test_a_configured_model_pairs_what_is_left_and_sees_no_cell(world: World) -> None:
    model = ScriptedModel({"column_mapping": [{"source": "Importe", "target": "amount", "confidence": 0.9}]})

    proposal = await world.propose(model)("ventas", HEADERS)

    assert proposal.pairs[2].target == "amount" and proposal.pairs[2].basis is Basis.MODEL
    assert json.loads(model.prompts[0]) == {
        "headers": ["Importe"],
        "columns": [{"name": "amount", "type": "decimal"}],
    }


async def test_a_failing_model_leaves_the_pair_to_the_user(world: World) -> None:
    proposal = await world.propose(ScriptedModel(RuntimeError("down")))("ventas", HEADERS)

    assert proposal.pairs[2].target is None


async def test_a_remembered_mapping_is_proposed_as_remembered(world: World) -> None:
    await world.remember("ventas", HEADERS, {"Importe": "amount", "Fecha de venta": "fecha_venta"}, "u-1")

    proposal = await world.propose()("ventas", list(reversed(HEADERS)))

    assert proposal.remembered
    assert {p.source: (p.target, p.basis) for p in proposal.pairs} == {
        "Importe": ("amount", Basis.REMEMBERED),
        "Cliente": ("cliente", Basis.SAME_NAME),
        "Fecha de venta": ("fecha_venta", Basis.REMEMBERED),
    }


async def test_remembering_again_replaces_the_mapping_of_that_header_set(world: World) -> None:
    first = await world.remember("ventas", HEADERS, {"Importe": "amount"}, "u-1")
    second = await world.remember("ventas", HEADERS, {"Importe": "amount", "Cliente": "cliente"}, "u-2")

    assert first.created and not second.created
    [saved] = world.mappings.saved.values()
    assert saved.columns == (("Importe", "amount"), ("Cliente", "cliente"))
    assert saved.saved_by == "u-2" and saved.saved_at == world.clock.now()


async def test_a_pair_onto_an_unknown_column_is_refused_and_nothing_is_kept(world: World) -> None:
    with pytest.raises(DomainValidationError, match="not a column of dataset 'ventas'"):
        await world.remember("ventas", HEADERS, {"Importe": "importe"}, "u-1")

    assert world.mappings.saved == {}


async def test_a_dataset_without_a_contract_has_nothing_to_pair_with(world: World) -> None:
    with pytest.raises(NotFound, match="no contract yet"):
        await world.propose()("compras", HEADERS)
    with pytest.raises(NotFound):
        await world.remember("compras", HEADERS, {}, "u-1")
