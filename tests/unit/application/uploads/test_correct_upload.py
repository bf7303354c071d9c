"""CorrectUpload over in-memory fakes: the corrected file comes from the archive plus the edits, and
becomes a new upload that names the one it corrects."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from tests.support.auth_fakes import FixedClock
from tests.support.fake_upload_units import FakeUploadUnits
from tests.support.upload_fakes import InMemoryDatasetStore, InMemoryObjectStore, InMemoryUploadRepository
from tests.support.validators import VALIDATOR

from application.errors import Conflict, NotFound, UnprocessableRequest
from application.use_cases.correct_upload import CorrectUpload
from application.use_cases.upload_csv import UploadCommand, UploadCsv
from domain.auth.claims import TokenClaims
from domain.auth.role import Role
from domain.uploads.cell_corrections import CellEdit
from domain.uploads.upload import OnError, Upload, UploadStatus

pytestmark = pytest.mark.unit

# Row 3's price is not a number; codes keep their leading zeros.
ORIGINAL = b"code;name;price\n0042;Ana;10,50\n0043;Luis;abc\n0044;Marta;3,00\n" + b"".join(
    f"{i:04d};N{i};{i},25\n".encode() for i in range(45, 60)
)


def _claims(user_id: str, role: Role) -> TokenClaims:
    return TokenClaims(
        sub=user_id,
        user_id=user_id,
        role=role,
        iat=0,
        nbf=0,
        exp=1,
        jti="j",
        iss="i",
        aud="a",
        sid="s",
        auth_time=0,
    )


OWNER = _claims("user-1", Role.UPLOADER)
STRANGER = _claims("user-2", Role.UPLOADER)
ADMIN = _claims("root", Role.ADMIN)


class World:
    def __init__(self) -> None:
        self.clock = FixedClock(datetime(2026, 12, 1, 12, 0, tzinfo=UTC))
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
        self.correct = CorrectUpload(
            uploads=self.uploads, datasets=self.datasets, objects=self.objects, validator=VALIDATOR
        )

    async def upload(self, content: bytes, on_error: OnError = OnError.REJECT) -> Upload:
        return await self.upload_csv(
            UploadCommand(
                dataset="sales",
                on_error=on_error,
                filename="sales.csv",
                uploaded_by="user-1",
                role=Role.UPLOADER,
                source=io.BytesIO(content),
            )
        )

    async def corrected(self, upload_id: str, edits: list[CellEdit], viewer: TokenClaims = OWNER) -> Upload:
        command = await self.correct(upload_id, edits, viewer)
        try:
            return await self.upload_csv(command)
        finally:
            command.source.close()


@pytest.fixture
def world() -> World:
    return World()


async def test_a_rejected_upload_corrected_loads_as_a_new_upload_naming_it(world: World) -> None:
    rejected = await world.upload(ORIGINAL)
    assert rejected.status is UploadStatus.REJECTED

    fixed = await world.corrected(rejected.id, [CellEdit(row=3, column="price", value="7,25")])

    assert fixed.status is UploadStatus.LOADED
    assert fixed.id != rejected.id
    assert fixed.corrects == rejected.id
    assert fixed.rows.loaded == fixed.rows.total == 18
    stored = await world.uploads.get(fixed.id)
    assert stored is not None and stored.corrects == rejected.id
    # The corrected file is archived as its own object; the original stays as it was.
    assert world.objects.objects[rejected.object_key] == ORIGINAL
    corrected_bytes = world.objects.objects[fixed.object_key]
    assert corrected_bytes.splitlines()[2] == b"0043;Luis;7,25"
    # Leading zeros stay: the codes are text exactly as written.
    assert {row.values[0] for row in world.datasets.rows["sales"]} >= {"0042", "0043", "0044"}


async def test_a_correction_that_still_fails_is_rejected_and_still_names_the_original(world: World) -> None:
    rejected = await world.upload(ORIGINAL)

    again = await world.corrected(rejected.id, [CellEdit(row=3, column="price", value="still-bad")])

    assert again.status is UploadStatus.REJECTED
    assert again.corrects == rejected.id
    assert "sales" not in world.datasets.rows or not world.datasets.rows["sales"]


async def test_a_partly_loaded_upload_sends_only_the_rows_left_out(world: World) -> None:
    partial = await world.upload(ORIGINAL, on_error=OnError.SKIP)
    assert partial.rows.loaded == 17

    fixed = await world.corrected(partial.id, [CellEdit(row=3, column="price", value="7,25")])

    assert fixed.status is UploadStatus.LOADED
    assert fixed.rows.total == 1 and fixed.rows.loaded == 1
    # Every row of the file is in the dataset exactly once.
    assert sorted(str(row.values[0]) for row in world.datasets.rows["sales"]) == [
        f"{i:04d}" for i in range(42, 60)
    ]


async def test_a_loaded_row_of_a_partly_loaded_upload_is_not_corrected(world: World) -> None:
    partial = await world.upload(ORIGINAL, on_error=OnError.SKIP)

    with pytest.raises(UnprocessableRequest, match="row 2 was loaded already"):
        await world.correct(partial.id, [CellEdit(row=2, column="name", value="Ana María")], OWNER)


async def test_a_fully_loaded_upload_cannot_be_corrected(world: World) -> None:
    loaded = await world.upload(b"code,name\n1,Ana\n2,Luis\n")

    with pytest.raises(Conflict, match="only a rejected or partly loaded upload"):
        await world.correct(loaded.id, [CellEdit(row=2, column="name", value="x")], OWNER)


async def test_only_the_owner_or_an_admin_may_correct(world: World) -> None:
    rejected = await world.upload(ORIGINAL)
    edits = [CellEdit(row=3, column="price", value="7,25")]

    with pytest.raises(NotFound):
        await world.correct(rejected.id, edits, STRANGER)
    by_admin = await world.corrected(rejected.id, edits, ADMIN)

    assert by_admin.corrects == rejected.id and by_admin.uploaded_by == "root"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (CellEdit(row=99, column="price", value="1"), "row 99 is not in the file: its last row is 19"),
        (CellEdit(row=3, column="prize", value="1"), "no column 'prize'"),
        (CellEdit(row=1, column="price", value="1"), "row 1 is not a data row"),
    ],
)
async def test_a_bad_row_or_column_is_refused_and_nothing_is_recorded(
    world: World, edit: CellEdit, message: str
) -> None:
    rejected = await world.upload(ORIGINAL)

    with pytest.raises(UnprocessableRequest, match=message):
        await world.correct(rejected.id, [edit], OWNER)

    assert list(world.uploads.records) == [rejected.id]
    assert len(world.objects.objects) == 1


async def test_more_edits_than_the_bound_are_refused_naming_it(world: World) -> None:
    rejected = await world.upload(ORIGINAL)
    edits = [CellEdit(row=row, column="name", value="x") for row in range(2, 53)]

    with pytest.raises(UnprocessableRequest, match="at most 50 cells"):
        await world.correct(rejected.id, edits, OWNER)
