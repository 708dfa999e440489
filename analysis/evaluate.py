"""Agreement of automatic quotes (and later stance) with hand-coded gold annotations."""

from __future__ import annotations

import re
from collections import Counter
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
    return shared_tokens(ta, tb) / min(len(ta), len(tb))


def shared_tokens(a: list[str], b: list[str]) -> int:
    """How many tokens two token lists share, counting repeats (multiset intersection)."""
    return sum((Counter(a) & Counter(b)).values())


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
    """Precision, recall and speaker accuracy of system quotes against gold, documents in gold only.
    The development gold sets code quoted speech only, so indirect speech is left out unless the
    gold has some."""
    system = system[system.doc_id.isin(set(gold.doc_id))]
    if "indirect" not in set(gold.kind) and "kind" in system:
        system = system[system.kind != "indirect"]
    matched = match_quotes(system, gold)
    hits = matched[matched.system_index >= 0]
    n = len(hits)
    precision = n / len(system) if len(system) else 0.0
    recall = n / len(gold) if len(gold) else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    speaker = sum(same_speaker(a, b) for a, b in zip(hits.gold_speaker, hits.system_speaker)) / n if n else 0.0
    kind = (hits.gold_kind == hits.system_kind).mean() if n else 0.0
    return QuoteScores(len(gold), len(system), n, precision, recall, f1, speaker, float(kind))


STANCE_LABELS = ("favor", "against", "neutral")  # stance.STANCES (not imported: stance imports this module via tsc)


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


# --------------------------------------------------------------------------- a news benchmark
# The scoring recipe of the shared GGT quote set (../shared/benchmarks/quotes-ggt/README.md):
# lenient, order-free matching of quote texts, one-to-one per article, and speakers compared
# by name or surname.

HONORIFICS = {"mr", "mrs", "ms", "dr", "prof", "sir"}
SUFFIXES = {"jr", "sr", "ii", "iii"}
CONTAINED_MIN_TOKENS = 3  # the README's guard: a contained side of fewer tokens does not match
GGT_TOKEN_SHARE = 0.8  # or this share of the gold quote's tokens occur in the prediction
PRONOUNS = {"he", "she", "they", "it", "we", "i", "him", "her", "them"}


def ggt_normal(text: str) -> str:
    """NFKC, lower case, every Unicode punctuation character deleted, whitespace collapsed."""
    import unicodedata

    text = unicodedata.normalize("NFKC", str(text)).casefold()
    text = "".join(" " if c.isspace() else c for c in text if not unicodedata.category(c).startswith("P"))
    return " ".join(text.split())


def _ggt_pair_score(predicted: str, gold: str) -> float:
    """How well a prediction matches a gold quote: the share of gold tokens in it (multiset),
    or 1 for containment; 0 when they do not match under the README's rule."""
    p, g = ggt_normal(predicted), ggt_normal(gold)
    tp, tg = p.split(), g.split()
    if not tp or not tg:
        return 0.0
    share = shared_tokens(tp, tg) / len(tg)
    contained = (p in g and len(tp) >= CONTAINED_MIN_TOKENS) or (g in p and len(tg) >= CONTAINED_MIN_TOKENS) or p == g
    if contained:
        return max(share, 1.0 if g in p else len(tp) / len(tg))
    return share if share >= GGT_TOKEN_SHARE else 0.0


def ggt_same_speaker(predicted: str, gold: str) -> bool:
    """The README's rule: names equal after normalising (honorifics and suffixes dropped), or
    the same surname (last token); an unresolved pronoun is wrong."""

    def tokens(name: str) -> list[str]:
        words = ggt_normal(name).split()
        return [w for w in words if w not in HONORIFICS and w not in SUFFIXES]

    p, g = tokens(predicted), tokens(gold)
    if not p or not g or (len(p) == 1 and p[0] in PRONOUNS):
        return False
    return p == g or p[-1] == g[-1]


def ggt_match(predicted: pd.DataFrame, gold: pd.DataFrame, *, prefer: tuple[str, ...] = ()) -> list[tuple[int, int, float]]:
    """One-to-one (prediction index, gold index, score) pairs, per article, best overlap first;
    on equal overlap a gold quote of a `prefer` type first (the same words are often coded both
    as a direct quote and, where a paragraph paraphrases them, as indirect speech)."""
    pairs = []
    for doc_id, gold_doc in gold.groupby("doc_id", sort=True):
        candidates = sorted(
            (
                (score, pi, gi)
                for gi, g in zip(gold_doc.index, gold_doc.quote)
                for pi, p in zip(predicted.index[predicted.doc_id == doc_id], predicted.quote[predicted.doc_id == doc_id])
                if (score := _ggt_pair_score(p, g)) > 0
            ),
            key=lambda t: (-t[0], gold.quote_type[t[2]] not in prefer, t[1], t[2]),
        )
        used_p, used_g = set(), set()
        for score, pi, gi in candidates:
            if pi not in used_p and gi not in used_g:
                used_p.add(pi)
                used_g.add(gi)
                pairs.append((pi, gi, score))
    return pairs


@dataclass(frozen=True)
class BenchmarkScores:
    """Precision, recall, F1 and speaker accuracy on one slice of a gold quote set."""

    name: str
    n_gold: int
    n_predicted: int
    true_positives: int
    speaker_correct: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.n_predicted if self.n_predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.true_positives if self.true_positives else 0.0

    def row(self) -> dict[str, object]:
        return {
            "slice": self.name,
            "gold": self.n_gold,
            "predicted": self.n_predicted,
            "matched": self.true_positives,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "speaker_accuracy": round(self.speaker_accuracy, 3),
        }


