"""Speakers: naming them from the text, and resolving surnames, pronouns and descriptions.

A registry (`speakers.csv` in the corpus folder: name, aliases, affiliation, role) enriches
speakers it knows, but is optional: every speaker is first named from the text itself.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.errors import InputError
from analysis.keyterms import load_stopwords
from analysis.paths import data_lines
from analysis.people import given_name, is_title, strip_party
from analysis.segment import Spans, word_index

if TYPE_CHECKING:
    from analysis.quotes import Quote


@lru_cache(maxsize=1)
def reporting_verbs() -> frozenset[str]:
    """Speech verbs of `resources/reporting_verbs.txt` (said, told, wrote, …)."""
    return frozenset(data_lines("reporting_verbs.txt"))


REGISTRY_FILE = "speakers.csv"
ROLES = ("company", "industry", "civil society", "academia", "government", "media")
PERSON_PRONOUNS = {"he", "she", "him", "her", "they"}
ORG_PRONOUNS = {"it", "we", "they"}
_TOKEN = r"(?:(?:[A-Z]\.){2,}|[A-Z]\.|[A-Z][\w’'-]*)"  # "B.C.", "J.", "O'Brien"
_NAME_RUN = re.compile(rf"{_TOKEN}(?: +(?:{_TOKEN}|of|de|da|van|von|der|bin|al))*")


@lru_cache(maxsize=1)
def word_classes() -> dict[str, frozenset[str]]:
    """Word classes from `resources/speaker_words.csv` (title, org, institution, …)."""
    classes: dict[str, set[str]] = defaultdict(set)
    for row in csv.DictReader(data_lines("speaker_words.csv")):
        classes[row["kind"]].add(row["word"])
    return {k: frozenset(v) for k, v in classes.items()}


def words_of(kind: str) -> frozenset[str]:
    """A word class of `resources/speaker_words.csv` (empty if none)."""
    return word_classes().get(kind, frozenset())


@dataclass(frozen=True)
class SpeakerInfo:
    name: str
    affiliation: str = ""
    role: str = ""


class Registry:
    """Known speakers with aliases; lookups are case-insensitive and ignore a leading "the"."""

    def __init__(self, entries: list[SpeakerInfo], aliases: dict[str, str]):
        self.entries = {e.name: e for e in entries}
        self._alias = {_key(k): v for k, v in aliases.items()} | {_key(e.name): e.name for e in entries}

    @classmethod
    def load(cls, corpus: Path | None) -> Registry:
        """The corpus's `speakers.csv`, if any (an empty registry otherwise); a malformed
        file is an InputError naming the file and line."""
        path = Path(corpus) / REGISTRY_FILE if corpus else None
        if path is None or not path.is_file():
            return cls([], {})
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"{path} is not UTF-8 (byte {exc.start})") from None
        reader = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
        if "name" not in [c.strip() for c in reader.fieldnames or []]:
            raise InputError(f"{path}: missing required column: name")
        entries, aliases = [], {}
        for number, row in enumerate(reader, start=2):
            if None in row:
                raise InputError(f"{path}, line {number}: more fields than columns")
            row = {k.strip(): (v or "").strip() for k, v in row.items()}
            if not row["name"]:
                raise InputError(f"{path}, line {number}: empty name")
            if row.get("role") and row["role"] not in ROLES:
                raise InputError(f"{path}, line {number}: role {row['role'][:40]!r} is not one of {', '.join(ROLES)}")
            info = SpeakerInfo(row["name"], row.get("affiliation", ""), row.get("role", ""))
            entries.append(info)
            for alias in row.get("aliases", "").split("|"):
                if alias.strip():
                    aliases[alias.strip()] = info.name
        return cls(entries, aliases)

    def lookup(self, mention: str) -> SpeakerInfo | None:
        name = self._alias.get(_key(mention))
        return self.entries[name] if name else None

    def names_in(self, text: str) -> list[tuple[int, str]]:
        """(offset, canonical name) of every registry name or alias written in `text`."""
        found = []
        for alias, name in self._alias.items():
            for m in re.finditer(rf"\b{re.escape(alias)}\b", text, flags=re.IGNORECASE):
                found.append((m.start(), name))
        return sorted(found)


def _key(text: str) -> str:
    return re.sub(r"^(the)\s+", "", re.sub(r"\s+", " ", text.strip().casefold()))


def split_affiliation(mention: str) -> tuple[str, str]:
    """("the ACLU's Freed Wessler") -> ("Freed Wessler", "ACLU"); "X of Privacy International" likewise."""
    mention = re.sub(r"^(?:the|The|a|A|an|An)\s+", "", mention.strip())
    affiliation = ""
    possessive = re.match(rf"((?:{_TOKEN}\s+)*{_TOKEN})['’]s\s+(.+)$", mention)
    if possessive and is_name(possessive.group(2)):
        affiliation, mention = possessive.group(1), possessive.group(2)
    of = re.match(rf"(.+?)\s+(?:of|from|at|with)\s+((?:the\s+)?{_TOKEN}(?:\s+{_TOKEN})*)$", mention)
    if of and is_name(of.group(1)):
        mention, affiliation = of.group(1), re.sub(r"^the\s+", "", of.group(2))
    return mention, affiliation


def strip_titles(name: str) -> str:
    """Drop titles and leading organisation words: "IBM CEO Arvind Krishna" -> "Arvind Krishna"."""
    tokens = name.split()
    while len(tokens) > 1 and is_title(tokens[0]) and tokens[1][:1].isupper():
        tokens = tokens[1:]  # leading titles of any kind (nameparser's list): "Premier", "Sen.", "then-mayor"
    name = " ".join(tokens)
    titles, orgs = words_of("title"), words_of("org")
    for i, token in enumerate(tokens):
        low = token.strip(".,").casefold()
        if low in titles:
            rest = tokens[i + 1 :]
            if rest and all(t[:1].isupper() for t in rest) and not any(t.casefold() in titles for t in rest):
                return " ".join(rest)
    cleaned = [t for t in tokens if t.strip(".,").casefold() not in titles]
    if cleaned and len(cleaned) < len(tokens) and all(t.isupper() or t.casefold() in orgs for t in cleaned[:1]):
        return " ".join(cleaned[1:]) or " ".join(cleaned)
    return " ".join(cleaned) or name


def is_name(text: str) -> bool:
    """A run of capitalised tokens (with name particles) that could name someone."""
    return bool(_NAME_RUN.fullmatch(text.strip()))


def looks_like_person(name: str) -> bool:
    """Two to four capitalised tokens, none an organisation word or all-capitals acronym."""
    tokens = name.split()
    if not 2 <= len(tokens) <= 4:
        return False
    orgs, nonname, things = words_of("org"), words_of("nonname"), words_of("thing") | words_of("document")
    if tokens[0].casefold() in nonname or any(t.casefold().strip(".,") in things for t in tokens):
        return False
    initial = re.compile(r"[A-Z]\.")
    return not any(
        t.casefold().strip(".,") in orgs or (t.isupper() and len(t) > 1 and not initial.fullmatch(t)) or _BRAND.match(t) for t in tokens
    )


# A capital inside a word after two or more lower-case letters marks a brand ("HuffPost",
# "FedEx", "GasLink"), unless it follows a name prefix ("MacLeod", "VanDyke").
_BRAND = re.compile(
    r"(?!(?:Mac|Van|Von|Del|Des|Dos|Das|Den|Der)[A-Z])[A-Z][a-z]{2,}[A-Z]|[A-Z][a-z]{1}(?<!Mc)(?<!De)(?<!Di)(?<!La)(?<!Le)(?<!Du)(?<!Da)[A-Z]"
)


def looks_like_org(name: str) -> bool:
    tokens = name.split()
    if len(tokens) == 1 and tokens[0].casefold() in words_of("generic"):
        return False  # "AI", "CCTV": things, not organisations
    if len(tokens) == 1 and re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?\.?|[A-Z]", tokens[0]):
        return False  # "B.C.", "U.S", "C": a place's or a person's initials
    acronym = re.compile(r"[A-Z]{2,}|(?:[A-Z]\.){2,}")
    return bool(tokens) and (
        any(t.casefold() in words_of("org") for t in tokens)
        or (len(tokens) == 1 and tokens[0].isupper() and len(tokens[0]) > 1)
        or (len(tokens) > 1 and bool(acronym.fullmatch(tokens[0])) and not is_place(tokens[0]))  # "BC Hydro", "TD Bank"
    )


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    name: str
    kind: str  # person, org, or name (looks like a person's name, but nothing in the text says so)
    subject: bool = True  # not the object of a verb or preposition, nor a possessive ("Putin’s")


# Words after which a name is still the subject of its clause ("and Nadia Jamil said", ", said
# Ben Myers"); after any other lower-case word it is an object ("told HuffPost Canada", "husband
# Mohammad Al Mnajer", "that Putin’s stance").
_SUBJECT_AFTER = frozenset({"and", "but", "while", "when", "as", "so", "then", "because", "although", "though", "if", "that"})
_POSSESSIVE_AT = re.compile(r"[’']s?\b")


def _is_subject(text: str, start: int, end: int) -> bool:
    if _POSSESSIVE_AT.match(text, end):
        return False
    before = text[max(0, start - 40) : start]
    if before.strip() and before.rstrip()[-1] in "(/":
        return False  # a credit or an aside: "(Lauren Pelley / CBC News)"
    if not before.strip() or "\n" in before[len(before.rstrip()) :] or before.rstrip()[-1:] in '.!?:;”"—–-':
        return True
    words = before.split()
    last = words[-1]
    if last.endswith(",") and last.rstrip(",").casefold() in _RELATIVES and not _speaks(text, end):
        return False  # an apposition of an object: "his father's friend, Jane Roe,"
    if last.endswith(",") or last[:1].isupper() or not last[:1].isalpha() or _speaks(text, end):
        return True
    low = last.casefold()
    if low not in _RELATIVES and (low in words_of("person_noun") or low.endswith(_PERSON_SUFFIXES)):
        return True  # the name heads a description: "Toronto retiree Doug Purdy", "tenants advocate Jane Roe"
    if low == "to" and len(words) > 1 and words[-2].casefold() == "according":
        return True
    return low in _SUBJECT_AFTER or (low in reporting_verbs() and low not in _ADDRESSEE_VERBS)


# Kin and companions: "husband Omar Doe", "his friend Jane Roe" are appositions of objects.
_RELATIVES = frozenset(
    {"husband", "wife", "son", "daughter", "father", "mother", "brother", "sister", "friend", "partner", "uncle", "aunt"}
    | {"cousin", "nephew", "niece", "grandson", "granddaughter", "grandfather", "grandmother", "boyfriend", "girlfriend"}
)
_SENTENCE_BREAK = re.compile(r"[.!?][”\"’)]?\s+(?=[A-Z“\"‘])|\n+")


# Speech verbs whose object is the one spoken to or about: "told Jane Doe", "asked the mayor".
_ADDRESSEE_VERBS = frozenset(
    {"told", "tell", "tells", "telling", "asked", "ask", "asks", "asking", "informed", "warned", "urged", "reminded"}
    | {"assured", "thanked", "advised", "questioned", "criticized", "criticised", "praised", "accused", "blamed", "called"}
)


# How far back (in characters) a pronoun, description or sentence start is looked for: far
# more than any article needs, and it keeps a very long document linear.
LOOKBACK = 20_000


class DocumentSpeakers:
    """Named people and organisations of one document, for resolving later mentions."""

    def __init__(self, text: str, *, registry: Registry, quoted: list[tuple[int, int]]):
        self.text = text
        self.registry = registry
        index = word_index(text)
        inside = Spans(quoted).covers
        runs: list[tuple[int, str]] = []
        for m in _NAME_RUN.finditer(text):
            # a possessive inside a run ends one name and starts another: "Ellison’s Sensei
            # project", "the Smithsonian’s National Museum" (the owner is still a name)
            for part in _POSSESSIVE_SPLIT.finditer(m.group(0)):
                offset, run = _trim_run(part.group(0))
                if run and not inside(m.start() + part.start()):
                    runs.append((m.start() + part.start() + offset, run))
        mentions: list[Mention] = []
        singles: list[tuple[int, str]] = []
        named: list[tuple[int, int, str, bool]] = []  # (start, end, name, titled) of person-shaped runs
        introduced_as_org = _introduced_as_org()
        for start, run in runs:
            if re.search(r"\b(?:a|an)\s+$", text[max(0, start - 4) : start]):
                continue  # "an Oregon Democrat", "a Microsoft spokesperson": a description, not a name
            if _PRODUCT_AFTER.match(text, start + len(run)):
                continue  # "its Azure Face service": a product, not a person
            if run.isupper() and text[start + len(run) : start + len(run) + 1] == ":":
                continue  # a label: "WATCH:", "READ MORE:"
            if introduced_as_org.search(text[max(0, start - 40) : start]):
                mentions.append(Mention(start, run, "org"))  # "the consultancy Halden Frost"
                continue
            of_person = split_affiliation(run)[0]
            if len(run.split()) > 4 and not looks_like_org(run) and not looks_like_person(strip_titles(of_person)):
                tail = next(
                    (
                        " ".join(run.split()[-k:])
                        for k in (3, 2)
                        if is_name(" ".join(run.split()[-k:]))
                        and run.split()[-k][:1].isupper()
                        and looks_like_person(" ".join(run.split()[-k:]))
                    ),
                    "",
                )
                if tail:
                    run, start = tail, start + max(0, run.find(tail))  # "California Assemblymember Rosa Delgado Fuentes"
            person, affiliation = split_affiliation(run)
            if affiliation and looks_like_person(strip_titles(person)):
                mentions.append(Mention(start + max(0, run.find(affiliation)), affiliation, "org"))
                run = person
            name = strip_titles(run)
            end = start + len(run)
            known = registry.lookup(name)
            if known:
                mentions.append(Mention(start, known.name, _kind(known.name), _is_subject(text, start, end)))
            elif is_place(name) or is_place(run):
                continue  # "British Columbia", "B.C.", "Chinese": where, not who
            elif looks_like_person(name):
                titled = name != run or bool(_TITLE_BEFORE.search(text, max(0, start - 30), start)) or _described_before(text, start)
                named.append((start, end, name, titled))
            elif looks_like_org(run):
                mentions.append(Mention(start, run, "org", _is_subject(text, start, end)))
            elif len(run.split()) == 1:
                singles.append((start, run))
            elif len(name.split()) == 1 and name != run and name[:1].isupper() and not name.isupper():
                # a title and one name: "Hereditary Chief Na'moks", "Coach Stephen"
                mentions.append(Mention(start + run.rfind(name), name, "person", _is_subject(text, start, end)))
        # A run shaped like a person's name is a person when something says so: a listed given
        # name, a title, an age ("Jane Roe, 38,"), or a part of it used alone ("Roe said",
        # "Hua said"); else it may as well be a firm, a place or an event ("Kinder Morgan",
        # "Sony Open"), and a pronoun goes to it only when no person fits.
        alone: dict[str, int] = {}
        for start, end, name, titled in named:
            surname = name.split()[-1]
            if surname not in alone:
                alone[surname] = sum(1 for s, e in index.find(surname) if _standing_alone(text, s, e))
            used_alone = len(surname) > 2 and not is_place(surname) and alone[surname] > 0
            # a place before a name is its place: "North Carolina Caelynn", "Toronto Federation"
            tokens = name.split()
            cut = next((k for k in (3, 2, 1) if k < len(tokens) and is_place(" ".join(tokens[:k]))), 0)
            if cut and not given_name(name):
                rest = " ".join(tokens[cut:])
                name, start = strip_titles(rest), start + max(0, text[start:end].find(tokens[cut]))
                titled = titled or name != rest  # "Chinese Vice-President Jane Doe"
                if len(name.split()) < 2:
                    continue
            person = titled or used_alone or bool(given_name(name)) or bool(_AGE_AFTER.match(text, end)) or _speaks(text, end)
            mentions.append(Mention(start, name, "person" if person else "name", _is_subject(text, start, end)))
        for start, name in registry.names_in(text):
            if not inside(start):
                mentions.append(Mention(start, name, _kind(name)))
        # A lone surname of someone named in full elsewhere is a mention of that person;
        # another lone capitalised word used twice or more names an organisation ("Amazon").
        surnames: dict[str, str] = {}
        for person in sorted({m.name for m in mentions if m.kind == "person"}):
            tokens = person.split()
            for k in range(1, len(tokens)):
                surnames.setdefault(" ".join(tokens[k:]), person)
        for surname, person in sorted(surnames.items()):
            for start, end in index.find(surname):
                if not inside(start) and not text[max(0, start - len(person) - 1) : end].endswith(person):
                    mentions.append(Mention(start, person, "person", _is_subject(text, start, end)))
        uses: dict[str, int] = {}
        for start, token in singles:
            if token not in uses:
                uses[token] = index.count(token)
            if token in surnames or token.casefold() in words_of("generic"):
                continue
            end = start + len(token)
            one_person = not token.isupper() and not is_place(token) and token.casefold() not in words_of("org")
            if one_person and ((given_name(token) and _speaks(text, end)) or _person_apposition(text, end)):
                # "Kim told CTV News", "Yuni, a resident of Lampung,"
                mentions.append(Mention(start, token, "person", _is_subject(text, start, end)))
            elif uses[token] >= 2 and (looks_like_org(token) or not token.isupper()):
                mentions.append(Mention(start, token, "org"))
        self.mentions = sorted(set(mentions), key=lambda x: (x.start, x.name))
        self._starts = [x.start for x in self.mentions]
        self._sentence_starts = [0, *(m.end() for m in _SENTENCE_BREAK.finditer(text))]
        self._acronyms = _acronyms(text)
        # people by the last words of their name, for "Raji" -> "Deborah Raji"
        self._by_ending: dict[tuple[str, ...], list[Mention]] = defaultdict(list)
        for m in self.mentions:
            if m.kind == "person":
                tokens = tuple(m.name.split())
                for k in range(1, len(tokens)):
                    self._by_ending[tokens[-k:]].append(m)
        # and by their given name, for "Jordan said" -> "Jordan Stewart" (when only one fits)
        firsts: dict[str, set[str]] = defaultdict(set)
        for m in self.mentions:
            if m.kind == "person" and len(m.name.split()) > 1:
                firsts[m.name.split()[0]].add(m.name)
        self._by_first = {first: next(iter(full)) for first, full in firsts.items() if len(full) == 1}

    def _back(self, position: int):
        """Mentions before `position`, nearest first, no further back than LOOKBACK."""
        for i in range(bisect_left(self._starts, position) - 1, -1, -1):
            m = self.mentions[i]
            if m.start < position - LOOKBACK:
                return
            yield m

    def full_name(self, partial: str, position: int) -> str:
        """The longest earlier (else later) person name that ends with `partial`: "Raji" -> "Deborah Raji"."""
        candidates = self._by_ending.get(tuple(partial.split()), [])
        if not candidates:  # a given name alone: "Priyanka said"
            return self._by_first.get(partial, partial)
        earlier = [m for m in candidates if m.start < position]
        pool = earlier or candidates
        return max(pool, key=lambda m: (len(m.name.split()), m.start if earlier else -m.start)).name

    def described_as(self, noun: str, position: int) -> str:
        """The latest person before `position` whose title or apposition uses `noun`
        ("the commissioner" -> "Police Commissioner Sanjay K. Bhatnagar")."""
        for m in self._back(position):
            if m.kind != "person":
                continue
            # its title and apposition, up to the end of its sentence (not an initial's dot)
            after = re.split(r"(?<=[a-z0-9])[.!?]\s|\n", self.text[m.start : m.start + len(m.name) + 100], maxsplit=1)[0]
            window = self.text[max(0, m.start - 40) : m.start] + after
            if re.search(rf"\b{re.escape(noun)}\b", window, flags=re.I):
                return self.full_name(m.name, m.start)
        return ""

    def sentence_subject(self, position: int, kind: str) -> str:
        """The first `kind` mention of the sentence around `position` ("Google will … in what it called")."""
        floor = max(0, position - LOOKBACK)
        boundary = max(self.text.rfind(". ", floor, position), self.text.rfind("\n", floor, position), floor - 1)
        subject = ""
        for m in self._back(position):
            if m.start <= boundary:
                break
            if m.kind == kind:
                subject = m.name
        return subject

    def subject_between(self, start: int, end: int) -> Mention | None:
        """The last person who opens a sentence of text[start:end] as its subject."""
        for m in self._back(end):
            if m.start < start:
                return None
            before = self.text[max(start, m.start - 3) : m.start].strip()
            if m.kind == "person" and m.subject and (not before or before[-1:] in '.!?”"’'):
                return m
        return None

    def person_for(self, position: int) -> str:
        """The person a he/she/they refers to: the nearest earlier person who is the subject of
        their clause; failing that the nearest person, then the nearest person-shaped name.
        Grammatical gender is not used: machine-translated text mixes "he" and "she"."""
        fallback: list[str] = []
        # the subject of the nearest sentence that has a person as its subject: the first
        # such mention of that sentence ("Klisch said a beer might help Trump." -> Klisch)
        sentence, first = -1, None
        for m in self._back(position):
            at = bisect_right(self._sentence_starts, m.start) - 1
            if at != sentence:
                if first is not None:
                    return self.full_name(first.name, first.start)
                sentence = at
            if m.kind == "person" and m.subject:
                first = m
            if m.kind in ("person", "name") and len(fallback) < 3:
                rank = 0 if m.kind == "person" and m.subject else 1 if m.kind == "person" else 2
                fallback.append(f"{rank}\t{self.full_name(m.name, m.start)}")
        if first is not None:
            return self.full_name(first.name, first.start)
        return min(fallback, key=lambda f: f[0]).split("\t", 1)[1] if fallback else ""

    def spelled_out(self, name: str) -> str:
        """The full name the text gives an acronym ("IRCC"), else `name`."""
        return self._acronyms.get(name, name)

    def org_called(self, noun: str, position: int) -> str:
        """The nearest earlier organisation whose name holds `noun` ("the commission" ->
        "Ontario Civilian Police Commission")."""
        for m in self._back(position):
            if m.kind == "org" and noun.casefold() in m.name.casefold().split():
                return m.name
        return ""

    def recent(self, position: int, kind: str, *, companies_only: bool = False, strong: bool = False) -> str:
        """The nearest earlier `kind` mention (for a person, a person-shaped name if no person)."""
        shaped = ""
        for m in self._back(position):
            if m.kind == "name" and not shaped:
                shaped = m.name
            if m.kind != kind:
                continue
            if kind == "org" and re.search(
                r"\b(?:told|to|via|on|in|across|throughout)\s+(?:the\s+)?$", self.text[max(0, m.start - 12) : m.start]
            ):
                continue  # "told NPR", "in the UK": spoken to, or a place, not the one speaking
            if companies_only and any(t.casefold() in words_of("institution") for t in m.name.split()):
                continue
            if strong and len(m.name.split()) == 1 and not m.name.isupper():
                continue  # a lone capitalised word used twice ("Ayo") is too weak to be "the department"
            return self.full_name(m.name, m.start) if kind == "person" else m.name
        return shaped


_POSSESSIVE_SPLIT = re.compile(r".+?(?:[’']s\b|$)")


def _standing_alone(text: str, start: int, end: int) -> bool:
    """A word with no capitalised word right before or after it ("Roe said", not "Sony Open")."""
    before = text[max(0, start - 30) : start].split()
    after = text[end : end + 30].split()
    capital = re.compile(r"[A-Z]")
    at_start = not before or before[-1][-1:] in '.!?:;"“”'
    joined = text[end : end + 1] == " " and bool(after) and bool(capital.match(after[0]))
    return (at_start or not capital.match(before[-1])) and not joined


_APPOSITION = re.compile(r",\s+(?:(?:aged?\s+)?\d{1,3},|(?:a|an|the)\s+((?:[\w-]+\s+){0,3}[\w-]+))")


def _person_apposition(text: str, end: int) -> bool:
    """An apposition that describes a person: "Yuni, a resident of …", "Roe, 46,"."""
    m = _APPOSITION.match(text, end)
    if not m:
        return False
    words = (m.group(1) or "").casefold().split()
    return m.group(1) is None or any(
        w not in _RELATIVES and (w in words_of("person_noun") or is_title(w) or w.endswith(_PERSON_SUFFIXES)) for w in words
    )


_ACRONYM_DEFINED = re.compile(r"((?:[A-Z][\w'’&.-]*,?\s+(?:(?:of|for|and|the|on|de|du|des)\s+)?){1,9})\((?P<acr>[A-Z]{2,8})\)")


def _acronyms(text: str) -> dict[str, str]:
    """Acronyms a text defines: "Immigration, Refugees and Citizenship Canada (IRCC)" -> {IRCC: …};
    the long form is the run of words whose capitals spell the acronym."""
    found: dict[str, str] = {}
    for m in _ACRONYM_DEFINED.finditer(text):
        tokens = m.group(1).split()
        acronym = m.group("acr")
        for k in range(len(tokens)):
            initials = "".join(t[0] for t in tokens[k:] if t[:1].isupper())
            if initials == acronym and tokens[k][:1].isupper():
                found.setdefault(acronym, " ".join(tokens[k:]).rstrip(","))
                break
    return found


def _described_before(text: str, start: int) -> bool:
    """A person noun right before a name: "spokeswoman Hua Chunying", "accountant Jane Roe"."""
    words = text[max(0, start - 30) : start].split()
    last = words[-1].casefold() if words else ""
    return (
        last.isalpha() and last not in _RELATIVES and (is_title(last) or last in words_of("person_noun") or last.endswith(_PERSON_SUFFIXES))
    )


_TITLE_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Prof|Sgt|Const|Insp|Supt|Rev|Hon)\.?\s+$")
_AGE_AFTER = re.compile(r",\s+(?:aged?\s+)?\d{1,3},")


@lru_cache(maxsize=1)
def _speech_after() -> re.Pattern[str]:
    verbs = "|".join(sorted(reporting_verbs(), key=len, reverse=True))
    return re.compile(rf"(?:\s+(?:of|from|at|with)\s[^,.;“”\"]{{1,60}}?|,[^.;“”\"]{{1,150}}?,)?\s+(?:\w+ly\s+)?(?:{verbs})\b")


def _speaks(text: str, end: int) -> bool:
    """The name ending at `end` is the subject of a speech verb: "X said", "X of Y told",
    "X, an expert at Y, said" (people are the usual speakers; named firms carry firm words)."""
    return bool(_speech_after().match(text, end))


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """Names of countries, states, cities and peoples of the localisation gazetteer."""
    from analysis.localisation import load_places

    places = load_places()
    return frozenset(places.loc[places.kind != "institution", "name"].str.casefold().str.replace(".", "", regex=False))


def is_place(name: str) -> bool:
    """A place or a people's name ("North Korea", "B.C.", "Chinese"), not a speaker."""
    return name.strip().casefold().replace(".", "") in _places()


