"""People's names: whether a capitalised run names a person, the grammatical gender its given
name suggests, and which words around a name are titles or descriptions.

The evidence comes from published lists, not from any corpus:
- given names: the US Census Bureau's 1990 name files (1,219 male and 4,275
  female given names), as shipped by the `names` package (MIT);
- titles, honorifics and suffixes: `nameparser`'s constants (LGPL-2.1), with the project's
  own title words of `resources/speaker_words.csv`.

A name list never decides alone: a name not in it (most names of the world) is a person when
the document treats it as one (a title before it, a part of it used alone later, an age after
it), see `DocumentSpeakers` in `analysis.speakers`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Given names of the census lists, case-folded."""
    found = set()
    for file in ("dist.male.first", "dist.female.first"):
        text = resources.files("names").joinpath(file).read_text(encoding="ascii")
        found.update(line.split()[0].casefold() for line in text.splitlines() if line.strip())
    return frozenset(found)


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Titles and honorifics, lower case without the final dot ("sen", "premier", "dr")."""
    from nameparser.config import CONSTANTS

    from analysis.speakers import word_classes

    return frozenset(t.casefold().rstrip(".") for t in CONSTANTS.titles) | word_classes().get("title", frozenset())


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Surnames of the census list (88,799), case-folded."""
    text = resources.files("names").joinpath("dist.all.last").read_text(encoding="ascii")
    return frozenset(line.split()[0].casefold() for line in text.splitlines() if line.strip())


def listed_name(name: str) -> bool:
    """A name whose given name or surname is in the census lists ("Jane Roe", "Basuki Roe")."""
    words = name.split()
    return bool(words) and (bool(given_name(name)) or words[-1].casefold().strip(".,") in surnames())


def given_name(name: str) -> str:
    """The first word of a name, if it is a listed given name ("" otherwise)."""
    first = name.split()[0].casefold().strip(".,") if name.split() else ""
    return first if first in given_names() else ""


_PARTY_TAG = re.compile(r",?\s*\(?\b[DRI]-[A-Z][A-Za-z.]*\)?,?")  # "Rep. Jane Doe, D-Calif., said"
_HYPHEN_TITLE = re.compile(r"^(?:then|ex|former|acting|interim|deputy|vice)-", re.I)


def strip_party(text: str) -> str:
    """A US party-and-state tag removed: "Jane Doe, D-Calif." -> "Jane Doe" (the commas of an
    apposition around it stay: "Jane Doe, D-Mich., a senator" -> "Jane Doe, a senator")."""
    return re.sub(r"\s*,(?:\s*,)+", ",", _PARTY_TAG.sub(", ", text)).strip(" ,")


def is_title(word: str) -> bool:
    """A title or honorific, also with a prefix: "Sen.", "premier", "then-mayor", "ex-CEO"."""
    low = _HYPHEN_TITLE.sub("", word.strip(".,")).casefold()
    return low in title_words() or low.rstrip("s") in title_words()
