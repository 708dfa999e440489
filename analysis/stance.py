"""Stance toward a target (IBM by default): favor, against or neutral, with its evidence.

Stance is not sentiment: "a welcome acknowledgment that facial recognition … has been used
to undermine human rights" praises the target's decision in negative words. The scorer
therefore combines (1) a hand-written lexicon of stance cues (`resources/stance_cues.csv`),
counted only in text that concerns the target, (2) the speech verb that frames a quote
("praised", "criticised"), and (3) where the target is named, a target-dependent sentiment
model trained on NewsMTSC (`analysis.tsc`). Every call records the evidence in `cue`.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from analysis import tsc
from analysis.cues import CueMatcher
from analysis.errors import InputError
from analysis.paths import data_lines

FAVOR, AGAINST, NEUTRAL = "favor", "against", "neutral"
STANCES = (FAVOR, AGAINST, NEUTRAL)  # the one set of stance labels
OFF_TARGET = "not about the target"  # the stance_cue of a quote that does not concern the target
# |score| below this is neutral; chosen on the seeds' gold (see docs/codebook.md, stance).
THRESHOLD = 0.25
# Weight of the NewsMTSC model's P(pos) - P(neg) for an explicitly named target.
MODEL_WEIGHT = 0.6
# The model reads at most this many mentions of the target per text (the first ones): a
# sentence names its target once or twice, and run-on text naming it thousands of times must
# not cost thousands of model calls.
MODEL_MENTIONS = 8
NEGATIONS = re.compile(r"\b(not|no|never|n't|cannot|hardly)\b\W+(?:\w+\W+){0,2}$", re.I)
VERB_STANCE = {
    "praised": 1.0,
    "praise": 1.0,
    "praising": 1.0,
    "welcomed": 1.0,
    "applauded": 1.0,
    "criticized": -1.0,
    "criticised": -1.0,
    "criticize": -1.0,
    "criticise": -1.0,
}


@dataclass(frozen=True)
class Target:
    """The entity stance is measured toward, with the names the texts use for it."""

    name: str
    aliases: tuple[str, ...] = field(default_factory=tuple)
    # a corpus's own stance cues (its `stance_cues.csv`): (phrase, stance, weight) rows
    cues: tuple[tuple[str, str, float], ...] = field(default_factory=tuple)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        names = sorted(self.names, key=len, reverse=True)
        return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")(?:['’]s)?\b", re.I)

    def mentions(self, text: str) -> list[tuple[int, int]]:
        return [(m.start(), m.end()) for m in self.pattern.finditer(text)]

    def is_self(self, speaker: str, affiliation: str = "") -> bool:
        """The target itself, or someone speaking for it (its CEO, its staff, a unit named
        after it such as "Amazon Web Services")."""
        if speaker.strip() and self.pattern.fullmatch(speaker.strip()):
            return True
        return bool(affiliation.strip()) and bool(self.pattern.match(affiliation.strip()))


def parse_targets(specs: Iterable[str], aliases: Iterable[str] = ()) -> tuple[Target, ...]:
    """Targets from `NAME` or `NAME=alias,alias` specs (`--target`, repeatable; the `targets`
    parameter, `;`-separated); `aliases` are more names of the first. One-line errors."""
    targets: list[Target] = []
    for spec in specs:
        name, _, names = str(spec).partition("=")
        if not name.strip():
            raise InputError(f"a target needs a name, not {str(spec)[:40]!r}")
        more = tuple(a.strip() for a in names.split(",") if a.strip())
        if not targets:
            more = (*more, *(a.strip() for a in aliases if a.strip()))
        if name.strip().casefold() in {t.name.casefold() for t in targets}:
            raise InputError(f"target {name.strip()!r} is given twice")
        targets.append(Target(name.strip(), more))
    if not targets:
        raise InputError("no target given")
    return tuple(targets)


@dataclass(frozen=True)
class Stance:
    label: str
    score: float
    cue: str


@dataclass(frozen=True)
class _Cue:
    phrase: str
    sign: float
    self_only: bool = False


CUES_FILE = "stance_cues.csv"  # the package's lexicon, and a corpus's own overlay beside speakers.csv


def cue_overlay(corpus: Path | None) -> tuple[tuple[str, str, float], ...]:
    """A corpus's own stance cues (`stance_cues.csv` in its folder: cue, stance, weight), or
    none; a malformed file is an InputError naming the file and line."""
    path = Path(corpus) / CUES_FILE if corpus else None
    if path is None or not path.is_file():
        return ()
    try:
        lines = [line for line in path.read_text(encoding="utf-8-sig").splitlines() if line.strip() and not line.startswith("#")]
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 (byte {exc.start})") from None
    rows = []
    for number, row in enumerate(csv.DictReader(lines), start=2):
        try:
            cue, stance, weight = row["cue"].strip(), row["stance"].strip(), float(row["weight"])
        except (KeyError, TypeError, ValueError, AttributeError):
            raise InputError(f"{path}, line {number}: needs cue, stance and a numeric weight") from None
        if stance not in (FAVOR, AGAINST, "self") or not cue:
            raise InputError(f"{path}, line {number}: stance must be favor, against or self")
        rows.append((cue, stance, weight))
    return tuple(rows)


@lru_cache(maxsize=8)
def stance_cues(
    target_names: tuple[str, ...], extra: tuple[tuple[str, str, float], ...] = ()
) -> tuple[tuple[_Cue, ...], CueMatcher, CueMatcher]:
    """The cue lexicon (with a corpus's `extra` cues) and two matchers (analysis.cues): every
    cue, and all but the `self` cues, which count (as favor) only in the target's own quotes.
    `{target}` stands for any of the target's names."""
    cues, lexicon = [], {}
    package = [(r["cue"], r["stance"], float(r["weight"])) for r in csv.DictReader(data_lines(CUES_FILE))]
    for cue, stance, weight in (*package, *extra):
        row = {"cue": cue, "stance": stance, "weight": weight}
        phrase = row["cue"].strip().casefold()
        sign = float(row["weight"]) * (-1 if row["stance"] == AGAINST else 1)
        lexicon[str(len(cues))] = (
            [phrase.replace("{target}", name.casefold()) for name in target_names] if "{target}" in phrase else [phrase]
        )
        cues.append(_Cue(phrase, sign, row["stance"] == "self"))
    others = {label: phrases for label, phrases in lexicon.items() if not cues[int(label)].self_only}
    return tuple(cues), CueMatcher(lexicon), CueMatcher(others)


@lru_cache(maxsize=1)
def decision_words() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in data_lines("decision_words.txt"))
    return re.compile(rf"\b(?:{words})s?\b", re.I)


