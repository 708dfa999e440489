"""Segmentation into sentences with character offsets, offline (Punkt with our own parameters)."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from analysis.clean import CleanDocument, Paragraph
from analysis.paths import data_lines

_WORD = re.compile(r"[A-Za-z0-9]+(?:[-'’.][A-Za-z0-9]+)*")


@dataclass(frozen=True)
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
    while start < end and text[start] in "”’\"" and start > 0 and not text[start + 1 : start + 2].isalnum():
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


def words(text: str) -> list[str]:
    """Word tokens (letters and digits, keeping inner hyphens, apostrophes and dots)."""
    return _WORD.findall(text)
