"""Speed and memory of the table pipeline on a large corpus.

    python benchmarks/pipeline.py [--copies N] [--corpus DIR]

Builds a corpus of N copies of every document of DIR (the seeds by default; each copy gets
its own doc_id, so quotes and speakers are found N times over), runs `build_tables` on it
and prints documents, words, seconds and documents per second; `--memory` adds a second
run under tracemalloc for peak memory (Python allocations only; tracemalloc slows the run,
so it is not timed). Nothing is timed in the tests; this script prints the figures.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from analysis.paths import SEEDS  # noqa: E402
from analysis.tables import build_tables  # noqa: E402


def replicate(corpus: Path, copies: int, out: Path) -> int:
    """Write `copies` copies of every document of `corpus` into `out`; return the document count."""
    with (corpus / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    written = []
    for copy in range(copies):
        for row in rows:
            name = f"c{copy:05d}_{row['file']}"
            shutil.copyfile(corpus / row["file"], out / name)
            written.append({**row, "doc_id": f"c{copy:05d}_{row['doc_id']}", "file": name})
    with (out / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(written)
    return len(written)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=200, help="copies of each document (default 200)")
    parser.add_argument("--corpus", type=Path, default=SEEDS, help="corpus to replicate (default: the seeds)")
    parser.add_argument("--memory", action="store_true", help="also measure peak memory (a second, slower run)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        n_docs = replicate(args.corpus, args.copies, Path(tmp))
        started = time.perf_counter()
        tables, _ = build_tables(Path(tmp))
        seconds = time.perf_counter() - started
        words = int(tables["documents"].n_words.sum())
        print(f"corpus: {n_docs} documents, {words:,} words, {len(tables['sentences']):,} sentences, {len(tables['quotes']):,} quotes")
        print(f"build_tables: {seconds:.1f} s ({n_docs / seconds:.1f} documents/s, {words / seconds:,.0f} words/s, one process)")
        if args.memory:
            del tables
            tracemalloc.start()
            build_tables(Path(tmp))
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"peak Python memory (tracemalloc): {peak / 2**20:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
