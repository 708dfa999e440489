"""Search for inputs that make a `tables` run slow: the slowest generated corpora, timed.

    python benchmarks/slow_inputs.py [--examples 300] [--limit 10]

Generates small corpora (one to three documents) from the same strategy as the property tests
(tests/test_properties.py: news fragments, every kind of quotation mark, control characters,
glued words, lines of thousands of characters), runs `build_tables` on each and prints the
slowest runs, with their document sizes. A run over `--limit` seconds is reported as a
failure (exit 1) with the example's sizes; a linear pipeline keeps every run short.
Nothing is timed in the tests; this script prints the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
from test_properties import documents  # noqa: E402

from analysis.errors import InputError  # noqa: E402
from analysis.study import build_tables  # noqa: E402


def run(raws: list[str]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp)
        rows = ["doc_id,file,outlet,group,published"]
        for i, raw in enumerate(raws):
            (corpus / f"{i}.txt").write_text(raw, encoding="utf-8", newline="")
            rows.append(f"d{i},{i}.txt,Outlet {i % 2},group {i % 2},2021-01-0{i + 1}")
        (corpus / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        started = time.perf_counter()
        with contextlib.suppress(InputError):  # nothing left to analyse: fine
            build_tables(corpus)
        return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=300)
    parser.add_argument("--limit", type=float, default=10.0, help="seconds a run may take")
    args = parser.parse_args(argv)
    timings: list[tuple[float, list[int]]] = []

    @settings(max_examples=args.examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(documents, min_size=1, max_size=3))
    def search(raws: list[str]) -> None:
        timings.append((run(raws), [len(r) for r in raws]))

    search()
    timings.sort(reverse=True)
    total = sum(t for t, _ in timings)
    print(f"{len(timings)} corpora in {total:.0f} s; slowest:")
    for seconds, sizes in timings[:5]:
        print(f"  {seconds:6.2f} s  documents of {', '.join(f'{n:,}' for n in sizes)} characters")
    over = [t for t in timings if t[0] > args.limit]
    if over:
        print(f"{len(over)} run(s) over {args.limit:g} s")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
