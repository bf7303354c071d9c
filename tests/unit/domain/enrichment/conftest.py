from __future__ import annotations

import sys
from pathlib import Path

# The labelled-record generator is shared by these tests and bench/enrichment_bench.py.
sys.path.insert(0, str(Path(__file__).parent))
