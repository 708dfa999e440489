"""Target-dependent sentiment: how a news sentence portrays one mention (neg, neu or pos).

A multinomial logistic regression trained on NewsMTSC, with SEntFiN and FinEntity as extra
(domain-marked) rows (`scripts/train_tsc.py`), and shipped as `resources/tsc_model.json`;
applying it needs only numpy, vaderSentiment and NLTK's Porter stemmer (no data files).
Features (below, shared by training and prediction) are the sentence's words with the target
masked, the words in a window left and right of the target and in its clause, the stems of
all words marked left or right of the target and weighted by closeness to it, VADER scores
of the sentence, clause and windows, VADER-lexicon valences weighted by distance to the
target and summed over parts of the sentence (clause, the stretch up to the next punctuation,
quotes, before and after a contrast word), negation, reporting-verb and quotation cues, the
target's role (opening its clause, possessor, after "by" or a preposition, pronoun), and the
target's own words and form (a capitalised name, a date word, a determiner).
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from itertools import pairwise
from pathlib import Path

import numpy as np
from nltk.stem.porter import PorterStemmer
from vaderSentiment.vaderSentiment import NEGATE

from analysis.errors import InputError
from analysis.evaluate import classification_scores
from analysis.sentiment import analyzer, compound

LABELS = ("neg", "neu", "pos")
POLARITY = {2.0: "neg", 4.0: "neu", 6.0: "pos"}
GROUPS = ("bow", "bigram", "window", "clause", "vader", "lexicon", "structure", "target", "stem", "decay", "role", "shape", "regions")
WINDOW = 4  # words each side of the target
TAU = 4.0  # decay (in words) of lexicon valences with distance to the target
STEM_TAU = 3.0  # decay (in words) of the stemmed-word weights of the "decay" group
TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,]\d+)*|[^\w\s]")
QUOTES = {'"', "“", "”"}
# A clause ends at punctuation, a contrastive/subordinating word or a relative pronoun.
CLAUSE_BREAKS = QUOTES | {
    ",",
    ";",
    ":",
    "—",
    "–",
    "(",
    ")",
    "but",
    "while",
    "although",
    "though",
    "whereas",
    "because",
    "who",
    "which",
    "that",
}
NEGATORS = set(NEGATE) | {"not", "no", "never", "nor", "without"}
# The clause after the last of these usually carries the sentence's verdict.
CONTRAST = {"but", "yet", "although", "though", "however", "still", "despite", "while", "whereas"}
# Punctuation that ends the stretch of words before or after the target (its predicate).
STRETCH_BREAKS = QUOTES | {",", ";", ":", "—", "–", "(", ")", ".", "?", "!"}
PRONOUNS = {"he", "she", "him", "her", "his", "hers", "they", "them", "their", "it", "its", "i", "we", "us", "you", "me", "my", "our"}
PREPOSITIONS = {"by", "against", "to", "for", "with", "of", "from", "on", "about", "over", "at", "in"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "its", "our", "my", "your"}
TITLES = {"mr", "mrs", "ms", "dr", "president", "sen", "senator", "rep", "gov", "governor", "judge", "secretary", "prime"}
TIME_WORDS = {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "tomorrow",
    "week",
    "month",
    "year",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "night",
    "morning",
    "weekend",
}
MENTION_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+")
REPORTING = set(
    [
        "said",
        "says",
        "say",
        "told",
        "tells",
        "claimed",
        "claims",
        "argued",
        "argues",
        "wrote",
        "writes",
        "added",
        "noted",
        "alleged",
        "alleges",
        "insisted",
        "insists",
        "stated",
        "according",
        "asserted",
        "declared",
        "tweeted",
        "explained",
        "suggested",
        "warned",
        "announced",
        "acknowledged",
        "admitted",
        "denied",
        "contended",
        "maintained",
        "charged",
        "accused",
        "called",
    ]
)


@dataclass(frozen=True)
class TargetSentiment:
    """The model's verdict on one target mention."""

    label: str  # 'neg' | 'neu' | 'pos'
    score: float  # in [-1, 1]: P(pos) - P(neg)
    cue: str  # top contributing features, e.g. "v_sent=-0.60; r:criticized"


def _compound(text: str) -> float:
    return compound(text) if text.strip() else 0.0


def tokenize(sentence: str) -> list[tuple[str, int, int]]:
    """Lower-cased word and punctuation tokens with their character offsets."""
    return [(m.group().lower().replace("’", "'"), m.start(), m.end()) for m in TOKEN.finditer(sentence)]


