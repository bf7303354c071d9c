from __future__ import annotations

import pytest

from adapters.ai.enrichment_rules import enrichment_rules
from adapters.ai.linkage.fellegi_sunter_finder import FellegiSunterFinder
from domain.enrichment.near_duplicate_rule import NearDuplicateRowRule
from domain.enrichment.near_duplicate_settings import NearDuplicateSettings
from domain.enrichment.outlier_rule import OutlierRule
from domain.validation.report import Column, ColumnType, RuleStatus

pytestmark = pytest.mark.unit


def test_both_rules_come_fresh_on_every_call() -> None:
    first = enrichment_rules(near_duplicate_max_rows=100)
    second = enrichment_rules(near_duplicate_max_rows=100)

    assert [type(rule) for rule in first] == [OutlierRule, NearDuplicateRowRule]
    assert all(a is not b for a, b in zip(first, second, strict=True))
    assert isinstance(first[1], NearDuplicateRowRule)
    assert isinstance(first[1]._finder, FellegiSunterFinder)


def test_the_row_limit_is_applied_and_reported() -> None:
    _, near_duplicates = enrichment_rules(near_duplicate_max_rows=2)
    near_duplicates.start([Column("name", "name", ColumnType.STRING)])
    for row, name in enumerate(["Ana", "Luis", "Eva"], start=2):
        near_duplicates.observe(row, [name])

    assert "compared the first 2 of 3 rows" in near_duplicates.finish().samples[0].message


def test_a_contract_can_switch_the_near_duplicate_rule_off() -> None:
    _, near_duplicates = enrichment_rules(near_duplicates=NearDuplicateSettings(enabled=False))
    near_duplicates.start([Column("name", "name", ColumnType.STRING)])
    near_duplicates.observe(2, ["Ana Ruiz"])
    near_duplicates.observe(3, ["Ana Ruíz"])

    assert near_duplicates.finish().status is RuleStatus.PASSED


def test_a_row_limit_below_two_is_refused() -> None:
    with pytest.raises(ValueError, match="near_duplicate_max_rows"):
        enrichment_rules(near_duplicate_max_rows=1)
