"""Performance tests (marker `slow`): ratios against a baseline measured in the same test, on large inputs.

They run with the whole suite (`python3 dev.py test`) and stay out of the quick `-m unit` tier.
"""

from __future__ import annotations

import sys
from pathlib import Path

# The labelled-record generator is shared with the enrichment unit tests and bench/enrichment_bench.py.
sys.path.insert(0, str(Path(__file__).parents[1] / "unit" / "domain" / "enrichment"))