def _check_span(sentence: str, start: int, end: int) -> None:
    if not (0 <= start <= end <= len(sentence)):
        raise ValueError(f"target span {start}:{end} is outside the sentence (length {len(sentence)})")


def _parse(sentence: str, start: int, end: int) -> tuple[list[tuple[str, int, int]], int, int, int, int]:
    """Tokens, the target's token range [i0, i1) and its clause [a, b) in token indices."""
    _check_span(sentence, start, end)
    toks = tokenize(sentence)
    i0 = sum(1 for _, _, e in toks if e <= start)
    i1 = max(i0, sum(1 for _, s, _ in toks if s < end))
    a, b = i0, i1
    while a > 0 and toks[a - 1][0] not in CLAUSE_BREAKS:
        a -= 1
    while b < len(toks) and toks[b][0] not in CLAUSE_BREAKS:
        b += 1
    return toks, i0, i1, a, b


def clause_span(sentence: str, start: int, end: int) -> tuple[int, int]:
    """Character span of the clause that holds the target (the target itself if it has none)."""
    toks, _, _, a, b = _parse(sentence, start, end)
    return (min(start, toks[a][1]) if a < len(toks) else start), (max(end, toks[b - 1][2]) if b > 0 else end)


def features(sentence: str, start: int, end: int, groups: Iterable[str] = GROUPS) -> dict[str, float]:
    """Feature name -> value for the target sentence[start:end]; `groups` selects families."""
    use = set(groups)
    toks, i0, i1, a, b = _parse(sentence, start, end)
    words = [w for w, _, _ in toks]
    ctx = [*words[:i0], "<t>", *words[i1:]]  # the target collapsed to one masked token
    ti, shift = i0, i1 - i0 - 1
    ca, cb = a, b - shift
    f: dict[str, float] = {}
    if "bow" in use:
        f.update((f"w:{w}", 1.0) for w in ctx if w != "<t>")
    if "bigram" in use:
        f.update((f"b:{x}_{y}", 1.0) for x, y in pairwise(ctx))
    if "window" in use:
        for k in range(1, WINDOW + 1):
            if ti - k >= 0:
                f[f"l:{ctx[ti - k]}"] = 1.0
            if ti + k < len(ctx):
                f[f"r:{ctx[ti + k]}"] = 1.0
        if ti > 0:
            f[f"l1:{ctx[ti - 1]}"] = 1.0
        if ti + 1 < len(ctx):
            f[f"r1:{ctx[ti + 1]}"] = 1.0
    if "clause" in use:
        f.update((f"c:{w}", 1.0) for w in ctx[ca:cb] if w != "<t>")
    if "vader" in use:
        c0, c1 = clause_span(sentence, start, end)
        f["v_sent"] = _compound(sentence[:start] + "someone" + sentence[end:])
        f["v_clause"] = _compound(sentence[c0:start] + "someone" + sentence[end:c1])
        f["v_left"] = _compound(" ".join(ctx[max(0, ti - 2 * WINDOW) : ti]))
        f["v_right"] = _compound(" ".join(ctx[ti + 1 : ti + 1 + 2 * WINDOW]))
    if "lexicon" in use:
        lexicon = analyzer().lexicon
        sums = {"lex_pos": 0.0, "lex_neg": 0.0, "lex_cpos": 0.0, "lex_cneg": 0.0}
        for j, w in enumerate(ctx):
            v = lexicon.get(w, 0.0) if w != "<t>" else 0.0
            if not v:
                continue
            if any(x in NEGATORS for x in ctx[max(0, j - 3) : j]):
                v *= -0.74  # VADER's negation factor
            sign, d = ("+" if v > 0 else "-"), abs(j - ti)
            sums["lex_pos" if v > 0 else "lex_neg"] += math.exp(-d / TAU) * v / 4
            if ca <= j < cb:
                sums["lex_cpos" if v > 0 else "lex_cneg"] += v / 4
            key = f"lex{'L' if j < ti else 'R'}{1 if d <= 2 else 2 if d <= 6 else 3}{sign}"
            f[key] = f.get(key, 0.0) + abs(v) / 4
        f.update(sums)
    if "structure" in use:
        near = ctx[max(0, ti - 2) : ti] + ctx[ti + 1 : ti + 3]
        opened = False
        for w in ctx[:ti]:
            opened = (not opened) if w == '"' else True if w == "“" else False if w == "”" else opened
        flags = {
            "t_first": ti == 0,
            "t_spk": any(w in REPORTING for w in near),
            "t_inquote": opened,
            "c_neg": any(w in NEGATORS for w in ctx[ca:cb]),
            "s_report": any(w in REPORTING for w in ctx),
            "s_q": "?" in ctx,
        }
        f.update((k, 1.0) for k, on in flags.items() if on)
        f["pos_rel"] = ti / max(1, len(ctx) - 1)
    if "target" in use:
        f.update((f"t:{w}", 1.0) for w in words[i0:i1] if w.isalpha())
    if "stem" in use:  # every word's stem, marked left or right of the target
        f.update((f"{'sl' if j < ti else 'sr'}:{stem(w)}", 1.0) for j, w in enumerate(ctx) if j != ti and w.isalpha())
    if "decay" in use:  # every word's stem, weighted by closeness to the target
        for j, w in enumerate(ctx):
            if j != ti and w.isalpha():
                key = f"d:{stem(w)}"
                f[key] = max(f.get(key, 0.0), math.exp(-(abs(j - ti) - 1) / STEM_TAU))
    if "role" in use:
        f.update(_role(ctx, words[i0:i1], ti, ca))
    if "shape" in use:
        f.update(_shape(sentence[start:end]))
    if "regions" in use:
        f.update(_regions(ctx, ti, ca, cb))
    return f