def _kind(name: str) -> str:
    return "person" if looks_like_person(name) else "org"


@lru_cache(maxsize=1)
def _introduced_as_org() -> re.Pattern[str]:
    """ "the consultancy", "the think tank": a noun that introduces an organisation's name."""
    org_nouns = sorted(words_of("org_noun"), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in org_nouns) + r")s?\s*$", re.I)


@lru_cache(maxsize=1)
def _sentence_openers() -> frozenset[str]:
    """Words that open a capitalised run without being part of a name."""
    return words_of("nonname") | reporting_verbs() | load_stopwords()


def _trim_run(run: str) -> tuple[int, str]:
    """Drop sentence-start words, possessive endings and trailing particles from a capitalised
    run: (offset of the first kept word in `run`, the trimmed run)."""
    tokens = [(m.start(), re.sub(r"[’']s$", "", m.group(0))) for m in re.finditer(r"\S+", run)]
    tokens = [(i, t) for i, t in tokens if t]
    # sentence-initial function words ("Though Amazon …", "While IBM …") are not names
    nonname = _sentence_openers()
    while tokens and (tokens[0][1].casefold().strip(".,") in nonname or tokens[0][1] in _PARTICLES):
        tokens = tokens[1:]
    while tokens and tokens[-1][1] in (*_PARTICLES, "da"):
        tokens = tokens[:-1]
    words = [t if re.fullmatch(r"[A-Z]\.", t) else t.strip(".,") for _, t in tokens]
    words = [w for w in words if w]
    return (tokens[0][0] if tokens else 0), " ".join(words)


