"""Score the blind set (tests/blind) once: quotes, speakers and stance toward each article's target.

    python benchmarks/blind.py [--blind tests/blind]

The set was written and coded by someone who saw neither the code nor the lexicons (its
README). Each article names its target in the manifest's notes (`target=NAME.`); all targets
are scored in one multi-target study, each article toward its own. Aliases are derived from
the names alone, as a user would give them without reading the articles: the name without
accents, and a person's surname. Prints aggregate scores only (no text of the set), for
docs/validation.md. Once its score is recorded and rules are changed with its errors in view,
it is a development set.
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from pathlib import Path

import pandas as pd

from analysis.evaluate import STANCE_LABELS, classification_scores, read_gold, score_quotes, score_stance
from analysis.paths import ROOT
from analysis.people import given_name
from analysis.stance import Target
from analysis.study import build_study


def target_of(notes: str) -> str:
    m = re.match(r"\s*target=([^.]+)\.", notes)
    return m.group(1).strip() if m else ""


def aliases(name: str) -> tuple[str, ...]:
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    found = [plain] if plain != name else []
    if len(name.split()) == 2 and given_name(name):
        found.append(name.split()[-1])  # a person: "Jane Doe" -> "Doe"
    return tuple(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--blind", type=Path, default=ROOT / "tests" / "blind")
    args = parser.parse_args(argv)
    manifest = pd.read_csv(args.blind / "manifest.csv", dtype=str, keep_default_na=False)
    doc_target = {row.doc_id: target_of(row.notes) for row in manifest.itertuples()}
    names = list(dict.fromkeys(doc_target.values()))
    targets = [Target(n, aliases(n)) for n in names]
    study = build_study(args.blind, target=targets[0], also=tuple(targets[1:]), jobs=None)
    quotes, sentences = study["quotes"], study["sentences"]
    if "target" not in quotes.columns:
        quotes, sentences = quotes.assign(target=names[0]), sentences.assign(target=names[0])
    gold = read_gold(args.blind / "gold_quotes.csv")
    first = quotes[quotes.target == names[0]].drop(columns="target")
    print(f"targets: {', '.join(f'{t.name} {list(t.aliases)}' for t in targets)}")
    print(f"quotes: {score_quotes(first, gold).summary()}")
    own = pd.concat([quotes[(quotes.doc_id == d) & (quotes.target == t)] for d, t in doc_target.items()]).drop(columns="target")
    stance = score_stance(own, gold)
    print(f"quote stance, each article toward its target: {stance.summary()}\n{stance.confusion}")
    for name in names:
        docs = [d for d, t in doc_target.items() if t == name]
        part = score_stance(own[own.doc_id.isin(docs)], gold[gold.doc_id.isin(docs)])
        print(f"  {name}: {part.summary()}")
    gold_sentences = pd.read_csv(args.blind / "gold_sentences.csv", dtype=str, keep_default_na=False)
    mine = pd.concat([sentences[(sentences.doc_id == d) & (sentences.target == t)] for d, t in doc_target.items()])
    labels = []
    for row in gold_sentences.itertuples():
        texts = mine[mine.doc_id == row.doc_id]
        hit = texts[texts.text.map(lambda s, g=row.text: g.strip() in s or s.strip() in g)]
        labels.append(hit.stance.iloc[0] if len(hit) and hit.stance.iloc[0] else "neutral")
    accuracy, macro, _, confusion = classification_scores(list(gold_sentences.stance), labels, STANCE_LABELS)
    print(f"writer's sentences: accuracy {accuracy:.3f}, macro-F1 {macro:.3f} (n {len(labels)})\n{confusion}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
