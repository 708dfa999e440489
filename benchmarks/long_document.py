"""Time against document length: one very long article, as scraped text can be.

    python benchmarks/long_document.py [--mb 0.5 1 2 4 ...] [--layout paragraphs|one-line]

Builds one document of each size from the seeds' cleaned article text repeated (`paragraphs`:
blank lines between paragraphs; `one-line`: every line break removed, as in a page scraped
without markup), runs `build_tables` on it with no size limit, and prints seconds, seconds
per MB and peak resident memory, so that growth with length can be read off: a linear
pipeline keeps seconds per MB flat. Nothing is timed in the tests; this script prints figures.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from analysis.paths import SEEDS
from analysis.pipeline import process
from analysis.study import build_tables


def write_document(folder: Path, megabytes: float, layout: str) -> None:
    """A corpus of one document of about `megabytes` MB of article text."""
    body = "\n\n".join(p.clean.text for p in process(SEEDS))
    if layout == "one-line":
        body = " ".join(body.split())
    separator = " " if layout == "one-line" else "\n\n"
    size = int(megabytes * 1e6)
    text = separator.join([body] * (size // len(body) + 1))[:size]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "long.txt").write_text(text, encoding="utf-8")
    (folder / "manifest.csv").write_text("doc_id,file,outlet,group,published\nlong,long.txt,Long,long,2020-06-09\n", encoding="utf-8")


def measure(folder: Path) -> None:
    """Run in a child process (so peak memory is this run's), print seconds and peak RSS."""
    started = time.perf_counter()
    tables, _ = build_tables(folder, max_bytes=0)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10
    print(f"{seconds:.2f} {peak:.0f} {len(tables['sentences'])} {len(tables['quotes'])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, nargs="+", default=[0.5, 1, 2, 4], help="document sizes in MB")
    parser.add_argument("--layout", choices=["paragraphs", "one-line"], default="paragraphs")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        measure(args.child)
        return 0
    print(f"layout: {args.layout}")
    print(f"{'MB':>6} {'seconds':>8} {'s/MB':>6} {'peak MiB':>9} {'sentences':>9} {'quotes':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for mb in args.mb:
            folder = Path(tmp) / f"{mb}"
            write_document(folder, mb, args.layout)
            out = subprocess.run([sys.executable, __file__, "--child", str(folder)], capture_output=True, text=True, check=True)
            seconds, peak, n_sentences, n_quotes = out.stdout.split()
            print(f"{mb:>6g} {float(seconds):>8.1f} {float(seconds) / mb:>6.1f} {float(peak):>9.0f} {n_sentences:>9} {n_quotes:>7}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