@lru_cache(maxsize=1)
def _stemmer() -> PorterStemmer:
    return PorterStemmer()


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """Porter stem of a lower-cased word (NLTK's stemmer needs no data files)."""
    return _stemmer().stem(word)


def _role(ctx: list[str], mention: list[str], ti: int, ca: int) -> dict[str, float]:
    """Where the target stands: opening its clause (a likely subject), possessor, pronoun,
    agent of a passive ("by"), object of a preposition, before or after a contrast word."""
    flags = {
        "t_clstart": ti == ca,
        "t_poss": (ti + 1 < len(ctx) and ctx[ti + 1] in ("'s", "'")) or bool(mention and mention[-1].endswith("'s")),
        "t_pron": len(mention) == 1 and mention[0] in PRONOUNS,
        "t_by": ti > 0 and ctx[ti - 1] == "by",
        "t_after_contrast": any(w in CONTRAST for w in ctx[:ti]),
        "t_before_contrast": any(w in CONTRAST for w in ctx[ti + 1 :]),
    }
    f = {k: 1.0 for k, on in flags.items() if on}
    if ti > 0 and ctx[ti - 1] in PREPOSITIONS:
        f[f"t_prep:{ctx[ti - 1]}"] = 1.0
    return f


def _shape(mention: str) -> dict[str, float]:
    """The mention's form: capitalised (a name) or not, length, determiner, title, date word."""
    words = MENTION_WORD.findall(mention)
    if not words:
        return {"ts_empty": 1.0}
    low = [w.lower() for w in words]
    caps = [w[0].isupper() for w in words]
    flags = {
        "ts_allcap" if all(caps) else "ts_nocap" if not any(caps) else "ts_mixcap": True,
        f"ts_len{min(len(words), 4)}": True,
        "ts_det": low[0] in DETERMINERS,
        "ts_day": any(w in TIME_WORDS for w in low),
        "ts_num": any(w.isdigit() for w in words),
        f"ts_pron:{low[0]}": len(words) == 1 and low[0] in PRONOUNS,
        "ts_title": low[0] in TITLES,
        "ts_upper": mention.isupper() and len(mention) > 1,
        "ts_poss": low[-1].endswith(("'s", "’s")),
    }
    return {k: 1.0 for k, on in flags.items() if on}


