"""A job's rows validated grow while its file is validated, not only once validation has ended."""

from __future__ import annotations

import pytest
from tests.support.job_world import World
from tests.support.validators import UnhurriedValidator

from application.uploads import checked_rows
from domain.uploads.upload import UploadProgress, UploadStatus

pytestmark = pytest.mark.unit

ROWS = 3_000  # about 60 KB: some fifteen of the validator's 4 KiB blocks, each a batch to tell


def unhurried() -> UnhurriedValidator:
    return UnhurriedValidator(pause=0.02, block_bytes=1 << 12)


CSV = b"id,name,price\n" + b"".join(b"%d,name %d,%d.50\n" % (i, i, i) for i in range(1, ROWS + 1))


async def test_rows_validated_are_reported_between_none_and_all_while_validating(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(checked_rows, "SAMPLE_EVERY_SECONDS", 0.01)
    world = World(validator=unhurried())  # type: ignore[arg-type]
    upload_id = await world.accepted(CSV)

    await world.queue.run_all(world.worker())

    during = [p.rows_validated for p in world.leases.reports if p.phase == UploadStatus.VALIDATING.value]
    assert any(0 < rows < ROWS for rows in during), world.leases.reports
    assert during == sorted(during) and max(during) < ROWS
    assert world.uploads.records[upload_id].progress == UploadProgress(
        phase="loaded", rows_validated=ROWS, rows_loaded=ROWS, rows_expected=ROWS
    )


async def test_rows_validated_never_pass_the_rows_the_file_has_when_it_has_more_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A blank line after each row: twice the lines expected, half of them rows. A share of the file read
    # times the lines expected showed up to twice the rows there are.
    monkeypatch.setattr(checked_rows, "SAMPLE_EVERY_SECONDS", 0.01)
    spaced = b"id,name,price\n" + b"".join(b"%d,name %d,%d.50\n\n" % (i, i, i) for i in range(1, ROWS + 1))
    world = World(validator=unhurried())  # type: ignore[arg-type]
    upload_id = await world.accepted(spaced)

    await world.queue.run_all(world.worker())

    during = [p.rows_validated for p in world.leases.reports if p.phase == UploadStatus.VALIDATING.value]
    assert any(0 < rows < ROWS for rows in during), world.leases.reports
    assert during == sorted(during) and max(during) < ROWS
    final = world.uploads.records[upload_id].progress
    assert final is not None and final.rows_validated == ROWS and final.rows_expected == 2 * ROWS