def concerns(text: str, *, target: Target, after_mention: bool = False) -> bool:
    """Text that names the target, or refers to its decision (`after_mention`: in a paragraph
    that named the target before it)."""
    if target.mentions(text):
        return True
    return after_mention and bool(decision_words().search(text))


def quote_concerns(
    quote: str,
    sentence: str,
    *,
    target: Target,
    document_about_target: bool,
    others: re.Pattern[str] | None,
    self_quote: bool = False,
) -> bool:
    """A quote is about the target if the target says it, if it or its sentence names the
    target, or, in a document about the target, if it names no other organisation: quotes
    about the decision often do not name it ("This is a welcome recognition that …")."""
    if self_quote or target.mentions(quote):
        return True
    if others is not None and others.search(quote):
        return False  # about the organisation it names, even if its sentence names the target
    return bool(target.mentions(sentence)) or document_about_target


def about_target(headline_and_lede: str, *, target: Target) -> bool:
    """A document is about the target when its headline or first paragraph names it."""
    return bool(target.mentions(headline_and_lede))


def label_of(score: float, threshold: float = THRESHOLD) -> str:
    """favor, against or neutral for a score in [-1, 1] ("" for none)."""
    if math.isnan(score):
        return ""
    return FAVOR if score >= threshold else AGAINST if score <= -threshold else NEUTRAL


def _label(score: float) -> str:
    return label_of(score, THRESHOLD)