def _regions(ctx: list[str], ti: int, ca: int, cb: int) -> dict[str, float]:
    """VADER-lexicon valences (negated after a negator) summed over parts of the sentence:
    the whole, the target's clause, left and right of it, the stretch of words up to the
    next punctuation either side, two words each side, inside and outside quotes, and the
    parts before the first and after the last contrast word."""
    lexicon = analyzer().lexicon
    n = len(ctx)
    val = [0.0] * n
    inquote, opened = [False] * n, False
    for j, w in enumerate(ctx):
        v = lexicon.get(w, 0.0) if j != ti else 0.0
        if v and any(x in NEGATORS for x in ctx[max(0, j - 3) : j]):
            v *= -0.74
        val[j] = v / 4
        opened = (not opened) if w == '"' else True if w == "“" else False if w == "”" else opened
        inquote[j] = opened
    pe = ti + 1
    while pe < n and ctx[pe] not in STRETCH_BREAKS:
        pe += 1
    ps = ti
    while ps > 0 and ctx[ps - 1] not in STRETCH_BREAKS:
        ps -= 1
    regions: dict[str, Sequence[int]] = {
        "all": range(n),
        "cl": range(ca, cb),
        "L": range(ti),
        "R": range(ti + 1, n),
        "pred": range(ti + 1, pe),
        "pre": range(ps, ti),
        "seg": range(ps, pe),
        "q": [j for j in range(n) if inquote[j]],
        "nq": [j for j in range(n) if not inquote[j]],
        "w2": [j for j in range(max(0, ti - 2), min(n, ti + 3)) if j != ti],
    }
    contrast = [j for j, w in enumerate(ctx) if w in CONTRAST]
    if contrast:
        regions["aft"] = range(contrast[-1] + 1, n)
        regions["bef"] = range(contrast[0])
    f: dict[str, float] = {}
    for name, region in regions.items():
        vs = [val[j] for j in region]
        if not vs:
            continue
        p, q = sum(v for v in vs if v > 0), sum(v for v in vs if v < 0)
        f.update({f"d_{name}_p": p, f"d_{name}_n": q, f"d_{name}_mx": max(vs), f"d_{name}_mn": min(vs), f"d_{name}_net": math.tanh(p + q)})
    if contrast:
        side = "A" if ti > contrast[-1] else "B" if ti < contrast[0] else "M"
        f.update({k + side: v for k, v in list(f.items()) if k.startswith(("d_aft", "d_bef"))})
    f["d_ntok"] = math.log1p(n) / 4
    f["d_dist_break"] = min(5, pe - ti) / 5
    return f


@lru_cache(maxsize=1)
def _model() -> tuple[dict[str, int], np.ndarray, np.ndarray, tuple[str, ...]]:
    data = json.loads((files("analysis") / "resources" / "tsc_model.json").read_text(encoding="utf-8"))
    names = list(data["features"])
    weights = np.array([data["features"][n] for n in names], dtype=np.float64).reshape(-1, len(LABELS))
    return {n: i for i, n in enumerate(names)}, weights, np.array(data["intercepts"]), tuple(data["feature_groups"])


def _cue(contrib: list[tuple[float, str, float]]) -> str:
    top = sorted(contrib, key=lambda t: (-t[0], t[1]))[:3]
    return "; ".join(n if v == 1.0 else f"{n}={v:+.2f}" for c, n, v in top if c > 0) or "no cue"


# The model reads sentences; in a longer text it reads this many characters each side of
# the target, so a text with many mentions costs time in proportion to its length.
CONTEXT_CHARS = 1_000


def _window(sentence: str, start: int, end: int) -> tuple[str, int, int]:
    """`sentence` cut to CONTEXT_CHARS each side of the target (at spaces), offsets moved."""
    if len(sentence) <= 2 * CONTEXT_CHARS + (end - start):
        return sentence, start, end
    left = sentence.find(" ", max(0, start - CONTEXT_CHARS), start)
    left = left + 1 if left >= 0 and start - CONTEXT_CHARS > 0 else max(0, start - CONTEXT_CHARS)
    right = sentence.rfind(" ", end, end + CONTEXT_CHARS)
    right = right if right >= 0 and end + CONTEXT_CHARS < len(sentence) else min(len(sentence), end + CONTEXT_CHARS)
    return sentence[left:right], start - left, end - left


def predict(sentence: str, start: int, end: int) -> TargetSentiment:
    """Sentiment of `sentence` toward the target `sentence[start:end]`."""
    sentence, start, end = _window(sentence, start, end)
    index, weights, intercepts, groups = _model()
    known = [(index[k], k, v) for k, v in features(sentence, start, end, groups).items() if k in index]
    rows = np.array([i for i, _, _ in known], dtype=np.intp)
    values = np.array([v for _, _, v in known], dtype=np.float64)
    logits = intercepts + values @ weights[rows]
    p = np.exp(logits - logits.max())
    p /= p.sum()
    best = int(np.argmax(p))
    margin = weights[rows, best] - weights[rows].mean(axis=1)  # evidence for the chosen label
    cue = _cue([(float(v * m), k, v) for (_, k, v), m in zip(known, margin)])
    return TargetSentiment(LABELS[best], round(float(p[2] - p[0]), 4), cue)