_PARTICLES = ("of", "de", "van", "von", "der", "bin", "al")


_PRONOUN_LEAD = re.compile(r"(?:he|she|they|it|we|He|She|They|It|We)\b")
_TRAILING_RUN = re.compile(rf"(?:{_TOKEN}|&)(?:\s+(?:{_TOKEN}|&|of|de|da|van|von|der|bin|al))*$")
_OPENERS = re.compile(
    r"^(?:(?:And|But|So|Then|Later|First|Now|Still|Yet|Also|Meanwhile|Instead|Asked|However|Nonetheless)\b[\s,]*"
    r"|For\s+(?:his|her|its|their)\s+part,\s*"
    r"|(?:On|In|At|By|Last|This|Earlier|Late)\s+[A-Z]?[\w.]+(?:\s+\d{1,2})?,\s*)+"
)


_NOT_A_SPEAKER = re.compile(
    r"\s(?:is|are|was|were|be|been|am|did|does|do|not|never|here|there|how|what|when|where|why|should|would|could|can|will|shall|must|might|may|I|you)\s"
)
# A written statement and who it is from: its author is the one who "said" it.
DOCUMENT_BY = re.compile(
    r"^\s*(?:(?:A|An|The|In\s+an?|a|an|the)\s+)?(?:[\w-]+\s+){0,2}(?:statement|release|letter|memo|e-?mail|post|tweet|report|note)\b"
    r"[^,]*?\b(?:from|by|of)\s+(?P<s>(?:the\s+)?[A-Z][\w’'.&-]*(?:\s+[A-Z][\w’'.&-]*)*)"
)


