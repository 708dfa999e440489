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
from dataclasses import dataclass, field
from functools import lru_cache

from analysis import tsc
from analysis.aggregate import label_of
from analysis.paths import data_lines

FAVOR, AGAINST, NEUTRAL = "favor", "against", "neutral"
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
    "praised": 1.0, "praise": 1.0, "praising": 1.0, "welcomed": 1.0, "applauded": 1.0,
    "criticized": -1.0, "criticised": -1.0, "criticize": -1.0, "criticise": -1.0,
}


@dataclass(frozen=True)
class Target:
    """The entity stance is measured toward, with the names the texts use for it."""

    name: str = "IBM"
    aliases: tuple[str, ...] = field(default_factory=tuple)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
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


@dataclass(frozen=True)
class Stance:
    label: str
    score: float
    cue: str


@dataclass(frozen=True)
class _Cue:
    phrase: str
    pattern: re.Pattern[str]
    sign: float
    self_only: bool = False


@lru_cache(maxsize=8)
def stance_cues(target_names: tuple[str, ...] = ("IBM",)) -> tuple[_Cue, ...]:
    """The cue lexicon, with `{target}` standing for any of the target's names. Cues of
    stance `self` count (as favor) only in the target's own quotes."""
    names = "|".join(re.escape(n.casefold()) for n in sorted(target_names, key=len, reverse=True))
    cues = []
    for row in csv.DictReader(data_lines("stance_cues.csv")):
        phrase = row["cue"].strip().casefold()
        body = r"\s+".join(re.escape(w).replace(r"\*", r"\w*") for w in phrase.split())
        body = body.replace(re.escape("{target}"), f"(?:{names})")
        sign = float(row["weight"]) * (-1 if row["stance"] == AGAINST else 1)
        cues.append(_Cue(phrase, re.compile(rf"\b{body}\b", re.I), sign, row["stance"] == "self"))
    return tuple(cues)


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
    quote: str, sentence: str, *, target: Target, document_about_target: bool,
    others: re.Pattern[str] | None, self_quote: bool = False,
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


def _label(score: float) -> str:
    return label_of(score, THRESHOLD)


# A quote by the target itself (its CEO, the company) leans favourable, but below the
# threshold: it takes a value or commitment cue ("committed to", "we will not") to make it
# `favor`, and a factual statement stays neutral (codebook rule 4).
SELF_PRIOR = 0.2


def score(text: str, *, target: Target, cue_verb: str = "", self_quote: bool = False) -> Stance:
    """Stance of a text that concerns the target: lexicon cues, framing verb, target model."""
    total, evidence = (SELF_PRIOR, ["+self-presentation"]) if self_quote else (0.0, [])
    matches = sorted(
        (
            (m.start(), m.end(), cue)
            for cue in stance_cues(target.names)
            if self_quote or not cue.self_only
            for m in cue.pattern.finditer(text)
        ),
        key=lambda t: (t[0], -(t[1] - t[0])),
    )
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
