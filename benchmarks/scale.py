"""Speed and memory at scale: synthetic corpora of real news paragraphs, and `make report`.

    python benchmarks/scale.py [--docs 1000 10000] [--jobs 1 2] [--report]

Builds each corpus by recombining real paragraphs (the seeds' cleaned article text and the
shared GGT development corpus, ../shared/benchmarks/quotes-ggt/corpus, read but never copied
into the repository) into new articles under made-up outlet names (seeded, so every run builds
the same corpora). For each corpus and each `--jobs` value it runs `python -m analysis tables`
without the per-document cache and prints documents/s, words/s, wall time and peak memory
(resident memory of the whole process tree, sampled every 0.25 s); then it times bare NLTK Punkt
plus vaderSentiment on the same text in one process, the floor any pipeline built on them
pays, and prints the pipeline's throughput as a ratio to it.
`--report` also times `make report` on the seeds against its floor: papermill and nbconvert on
an empty notebook, times the number of notebooks, divided by the cores.
Nothing is timed in the tests; this script prints the figures (docs/performance.md records them).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from analysis.engines import default_jobs  # noqa: E402
from analysis.paths import SEEDS  # noqa: E402
from analysis.pipeline import process  # noqa: E402
from analysis.reports import SPECS  # noqa: E402

GGT = ROOT.parent / "shared" / "benchmarks" / "quotes-ggt" / "corpus"


def source_articles() -> list[list[str]]:
    """Real articles as lists of paragraphs (headline first): the seeds' cleaned text and GGT's."""
    articles = [[p.text for p in d.clean.paragraphs] for d in process(SEEDS)]
    if GGT.is_dir():
        for path in sorted(GGT.glob("*.txt")):
            paragraphs = [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
            if len(paragraphs) > 2:
                articles.append(paragraphs)
    return articles


def synthetic_corpus(folder: Path, n_docs: int, *, seed: int = 20200608) -> int:
    """`n_docs` articles, each a real headline and a run of real paragraphs from several
    articles, under 60 made-up outlets in 4 groups over 90 days. Returns the word count."""
    rng = random.Random(seed)
    articles = source_articles()
    body = [p for a in articles for p in a[1:]]
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    with open(folder / "manifest.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["doc_id", "file", "outlet", "group", "published", "region"])
        for i in range(n_docs):
            source = rng.choice(articles)
            length = max(3, min(40, len(rng.choice(articles)) - 1))
            start = rng.randrange(len(body))
            paragraphs = [source[0]] + [body[(start + k) % len(body)] for k in range(length)]
            text = "\n\n".join(paragraphs) + "\n"
            words += len(text.split())
            outlet = rng.randrange(60)
            (folder / f"d{i:06d}.txt").write_text(text, encoding="utf-8")
            writer.writerow(
                [
                    f"d{i:06d}",
                    f"d{i:06d}.txt",
                    f"Outlet {outlet:02d}",
                    f"group {'ABCD'[outlet % 4]}",
                    f"2019-{1 + (i * 90 // n_docs) // 30:02d}-{1 + (i * 90 // n_docs) % 28:02d}",
                    ["CA", "US", "UK"][outlet % 3],
                ]
            )
    return words


def _tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants."""
    import psutil

    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for p in processes:
        with contextlib.suppress(psutil.Error):  # a worker that just ended
            total += p.memory_info().rss
    return total