def predict_many(items: Iterable[tuple[str, int, int]]) -> list[TargetSentiment]:
    """`predict` for each (sentence, start, end)."""
    return [predict(sentence, start, end) for sentence, start, end in items]


def read_newsmtsc(path: str | Path) -> list[dict]:
    """One record per target: gid, sentence_id, sentence, start, end, label (None if unlabeled)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc.__class__.__name__})") from None
    records = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            sentence, targets = row["sentence_normalized"], row["targets"]
            for t in targets:
                polarity = t.get("polarity")
                if polarity is not None and polarity not in POLARITY:
                    raise ValueError(f"polarity {polarity!r} is not 2.0, 4.0 or 6.0")
                start, end = int(t["from"]), int(t["to"])
                _check_span(sentence, start, end)
                records.append(
                    {
                        "gid": str(t["Input.gid"]),
                        "sentence_id": str(row["primary_gid"]),
                        "sentence": sentence,
                        "start": start,
                        "end": end,
                        "label": POLARITY.get(polarity),
                    }
                )
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{n}: invalid JSON ({exc.msg})") from None
        except KeyError as exc:
            raise InputError(f"{path}:{n}: missing key {exc.args[0]!r}") from None
        except (ValueError, TypeError, AttributeError) as exc:
            raise InputError(f"{path}:{n}: malformed record ({exc})") from None
    if not records:
        raise InputError(f"{path}: no targets found")
    return records


def write_predictions(in_path: str | Path, out_path: str | Path) -> int:
    """Label every target of a NewsMTSC-format file; write CSV `gid,label`; return the row count."""
    records = read_newsmtsc(in_path)
    predictions = predict_many((r["sentence"], r["start"], r["end"]) for r in records)
    out_path = Path(out_path)
    partial = out_path.with_name(f".{out_path.name}.partial")
    try:
        with open(partial, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["gid", "label"])
            writer.writerows((r["gid"], p.label) for r, p in zip(records, predictions))
        partial.replace(out_path)  # all or nothing
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise InputError(f"{out_path}: cannot write ({exc.strerror or exc.__class__.__name__})") from None
    return len(records)


def split_group(sentence_id: str) -> str:
    """The story a NewsMTSC sentence comes from: AllSides event (all outlets) or POLUSA article."""
    parts = sentence_id.split("_")
    if parts[0] == "allsides" and len(parts) > 2:
        return f"allsides_event_{parts[2]}"
    return "_".join(parts[:3] if parts[0] == "polusa" else parts[:2])


def split_buckets(records: Sequence[dict]) -> list[int]:
    """Deterministic story bucket 0-4 of each record: sha1(story id) mod 5, where stories that
    share a sentence are merged first (under the smaller id), so no sentence or story spans two."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    first: dict[str, str] = {}
    for r in records:
        g = root(split_group(r["sentence_id"]))
        other = root(first.setdefault(r["sentence"], g))
        if other != g:
            parent[max(g, other)] = min(g, other)
    return [int(hashlib.sha1(root(split_group(r["sentence_id"])).encode()).hexdigest(), 16) % 5 for r in records]


def dev_mask(records: Sequence[dict]) -> list[bool]:
    """The 80/20 development split: bucket 0 of `split_buckets` is dev, the rest is train."""
    return [b == 0 for b in split_buckets(records)]


@dataclass(frozen=True)
class DevScore:
    """The shipped model on the development split of a NewsMTSC train file."""

    n: int
    macro_f1: float
    accuracy: float

    def __str__(self) -> str:
        return f"NewsMTSC dev split ({self.n} targets): macro-F1 {100 * self.macro_f1:.1f}, accuracy {100 * self.accuracy:.1f}"


def evaluate_dev(path: str | Path) -> DevScore:
    """Score the shipped model on the dev part (`dev_mask`) of a NewsMTSC train file."""
    records = read_newsmtsc(path)
    dev = [r for r, d in zip(records, dev_mask(records)) if d and r["label"] is not None]
    gold = [r["label"] for r in dev]
    pred = [p.label for p in predict_many((r["sentence"], r["start"], r["end"]) for r in dev)]
    accuracy = sum(g == q for g, q in zip(gold, pred)) / len(gold) if gold else float("nan")
    return DevScore(len(dev), macro_f1(gold, pred), accuracy)


def macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    """Macro-averaged F1 over neg/neu/pos."""
    return classification_scores(list(gold), list(pred), LABELS)[1]
