"""UploadMetrics counted in Prometheus counters."""

from __future__ import annotations

from adapters.observability.prometheus_metrics import ROWS_LOADED, ROWS_VALIDATED, UPLOADS
from domain.uploads.upload import Upload


class PrometheusUploadMetrics:
    def finished(self, upload: Upload) -> None:
        UPLOADS.labels(status=upload.status.value).inc()
        ROWS_VALIDATED.inc(upload.rows.total)
        ROWS_LOADED.inc(upload.rows.loaded)
