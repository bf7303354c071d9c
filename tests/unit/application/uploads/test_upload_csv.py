"""UploadCsv end to end over in-memory fakes: what is stored, loaded and recorded in each situation."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from tests.support.auth_fakes import FixedClock
from tests.support.fake_upload_units import FakeUploadUnitOfWork, FakeUploadUnits
from tests.support.upload_fakes import (
    InMemoryDatasetStore,
    InMemoryObjectStore,
    InMemoryUploadRepository,
)
from tests.support.validators import VALIDATOR

from application.errors import (
    Conflict,
    DatabaseUnavailable,
    InvalidInput,
    ObjectStoreUnavailable,
    UnsupportedContent,
)
from application.ports.dataset_store import LoadResult
from application.uploads.upload_command import UploadCommand
from application.use_cases.upload_csv import UploadCsv
from domain.auth.role import Role
from domain.errors import DomainValidationError
from domain.uploads.upload import OnError, UploadStatus

pytestmark = pytest.mark.unit

CLEAN = b"id,name,price\n1,Ana,10.50\n2,Luis,7.25\n3,Marta,3.00\n"
WITH_ERRORS = b"id,name,price\n1,Ana,10.50\n2,Luis,not-a-price\n3,Marta,3.00\n" + b"".join(
    f"{i},Name{i},{i}.25\n".encode() for i in range(4, 60)
)


class World:
    def __init__(self) -> None:
        self.clock = FixedClock(datetime(2026, 11, 28, 12, 0, tzinfo=UTC))
        self.uploads = InMemoryUploadRepository()
        self.datasets = InMemoryDatasetStore()
        self.objects = InMemoryObjectStore()
        self.upload_csv = UploadCsv(
            validator=VALIDATOR,
            units=FakeUploadUnits(self.uploads, self.datasets),
            datasets=self.datasets,
            objects=self.objects,
            clock=self.clock,
        )

    async def upload(
        self,
        content: bytes,
        *,
        dataset: str = "sales",
        on_error: OnError = OnError.REJECT,
        uploaded_by: str = "user-1",
    ):
        command = UploadCommand(
            dataset=dataset,
            on_error=on_error,
            filename="../../etc/sales.csv",
            uploaded_by=uploaded_by,
            role=Role.UPLOADER,
            source=io.BytesIO(content),
        )
        return await self.upload_csv(command)


@pytest.fixture
def world() -> World:
    return World()


async def test_a_clean_file_is_archived_loaded_and_recorded(world: World) -> None:
    upload = await world.upload(CLEAN)

    assert upload.status is UploadStatus.LOADED
    assert world.objects.objects[upload.object_key] == CLEAN
    assert upload.object_key == f"sales/2026/11/28/{upload.id}.csv"
    assert [row.row for row in world.datasets.rows["sales"]] == [2, 3, 4]
    assert upload.rows.total == 3 and upload.rows.loaded == 3
    assert world.uploads.records[upload.id].status is UploadStatus.LOADED
    assert upload.filename == "sales.csv"


async def test_reject_loads_nothing_but_archives_and_records_the_file(world: World) -> None:
    upload = await world.upload(WITH_ERRORS, on_error=OnError.REJECT)

    assert upload.status is UploadStatus.REJECTED
    assert "sales" not in world.datasets.rows
    assert world.objects.objects[upload.object_key] == WITH_ERRORS
    assert world.uploads.records[upload.id].status is UploadStatus.REJECTED
    failed = {v.rule for v in upload.validations if v.status == "failed"}
    assert "type-error" in failed


async def test_skip_loads_only_the_rows_without_errors(world: World) -> None:
    upload = await world.upload(WITH_ERRORS, on_error=OnError.SKIP)

    loaded_rows = {row.row for row in world.datasets.rows["sales"]}
    assert upload.status is UploadStatus.LOADED
    assert 3 not in loaded_rows and 2 in loaded_rows
    assert upload.rows.loaded == len(loaded_rows) == upload.rows.valid


async def test_accept_loads_every_row_with_invalid_cells_as_null(world: World) -> None:
    upload = await world.upload(WITH_ERRORS, on_error=OnError.ACCEPT)

    rows = {row.row: row.values for row in world.datasets.rows["sales"]}
    assert upload.rows.loaded == len(rows) == upload.rows.total
    assert rows[3][2] is None


async def test_another_users_identical_file_is_a_conflict_that_does_not_name_their_upload(
    world: World,
) -> None:
    first = await world.upload(CLEAN, uploaded_by="user-1")

    with pytest.raises(Conflict) as conflict:
        await world.upload(CLEAN, uploaded_by="user-2")

    assert conflict.value.existing_id is None
    assert first.id not in conflict.value.detail
    assert len(world.datasets.rows["sales"]) == 3


async def test_the_same_content_twice_into_a_dataset_is_a_conflict_naming_the_first(world: World) -> None:
    first = await world.upload(CLEAN)

    with pytest.raises(Conflict) as conflict:
        await world.upload(CLEAN)

    assert conflict.value.existing_id == first.id
    assert len(world.datasets.rows["sales"]) == 3
    assert len(world.objects.objects) == 1


async def test_the_same_content_into_another_dataset_is_fine(world: World) -> None:
    await world.upload(CLEAN, dataset="sales")
    other = await world.upload(CLEAN, dataset="sales_copy")

    assert other.status is UploadStatus.LOADED


async def test_object_store_down_loads_nothing_and_leaves_a_failed_record(world: World) -> None:
    world.objects.available = False

    with pytest.raises(ObjectStoreUnavailable):
        await world.upload(CLEAN)

    assert world.datasets.rows == {}
    (record,) = world.uploads.records.values()
    assert record.status is UploadStatus.FAILED


async def test_database_failure_mid_load_keeps_no_rows_and_marks_the_upload_failed(world: World) -> None:
    world.datasets.fail_after_batches = 0

    with pytest.raises(DatabaseUnavailable):
        await world.upload(CLEAN)

    assert world.datasets.rows == {}
    (record,) = world.uploads.records.values()
    assert record.status is UploadStatus.FAILED
    assert record.rows.loaded == 0
    assert record.object_key in world.objects.objects  # archived and tracked


async def test_database_down_before_anything_stores_nothing(world: World) -> None:
    world.uploads.available = False

    with pytest.raises(DatabaseUnavailable):
        await world.upload(CLEAN)

    assert world.objects.objects == {}


async def test_a_binary_file_is_refused_before_anything_is_stored(world: World) -> None:
    with pytest.raises(UnsupportedContent, match="ZIP"):
        await world.upload(b"PK\x03\x04" + b"\x00" * 100)

    assert world.objects.objects == {}
    assert [(u.status, u.object_key) for u in world.uploads.records.values()] == [(UploadStatus.REFUSED, "")]


@pytest.mark.parametrize("name", ["Sales", "1sales", "sales-2024", "", "a" * 64, "ventas;drop"])
async def test_an_invalid_dataset_name_is_refused_with_the_rule(world: World, name: str) -> None:
    with pytest.raises((DomainValidationError, InvalidInput), match="lower-case"):
        await world.upload(CLEAN, dataset=name)

    assert world.objects.objects == {}


async def test_a_second_upload_is_checked_against_the_established_schema(world: World) -> None:
    await world.upload(CLEAN)

    second = await world.upload(b"id,name\n9,Zoe\n", on_error=OnError.REJECT)

    assert second.status is UploadStatus.REJECTED
    mismatch = next(v for v in second.validations if v.rule == "schema-mismatch")
    assert mismatch.status == "failed"


class ScriptedModel:
    """A language model that always answers the same structured output."""

    def __init__(self, answer: dict[str, object]) -> None:
        self.answer = answer
        self.prompts: list[str] = []

    async def complete_json(self, system: str, user: str, schema: dict[str, object], timeout: float) -> dict:  # type: ignore[type-arg]
        self.prompts.append(user)
        return self.answer


MAPPING_ANSWER = {
    "summary": "The price column is called precio in this file.",
    "suggestions": ["Rename precio to price"],
    "column_mapping": [{"source": "precio", "target": "price", "confidence": 0.97}],
}


def with_model(world: World, *, automap: bool) -> ScriptedModel:
    from application.use_cases.generate_insights import GenerateInsights, InsightSettings

    model = ScriptedModel(MAPPING_ANSWER)
    world.upload_csv = UploadCsv(
        validator=VALIDATOR,
        units=FakeUploadUnits(world.uploads, world.datasets),
        datasets=world.datasets,
        objects=world.objects,
        clock=world.clock,
        insights=GenerateInsights(model),
        insight_settings=InsightSettings(automap=automap, threshold=0.9),
    )
    return model


async def test_an_accepted_ai_column_mapping_is_applied_before_loading(world: World) -> None:
    await world.upload(CLEAN)
    model = with_model(world, automap=True)

    upload = await world.upload(b"id,name,precio\n4,Eva,1.50\n", on_error=OnError.REJECT)

    assert upload.status is UploadStatus.LOADED
    assert [c.name for c in upload.columns] == ["id", "name", "price"]
    mapping = next(v for v in upload.validations if v.rule == "column-mapping")
    assert "applied" in mapping.samples[0].message
    assert upload.insights is not None and upload.insights["status"] == "ok"
    assert "Eva" not in model.prompts[0]  # no cell values leave without INGESTA_AI_SHARE_SAMPLES


async def test_a_proposed_mapping_is_only_reported_when_automap_is_off(world: World) -> None:
    await world.upload(CLEAN)
    with_model(world, automap=False)

    upload = await world.upload(b"id,name,precio\n4,Eva,1.50\n", on_error=OnError.REJECT)

    assert upload.status is UploadStatus.REJECTED
    mapping = next(v for v in upload.validations if v.rule == "column-mapping")
    assert "not applied" in mapping.samples[0].message


async def test_of_two_concurrent_uploads_of_the_same_content_one_loads_and_one_conflicts(
    world: World,
) -> None:
    import asyncio

    outcomes = await asyncio.gather(world.upload(CLEAN), world.upload(CLEAN), return_exceptions=True)

    loaded = [o for o in outcomes if not isinstance(o, BaseException)]
    conflicts = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(loaded) == 1 and len(conflicts) == 1
    assert conflicts[0].existing_id == loaded[0].id
    assert len(world.datasets.rows["sales"]) == 3
    # The second waited for the first and was refused before anything of it was archived: only the refused
    # attempt is recorded, for its sender's history.
    statuses = [record.status for record in world.uploads.records.values()]
    assert statuses == [UploadStatus.LOADED, UploadStatus.REFUSED]
    assert list(world.objects.objects) == [loaded[0].object_key]


async def test_a_race_lost_to_another_users_upload_does_not_name_it(world: World) -> None:
    import asyncio

    outcomes = await asyncio.gather(
        world.upload(CLEAN, uploaded_by="user-1"),
        world.upload(CLEAN, uploaded_by="user-2"),
        return_exceptions=True,
    )

    loaded = [o for o in outcomes if not isinstance(o, BaseException)]
    conflicts = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(loaded) == 1 and len(conflicts) == 1
    assert conflicts[0].existing_id is None
    assert loaded[0].id not in conflicts[0].detail
    # Identical uploads take turns in one process: the second is refused before anything is recorded.
    assert all(loaded[0].id not in (record.failure or "") for record in world.uploads.records.values())


async def test_an_unexpected_error_leaves_a_failed_record_never_a_received_one(world: World) -> None:
    def broken_rules(contract: object = None) -> tuple[()]:
        raise ValueError("a bug in a rule")

    world.upload_csv = UploadCsv(
        validator=VALIDATOR,
        units=FakeUploadUnits(world.uploads, world.datasets),
        datasets=world.datasets,
        objects=world.objects,
        clock=world.clock,
        extra_rules=broken_rules,
    )

    with pytest.raises(ValueError, match="a bug"):
        await world.upload(CLEAN)

    (record,) = world.uploads.records.values()
    assert record.status is UploadStatus.FAILED
    assert record.failure == "processing failed; no row was kept"
    assert record.object_key in world.objects.objects


async def test_a_cancelled_upload_is_recorded_as_interrupted(world: World) -> None:
    import asyncio

    started = asyncio.Event()

    class SlowLoad(FakeUploadUnitOfWork):
        async def __aenter__(self) -> SlowLoad:
            async def slow_load(_: object) -> LoadResult:
                started.set()
                await asyncio.sleep(60)
                return LoadResult()

            self.datasets.load = slow_load  # type: ignore[method-assign]
            return self

    world.upload_csv = UploadCsv(
        validator=VALIDATOR,
        units=FakeUploadUnits(world.uploads, world.datasets, unit=SlowLoad),
        datasets=world.datasets,
        objects=world.objects,
        clock=world.clock,
    )
    task = asyncio.create_task(world.upload(CLEAN))
    await started.wait()
    task.cancel()

    with pytest.raises(asyncio.CancelledError):
        await task
    (record,) = world.uploads.records.values()
    assert record.status is UploadStatus.FAILED
    assert "interrupted" in (record.failure or "")


@pytest.mark.parametrize("on_error", [OnError.SKIP, OnError.ACCEPT])
async def test_a_file_that_does_not_match_the_dataset_loads_under_no_policy(
    world: World, on_error: OnError
) -> None:
    await world.upload(CLEAN)

    upload = await world.upload(b"id,name,extra\n11,z,1\n", on_error=on_error)

    assert upload.status is UploadStatus.REJECTED
    assert [c.name for c in world.datasets.schemas["sales"]] == ["id", "name", "price"]
    assert len(world.datasets.rows["sales"]) == 3


@pytest.mark.parametrize("on_error", [OnError.REJECT, OnError.SKIP, OnError.ACCEPT])
async def test_a_header_only_file_does_not_establish_a_dataset(world: World, on_error: OnError) -> None:
    upload = await world.upload(b"id,name\n", on_error=on_error)

    assert upload.status is UploadStatus.REJECTED
    assert "sales" not in world.datasets.schemas


@pytest.mark.parametrize("name", ["sales ", "sales\n", "\tsales"])
async def test_a_dataset_name_with_surrounding_whitespace_is_refused(world: World, name: str) -> None:
    with pytest.raises(DomainValidationError):
        await world.upload(CLEAN, dataset=name)


async def test_the_extra_rules_are_built_for_the_dataset_contract(world: World) -> None:
    given: list[object] = []

    def recording_rules(contract: object = None) -> tuple[()]:
        given.append(contract)
        return ()

    world.upload_csv = UploadCsv(
        validator=VALIDATOR,
        units=FakeUploadUnits(world.uploads, world.datasets),
        datasets=world.datasets,
        objects=world.objects,
        clock=world.clock,
        extra_rules=recording_rules,
    )

    await world.upload(CLEAN)
    await world.upload(CLEAN.replace(b"Ana", b"Eva"))

    assert given == [None, world.datasets.contracts["sales"][-1]]


def with_mappings(world: World) -> object:
    from tests.support.column_mapping_fakes import InMemoryColumnMappings

    mappings = InMemoryColumnMappings()
    world.upload_csv = UploadCsv(
        validator=VALIDATOR,
        units=FakeUploadUnits(world.uploads, world.datasets),
        datasets=world.datasets,
        objects=world.objects,
        clock=world.clock,
        mappings=mappings,
    )
    return mappings


async def test_a_remembered_mapping_is_applied_to_the_next_file_with_those_headers(world: World) -> None:
    from application.use_cases.remember_column_mapping import RememberColumnMapping

    await world.upload(CLEAN)
    mappings = with_mappings(world)
    remember = RememberColumnMapping(datasets=world.datasets, mappings=mappings, clock=world.clock)  # type: ignore[arg-type]
    await remember("sales", ["Id", "Nombre", "Precio"], {"Nombre": "name", "Precio": "price"}, "user-1")

    upload = await world.upload(b"Precio,Id,Nombre\n1.50,4,Eva\n")

    assert upload.status is UploadStatus.LOADED
    assert [(c.source_name, c.name) for c in upload.columns] == [
        ("Precio", "price"),
        ("Id", "id"),
        ("Nombre", "name"),
    ]
    applied = next(v for v in upload.validations if v.rule == "remembered-mapping")
    assert applied.severity == "info" and applied.count == 2
    assert applied.samples[0].message == "header 'Nombre' loaded as column 'name' (a remembered mapping)"


async def test_a_file_with_other_headers_is_not_mapped(world: World) -> None:
    from application.use_cases.remember_column_mapping import RememberColumnMapping

    await world.upload(CLEAN)
    mappings = with_mappings(world)
    remember = RememberColumnMapping(datasets=world.datasets, mappings=mappings, clock=world.clock)  # type: ignore[arg-type]
    await remember("sales", ["Id", "Nombre", "Precio"], {"Nombre": "name", "Precio": "price"}, "user-1")

    upload = await world.upload(b"Id,Nombre,Precio,Extra\n4,Eva,1.50,x\n")

    assert upload.status is UploadStatus.REJECTED
    assert not any(v.rule == "remembered-mapping" for v in upload.validations)
    assert next(v for v in upload.validations if v.rule == "schema-mismatch").status == "failed"
