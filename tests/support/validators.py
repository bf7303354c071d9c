"""The CSV validator use cases built without the container (most unit tests) are handed: the engine a
deployment runs by default."""

from __future__ import annotations

from adapters.validation.factory import csv_validator_from_setting
from application.ports.csv_validator import CsvValidator

VALIDATOR: CsvValidator = csv_validator_from_setting("columnar")
