"""Automatic quotes and stance against the hand-coded *development* sets (docs/codebook.md):
prints the real scores.

Every set here was used to develop the rules (their errors were looked at and general fixes
made), so these are development figures, optimistic for unseen text; the blind set of
tests/blind is scored once, apart (docs/validation.md). Floors sit a little below the scores
measured when they were set; a drop below them is a regression, not noise.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.evaluate import (
    STANCE_LABELS,
    classification_scores,
    read_gold,
    score_quotes,
    score_stance,
)
from analysis.paths import DEVELOPMENT, ROOT, SEEDS
from analysis.stance import Target
from analysis.study import build_tables

FIXTURES = ROOT / "tests" / "fixtures"
CASES = [
    ("seeds", SEEDS, DEVELOPMENT / "quotes.csv", {"precision": 0.9, "recall": 0.9, "speaker_accuracy": 0.9}),
    (
        "new article, no registry",
        FIXTURES / "newcorpus",
        FIXTURES / "newcorpus" / "gold_quotes.csv",
        {"precision": 0.8, "recall": 0.8, "speaker_accuracy": 0.8},
    ),
    # Four articles in the seeds' styles, written and coded without the extractor in view.
    # First measurement: P 1.000, R 0.944, speaker accuracy 0.618; the general fixes it
    # prompted (initials, titles, org nouns, sentence subjects) brought it to 1.0.
    (
        "held-out styles, no registry",
        FIXTURES / "heldout",
        FIXTURES / "heldout" / "gold_quotes.csv",
        {"precision": 0.85, "recall": 0.85, "speaker_accuracy": 0.85},
    ),
    # Four more, about Microsoft, written and coded by someone who never saw the extractor's
    # code (tests/fixtures/heldout2/README.md); blind at first, a development set since. First measurement: P 1.000, R 1.000, speaker
    # accuracy 0.767 ("an Oregon Democrat" taken for a name, "the corporate", a product name
    # as a person, "Tech giant Microsoft"); after general fixes 1.000.
    (
        "former blind set, no registry",
        FIXTURES / "heldout2",
        FIXTURES / "heldout2" / "gold_quotes.csv",
        {"precision": 0.85, "recall": 0.85, "speaker_accuracy": 0.85},
    ),
]


@pytest.mark.parametrize(("name", "corpus", "gold", "floors"), CASES, ids=[c[0] for c in CASES])
def test_quotes_against_gold(name: str, corpus: Path, gold: Path, floors: dict[str, float]):
    tables, _ = build_tables(corpus)
    scores = score_quotes(tables["quotes"], read_gold(gold))
    print(f"\n[{name}] {scores.summary()}")
    for metric, floor in floors.items():
        assert getattr(scores, metric) >= floor, f"{metric} {getattr(scores, metric):.3f} < {floor}"


def test_seeds_without_the_registry(tmp_path):
    """The registry only merges aliases: without it the speakers must still be found.
    (Measured when added: speaker accuracy 0.958 -> 1.000 after sentence-initial function
    words stopped being read as first names: "Though Amazon".)"""
    corpus = tmp_path / "seeds"
    shutil.copytree(SEEDS, corpus)
    (corpus / "speakers.csv").unlink()
    tables, _ = build_tables(corpus)
    scores = score_quotes(tables["quotes"], read_gold(DEVELOPMENT / "quotes.csv"))
    print(f"\n[seeds, no registry] {scores.summary()}")
    assert scores.recall >= 0.9 and scores.speaker_accuracy >= 0.9


@pytest.mark.parametrize("name", ["newcorpus", "heldout", "heldout2"])
def test_fixture_corpora_have_no_registry(name):
    assert not (FIXTURES / name / "speakers.csv").exists()


def test_every_gold_quote_is_in_the_cleaned_text(seeds_processed):
    gold = read_gold(DEVELOPMENT / "quotes.csv")
    for row in gold.itertuples():
        assert row.quote in seeds_processed[row.doc_id].clean.text, row.quote[:50]


# Stance gold: every gold quote is coded favor/against/neutral toward the corpus's target
# (docs/codebook.md). Issue 13 removed every lexicon entry without a source (a published
# lexicon or NewsMTSC evidence, scripts/audit_lexicon.py), many of them written from these
# texts; the seeds keep theirs in their own overlay (seeds/stance_cues.csv). Macro-F1 before
# -> after (with the new NewsMTSC model): seeds 0.969 -> 0.969, n01 0.660 -> 0.356, held-out
# 0.717 -> 0.650, former blind set 0.846 -> 0.620. Measured when set, with the NewsMTSC model in place:
#   seeds (IBM): accuracy 0.958, macro-F1 0.969; the lexicon was written on these, so this
#     is a training score;
#   n01 (Microsoft): accuracy 0.727, macro-F1 0.660;
#   held-out (Google): first measurement accuracy 0.528, macro-F1 0.444; after general
#     lexicon additions and self-presentation rules made with its errors in view, 0.778 /
#     0.757, so it is no longer an unseen test; 0.750 / 0.717 once words about the technology
#     ("pseudoscience") stopped counting as stance (see below);
#   former blind set (Microsoft): first measurement accuracy 0.581, macro-F1 0.537; after
#     general fixes made with its errors in view (technology words are not stance cues,
#     "welcom*", credit-seeking and "fig leaf" critiques, self-presentation cues) 0.860 / 0.846.
STANCE_CASES = [
    ("seeds", SEEDS, DEVELOPMENT / "quotes.csv", "IBM", 0.9),
    ("new article", FIXTURES / "newcorpus", FIXTURES / "newcorpus" / "gold_quotes.csv", "Microsoft", 0.33),
    ("held-out styles", FIXTURES / "heldout", FIXTURES / "heldout" / "gold_quotes.csv", "Google", 0.6),
    ("former blind set", FIXTURES / "heldout2", FIXTURES / "heldout2" / "gold_quotes.csv", "Microsoft", 0.58),
]


@pytest.mark.parametrize(("name", "corpus", "gold", "target", "floor"), STANCE_CASES, ids=[c[0] for c in STANCE_CASES])
def test_stance_against_gold(name: str, corpus: Path, gold: Path, target: str, floor: float):
    tables, _ = build_tables(corpus, target=Target(target))
    scores = score_stance(tables["quotes"], read_gold(gold))
    print(f"\n[{name}, target {target}] {scores.summary()}\n{scores.confusion}")
    assert scores.n >= 0.85 * len(read_gold(gold))
    assert scores.macro_f1 >= floor, f"macro-F1 {scores.macro_f1:.3f} < {floor}"


def test_narrative_sentence_stance_against_gold(seed_tables):
    """Outlet means also count the writer's own sentences about the target. `tests/development/
    sentences.csv` codes every such sentence of the seeds (outside quotes, not headlines) by
    the codebook's stance rules. First measurement: accuracy 0.703, macro-F1 0.676 (n 37),
    0.730 / 0.704 after the cue changes prompted by the former blind set, 0.757 / 0.725
    once uncertainty words ("unclear") stopped counting as criticism;
    most errors are factual sentences about the decision that the NewsMTSC model alone reads
    as negative ("IBM will no longer produce …"). Giving the model less weight when no cue
    fires made it worse (0.649-0.703 accuracy, 0.58-0.62 macro-F1), so it was kept."""
    gold = pd.read_csv(DEVELOPMENT / "sentences.csv", dtype=str, keep_default_na=False)
    sentences = seed_tables["sentences"]
    matched = gold.merge(sentences[["doc_id", "text", "stance"]], on=["doc_id", "text"], how="left", suffixes=("_gold", ""))
    assert matched.stance.notna().all(), "a gold sentence is no longer segmented the same way"
    accuracy, macro, _, confusion = classification_scores(list(matched.stance_gold), list(matched.stance), STANCE_LABELS)
    print(f"\n[seed narrative sentences, target IBM] accuracy {accuracy:.3f}, macro-F1 {macro:.3f} (n {len(matched)})\n{confusion}")
    assert macro >= 0.6


def test_roles_without_the_registry_against_the_registry(tmp_path):
    """Roles read from the text alone, scored against the registry's hand-coded roles.
    Measured when added: 11 of 13 speakers (Amazon has no description; Nkonde is read as
    academia from "a research fellow at Harvard and Stanford", coded civil society); 9 of 13
    once the seeds' own organisations (PwC, AI Now, ACLU, Privacy International, Associated
    Press) left the package's role keywords (issue 13)."""
    corpus = tmp_path / "seeds"
    shutil.copytree(SEEDS, corpus)
    (corpus / "speakers.csv").unlink()
    speakers = build_tables(corpus)[0]["speakers"].set_index("speaker")
    registry = pd.read_csv(SEEDS / "speakers.csv", comment="#", dtype=str, keep_default_na=False).set_index("name")
    shared = [name for name in registry.index if name in speakers.index]
    agree = sum(speakers.loc[name, "role"] == registry.loc[name, "role"] for name in shared)
    print(f"\n[seeds, no registry] roles agree with the registry for {agree} of {len(shared)} speakers")
    assert len(shared) >= 12 and agree / len(shared) >= 0.65