def speaker_in(phrase: str) -> tuple[int, str]:
    """The speaker a phrase beside a speech cue names, with its offset in the phrase.

    A pronoun; else a person's name ending the phrase or one of its appositions, titles and
    descriptions before it dropped ("Cambridge cartoonist Andre Campbell", "Campbell’s
    partner, Jason Louth", "Sen. Jane Doe, D-Conn."); else the phrase itself: an organisation
    or a description ("the company", "the lanky, bespectacled professor").
    """
    lead = _OPENERS.match(phrase)
    skip = lead.end() if lead and lead.end() < len(phrase.rstrip()) else 0
    body = strip_party(phrase[skip:]).rstrip(" ,")
    pronoun = _PRONOUN_LEAD.match(body)
    if pronoun:
        return skip, pronoun.group(0)
    document = DOCUMENT_BY.match(body)
    if document:  # "a statement released by the Prime Minister's Office"
        return skip + document.start("s"), document.group("s")
    if _NOT_A_SPEAKER.search(" " + body.split(",")[0] + " "):
        return skip, ""  # a clause, not a noun phrase: "here was the big (reveal)", "Should I"
    segments = body.split(",")
    lone = segments[0].strip()
    if (
        len(segments) > 1
        and re.fullmatch(r"[A-Z][\w’'-]+", lone)
        and re.match(r"\s*(?:a|an|the)\s", segments[1])
        and lone.casefold() not in words_of("nonname")
        and not is_place(lone)
        and not looks_like_org(lone)
    ):
        return skip + body.find(lone), lone  # one name and a description: "Roman, a resident of …"
    offset = 0
    for k, segment in enumerate(segments):
        run = _TRAILING_RUN.search(segment.rstrip())
        if run:
            tokens = run.group(0).split()
            titled = [i for i, t in enumerate(tokens) if is_title(t)]
            rest = tokens[titled[-1] + 1 :] if titled else tokens
            name = " ".join(rest)
            described = re.search(r"\b(?:the|The)\s+$", segment[: segment.rstrip().rfind(name)])  # "the Kentucky Republican"
            person = (looks_like_person(name) or (k > 0 and len(rest) == 1 and segment.strip() == name)) and not is_place(name)
            person = person and not described
            possessive = re.search(r"[’']s?$", name)  # "Sydney’s (time)": an owner, not a speaker
            if rest and person and not possessive and rest[0].casefold() not in words_of("nonname"):
                return skip + offset + segment.rstrip().rfind(name), name
        offset += len(segment) + 1
    first = body.split(",")[0]
    org = _TRAILING_RUN.search(first.rstrip())
    if org and looks_like_org(org.group(0)) and re.fullmatch(r"(?:[A-Z][\w-]*\s+)?[a-z][\w-]*\s+", first[: org.start()]):
        return skip + org.start(), org.group(0)  # a description, then the organisation: "Tech giant IBM"
    cut = re.search(r"\s(?:the|a|an)\s+\S", first)
    if first[:1].islower() and first.split()[0] not in ("the", "a", "an") and cut:
        first, skip = first[cut.start() + 1 :], skip + cut.start() + 1  # "(in a) move the company" -> "the company"
    if first.split()[:1] and first.split()[0].casefold() in ("the", "a", "an") and len(body.split(",")) > 1:
        second = body.split(",")[1]
        if len(first.split()) == 2 and second.strip()[:1].islower() and len(second.split()) <= 3:
            return skip, body  # "the lanky, bespectacled professor"
    return skip, first.strip()


