"""Retrain the NewsMTSC target-dependent sentiment model shipped in analysis/resources/.

    python scripts/train_tsc.py PATH/train.jsonl [--out FILE] [--variants]

Trains a multinomial logistic regression (scikit-learn, a dev-only dependency) on the
train part of the deterministic story-level split (`analysis.tsc.dev_mask`), keeps
features seen in at least MIN_COUNT training targets, reports macro-F1/accuracy on the
held-out dev part and writes the model as JSON (one feature per line, weights rounded).
`--variants` also prints the dev scores of the alternatives that were compared.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import sklearn
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from analysis import tsc

DEFAULT_OUT = Path(tsc.__file__).parent / "resources" / "tsc_model.json"
SHIPPED = ("bow", "window", "clause", "vader", "lexicon", "structure", "target")
C, MIN_COUNT, DIGITS = 0.1, 2, 4
VARIANTS: list[tuple[str, tuple[str, ...], float, int]] = [
    ("shipped: no bigrams, C=0.1, min_count=2", SHIPPED, C, MIN_COUNT),
    ("+ sentence bigrams", (*SHIPPED, "bigram"), C, MIN_COUNT),
    ("- target words", tuple(g for g in SHIPPED if g != "target"), C, MIN_COUNT),
    ("- VADER scores", tuple(g for g in SHIPPED if g != "vader"), C, MIN_COUNT),
    ("- lexicon valences", tuple(g for g in SHIPPED if g != "lexicon"), C, MIN_COUNT),
    ("- window words", tuple(g for g in SHIPPED if g != "window"), C, MIN_COUNT),
    ("- sentence words", tuple(g for g in SHIPPED if g != "bow"), C, MIN_COUNT),
    ("only dense (vader, lexicon, structure)", ("vader", "lexicon", "structure"), 1.0, MIN_COUNT),
    ("shipped, C=0.03", SHIPPED, 0.03, MIN_COUNT),
    ("shipped, C=0.3", SHIPPED, 0.3, MIN_COUNT),
    ("shipped, min_count=3", SHIPPED, C, 3),
]


def fit(feats: list[dict[str, float]], labels: list[str], c: float, min_count: int) -> dict[str, object]:
    """Train and return {'intercepts', 'features'} in tsc.LABELS order, rounded."""
    counts = Counter(k for f in feats for k in f)
    vec = DictVectorizer(sort=True)
    x = vec.fit_transform([{k: v for k, v in f.items() if counts[k] >= min_count} for f in feats])
    model = LogisticRegression(C=c, max_iter=5000, tol=1e-6).fit(x, labels)
    order = [list(model.classes_).index(label) for label in tsc.LABELS]
    coef, names = model.coef_[order].T, vec.get_feature_names_out()
    weights = {str(n): [round(float(w), DIGITS) for w in row] for n, row in zip(names, coef)}
    return {
        "intercepts": [round(float(b), DIGITS) for b in model.intercept_[order]],
        "features": {n: w for n, w in weights.items() if any(w)},
    }


def score(model: dict, feats: list[dict[str, float]], gold: list[str]) -> tuple[float, float]:
    """Dev macro-F1 and accuracy of a fitted (rounded) model."""
    table = model["features"]
    pred = []
    for f in feats:
        logits = np.array(model["intercepts"]) + sum((np.array(table[k]) * v for k, v in f.items() if k in table), np.zeros(3))
        pred.append(tsc.LABELS[int(np.argmax(logits))])
    return tsc.macro_f1(gold, pred), float(np.mean([g == p for g, p in zip(gold, pred)]))


def write_model(path: Path, model: dict, source: dict, groups: tuple[str, ...]) -> None:
    """JSON with one feature per line, so retrained models diff readably."""
    head = {"source": source, "labels": list(tsc.LABELS), "feature_groups": list(groups), "intercepts": model["intercepts"]}
    lines = [json.dumps(head, indent=1, ensure_ascii=False)[:-2] + ',\n "features": {']
    items = list(model["features"].items())
    lines += [
        f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(w)}{',' if i < len(items) - 1 else ''}" for i, (k, w) in enumerate(items)
    ]
    path.write_text("\n".join(lines) + "\n }\n}\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("train", type=Path, help="NewsMTSC train.jsonl")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"model file (default {DEFAULT_OUT})")
    parser.add_argument("--variants", action="store_true", help="also compare the alternative feature sets")
    args = parser.parse_args(argv)
    records = tsc.read_newsmtsc(args.train)
    buckets = tsc.split_buckets(records)
    train_recs = [r for r, b in zip(records, buckets) if b]
    dev_recs = [r for r, b in zip(records, buckets) if not b]
    folds = [b for b in buckets if b]
    print(f"{len(records)} targets: {len(train_recs)} train, {len(dev_recs)} dev", flush=True)
    if args.variants:
        print(f"{'variant':42s} {'dev F1':>7s} {'dev acc':>7s} {'cv F1':>7s} {'features':>8s}  (cv: 4 story folds of train)")
    chosen = None
    for name, groups, c, min_count in VARIANTS if args.variants else VARIANTS[:1]:
        tr = [tsc.features(r["sentence"], r["start"], r["end"], groups) for r in train_recs]
        dv = [tsc.features(r["sentence"], r["start"], r["end"], groups) for r in dev_recs]
        gold = [r["label"] for r in train_recs]
        model = fit(tr, gold, c, min_count)
        f1, acc = score(model, dv, [r["label"] for r in dev_recs])
        chosen = chosen or (model, f1, acc)
        if not args.variants:
            break
        cv = np.mean(
            [
                score(
                    fit([f for f, b in zip(tr, folds) if b != k], [g for g, b in zip(gold, folds) if b != k], c, min_count),
                    [f for f, b in zip(tr, folds) if b == k],
                    [g for g, b in zip(gold, folds) if b == k],
                )[0]
                for k in (1, 2, 3, 4)
            ]
        )
        print(f"{name:42s} {100 * f1:7.1f} {100 * acc:7.1f} {100 * cv:7.1f} {len(model['features']):8d}", flush=True)
    model, f1, acc = chosen
    print(f"shipped model: dev macro-F1 {100 * f1:.1f}, accuracy {100 * acc:.1f}")
    source = {
        "script": "scripts/train_tsc.py",
        "data": f"NewsMTSC train.jsonl (Hamborg & Donnay, EACL 2021): {len(records)} targets",
        "split": "train part of analysis.tsc.dev_mask: stories (AllSides event / POLUSA article, merged when "
        "they share a sentence) with sha1(story) % 5 == 0 are held out as dev",
        "train_targets": len(train_recs),
        "dev_targets": len(dev_recs),
        "learner": f"scikit-learn {sklearn.__version__} LogisticRegression(C={C}, lbfgs, multinomial)",
        "min_count": MIN_COUNT,
        "weights_rounded_to": DIGITS,
        "dev_macro_f1": round(f1, 4),
        "dev_accuracy": round(acc, 4),
    }
    write_model(args.out, model, source, SHIPPED)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB, {len(model['features'])} features)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
