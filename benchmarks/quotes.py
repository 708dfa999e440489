"""Quotes and speakers on real news: the shared GGT development set (83 Canadian articles).

    python benchmarks/quotes.py [--data ../shared/benchmarks/quotes-ggt] [--errors FILE]

Runs the pipeline on the set's corpus (no registry: speakers are named from the text alone;
indirect speech included) and prints precision, recall, F1 and speaker accuracy with the set's lenient matching
(analysis.evaluate.score_benchmark: its README's recipe, with the 3-token containment guard),
overall for quoted speech (direct + mixed, the main score) and by type (direct, mixed,
floating, indirect). Writes every miss, false positive and wrong speaker to `--errors` (by
default reports/bench-quotes/errors.csv, outside the repository: the texts are evaluation data
that must not be copied into it). Nothing is timed in the tests; this script prints figures.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from analysis.evaluate import benchmark_quotes
from analysis.paths import GGT, REPORTS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=GGT, help="the GGT set: corpus/ and gold.csv")
    parser.add_argument("--errors", type=Path, default=REPORTS / "bench-quotes" / "errors.csv")
    args = parser.parse_args(argv)
    if not (args.data / "gold.csv").is_file():
        print(f"no GGT set at {args.data}: nothing to measure")
        return 0
    scores, errors, problems = benchmark_quotes(args.data)
    with pd.option_context("display.width", 160, "display.max_columns", 20):
        print(scores.to_string(index=False))
    if problems:
        print(f"{len(problems)} article(s) could not be processed: {', '.join(problems)}")
    args.errors.parent.mkdir(parents=True, exist_ok=True)
    errors.to_csv(args.errors, index=False)
    counts = errors.error.value_counts()
    print("errors:", ", ".join(f"{k} {v}" for k, v in counts.items()), f"(listed in {args.errors})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
