"""Hand-written fakes for the observability ports: they keep what a test asserts on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from domain.uploads.upload import Upload, UploadStatus


class RecordingTracer:
    def __init__(self) -> None:
        self.open: list[str] = []
        self.finished: list[str] = []
        self.failed: list[str] = []

    @contextmanager
    def span(self, name: str) -> Iterator[None]:
        self.open.append(name)
        try:
            yield
        except BaseException:
            self.failed.append(name)
            raise
        finally:
            self.open.remove(name)
            self.finished.append(name)


class RecordingUploadMetrics:
    def __init__(self) -> None:
        self.finished_uploads: list[tuple[UploadStatus, int, int]] = []

    def finished(self, upload: Upload) -> None:
        self.finished_uploads.append((upload.status, upload.rows.total, upload.rows.loaded))