def sentence_stance(text: str, *, target: Target, after_mention: bool = False) -> tuple[str, float, str]:
    """(label, score, cue) of a writer's sentence toward the target; ("", nan, "") when it
    does not concern it (see `concerns`)."""
    if not concerns(text, target=target, after_mention=after_mention):
        return ("", float("nan"), "")
    s = score(text, target=target)
    return (s.label, s.score, s.cue)


def quote_stance(
    quote: str,
    sentence: str,
    *,
    target: Target,
    on_topic: bool,
    others: tuple[str, ...],
    self_quote: bool,
    cue_verb: str,
) -> Stance:
    """Stance of a quote toward the target; neutral with the cue OFF_TARGET when the quote
    does not concern it (`quote_concerns`; `on_topic`: its document is about the target)."""
    if not quote_concerns(
        quote, sentence, target=target, document_about_target=on_topic, others=_alternation(others), self_quote=self_quote
    ):
        return Stance(NEUTRAL, 0.0, OFF_TARGET)
    return score(quote, target=target, cue_verb=cue_verb, self_quote=self_quote)


def other_organisations(speakers: Iterable[str], profiles: dict[str, tuple[str, str]], *, target: Target) -> tuple[str, ...]:
    """Organisations quoted in the corpus (one-word speakers) or named as a speaker's
    affiliation, other than the target: a quote naming one of them is about it, not the target."""
    names = {s for s in speakers if s and len(s.split()) == 1}
    names |= {a for a, _ in profiles.values() if a and len(a.split()) <= 3}
    return tuple(sorted(n for n in names if not target.is_self(n) and n[:1].isupper()))


@lru_cache(maxsize=8)
def _alternation(names: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b") if names else None


# A quote by the target itself (its CEO, the company) leans favourable, but below the
# threshold: it takes a value or commitment cue ("committed to", "we will not") to make it
# `favor`, and a factual statement stays neutral (codebook rule 4).
SELF_PRIOR = 0.2


def score(text: str, *, target: Target, cue_verb: str = "", self_quote: bool = False) -> Stance:
    """Stance of a text that concerns the target: lexicon cues, framing verb, target model."""
    total, evidence = (SELF_PRIOR, ["+self-presentation"]) if self_quote else (0.0, [])
    cues, every, others = stance_cues(target.names, target.cues)
    matches = [(h.start, h.end, cues[int(h.label)]) for h in (every if self_quote else others).find(text)]
    taken_until = -1
    for start, end, cue in matches:
        if start < taken_until:
            continue  # inside a longer cue already counted ("not be fooled" over "fooled")
        taken_until = end
        sign = -cue.sign if NEGATIONS.search(text[:start]) else cue.sign
        total += sign
        evidence.append(f"{'+' if sign > 0 else '-'}{cue.phrase}{' (negated)' if sign * cue.sign < 0 else ''}")
    verb = VERB_STANCE.get(cue_verb.casefold().rstrip(":"), 0.0)
    if verb:
        total += verb
        evidence.append(f"{'+' if verb > 0 else '-'}verb:{cue_verb}")
    spans = target.mentions(text)[:MODEL_MENTIONS]
    if spans:
        predictions = [tsc.predict(text, s, e) for s, e in spans]
        model = sum(p.score for p in predictions) / len(predictions)
        total += MODEL_WEIGHT * model
        evidence.append(f"model:{model:+.2f}")
    value = math.tanh(total)
    return Stance(_label(value), round(value, 4), "; ".join(evidence) or "no cue")


def evidence_kind(cue: str) -> str:
    """What a stance call rests on, from its `stance_cue`: `cue words` (lexicon or speech
    verb, perhaps with the model), `model only`, `self-presentation only` or `none`."""
    parts = [p.strip() for p in cue.split(";") if p.strip()]
    if any(p[:1] in "+-" and p != "+self-presentation" for p in parts):
        return "cue words"
    if any(p.startswith("model:") for p in parts):
        return "model only"
    if "+self-presentation" in parts:
        return "self-presentation only"
    return "none"