_VOICE_OF = re.compile(
    rf"^(?:an?|the|one)\s+(?:[\w-]+\s+)?(?:spokesperson|spokesman|spokeswoman|representative)\s+(?:for|of|from|at|with)\s+(?:the\s+)?"
    rf"(?P<org>{_TOKEN}(?:\s+(?:{_TOKEN}|of|for|and|the))*)$",
    re.I,
)


# Endings of English nouns for people ("manager", "advisor", "economist", "historian",
# "defenceman", "resident", "consultant", "employee", "executive").
_PERSON_SUFFIXES = ("er", "or", "ist", "ian", "man", "woman", "person", "ent", "ant", "ee", "ive")


def resolve(mention: str, position: int, *, people: DocumentSpeakers) -> tuple[str, str]:
    """Canonical speaker name and affiliation for a cue's subject at `position` (an acronym
    the text spells out is given in full: "IRCC" -> "Immigration, Refugees and Citizenship
    Canada")."""
    speaker, affiliation = _resolve(mention, position, people=people)
    return people.spelled_out(speaker), affiliation


def _resolve(mention: str, position: int, *, people: DocumentSpeakers) -> tuple[str, str]:
    """Canonical speaker name and affiliation for a cue's subject at `position`.

    Pronouns go to the most recent fitting mention before the cue, whatever their grammatical
    gender (machine-translated text mixes "he" and "she"); definite descriptions ("the IBM
    CEO", "the company") likewise; indefinite ones ("an activist") stay as written.
    """
    mention = re.sub(r"\s+(?:of|from|at|with|for|who|which|that)$", "", mention.strip())  # "Yolanda Preissler of" (wrapped line)
    words = mention.split()
    low = mention.casefold()
    if low in PERSON_PRONOUNS - ORG_PRONOUNS:
        return people.person_for(position), ""
    if low in ORG_PRONOUNS:
        subject = people.sentence_subject(position, "org") if low == "it" else ""
        return subject or people.recent(position, "org", companies_only=True) or people.person_for(position), ""
    known = people.registry.lookup(mention)
    if known:
        return known.name, known.affiliation
    name, affiliation = split_affiliation(mention)
    voice = _VOICE_OF.match(mention)
    if voice:  # "a spokesperson for the National Police Technology Board": the board speaks
        return voice.group("org"), ""
    if words and words[0].casefold() in ("a", "an", "one", "another"):
        return low, ""
    # the head of a description is its last word before a prepositional phrase: "the director
    # of provincial operations for EHS" -> director
    core = re.split(r"\s+(?:of|for|at|with|from|in|on)\s+", mention, maxsplit=1)[0].split()
    head = core[-1].casefold().strip(".,") if core else ""
    rest = " ".join(words[1:])
    # "the Kentucky Republican": a place and a noun describe someone; "the Canadian Beverage
    # Association" names an organisation
    described = len(words) > 1 and (not is_name(rest) or (len(words) == 3 and is_place(words[1]) and not looks_like_org(rest)))
    owned = re.match(rf"((?:{_TOKEN}\s+)*{_TOKEN})[’']s\s+(.+)$", " ".join(core))  # "Foster’s book", "Doe's aunt"
    definite = bool(words) and (words[0].casefold() in ("the", "his", "her", "their", "its") or bool(owned))
    if words and words[0].casefold() in ("a", "an") and head in words_of("document"):
        owner = re.search(rf"(?:from|by|of)\s+(?:the\s+)?({_TOKEN}(?:\s+{_TOKEN})*)", mention) or re.search(
            rf"^(?:a|an)\s+(?:{_TOKEN}\s+)*?((?:{_TOKEN}\s+)*{_TOKEN})\s+(?:[a-z-]+\s+)*{re.escape(core[-1])}\b", mention, re.I
        )
        name = owner.group(1) if owner else ""
        if name and name.casefold() not in words_of("nonname"):
            return name, ""  # "a report from Rentals.ca", "an August PBO report"
    if words and words[0].casefold() in ("his", "her") and head in words_of("document"):
        return people.person_for(position), ""  # "her statement said": the person she is
    if definite and described and head in words_of("document"):  # "the Civic Action study", "Foster’s book"
        owner = owned.group(1) if owned else ""
        if not owner:
            named = re.search(rf"({_TOKEN}(?:\s+{_TOKEN})*)\s+(?:[a-z-]+\s+)*{re.escape(core[-1])}$", " ".join(core[1:]))
            owner = named.group(1) if named else people.recent(position, "org", strong=True)
        return owner or mention, ""
    if definite and described:
        if head in words_of("org_noun"):
            institution = head in words_of("institution") or head in words_of("org")
            found = people.org_called(head, position) or people.recent(position, "org", companies_only=not institution, strong=institution)
            return found or name, ""
        if head in words_of("group") or (head.endswith("s") and not head.endswith("ss")):
            return mention, ""  # a group, not one person: "the military", "the shelter residents"
        # any other definite description is of a person: "the affable proprietor", "the
        # lanky, bespectacled professor", "the rookie defenceman"
        return people.described_as(head, position) or people.person_for(position) or name, ""
    stripped = strip_titles(name)
    if stripped != name and not looks_like_person(stripped) and head in words_of("person_noun") | words_of("title"):
        return people.recent(position, "person") or stripped, affiliation
    known = people.registry.lookup(stripped)
    if known:
        return known.name, known.affiliation or affiliation
    full = people.full_name(stripped, position)
    known = people.registry.lookup(full)
    if known:
        return known.name, known.affiliation or affiliation
    return full, affiliation


