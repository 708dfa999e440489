"""The language of a document, so that text the English-language rules cannot read is flagged
rather than analysed as if it were English.

Identification is py3langid's (a maintained fork of langid.py, Lui & Baldwin 2012), whose
model ships inside the package: nothing is downloaded. A document counts as English unless the
identifier is confident it is not: short texts and mixed ones (an English article quoting a
French sentence) stay English. A text whose words are mostly English function words is English
without asking the identifier (English news prose runs at 35-55% stop words, German and French
at 3-10% of this list), which keeps the check cheap on an English corpus of thousands.
"""

from __future__ import annotations

import re
from functools import lru_cache

ENGLISH = "en"
MIN_WORDS = 20  # below this, identification is unreliable: the text is taken as English
MIN_PROBABILITY = 0.90  # a non-English call weaker than this is taken as English
SAMPLE = 3_000  # characters read from the start of a text: plenty to tell a language, and cost stays flat
ENGLISH_SHARE = 0.30  # at least this share of English stop words (resources/stopwords.txt): English
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _identifier():
    from py3langid import langid

    return langid.LanguageIdentifier.from_modelpath(langid.MODEL_DIR / langid.MODEL_FILE, norm_probs=True)


def identify(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of `text`'s language, as the identifier sees it."""
    code, probability = _identifier().classify(text)
    return str(code), float(probability)


def language(text: str) -> str:
    """The document's language code: "en" unless the start of `text` (at least MIN_WORDS
    words) is identified as another language with probability MIN_PROBABILITY or more."""
    from analysis.keyterms import load_stopwords

    sample = text[:SAMPLE]
    words = _WORD.findall(sample.casefold())
    if len(words) < MIN_WORDS:
        return ENGLISH
    stop = load_stopwords()
    if sum(w in stop for w in words) >= ENGLISH_SHARE * len(words):
        return ENGLISH
    code, probability = identify(sample)
    return code if code != ENGLISH and probability >= MIN_PROBABILITY else ENGLISH
