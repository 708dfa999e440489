"""Segmentation into sentences with character offsets, offline (Punkt with our own parameters)."""

from __future__ import annotations

import re
import string
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from analysis.clean import CleanDocument, Paragraph
from analysis.imports import UNUSED, without
from analysis.paths import data_lines

_WORD = re.compile(r"[A-Za-z0-9]+(?:[-'’.][A-Za-z0-9]+)*")
WORD_RUN = re.compile(r"\w+")  # a run of word characters: the unit of word indexes and overlap measures


with without(*UNUSED):  # NLTK loads SciPy and scikit-learn for parts the suite never uses (analysis.imports)
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence with offsets into its document's cleaned text."""

    doc_id: str
    sent_id: int
    paragraph: int
    kind: str
    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def tokenizer() -> PunktSentenceTokenizer:
    """Punkt without trained data: our abbreviation list plus every single-letter initial."""
    params = PunktParameters()
    params.abbrev_types = set(data_lines("abbreviations.txt")) | set(string.ascii_lowercase)
    return PunktSentenceTokenizer(params)


def split_paragraph(paragraph: Paragraph) -> list[tuple[int, int]]:
    """(start, end) offsets into the document text of each sentence of a paragraph."""
    if paragraph.kind in ("headline", "subhead"):
        return [(paragraph.start, paragraph.end)]
    spans: list[tuple[int, int]] = []
    for start, end in tokenizer().span_tokenize(paragraph.text):
        start, end = _move_stray_quote(paragraph.text, start, end)
        if not paragraph.text[start:end].strip():
            continue
        if spans and _continues(paragraph.text[start:end]):
            spans[-1] = (spans[-1][0], end)  # "… this way. use." is one garbled sentence
        else:
            spans.append((start, end))
    return [(paragraph.start + s, paragraph.start + e) for s, e in spans]


def _continues(text: str) -> bool:
    """Punkt without training data splits before lower-case words; a sentence never starts so."""
    return text[:1].islower() and not text[1:2].isupper()


def _move_stray_quote(text: str, start: int, end: int) -> tuple[int, int]:
    """A lone closing mark opening a sentence (`.” Next`) belongs to the sentence before."""
    while start < end and text[start] in '”’"' and start > 0 and not text[start + 1 : start + 2].isalnum():
        start += 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def sentences(doc: CleanDocument) -> list[Sentence]:
    """Every sentence of a cleaned document, numbered from 0 in reading order."""
    result: list[Sentence] = []
    for paragraph in doc.paragraphs:
        for start, end in split_paragraph(paragraph):
            result.append(Sentence(doc.doc_id, len(result), paragraph.index, paragraph.kind, start, end, doc.text[start:end]))
    return result


def sentence_at(sentences: Sequence[Sentence], starts: Sequence[int], offset: int) -> Sentence | None:
    """The sentence whose span holds `offset`, if any (`starts`: the sentences' starts, for bisection)."""
    i = bisect_right(starts, offset) - 1
    return sentences[i] if i >= 0 and offset < sentences[i].end else None


def word_tokens(text: str) -> list[str]:
    """Lower-cased runs of word characters, curly apostrophes straightened (overlap measures)."""
    return WORD_RUN.findall(text.casefold().replace("’", "'"))


def words(text: str) -> list[str]:
    """Word tokens (letters and digits, keeping inner hyphens, apostrophes and dots)."""
    return _WORD.findall(text)


def _is_word(char: str) -> bool:
    """A character `\\w` matches (letters and digits of any script, and the underscore)."""
    return char.isalnum() or char == "_"


class WordIndex:
    """Where each word of a text starts, to find whole-word phrases without rescanning the text.

    `find(phrase)` gives the same matches as `re.finditer(rf"\\b{re.escape(phrase)}\\b", text)`
    for a phrase that starts with a word character, in time proportional to the number of
    places its first word occurs (a scan per phrase would make long documents quadratic).
    """

    _RUN = WORD_RUN

    def __init__(self, text: str):
        self.text = text
        self._starts: dict[str, list[int]] = {}
        for m in self._RUN.finditer(text):
            self._starts.setdefault(m.group(0), []).append(m.start())

    def find(self, phrase: str) -> list[tuple[int, int]]:
        first = self._RUN.match(phrase)
        if not first or not phrase:
            return [(m.start(), m.end()) for m in re.finditer(rf"\b{re.escape(phrase)}\b", self.text)] if phrase else []
        text, size, ends_in_word = self.text, len(phrase), _is_word(phrase[-1])
        spans = []
        for start in self._starts.get(first.group(0), ()):
            end = start + size
            # `\b` after the phrase: a word character on exactly one side of its end
            if text.startswith(phrase, start) and ends_in_word != (end < len(text) and _is_word(text[end])):
                spans.append((start, end))
        return spans

    def count(self, phrase: str) -> int:
        return len(self.find(phrase))


@lru_cache(maxsize=4)
def word_index(text: str) -> WordIndex:
    """The word index of a document's text, built once per text."""
    return WordIndex(text)


class Spans:
    """Character spans (start, end), possibly overlapping, searched by bisection: whether a
    position or a range touches any of them, without a scan per question."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._reach: list[int] = []  # the furthest end among the spans up to each one
        for _, end in ordered:
            self._reach.append(max(end, self._reach[-1]) if self._reach else end)

    def covers(self, pos: int) -> bool:
        i = bisect_right(self._starts, pos) - 1
        return i >= 0 and self._reach[i] > pos

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self._starts, end)
        return i > 0 and self._reach[i - 1] > start