_PRODUCT_AFTER = re.compile(
    r"\s+(?:service|services|product|products|software|platform|tool|tools|app|apps|feature|features|system|systems|api|apis|program|device|devices|camera|cameras)\b"
)
_UNIT_NOUNS = r"(?:Project|Program|Programme|Initiative|Center|Centre|Lab|Laboratory|Unit|Department|Division|Clinic)"
_ORG_RUN = re.compile(rf"(?:the +)?(?P<org>{_TOKEN}(?: +(?:{_TOKEN}|for|of|the|and))*)")


def describe(name: str, text: str) -> tuple[str, str]:
    """(affiliation, description) of a person from the text around the first mention of `name`.

    "Deborah Raji, a technology fellow at the AI Now Institute, noted" -> ("AI Now Institute",
    "a technology fellow at the AI Now Institute"); "NEC America’s president and CEO, Mark
    Ikeno" -> ("NEC America", "NEC America’s president and CEO").
    """
    first = ("", "")
    surname = name.split()[-1] if looks_like_person(name) else name
    index = word_index(text)
    mentions = index.find(name) + (index.find(surname) if surname != name else [])
    for start, end in mentions:  # the first mention that says who the speaker is
        found = _describe_at(start, end, text)
        if found[0]:
            return found
        first = first if first[1] or not found[1] else found
    return first