def benchmark_quotes(data: Path, *, jobs: int | None = None, cache_dir: Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """The extractor on a GGT-style set (`data`/corpus and `data`/gold.csv), indirect speech
    included and no registry: (scores, errors, doc_ids that could not be processed)."""
    from analysis.study import build_study

    study = build_study(Path(data) / "corpus", jobs=jobs, indirect=True, cache_dir=cache_dir)
    gold = pd.read_csv(Path(data) / "gold.csv", dtype=str, keep_default_na=False)
    scores, errors = score_benchmark(study["quotes"], gold)
    return scores, errors, list(study["problems"].doc_id)


def score_benchmark(quotes: pd.DataFrame, gold: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Scores of the suite's quotes against a GGT-style gold set (columns doc_id, quote, speaker,
    quote_type in direct/mixed/indirect, floating), and the errors, one row each.

    Main score: the quoted predictions (every kind but `indirect`) against the direct and mixed
    gold quotes; a prediction matched to an indirect gold quote is ignored (neither right nor
    wrong). By type: recall and speaker accuracy for direct, mixed and floating gold quotes.
    Indirect: the `indirect` predictions against the indirect gold quotes.
    """
    quotes = quotes[quotes.doc_id.isin(set(gold.doc_id))].reset_index(drop=True)
    gold = gold.reset_index(drop=True)
    quoted, indirect = quotes[quotes.kind != "indirect"], quotes[quotes.kind == "indirect"]
    pairs = ggt_match(quoted, gold, prefer=("direct", "mixed"))
    by_gold = {gi: (pi, s) for pi, gi, s in pairs}
    main_gold = gold[gold.quote_type.isin(["direct", "mixed"])]
    ignored = {pi for pi, gi, _ in pairs if gold.quote_type[gi] == "indirect"}
    matched = [(pi, gi) for pi, gi, _ in pairs if gold.quote_type[gi] != "indirect"]
    right = {gi for pi, gi in matched if ggt_same_speaker(quotes.speaker[pi], gold.speaker[gi])}
    rows = [BenchmarkScores("quoted (direct + mixed)", len(main_gold), len(quoted) - len(ignored), len(matched), len(right))]
    for name, mask in (
        ("direct", gold.quote_type == "direct"),
        ("mixed", gold.quote_type == "mixed"),
        ("floating (direct + mixed)", gold.quote_type.isin(["direct", "mixed"]) & (gold.floating.astype(str) == "true")),
    ):
        ids = set(gold.index[mask])
        hits = [gi for gi in ids if gi in by_gold]
        rows.append(BenchmarkScores(name, len(ids), 0, len(hits), len([gi for gi in hits if gi in right])))
    indirect_gold = gold[gold.quote_type == "indirect"]
    indirect_pairs = ggt_match(indirect, indirect_gold, prefer=("indirect",))
    rows.append(
        BenchmarkScores(
            "indirect",
            len(indirect_gold),
            len(indirect),
            len(indirect_pairs),
            sum(ggt_same_speaker(quotes.speaker[pi], gold.speaker[gi]) for pi, gi, _ in indirect_pairs),
        )
    )
    table = pd.DataFrame([r.row() for r in rows])
    table.loc[table.predicted == 0, ["predicted", "precision", "f1"]] = pd.NA  # slices of the gold: recall only
    errors = []
    matched_p = {pi for pi, _ in matched} | ignored
    for gi, g in main_gold.iterrows():
        if gi not in by_gold:
            errors.append(("missed", g.doc_id, g.quote_type, g.quote, g.speaker, g.speaker_mention, "", "", ""))
        elif gi not in right:
            p = quotes.loc[by_gold[gi][0]]
            errors.append(("wrong speaker", g.doc_id, g.quote_type, g.quote, g.speaker, g.speaker_mention, p.quote, p.speaker, p.mention))
    for pi, p in quoted.iterrows():
        if pi not in matched_p:
            errors.append(("false positive", p.doc_id, p.kind, "", "", "", p.quote, p.speaker, p.mention))
    found = {pi for pi, _, _ in indirect_pairs}
    for gi in sorted(set(indirect_gold.index) - {gi for _, gi, _ in indirect_pairs}):
        g = gold.loc[gi]
        errors.append(("missed indirect", g.doc_id, "indirect", g.quote, g.speaker, g.speaker_mention, "", "", ""))
    for pi, gi, _ in indirect_pairs:
        p, g = quotes.loc[pi], gold.loc[gi]
        if not ggt_same_speaker(p.speaker, g.speaker):
            errors.append(
                ("wrong speaker indirect", g.doc_id, "indirect", g.quote, g.speaker, g.speaker_mention, p.quote, p.speaker, p.mention)
            )
    for pi, p in indirect.iterrows():
        if pi not in found:
            errors.append(("false positive indirect", p.doc_id, "indirect", "", "", "", p.quote, p.speaker, p.mention))
    columns = ["error", "doc_id", "type", "gold_quote", "gold_speaker", "gold_mention", "quote", "speaker", "mention"]
    return table, pd.DataFrame(errors, columns=columns).sort_values(["error", "doc_id"], kind="stable").reset_index(drop=True)
