"""Speed of `python -m analysis import` on a large export, and how many copies it finds.

    python benchmarks/import_speed.py [--docs 10000]

Builds the synthetic corpus of benchmarks/scale.py (real paragraphs recombined), writes it as
one CSV export with ISO timestamps, adds a tenth of the articles again as lightly edited
copies (a changed sentence and a credit line, as syndicated wire copy looks), then times the
import and prints how many of the planted copies were marked and how many others were.
"""

from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import synthetic_corpus

from analysis.corpus import read_manifest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=10000)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "synthetic"
        synthetic_corpus(folder, args.docs)
        rows = read_manifest(folder)
        export = Path(tmp) / "export.csv"
        planted = set()
        with export.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "outlet", "publish_date", "text"])
            for row in rows:
                text = (folder / row["file"]).read_text(encoding="utf-8")
                writer.writerow([row["doc_id"], row["outlet"], f"{row['published']}T12:00:00Z", text])
            for row in rng.sample(rows, len(rows) // 10):
                text = (folder / row["file"]).read_text(encoding="utf-8")
                paragraphs = text.split("\n\n")
                paragraphs[-1] = "This story has been corrected since it was first published."
                copy = "\n\n".join(paragraphs) + "\n\n(Reporting by the wire desk.)"
                writer.writerow([f"copy-{row['doc_id']}", "Wire Reprints", f"{row['published']}T18:00:00Z", copy])
                planted.add(f"copy-{row['doc_id']}")
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "analysis", "import", str(export), "--out", str(Path(tmp) / "corpus")],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        seconds = time.perf_counter() - started
        marked = {r["doc_id"] for r in read_manifest(Path(tmp) / "corpus") if r["duplicate_of"]}
        n = len(rows) + len(planted)
        print(f"import of {n} articles ({export.stat().st_size / 1e6:.0f} MB CSV): {seconds:.1f} s, {n / seconds:.0f} articles/s")
        print(f"planted copies marked: {len(planted & marked)} of {len(planted)}; other articles marked: {len(marked - planted)}")
        print(
            "(the synthetic articles are runs of one pool of real paragraphs, so many overlap for real; every mark is checked at Jaccard >= 0.7)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