_AFTER_NAME = re.compile(r",\s*(?P<d>[^,.;“”\"]{3,160}?)(?:,|\s+(?:said|told|wrote|noted|added)\b|\.)")
_OF_AFTER_NAME = re.compile(rf"\s+(?:of|from|at)\s+(?:the\s+)?(?P<org>{_TOKEN}(?: +(?:{_TOKEN}|for|of|the|and))*)")


def _describe_at(start: int, end: int, text: str) -> tuple[str, str]:
    """(affiliation, description) from the words around one mention text[start:end] of a speaker."""
    after = _AFTER_NAME.match(text, end)
    before = re.search(r"(?P<d>(?:\b[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*[’']s )?[\w’' -]{0,60}?),\s*$", text[max(0, start - 80) : start])
    lead = re.search(
        rf"(?P<org>{_TOKEN}(?: {_TOKEN})*)[’']s [a-z ]*$|(?P<org2>{_TOKEN}) (?:{'|'.join(sorted(words_of('title')))})\b[\w ]*$",
        text[max(0, start - 60) : start].rstrip(" ,"),
        flags=re.I,
    )
    description = ""
    first = after.group("d").split()[0] if after else ""
    if after and (first.casefold() in ("a", "an", "the") or first.casefold() in words_of("title") or first[:1].isupper()):
        description = after.group("d").strip()
    elif before and any(w in before.group("d").casefold().split() for w in words_of("title")):
        description = before.group("d").strip()
    affiliation = ""
    if description:
        possessive = re.search(rf"({_TOKEN}(?: {_TOKEN})*)[’']s\b", description)
        prep = re.search(rf"\b(?:at|with|of|for|from)\s+(?:the\s+)?(?:[a-z]+\s+){{0,3}}{_ORG_RUN.pattern}", description)
        if possessive and (not prep or possessive.start() < prep.start()):
            affiliation = possessive.group(1)
        elif prep:
            affiliation = prep.group("org")
            # a unit of a larger body names the body: "the Speech, Privacy and Technology
            # Project of the ACLU" -> ACLU (the unit's own name may hold commas)
            clause = re.split(r"[.;“”\"]|\s(?:said|says|told|wrote|noted|added|wondered)\b", text[end : end + 200])[0]
            umbrella = re.search(rf"\b{_UNIT_NOUNS}\s+of\s+(?:the\s+)?(?P<org>{_TOKEN}(?: +{_TOKEN})*)", clause)
            if umbrella and looks_like_org(umbrella.group("org")):
                affiliation = umbrella.group("org")
    if not affiliation:
        # "Eva Blum-Dumontet of Privacy International said"
        of = _OF_AFTER_NAME.match(text, end)
        if of:
            affiliation = re.sub(r"\s+(?:and|the|of|for)$", "", of.group("org"))
    if not affiliation and lead:
        affiliation = lead.group("org") or lead.group("org2") or ""
        # the case-blind match can run back over lower-case words ("In a post on Google's"):
        # keep the trailing run of capitalised words
        tail = re.search(r"(?:[A-Z][\w&.-]*\s+(?:(?:of|for|the|and)\s+)?)*[A-Z][\w&.-]*$", affiliation)
        affiliation = tail.group(0) if tail else ""
    affiliation = re.sub(r"[’']s\b.*$", "", affiliation.strip())
    affiliation = re.sub(r"\s+(?:and|the|of|for)$", "", affiliation)
    return affiliation, description


