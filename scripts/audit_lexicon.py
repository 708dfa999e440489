"""Evidence for every favor/against cue of `analysis/resources/stance_cues.csv`.

    python scripts/audit_lexicon.py [--newsmtsc ../shared/benchmarks/newsmtsc/train.jsonl]

A cue stays in the package only with a source (issue 13): either
  - VADER's published lexicon gives one of its words a valence of the cue's sign
    (|valence| >= VADER_MIN) and NewsMTSC does not contradict it, or
  - NewsMTSC's train split (the training part of our grouped split; never the development
    part) has at least NEWSMTSC_MIN sentences holding the cue, and at least NEWSMTSC_AGREE
    of their polar labels toward the marked target agree with the cue's sign.
`self` cues (the target's statements of its values, codebook rule 4) are not sentiment and
are listed, not tested. Prints one line a cue and the decision; exits 1 if a kept cue of
the lexicon has no source, so that the lexicon and its `source` column cannot drift apart.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from importlib import resources
from pathlib import Path

from analysis.paths import NEWSMTSC_TRAIN, data_lines
from analysis.tsc import dev_mask, read_newsmtsc

VADER_MIN = 0.5
NEWSMTSC_MIN = 3
NEWSMTSC_AGREE = 2 / 3


def vader_lexicon() -> dict[str, float]:
    text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8")
    return {p[0]: float(p[1]) for p in (line.split("\t") for line in text.splitlines()) if len(p) >= 2}


def cue_pattern(cue: str) -> re.Pattern[str]:
    words = [re.escape(w).replace(r"\*", r"\w*") for w in cue.casefold().replace("{target}", "TARGET").split()]
    return re.compile(r"\b" + r"\s+".join(w.replace("TARGET", r"\w+") for w in words) + r"\b")


def evidence(cue: str, sign: int, vader: dict[str, float], sentences: list[tuple[str, str]]) -> tuple[str, str]:
    """(decision, source) of one favor/against cue: decision is keep or drop."""
    valences = [vader[w.rstrip("*")] for w in cue.casefold().split() if w.rstrip("*") in vader]
    vader_ok = any(v * sign >= VADER_MIN for v in valences)
    pattern = cue_pattern(cue)
    labels = [label for text, label in sentences if pattern.search(text)]
    agree = sum(1 for label in labels if label == ("pos" if sign > 0 else "neg"))
    polar = sum(1 for label in labels if label in ("pos", "neg"))
    news = f"NewsMTSC train: {agree} of {polar} polar labels agree (n={len(labels)})"
    contradicted = polar >= NEWSMTSC_MIN and agree / polar < 1 - NEWSMTSC_AGREE
    if len(labels) >= NEWSMTSC_MIN and polar and agree >= 2 and agree / polar >= NEWSMTSC_AGREE:
        return "keep", news
    if vader_ok and not contradicted:
        return "keep", f"VADER lexicon valence {max(valences, key=lambda v: v * sign):+.1f}"
    return "drop", f"no source ({news}; VADER {valences or 'none'})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--newsmtsc", type=Path, default=NEWSMTSC_TRAIN)
    args = parser.parse_args(argv)
    if not args.newsmtsc.is_file():
        print(f"no NewsMTSC train file at {args.newsmtsc}: nothing to audit")
        return 0
    records = read_newsmtsc(args.newsmtsc)
    sentences = [(r["sentence"].casefold(), r["label"]) for r, dev in zip(records, dev_mask(records)) if not dev and r["label"]]
    vader = vader_lexicon()
    unsourced = 0
    for row in csv.DictReader(data_lines("stance_cues.csv")):
        if row["stance"] == "self":
            print(f"{row['cue']:24} self     listed   {row.get('source', '')}")
            continue
        decision, source = evidence(row["cue"], -1 if row["stance"] == "against" else 1, vader, sentences)
        unsourced += decision == "drop"
        print(f"{row['cue']:24} {row['stance']:8} {decision:8} {source}")
    print(f"{unsourced} cue(s) without a source")
    return 1 if unsourced else 0


if __name__ == "__main__":
    sys.exit(main())
