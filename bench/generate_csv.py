"""Write a deterministic CSV file of N rows x 8 mixed-type columns, with a few seeded errors.

Usable as a module (`write_csv(path, rows)`) or as `python bench/generate_csv.py OUT --rows N`.
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

HEADER = ["id", "customer", "email", "amount", "quantity", "active", "order_date", "updated_at"]
SEED = 20240601


def _row(number: int, rng: random.Random) -> list[str]:
    return [
        str(number),
        f"Customer {rng.randint(1, 99_999)}",
        f"user{number}@example.com",
        f"{rng.randint(0, 9_999_999) / 100:.2f}",
        str(rng.randint(0, 500)),
        rng.choice(("true", "false")),
        f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        f"2024-05-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z",
    ]


def write_csv(path: Path, rows: int, seed: int = SEED) -> None:
    """Stream `rows` data rows to `path`; about one row in 100,000 carries a seeded error."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    errors = max(1, rows // 100_000)
    seeded = {rng.randrange(rows) for _ in range(errors)}
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(HEADER)
        for number in range(1, rows + 1):
            row = _row(number, rng)
            if number - 1 in seeded:
                row[3] = "n/a"  # a type error in a decimal column
            writer.writerow(row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    write_csv(args.out, args.rows)


if __name__ == "__main__":
    main()