def profile_speakers(quoted: Iterable[tuple[Quote, tuple[str, str]]], registry: Registry) -> dict[str, tuple[str, str]]:
    """(affiliation, role) of each speaker over a corpus, from its quotes in reading order,
    each with the (affiliation, description) its document gives the speaker: the
    registry's first, then what an earlier document said, then the quote's own
    attribution, then the description (roles from `resources/roles.csv`)."""
    profiles: dict[str, tuple[str, str]] = {}
    for q, (described, description) in quoted:
        if not q.speaker or (q.speaker in profiles and all(profiles[q.speaker])):
            continue
        known = registry.lookup(q.speaker)
        old = profiles.get(q.speaker, ("", ""))
        affiliation = (known.affiliation if known else "") or old[0] or q.affiliation or described
        role = (known.role if known else "") or old[1] or guess_role(description, affiliation, q.speaker)
        profiles[q.speaker] = (affiliation, role)
    return profiles


def role_toward(role: str, *, is_self: bool) -> str:
    """A speaker's role in a study of a target: "company" is the target and its people
    (codebook); any other firm is "industry"."""
    return "company" if is_self else ("industry" if role == "company" else role)


@lru_cache(maxsize=1)
def role_keywords() -> tuple[tuple[str, str], ...]:
    return tuple((r["keyword"], r["role"]) for r in csv.DictReader(data_lines("roles.csv")))


def guess_role(*texts: str) -> str:
    """Role category from keywords in a speaker's description and affiliation ('' if none)."""
    haystack = " ".join(t.casefold() for t in texts if t)
    for keyword, role in role_keywords():
        if re.search(rf"\b{re.escape(keyword)}\b", haystack):
            return role
    return ""
