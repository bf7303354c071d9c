"""Rule `primary-key-in-dataset`: in `append` mode a row whose key the dataset already holds is an error.

Only the database can answer it, so it runs inside the load's transaction (see `LoadPlan.settle`): the
rows are staged, the clashes counted, and `on_error` decides, as for any other error-level rule. Under
`reject` any clash rejects the upload; under `skip` and `accept` the clashing rows stay out (a key cannot
be held twice) and the rest load.
"""

from __future__ import annotations

from application.ports.dataset_store import KeyClashes
from domain.uploads.upload import OnError, Upload
from domain.validation.report import RuleStatus, Sample, Severity, Validation

RULE = "primary-key-in-dataset"
TITLE = "Every row's primary key is new to the dataset (mode append)"


def key_clash_validation(clashes: KeyClashes, key_fields: tuple[str, ...]) -> Validation:
    names = ", ".join(key_fields)
    samples = tuple(
        Sample(
            row=clash.row,
            column=names,
            value=", ".join(clash.key),
            message=f"key ({names}) = ({', '.join(clash.key)}) is already in the dataset, "
            f"loaded by upload {clash.upload_id}; send it with mode=upsert to replace that row",
        )
        for clash in clashes.samples
    )
    return Validation(
        rule=RULE,
        title=TITLE,
        severity=Severity.ERROR,
        status=RuleStatus.FAILED if clashes.count else RuleStatus.PASSED,
        count=clashes.count,
        truncated=clashes.count > len(samples),
        samples=samples,
    )


def settle_clashes(
    upload: Upload, on_error: OnError, key_fields: tuple[str, ...], clashes: KeyClashes
) -> Upload:
    """Record the rule on `upload` (in place, like the rest of its report) and decide its outcome."""
    upload.find_key_clashes(key_clash_validation(clashes, key_fields), on_error)
    return upload
