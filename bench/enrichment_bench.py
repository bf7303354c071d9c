"""Measures the enrichment rules: near-duplicate precision/recall, and the time they add to 100,000 rows.

Run: /tmp/venv/bin/python bench/enrichment_bench.py [rows]
Precision and recall are measured on the labelled generator (tests/unit/domain/enrichment/
labelled_records.py) for the lexical finder (the default) and the WordLlama embedding finder. The
time added is `validate_csv` with the rules against without them, on the same generated file in the
same run: each variant runs `REPEATS` times, interleaved, and the fastest run counts (the least
disturbed by other processes); CPU time is printed too, being less sensitive to a loaded machine.
The word caches are cleared before each run, so the rules pay for cold caches as on a first upload.
"""

from __future__ import annotations

import csv
import io
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests/unit/domain/enrichment")]

from labelled_records import generate  # noqa: E402

from domain.enrichment import folded_rows, near_duplicate_finder  # noqa: E402
from domain.enrichment.near_duplicate_finder import LexicalNearDuplicateFinder, NearDuplicateFinder  # noqa: E402
from domain.validation.engine import validate_csv  # noqa: E402
from domain.validation.report import ValidationReport  # noqa: E402

REPEATS = 5
TARGET = 0.25
HEADER = ["name", "address", "city", "email", "price", "born"]


def finders() -> dict[str, tuple[NearDuplicateFinder, Any]]:
    """Name -> (finder, embedder or None); the embedding finder only when WordLlama loads."""
    found: dict[str, tuple[NearDuplicateFinder, Any]] = {"lexical": (LexicalNearDuplicateFinder(), None)}
    try:
        from adapters.ai.embedding_near_duplicate_finder import EmbeddingNearDuplicateFinder
        from adapters.ai.wordllama_embedder import WordLlamaEmbedder

        embedder = WordLlamaEmbedder()
        found["wordllama"] = (EmbeddingNearDuplicateFinder(embedder), embedder)
    except Exception as error:
        print(f"embedding finder not measured ({type(error).__name__}: {error})")
    return found


def precision_recall(
    finder: NearDuplicateFinder, base_people: int, seed: int
) -> tuple[float, float, int, float]:
    labelled = generate(base_people, seed=seed)
    _clear_caches()
    started = time.perf_counter()
    found = {(p.first, p.second) for p in finder(labelled.records)}
    elapsed = time.perf_counter() - started
    hits = len(found & labelled.duplicate_pairs)
    return hits / max(1, len(found)), hits / len(labelled.duplicate_pairs), len(labelled.records), elapsed


def csv_bytes(rows: int) -> bytes:
    rng = random.Random(5)  # noqa: S311 - synthetic data
    records = generate(int(rows / 1.5) + 10, seed=11).records[:rows]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for record in records:
        born = f"{rng.randint(1950, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        writer.writerow([*record, rng.randint(10, 250), born])
    return out.getvalue().encode()


def _clear_caches() -> None:
    # A cold start for a fair figure: every upload brings words the caches have not seen.
    folded_rows.normal_cell.cache_clear()
    near_duplicate_finder._grams.cache_clear()
    near_duplicate_finder._word_grams.cache_clear()


def timed(data: bytes, make_rules: Callable[[], list[Any]]) -> tuple[float, float, ValidationReport]:
    _clear_caches()
    rules = make_rules()
    wall, cpu = time.perf_counter(), time.process_time()
    report = validate_csv(io.BytesIO(data), established=None, extra_rules=rules)
    return time.perf_counter() - wall, time.process_time() - cpu, report


def overhead(data: bytes, name: str, make_rules: Callable[[], list[Any]]) -> None:
    """Times validate_csv without and with the rules, interleaved, and prints the time added."""
    best: dict[str, tuple[float, float]] = {}
    report = None
    for _ in range(REPEATS):
        for variant, make in (("none", list), (name, make_rules)):
            wall, cpu, report = timed(data, make)
            old = best.get(variant, (wall, cpu))
            best[variant] = (min(wall, old[0]), min(cpu, old[1]))
    (base_wall, base_cpu), (wall, cpu) = best["none"], best[name]
    added = (wall - base_wall) / base_wall
    verdict = "meets" if added <= TARGET else "MISSES"
    print(
        f"validate_csv {len(data.splitlines()) - 1} rows [{name}], best of {REPEATS}: "
        f"{base_wall:.2f}s without the rules, {wall:.2f}s with ({base_cpu:.2f}s / {cpu:.2f}s cpu)"
    )
    print(
        f"  time added by enrichment [{name}]: {added:.0%} wall, {(cpu - base_cpu) / base_cpu:.0%} cpu "
        f"({verdict} the {TARGET:.0%} target)"
    )
    assert report is not None
    for result in report.validations[-2:]:
        print(f"    {result.rule}: {result.status} count={result.count} ({result.title})")


def main() -> None:
    from adapters.ai.enrichment_rules import DEFAULT_MAX_ROWS, enrichment_rules

    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    data = csv_bytes(rows)
    # The default first, before WordLlama's tokenizer has started threads that would blur CPU times.
    overhead(
        data, "lexical", lambda: enrichment_rules(embedder=None, near_duplicate_max_rows=DEFAULT_MAX_ROWS)
    )
    available = finders()
    for name, (finder, _) in available.items():
        for people, seed in ((1500, 7), (5000, 20240517)):
            p, r, n, t = precision_recall(finder, people, seed)
            print(
                f"near-duplicate-row [{name}] on {n} labelled records: "
                f"precision {p:.3f}, recall {r:.3f} ({t:.2f}s)"
            )
    embedder = available.get("wordllama", (None, None))[1]
    if embedder is not None:
        overhead(
            data,
            "wordllama",
            lambda: enrichment_rules(embedder=embedder, near_duplicate_max_rows=DEFAULT_MAX_ROWS),
        )
    print(
        "default: lexical (enrichment_rules(embedder=None, ...)): WordLlama candidates find a few more "
        "pairs on the labelled set but cost several times more, beyond the time target"
    )


if __name__ == "__main__":
    main()
