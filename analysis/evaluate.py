"""Agreement of automatic quotes (and later stance) with hand-coded gold annotations."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.segment import word_tokens

# A system quote matches a gold quote of the same document when this share of the shorter
# one's word tokens appear in the other (lenient span matching, as in quote-extraction
# evaluations that accept boundary differences of a few words).
MIN_OVERLAP = 0.6


def overlap(a: str, b: str) -> float:
    """Share of the shorter text's tokens that occur in the longer one (multiset)."""
    ta, tb = word_tokens(a), word_tokens(b)
    if not ta or not tb:
        return 0.0
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    pool = {}
    for t in long_:
        pool[t] = pool.get(t, 0) + 1
    hits = 0
    for t in short:
        if pool.get(t, 0):
            pool[t] -= 1
            hits += 1
    return hits / len(short)


def same_speaker(a: str, b: str) -> bool:
    """Speaker names compared case-insensitively, without a leading "the"."""
    norm = lambda s: re.sub(r"^the\s+", "", str(s).casefold().strip())  # noqa: E731
    return norm(a) == norm(b)


def read_gold(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"doc_id": str}, keep_default_na=False)


@dataclass(frozen=True)
class QuoteScores:
    n_gold: int
    n_system: int
    n_matched: int
    precision: float
    recall: float
    f1: float
    speaker_accuracy: float  # among matched pairs
    kind_accuracy: float

    def summary(self) -> str:
        return (
            f"quotes: precision {self.precision:.3f}, recall {self.recall:.3f}, F1 {self.f1:.3f}, "
            f"speaker accuracy {self.speaker_accuracy:.3f}, kind accuracy {self.kind_accuracy:.3f} "
            f"(gold {self.n_gold}, system {self.n_system}, matched {self.n_matched})"
        )


def match_quotes(system: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """One row per gold quote with its matched system quote (if any): greedy by best overlap."""
    rows = []
    for doc_id, gold_doc in gold.groupby("doc_id", sort=True):
        sys_doc = system[system.doc_id == doc_id]
        pairs = sorted(
            ((overlap(g.quote, s.quote), gi, si) for gi, g in gold_doc.iterrows() for si, s in sys_doc.iterrows()),
            key=lambda t: (-t[0], t[1], t[2]),
        )
        used_g, used_s, chosen = set(), set(), {}
        for score, gi, si in pairs:
            if score < MIN_OVERLAP or gi in used_g or si in used_s:
                continue
            used_g.add(gi)
            used_s.add(si)
            chosen[gi] = si
        for gi, g in gold_doc.iterrows():
            s = system.loc[chosen[gi]] if gi in chosen else None
            rows.append(
                {
                    "doc_id": doc_id,
                    "gold_quote": g.quote,
                    "gold_speaker": g.speaker,
                    "gold_kind": g.kind,
                    "system_quote": "" if s is None else s.quote,
                    "system_speaker": "" if s is None else s.speaker,
                    "system_kind": "" if s is None else s.kind,
                    "system_index": -1 if s is None else int(chosen[gi]),
                    **({"gold_stance": g.stance} if "stance" in gold.columns else {}),
                }
            )
    return pd.DataFrame(rows)


def score_quotes(system: pd.DataFrame, gold: pd.DataFrame) -> QuoteScores:
    """Precision, recall and speaker accuracy of system quotes against gold, documents in gold only."""
    system = system[system.doc_id.isin(set(gold.doc_id))]
    matched = match_quotes(system, gold)
    hits = matched[matched.system_index >= 0]
    n = len(hits)
    precision = n / len(system) if len(system) else 0.0
    recall = n / len(gold) if len(gold) else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    speaker = sum(same_speaker(a, b) for a, b in zip(hits.gold_speaker, hits.system_speaker)) / n if n else 0.0
    kind = (hits.gold_kind == hits.system_kind).mean() if n else 0.0
    return QuoteScores(len(gold), len(system), n, precision, recall, f1, speaker, float(kind))


STANCE_LABELS = ("favor", "against", "neutral")


@dataclass(frozen=True)
class StanceScores:
    n: int
    accuracy: float
    macro_f1: float
    f1: dict[str, float]
    confusion: pd.DataFrame  # rows gold, columns system

    def summary(self) -> str:
        per = ", ".join(f"{k} {v:.3f}" for k, v in self.f1.items())
        return f"stance: accuracy {self.accuracy:.3f}, macro-F1 {self.macro_f1:.3f} (n {self.n}; F1 {per})"


def classification_scores(
    gold: list[str], system: list[str], labels: tuple[str, ...]
) -> tuple[float, float, dict[str, float], pd.DataFrame]:
    """Accuracy, macro-F1, per-label F1 and the confusion matrix (gold rows × system columns)."""
    confusion = pd.DataFrame(0, index=list(labels), columns=list(labels))
    for g, s in zip(gold, system):
        if g in confusion.index and s in confusion.columns:
            confusion.loc[g, s] += 1
    f1 = {}
    for label in labels:
        tp = confusion.loc[label, label]
        fp = confusion[label].sum() - tp
        fn = confusion.loc[label].sum() - tp
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1[label] = float(2 * p * r / (p + r)) if p + r else 0.0
    accuracy = float(sum(g == s for g, s in zip(gold, system)) / len(gold)) if gold else 0.0
    return accuracy, float(sum(f1.values()) / len(labels)), f1, confusion


def score_stance(system: pd.DataFrame, gold: pd.DataFrame) -> StanceScores:
    """Stance of matched quotes against the gold stance (unmatched gold quotes are left out)."""
    matched = match_quotes(system[system.doc_id.isin(set(gold.doc_id))], gold)
    matched = matched[matched.system_index >= 0]
    predicted = [system.loc[i, "stance"] for i in matched.system_index]
    accuracy, macro, f1, confusion = classification_scores(list(matched.gold_stance), predicted, STANCE_LABELS)
    return StanceScores(len(matched), accuracy, macro, f1, confusion)
