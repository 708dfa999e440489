"""NewsMTSC dev-split benchmark of target-dependent sentiment.

    python benchmarks/newsmtsc.py PATH/train.jsonl

Scores, on the held-out dev part of `analysis.tsc.dev_mask` (the shipped model never saw
it), three classifiers: VADER on the whole sentence, VADER on the target's clause (both
with VADER's usual ±0.05 compound thresholds) and the shipped model. Prints macro-F1,
accuracy and the model's prediction throughput.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from analysis import tsc


def vader_label(text: str) -> str:
    """VADER's conventional reading of the compound score."""
    compound = tsc._compound(text)
    return "pos" if compound >= 0.05 else "neg" if compound <= -0.05 else "neu"


def clause_text(record: dict) -> str:
    start, end = tsc.clause_span(record["sentence"], record["start"], record["end"])
    return record["sentence"][start:end]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("train", type=Path, help="NewsMTSC train.jsonl")
    args = parser.parse_args(argv)
    records = tsc.read_newsmtsc(args.train)
    dev = [r for r, d in zip(records, tsc.dev_mask(records)) if d]
    gold = [r["label"] for r in dev]
    print(f"NewsMTSC dev split: {len(dev)} targets in {len({r['sentence_id'] for r in dev})} sentences (of {len(records)} targets)")

    tsc.predict(dev[0]["sentence"], dev[0]["start"], dev[0]["end"])  # load model and lexicon before timing
    t0 = time.perf_counter()
    model = [p.label for p in tsc.predict_many((r["sentence"], r["start"], r["end"]) for r in dev)]
    seconds = time.perf_counter() - t0
    rows = [
        ("VADER, whole sentence", [vader_label(r["sentence"]) for r in dev]),
        ("VADER, target clause", [vader_label(clause_text(r)) for r in dev]),
        ("shipped model (tsc_model.json)", model),
    ]
    print(f"{'classifier':32s} {'macro-F1':>8s} {'accuracy':>8s}")
    for name, pred in rows:
        accuracy = sum(g == p for g, p in zip(gold, pred)) / len(gold)
        print(f"{name:32s} {100 * tsc.macro_f1(gold, pred):8.1f} {100 * accuracy:8.1f}")
    print(f"throughput: {len(dev) / seconds:.0f} sentences/s (one target per prediction; {len(dev)} in {seconds:.2f} s, single thread)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
