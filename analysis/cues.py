"""Cue lexicons and the tables they run on: shared by framing, key terms and localisation.

Every function works on the two tables of the upstream pipeline:

- ``documents``: one row per document (``doc_id``, ``outlet``, ``group``, ``region``, ...);
- ``sentences``: one row per sentence (``doc_id``, ``sent_id``, ``paragraph``, ``text``, ...).

Word lists are data in ``analysis/resources/``, each with a ``#`` header giving its
provenance and matching rule. Outputs are deterministic: rows are sorted with stable sorts
on explicit keys, and no set or dict iteration order reaches an output.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.segment import WORD_RUN

REGION_ALIASES: dict[str, str] = {"GB": "UK"}

# One-to-one replacements, so that character offsets stay valid after normalisation.
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'"})
SEPARATOR = re.compile(r"[\s\-]+")


# --------------------------------------------------------------------------- resources


def lexicon_from_rows(rows: Iterable[dict[str, str]], label: str, labels: Sequence[str], source: str) -> dict[str, list[str]]:
    """``{label: [cue, ...]}`` in the given label order; cues lower-cased, in file order."""
    lexicon: dict[str, list[str]] = {name: [] for name in labels}
    for row in rows:
        if row[label] not in lexicon:
            raise ValueError(f"{source}: unknown {label} {row[label]!r}")
        cue = row["cue"].lower()
        if cue and cue not in lexicon[row[label]]:
            lexicon[row[label]].append(cue)
    return lexicon


def cue_regex(cue: str) -> str:
    """Regular expression for one cue: whole words, ``*`` suffix wildcard, multiword.

    Words are separated by any run of spaces or hyphens; a word ending in ``*`` matches
    any ending (``regulat*`` matches "regulation"). The cue may not start or end inside
    a word of the text. Curly apostrophes are expected to be normalised already.
    """
    words = [w for w in SEPARATOR.split(cue.strip().translate(APOSTROPHES)) if w]
    if not words:
        raise ValueError(f"empty cue {cue!r}")
    parts = []
    for word in words:
        stem, wildcard = (word[:-1], True) if word.endswith("*") else (word, False)
        if not stem or "*" in stem:
            raise ValueError(f"cue {cue!r}: '*' is only allowed at the end of a word")
        parts.append(re.escape(stem) + (r"\w*" if wildcard else ""))
    return r"(?<!\w)" + r"[\s\-]+".join(parts) + r"(?!\w)"


@dataclass(frozen=True)
class Hit:
    """One cue found in a text: its label (frame, motive, region ...), the cue and the span."""

    label: str
    cue: str
    start: int
    end: int


@dataclass(frozen=True)
class _Cue:
    order: int
    label: str
    cue: str
    pattern: re.Pattern[str]


class CueMatcher:
    """Finds the cues of a lexicon ``{label: [cue, ...]}`` in texts.

    A cheap word index picks the candidate cues of a text (by the first word of each cue,
    or its prefix for a ``word*`` cue) before any regular expression runs, so that large
    lexicons stay fast on large corpora. A hit lying inside a strictly longer hit of any
    cue is dropped ("law" inside "law enforcement").
    """

    def __init__(self, lexicon: Mapping[str, Sequence[str]], *, case_sensitive: bool = False) -> None:
        self.case_sensitive = case_sensitive
        flags = 0 if case_sensitive else re.IGNORECASE
        self._cues: list[_Cue] = []
        self._exact: dict[str, list[int]] = {}
        self._prefix: dict[str, list[int]] = {}
        self._always: list[int] = []
        for label, cues in lexicon.items():
            for cue in cues:
                index = len(self._cues)
                self._cues.append(_Cue(index, label, cue, re.compile(cue_regex(cue), flags)))
                self._index(index, cue)
        self._prefix_lengths = sorted({len(p) for p in self._prefix})
        self._cache: dict[str, tuple[int, ...]] = {}
        self._order: dict[tuple[str, str], int] | None = None

    def _fold(self, text: str) -> str:
        return text if self.case_sensitive else text.lower()

    def _index(self, index: int, cue: str) -> None:
        first = SEPARATOR.split(cue.strip().translate(APOSTROPHES))[0]
        stem = first[:-1] if first.endswith("*") else first
        word = WORD_RUN.match(stem)
        if word is None:
            self._always.append(index)
        elif first.endswith("*") and word.group() == stem:
            self._prefix.setdefault(self._fold(stem), []).append(index)
        else:
            self._exact.setdefault(self._fold(word.group()), []).append(index)

    def _word_cues(self, word: str) -> tuple[int, ...]:
        """Cues that can start with ``word`` (memoised: a corpus repeats its words)."""
        cached = self._cache.get(word)
        if cached is None:
            found = list(self._exact.get(word, ()))
            for length in self._prefix_lengths:
                if length > len(word):
                    break
                found.extend(self._prefix.get(word[:length], ()))
            cached = self._cache[word] = tuple(found)
        return cached

    def _candidates(self, text: str) -> list[int]:
        found = set(self._always)
        for word in set(WORD_RUN.findall(self._fold(text))):
            found.update(self._word_cues(word))
        return sorted(found)

    def find(self, text: str) -> list[Hit]:
        """Hits in ``text`` (offsets into ``text``), ordered by position, longest first."""
        normalised = text.translate(APOSTROPHES)
        hits = [
            (cue.order, Hit(cue.label, cue.cue, m.start(), m.end()))
            for cue in (self._cues[i] for i in self._candidates(normalised))
            for m in cue.pattern.finditer(normalised)
        ]
        inside = _inside_longer([h for _, h in hits])
        kept = [(order, h) for (order, h), covered in zip(hits, inside) if not covered]
        kept.sort(key=lambda item: (item[1].start, -(item[1].end - item[1].start), item[0]))
        return [h for _, h in kept]

    def cue_order(self) -> dict[tuple[str, str], int]:
        """Position of each ``(label, cue)`` in the lexicon, for ordering outputs."""
        if self._order is None:
            self._order = {(c.label, c.cue): c.order for c in self._cues}
        return self._order


def _inside_longer(hits: Sequence[Hit]) -> list[bool]:
    """For each hit, whether another hit covers it and is strictly longer (one sort, one sweep:
    a text with thousands of hits must not compare every pair)."""
    widest: dict[int, int] = {}  # start -> the furthest end of a hit starting there
    for h in hits:
        widest[h.start] = max(widest.get(h.start, h.end), h.end)
    reach: dict[int, int] = {}  # start -> the furthest end of hits starting strictly before it
    furthest = -1
    for start in sorted(widest):
        reach[start] = furthest
        furthest = max(furthest, widest[start])
    return [reach[h.start] >= h.end or widest[h.start] > h.end for h in hits]


def join_cues(hits: Iterable[Hit], order: Mapping[tuple[str, str], int]) -> str:
    """Distinct cues of some hits, in lexicon order, ``;``-joined."""
    cues = {(h.label, h.cue) for h in hits}
    return ";".join(cue for _, cue in sorted(cues, key=lambda key: order[key]))


# --------------------------------------------------------------------------- table helpers


def ordered_sentences(sentences: pd.DataFrame) -> pd.DataFrame:
    """Sentences with ``doc_id`` as text, sorted by (doc_id, sent_id)."""
    out = sentences.copy()
    out["doc_id"] = out["doc_id"].astype(str)
    out["text"] = out["text"].fillna("").astype(str)
    return out.sort_values(["doc_id", "sent_id"], kind="stable").reset_index(drop=True)


def doc_meta(documents: pd.DataFrame) -> pd.DataFrame:
    """``doc_id, outlet, group, region`` of each document, doc_id as text, sorted."""
    out = documents.copy()
    out["doc_id"] = out["doc_id"].astype(str)
    for column in ("outlet", "group", "region"):
        if column not in out:
            out[column] = ""
        out[column] = out[column].fillna("").astype(str).str.strip()
    out["region"] = out["region"].str.upper().map(lambda r: REGION_ALIASES.get(r, r))
    return out[["doc_id", "outlet", "group", "region"]].sort_values("doc_id", kind="stable").reset_index(drop=True)


def sentence_counts(sentences: pd.DataFrame) -> pd.Series:
    """Number of sentences per doc_id (doc_id as text)."""
    return sentences.assign(doc_id=sentences["doc_id"].astype(str)).groupby("doc_id").size()


def rank(values: Iterable[str], order: Sequence[str]) -> list[int]:
    """Position of each value in ``order`` (unknown values last)."""
    position = {v: i for i, v in enumerate(order)}
    return [position.get(v, len(order)) for v in values]


def in_order(values: Iterable[str], order: Sequence[str]) -> list[str]:
    """Distinct values sorted by their position in ``order``, then alphabetically."""
    distinct = sorted(set(values))
    return [v for _, v in sorted(zip(rank(distinct, order), distinct))]
