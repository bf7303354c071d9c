"""Which extra row rules every upload gets, chosen by settings; shared by the container and the CLI.

`ingesta validate` asks this without building the container, whose imports (SQLAlchemy, boto3, the
language-model clients) cost over a second that validating a small file must not pay.
"""

from __future__ import annotations

from functools import partial

from application.ports.row_rule_factory import RowRuleFactory, no_rules


def enrichment_factory(enabled: bool, max_rows: int) -> RowRuleFactory:
    """Fresh `outlier` and `near-duplicate-row` rules per file when `enabled`; none otherwise."""
    if not enabled:
        return no_rules
    from adapters.ai.enrichment_rules import rules_for_contract

    return partial(rules_for_contract, near_duplicate_max_rows=max_rows)
