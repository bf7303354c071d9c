"""UploadMetrics: counts of finished uploads and their rows, for whoever watches the service."""

from __future__ import annotations

from typing import Protocol

from domain.uploads.upload import Upload


class UploadMetrics(Protocol):
    def finished(self, upload: Upload) -> None:
        """Count one upload in its final status (loaded, rejected, failed, cancelled) with its rows."""
        ...


class NoUploadMetrics:
    def finished(self, upload: Upload) -> None:
        return None
