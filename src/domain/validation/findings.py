"""Counting one rule's findings while keeping only a capped number of samples."""

from __future__ import annotations

import re

from domain.validation.report import RuleStatus, Sample, Severity, Validation

EXCERPT_CHARS = 80
_UNDECODED = re.compile("[\udc00-\udcff]")  # see text_source: U+DC00 + an undecodable byte


def excerpt(value: str | None) -> str | None:
    """A printable, bounded piece of a value: undecodable bytes are shown as `\\xNN`."""
    if value is None:
        return None
    if len(value) > EXCERPT_CHARS:
        value = value[: EXCERPT_CHARS - 1] + "…"
    return _UNDECODED.sub(lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", value)


class Tally:
    """The running count and first samples of one rule."""

    __slots__ = ("count", "max_samples", "rule", "samples", "severity", "title")

    def __init__(self, rule: str, title: str, severity: Severity, max_samples: int) -> None:
        self.rule = rule
        self.title = title
        self.severity = severity
        self.max_samples = max_samples
        self.count = 0
        self.samples: list[Sample] = []

    @property
    def wants_samples(self) -> bool:
        return len(self.samples) < self.max_samples

    def add(self, row: int | None, column: str | None, value: str | None, message: str) -> None:
        self.count += 1
        self.sample(row, column, value, message)

    def sample(self, row: int | None, column: str | None, value: str | None, message: str) -> None:
        """Keep a sample (while under the cap) of a finding counted elsewhere."""
        if len(self.samples) < self.max_samples:
            self.samples.append(Sample(row, excerpt(column), excerpt(value), message))

    def validation(self, note: str | None = None) -> Validation:
        samples = tuple(self.samples)
        if note is not None and not samples:
            samples = (Sample(None, None, None, note),)
        return Validation(
            rule=self.rule,
            title=self.title,
            severity=self.severity,
            status=RuleStatus.FAILED if self.count else RuleStatus.PASSED,
            count=self.count,
            truncated=self.count > len(self.samples) and bool(self.count),
            samples=samples,
        )