def timed(command: list[str], **kwargs: object) -> tuple[float, int]:
    """Wall seconds and peak tree memory (bytes) of a command."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kwargs)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(child.pid))
            time.sleep(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = child.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if child.returncode:
        raise SystemExit(f"{' '.join(command)} failed: {err.decode()[-500:]}")
    return seconds, peak


def bare_floor(corpus: Path) -> float:
    """Seconds for Punkt plus VADER on every sentence of a corpus, in one process."""
    from nltk.tokenize.punkt import PunktSentenceTokenizer
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    tokenizer, analyzer = PunktSentenceTokenizer(), SentimentIntensityAnalyzer()
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    started = time.perf_counter()
    for text in texts:
        for paragraph in text.split("\n\n"):
            for sentence in tokenizer.tokenize(paragraph):
                analyzer.polarity_scores(sentence)
    return time.perf_counter() - started


def report_figures(repeat: int = 3) -> None:
    """`analysis report` on the seeds (study built, nothing cached) against its floor, each the
    median of `repeat` runs (a 2-core machine's timings vary by a third from run to run)."""
    import statistics

    import nbformat

    python = sys.executable
    floors, reports, peaks = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty.ipynb"
        notebook = nbformat.v4.new_notebook()
        notebook.cells = [nbformat.v4.new_code_cell("x = 1", id="only")]
        nbformat.write(notebook, empty)
        floor_script = (
            "import papermill, sys; from analysis.reports import render; from pathlib import Path; "
            f"papermill.execute_notebook({str(empty)!r}, {str(Path(tmp) / 'out.ipynb')!r}, progress_bar=False, kernel_name='python3'); "
            f"render(Path({str(Path(tmp) / 'out.ipynb')!r}), Path({str(Path(tmp) / 'a.html')!r}), hide_code=False); "
            f"render(Path({str(Path(tmp) / 'out.ipynb')!r}), Path({str(Path(tmp) / 'b.html')!r}), hide_code=True)"
        )
        for run in range(repeat):
            floors.append(timed([python, "-c", floor_script], cwd=ROOT)[0])
            seconds, peak = timed(
                [
                    python,
                    "-m",
                    "analysis",
                    "report",
                    "--no-cache",
                    "--out",
                    str(Path(tmp) / f"run{run}"),
                    "-p",
                    f"figures={Path(tmp) / 'figures'}",
                ],
                cwd=ROOT,
            )
            reports.append(seconds)
            peaks.append(peak)
    cores = default_jobs()
    one = statistics.median(floors)
    floor = one * len(SPECS) / cores
    report = statistics.median(reports)
    print(
        f"make report on the seeds: median {report:.1f} s of {', '.join(f'{r:.1f}' for r in reports)} (peak {max(peaks) / 2**20:.0f} MiB); "
        f"floor {floor:.1f} s (one empty notebook executed and rendered twice: median {one:.1f} s of "
        f"{', '.join(f'{f:.1f}' for f in floors)}, x {len(SPECS)} notebooks / {cores} cores); ratio {report / floor:.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--report", action="store_true", help="also time make report on the seeds against its floor")
    args = parser.parse_args(argv)
    print(f"machine: {os.cpu_count()} cores visible, {default_jobs()} usable; Python {sys.version.split()[0]}")
    for n_docs in args.docs:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus"
            words = synthetic_corpus(corpus, n_docs)
            size = sum(p.stat().st_size for p in corpus.glob("*.txt"))
            print(f"\ncorpus: {n_docs:,} articles, {words:,} words, {size / 1e6:.1f} MB")
            pipeline_one = None
            for jobs in args.jobs:
                seconds, peak = timed(
                    [
                        sys.executable,
                        "-m",
                        "analysis",
                        "tables",
                        "--corpus",
                        str(corpus),
                        "--out",
                        str(Path(tmp) / f"study{jobs}"),
                        "--jobs",
                        str(jobs),
                        "--no-cache",
                    ],
                    cwd=ROOT,
                )
                info = json.loads((Path(tmp) / f"study{jobs}" / "study.json").read_text())
                stages = ", ".join(f"{k} {v:.1f}" for k, v in info["timings_s"].items())
                print(
                    f"  --jobs {jobs}: {seconds:6.1f} s wall, {n_docs / seconds:6.1f} documents/s, {words / seconds:8,.0f} words/s, "
                    f"peak {peak / 2**20:,.0f} MiB (stages in s: {stages})"
                )
                if jobs == 1:
                    pipeline_one = seconds
            floor = bare_floor(corpus)
            print(
                f"  bare Punkt + VADER on the same text, one process: {floor:.1f} s ({n_docs / floor:.1f} documents/s)"
                + (f"; the pipeline on one process takes {pipeline_one / floor:.1f}x that" if pipeline_one else "")
            )
    if args.report:
        report_figures()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
