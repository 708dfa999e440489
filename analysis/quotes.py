"""Quotations: find quoted spans, attribute each to a cue and a speaker, classify its kind.

Kinds: `direct` (a quoted clause with its own speech cue), `partial` (a fragment in marks
inside the writer's sentence), `block` (an e-mail `> ` block or a quotation set off on its
own), `continuation` (quoted sentences after an attributed quote, with no new cue).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from analysis.clean import CleanDocument, Paragraph
from analysis.keyterms import load_stopwords
from analysis.people import is_title, listed_name
from analysis.segment import WORD_RUN
from analysis.speakers import DOCUMENT_BY, DocumentSpeakers, Registry, reporting_verbs, resolve, speaker_in, word_classes, words_of

DOUBLE = '"“”„‟«»'
SINGLE = "‘’‚'"
OPEN_AFTER = " \t\n([{—–-/"
# A short quoted term is speech only when its cue is this close (in words).
TERM_MAX_WORDS = 3
TERM_CUE_DISTANCE = 6
_TERM_MARKERS = re.compile(r"(?:the\s+(?:term|phrase|word|words|name|label|slogan|so-called)|so-called|dubbed|known\s+as|coined)\s*$", re.I)
_NAME_TOKEN = r"(?:[A-Z][a-z]{0,3}\.|[A-Z][\w’'-]*)"  # "Dr.", "J.", "O'Brien"
_NP = r"(?:(?:the|a|an|The|A|An) +)?(?:[\w’'.-]+ +){0,7}?[\w’'-]+"
_ADVERB = r"(?:\s+(?:also|then|later|again|previously|once|\w+ly))?"


def _verbs_re() -> str:
    return "|".join(sorted(reporting_verbs(), key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    verbs = _verbs_re()
    return {
        # ,” said Raji   ·   ," wrote Matt Wood, general manager …
        "verb_first": re.compile(rf"^[\s,.!?’']*(?P<cue>(?:{verbs}))\s+(?P<name>[A-Za-z][^\n;:!?()\"“”—]{{0,150}})"),
        # …, asks Policy Options editor Jane Doe, “…”
        "cue_name": re.compile(rf"\b(?P<cue>{verbs})\s+(?P<name>[A-Za-z][^,“”\"\n]{{1,100}}?),\s*$"),
        # ,” Krishna said   ·   ,” the company posted   ·   ,” Evan Greer, Deputy Director …, told Recode
        "name_first": re.compile(
            rf"^[\s,.!?’']*(?P<name>{_NP})(?P<appos>,[^,“”\"]{{1,120}}?,?)?{_ADVERB}\s+(?P<cue>(?:{verbs}))\b(?P<obj>\s+[A-Z]\w*)?"
        ),
        # — IBM
        "dash": re.compile(r"^[\s.]*[—–]\s*(?P<name>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,4})\s*\.?\s*$"),
        # He added: "   ·   Krishna wrote:
        "colon": re.compile(rf"(?P<name>{_NP})(?P<appos>,[^,“”\"]{{1,120}}?,)?{_ADVERB}\s+(?P<cue>(?:{verbs}))\b[^:.!?,]{{0,80}}:\s*$"),
        "verb": re.compile(rf"\b(?P<cue>{verbs})\b"),
    }


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # offsets into the document text, of the words inside the marks
    end: int
    closed: bool
    open: int  # offset of the opening mark (of the first word when the opener is missing)
    close: int  # offset of the closing mark (or of the paragraph's end when unclosed)


@dataclass(frozen=True, slots=True)
class Quote:
    doc_id: str
    quote_id: int
    speaker: str
    affiliation: str
    quote: str
    kind: str
    cue: str
    start: int
    end: int
    paragraph: int
    mention: str  # the speaker as written at the cue ("she", "the ACLU's Freed Wessler")


def _is_apostrophe(text: str, i: int) -> bool:
    before, after = text[i - 1 : i], text[i + 1 : i + 2]
    return (before.isalnum() and after.isalnum()) or (before.isalpha() and after in ("s", "")) or (before in "sS" and after in " ,.;")


def _opener(text: str, i: int) -> bool:
    return (i == 0 or text[i - 1] in OPEN_AFTER) and i + 1 < len(text) and not text[i + 1].isspace()


def find_spans(paragraph: Paragraph) -> list[Span]:
    """Quoted spans of a paragraph, pairing marks in order and tolerating broken ones.

    A double mark closes whatever quote is open, whichever way it curls (`‘… ”said`,
    `…(BIPOC), “Buolamwini wrote`); single marks nest inside double quotes; a closing
    mark with no opener ends a quote that began after the previous quote's sentence;
    a quote still open at the paragraph's end runs to it (news style for multi-paragraph quotes).
    """
    text, base = paragraph.text, paragraph.start
    spans: list[Span] = []
    open_at: int | None = None
    open_kind = ""
    content_end = len(text.rstrip())  # nothing but spaces after this
    paired = -1  # the second mark of a doubled single mark (’’, '') already taken
    for i, ch in enumerate(text):
        if i == paired:
            continue
        if ch in SINGLE and text[i + 1 : i + 2] == ch:  # ’’ and '' stand for a double mark
            paired = i + 1
            ch = "”" if ch in "’'" else "“"
        if ch in DOUBLE or (ch in SINGLE and not _is_apostrophe(text, i)):
            double = ch in DOUBLE
            if open_at is None:
                if _opener(text, i):
                    if double or ch in "‘'":
                        open_at, open_kind = i, "d" if double else "s"
                elif (i > 0 and text[i - 1 : i].strip() and (double or text[i - 1] in ".!?,")) or (
                    i + 1 >= content_end and _before(text, i) in ".!?,"
                ):
                    spans.append(_orphan(text, i, spans, base))
            elif double or (open_kind == "s" and not _opener(text, i)):
                spans.append(Span(base + open_at + 1, base + i, True, base + open_at, base + i))
                open_at = None
    if open_at is not None and open_kind == "s":
        # a single quote is not carried to the paragraph's end: it closes at the first mark
        # that was taken for an apostrophe ("'happiness'." after a word ending in s), if any
        close = next((j for j in range(open_at + 1, len(text)) if text[j] in SINGLE and not text[j + 1 : j + 2].isalpha()), None)
        if close is not None:
            spans.append(Span(base + open_at + 1, base + close, True, base + open_at, base + close))
    elif open_at is not None and len(text) - open_at > 1:
        end = _bounded_end(text, open_at + 1, len(text))
        spans.append(Span(base + open_at + 1, base + end, False, base + open_at, base + end))
    return [s for s in (_trim(text, base, s) for s in spans) if s.end > s.start]


# A quote with a missing mark runs to its paragraph's end (or starts after the previous quote's
# sentence) only up to this length; longer, it is cut at a sentence end. News paragraphs are far
# shorter, and run-on text without paragraphs (scraped pages) must not make quotes of whole pages.
MAX_UNMARKED_CHARS = 3_000
_BOUNDARY = re.compile(r"[.!?][”\"’]?\s+(?=[A-Z“\"])")


def _bounded_end(text: str, start: int, end: int) -> int:
    """`end`, or the last sentence end within MAX_UNMARKED_CHARS of `start`."""
    if end - start <= MAX_UNMARKED_CHARS:
        return end
    ends = [m.start() + 1 for m in _BOUNDARY.finditer(text, start, start + MAX_UNMARKED_CHARS)]
    return ends[-1] if ends else start + MAX_UNMARKED_CHARS


def _before(text: str, i: int) -> str:
    """The last character before `i` that is not a space ("" if none)."""
    j = i - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    return text[j] if j >= 0 else ""


def _orphan(text: str, close: int, spans: list[Span], base: int) -> Span:
    after = spans[-1].end - base if spans else 0
    boundary = _BOUNDARY.search(text, after, close)
    start = after + (boundary.end() - after) if boundary and spans else (after if spans else 0)
    if close - start > MAX_UNMARKED_CHARS:  # from the last sentence start before the mark
        starts = [m.end() for m in _BOUNDARY.finditer(text, close - MAX_UNMARKED_CHARS, close)]
        start = starts[-1] if starts else close - MAX_UNMARKED_CHARS
    return Span(base + start, base + close, True, base + start, base + close)


def _trim(text: str, base: int, span: Span) -> Span:
    s, e = span.start - base, span.end - base
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return Span(base + s, base + e, span.closed, span.open, span.close)


def _sentence_start(text: str, pos: int, floor: int) -> int:
    """Start of the writer's sentence containing `pos` (boundaries outside quotes are . ! ? + space)."""
    region = text[floor : pos + 1]
    ends = [
        m.end()
        for m in re.finditer(r"[.!?][”\"’)]?\s+(?=[A-Z“\"‘])", region)
        if m.end() <= pos - floor and not _abbreviation(region[: m.start() + 1])
    ]
    return floor + (ends[-1] if ends else 0)


def _abbreviation(text: str) -> bool:
    """Whether `text` ends in an abbreviation's dot ("St.", "Jan.", "Dr.", "J.", "U.S.") rather
    than a sentence's."""
    word = text.split()[-1] if text.split() else ""
    if not word.endswith("."):
        return False
    bare = word.rstrip(".").lstrip('(“"‘')
    return bare in _LONG_ABBREVIATIONS or bool(re.fullmatch(r"(?:[A-Z]\.)*[A-Z]|[A-Z][a-z]{1,3}|\w+\.\w+", bare))


_LONG_ABBREVIATIONS = frozenset({"Supt", "Prof", "Insp", "Sept", "Const", "Capt", "Corp", "Dept", "Assn", "Hon", "Gen", "Lieut"})


def _word_count(text: str) -> int:
    return len(WORD_RUN.findall(text))


@dataclass
class _Attribution:
    kind: str
    cue: str
    mention: str
    position: int
    cue_end: int = -1


# A quote's cue is looked for within this many characters of its marks, and among the nearest
# few speech verbs of the sentence before it: far beyond any real cue, and it keeps run-on text
# (no sentence ends, a verb every few words) from costing the cube of its length.
CUE_CONTEXT = 1_000
NEAREST_VERBS = 6


def _attribute(text: str, span: Span, pstart: int, next_open: int, prev: _Attribution | None, prev_span_end: int) -> _Attribution | None:
    pat = _patterns()
    body = text[span.start : span.end]
    after_close = span.close + (1 if span.closed else 0)
    post = text[after_close : min(next_open, after_close + CUE_CONTEXT)]
    sent_start = max(_sentence_start(text, span.open, max(pstart, prev_span_end)), span.open - CUE_CONTEXT)
    pre = text[sent_start : span.open]
    starts_sentence = not pre.strip() or pre.strip() in "—–-"

    if prev is not None and prev.cue_end >= 0 and not text[prev.cue_end : span.open].strip(" ,;—–-"):
        return _Attribution("continuation", prev.cue, prev.mention, prev.position)  # "A," said X, "and B"
    if starts_sentence or body[-1:] in "," or post[:1] in ",":
        for name in ("verb_first", "name_first"):
            m = pat[name].match(post)
            if m:
                phrase = _cut_phrase(m.group("name")) if name == "verb_first" else m.group("name") + (m.group("appos") or "")
                offset, mention = speaker_in(phrase)
                named = offset > 0 and mention[:1].isupper()  # "prominent Halifax economist Odile Marchetti"
                if not (_plausible_subject(m.group("name")) or named):
                    continue
                if name == "name_first" and body.rstrip()[-1:] in ".!?" and len(m.group("name").split()) > 4:
                    continue
                cue = m.group("cue") + ((m.group("obj") or "").rstrip(".,") if name == "name_first" else "")
                end = after_close + (m.start("name") + len(phrase) if name == "verb_first" else m.end())
                kind = "direct" if starts_sentence else "partial"
                return _Attribution(kind, cue.strip(), mention, after_close + m.start("name") + offset, end)
        m = pat["dash"].match(post)
        if m:
            return _Attribution("block", "—", m.group("name"), after_close + m.start("name"), after_close + m.end())
    if starts_sentence:
        m = pat["colon"].search(pre)
        if m:
            offset, mention = speaker_in(m.group("name") + (m.group("appos") or ""))
            if mention:  # not "And here was the big (reveal):"
                return _Attribution("direct", m.group("cue") + ":", mention, sent_start + m.start("name") + offset)
        return None
    if _TERM_MARKERS.search(pre):
        return None
    named_thing = _word_count(body) <= TERM_MAX_WORDS and body[:1].isupper() and body.rstrip()[-1:] not in ",.;:!?"
    if prev is not None and not named_thing and not re.search(r"[.!?][”\"’]?\s", text[prev_span_end : span.open]):
        return _Attribution("partial", prev.cue, prev.mention, prev.position)  # a second fragment, same cue
    inverted = pat["cue_name"].search(pre)
    if inverted:
        offset, mention = speaker_in(inverted.group("name"))
        if offset > 0 and mention[:1].isupper():
            return _Attribution("direct", inverted.group("cue"), mention, sent_start + inverted.start("name") + offset)
    colon = pat["colon"].search(pre)
    if colon:
        offset, mention = speaker_in(colon.group("name") + (colon.group("appos") or ""))
        if mention:
            return _Attribution("direct", colon.group("cue") + ":", mention, sent_start + colon.start("name") + offset)
    verbs = list(pat["verb"].finditer(pre))
    if not verbs:
        return _lede_attribution(pre, body, sent_start)
    short = _word_count(body) <= TERM_MAX_WORDS and not re.search(r"[.!?,]$", body.strip())
    if short and _word_count(pre[verbs[-1].end() :]) > TERM_CUE_DISTANCE:
        return None
    for verb in reversed(verbs[-NEAREST_VERBS:]):  # "Google said users … would be asked to "…"": the sayer is Google
        subject, offset = _subject(pre, verb, sent_start, text)
        if subject:
            return _Attribution("partial", verb.group("cue"), subject, offset)
    return None


# Words that end the speaker phrase after an inverted cue ("…," said Jane Doe in a statement).
_PHRASE_END = re.compile(
    r"\s(?:who|whose|which|that|in|on|at|during|after|before|when|while|about|as|adding|noting|saying|because|to|from|with|via|by|"
    r"told|said|says|last|this|earlier|on|outside|inside|recently|today|yesterday|tonight)\b|\n|[.](?=\s|$)"
)


def _cut_phrase(phrase: str) -> str:
    """The speaker phrase at the start of `phrase`: up to a clause word or a sentence end (a
    dot after a title or an initial, "Sen." "J.", does not end it)."""
    for m in _PHRASE_END.finditer(phrase):
        if m.group(0) == ".":
            word = phrase[: m.start()].split()[-1] if phrase[: m.start()].split() else ""
            if is_title(word) or re.fullmatch(r"(?:[A-Z]\.)*[A-Z]|Jr|Sr|St", word):
                continue
        return phrase[: m.start()]
    return phrase


def _lede_attribution(pre: str, body: str, sent_start: int) -> _Attribution | None:
    """A cue-less quoted clause ending in its own punctuation, in a sentence whose subject is
    named ("The retailer Acme will stop … for "reasons of safety.""), is that subject's words:
    the subject phrase before its first auxiliary, read like any speaker phrase. Kept only if
    that speaker is quoted elsewhere in the document."""
    if _word_count(body) < 3 or not re.search(r"[.!?,]$", body.strip()):
        return None
    m = re.match(r"\s*(?P<s>(?:[\w’'.&-]+\s+){0,5}?[\w’'.&-]+)\s+(?:will|has|had|is|was|would|said)\b", pre)
    if not m:
        return None
    offset, mention = speaker_in(m.group("s"))
    if not mention[:1].isupper():
        return None
    return _Attribution("partial", "", mention, sent_start + m.start("s") + offset)


_PRONOUN = re.compile(r"\b(he|she|they|it|we|He|She|They|It|We)\s*$")
_DESCRIPTION = re.compile(r"\b(?:the|a|an|one|The|A|An|One)\s+(?:[A-Za-z-]+\s+){0,2}[a-z][a-z-]+\s*$")
_CAPITAL_RUN = re.compile(rf"(?:(?:the|The) +)?{_NAME_TOKEN}(?: +(?:{_NAME_TOKEN}|of|de|van|von|der))*\s*$")
_LEADING_ADVERBS = re.compile(
    r"^\s*(?:(?:And|But|So|Still|Meanwhile|Then|Now|Also|Yet|and|but|so|Although|Though|While|When|If|Because|Since|As|Once)\s+)*"
)
# A dateline before a story's first sentence: "OTTAWA — ", "LONDON, Ont. — "
DATELINE = re.compile(r"^\s*[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+)*(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)?\s*[—–-]+\s*")
_AUX = re.compile(r"(?:\s+(?:has|had|have|was|were|is|are|will|would|also|then|later|meanwhile|\w+ly|,))+\s*$")


# A written statement and who it is from: its author is the one who "said" it.


def _subject(pre: str, verb: re.Match[str], sent_start: int, text: str) -> tuple[str, int]:
    """The speaker phrase before a reporting verb, skipping auxiliaries and appositions."""
    head = pre[: verb.start()]
    dateline = DATELINE.match(head)
    if dateline:  # "OTTAWA — Foreign Minister Jane Doe says …"
        pre, head, sent_start = pre[dateline.end() :], head[dateline.end() :], sent_start + dateline.end()
        verb = _patterns()["verb"].search(pre, verb.start() - dateline.end())
    if verb.group("cue").endswith("ing") or re.search(r"\band\s*$", head):
        # "Tech giant Microsoft will stop …, saying": skip a descriptor before the name
        m = re.match(
            r"\s*(?:(?:On|In|At|After|Before|Last|Earlier|During|Since|Following)\b[^,]{0,60},\s*)?(?:[A-Z][a-z]+(?:\s+[a-z]+){0,3},\s+)?(?:[A-Z][a-z]+(?:\s+[a-z]+){1,2}\s+(?=[A-Z]))?(?P<s>(?:[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*|he|she|they|it))\b",
            pre,
        )
        if not m or (m.group("s").casefold() in words_of("nonname") and not _PRONOUN.fullmatch(m.group("s"))):
            return "", -1  # "So how about we … tell": no subject
        return m.group("s"), sent_start + m.start("s")
    head = _AUX.sub("", head)
    document = DOCUMENT_BY.search(head)
    if document:  # "A statement e-mailed to The Globe by Jane Doe, who …, said"
        return document.group("s"), sent_start + document.start("s")
    segments = head.split(",")
    offset = 0
    bounds = []
    for seg in segments:
        bounds.append((offset, seg))
        offset += len(seg) + 1
    for seg_start, seg in reversed(bounds):
        if not seg.strip():
            continue
        core = _LEADING_ADVERBS.sub("", seg.rstrip())
        lead = len(seg.rstrip()) - len(core)
        for pattern in (_PRONOUN, _CAPITAL_RUN, _DESCRIPTION):
            m = pattern.search(core)
            whole = m is not None and (m.start() == 0 or pattern is _PRONOUN)  # "in what it called"
            if m and whole and _plausible_subject(m.group(0)):
                return m.group(0).strip(), sent_start + seg_start + lead + m.start()
        offset, named = speaker_in(core)
        # "then-minister of infrastructure Jane Doe" (not "Science and Economic Development")
        if offset > 0 and named[:1].isupper() and len(core.split()) <= 8 and listed_name(named):
            return named, sent_start + seg_start + lead + offset
        if len(seg.split()) > 5 or seg.strip().split()[0].casefold() in ("a", "an", "the", "who", "which"):
            continue  # an apposition: "Mutale Nkonde, a research fellow at …, told"
        if len(seg.split()) <= 2 and seg.strip().islower():
            continue  # an interjected adverb: "The Associated Press, meanwhile, reported"
        break
    return "", -1


def _plausible_subject(name: str) -> bool:
    name = name.strip()
    if not name:
        return False
    first = name.split()[0]
    if first.casefold() in {"that", "this", "which", "who", "as", "and", "but", "if", "when", "while", "in", "on", "to"}:
        return False
    return first[:1].isupper() or first.casefold() in {
        "he",
        "she",
        "they",
        "it",
        "we",
        "the",
        "a",
        "an",
        "one",
        "my",
        "his",
        "her",
        "their",
        "our",
    }


def extract(doc: CleanDocument, *, registry: Registry) -> list[Quote]:
    """Every quotation of a cleaned document, attributed and resolved."""
    text = doc.text
    paragraph_spans = [(p, find_spans(p) if p.kind in ("body", "block") else []) for p in doc.paragraphs]
    all_spans = [(s.start, s.end) for _, spans in paragraph_spans for s in spans]
    people = DocumentSpeakers(text, registry=registry, quoted=all_spans)
    speech = {
        paragraph.index: indirect_speech(text, paragraph, spans) if paragraph.kind in ("body", "subhead") else []
        for paragraph, spans in paragraph_spans
    }
    quotes: list[Quote] = []
    last: tuple[_Attribution, int] | None = None  # attribution and paragraph index of the last quote
    for paragraph, spans in paragraph_spans:
        before = speech.get(paragraph.index - 1) or []
        if before and (last is None or last[1] < paragraph.index - 1 or last[0].position < before[-1].attribution.position):
            last = (before[-1].attribution, paragraph.index - 1)  # reported speech: a floating quote after it is theirs
        if paragraph.kind == "block":
            attribution = _block_attribution(doc, paragraph, last)
            if attribution:
                q = _quote(doc, len(quotes), paragraph.start, paragraph.end, "block", attribution, paragraph, people)
                quotes.append(q)
                last = (attribution, paragraph.index)
            continue
        prev_end = paragraph.start
        previous_in_paragraph: _Attribution | None = None
        for k, span in enumerate(spans):
            next_open = spans[k + 1].open if k + 1 < len(spans) else paragraph.end
            attribution = _attribute(text, span, paragraph.start, next_open, previous_in_paragraph, prev_end)
            reported = next((f for f in speech[paragraph.index] if prev_end <= f.end <= span.open), None)
            if attribution is None and reported is not None and _opens_sentence_after(text, reported.end, span):
                # "Doe said her group would appeal. “We will win.”": the reported speaker's words
                attribution = _Attribution(
                    "continuation", reported.attribution.cue, reported.attribution.mention, reported.attribution.position
                )
            if attribution is None and last is not None and _follows(text, span, paragraph, last, previous_in_paragraph):
                prior = previous_in_paragraph or last[0]
                attribution = _Attribution("continuation", prior.cue, prior.mention, prior.position)
                switched = people.subject_between(prev_end if previous_in_paragraph else paragraph.start, span.open)
                if switched is not None and switched.name != people.full_name(prior.mention, prior.position):
                    # a sentence about someone else comes between: "… says House. Durning did
                    # not need much coaxing. “I’m thankful …”" is Durning's
                    attribution = _Attribution("continuation", "", switched.name, switched.start)
            if attribution is None:
                continue
            quotes.append(_quote(doc, len(quotes), span.start, span.end, attribution.kind, attribution, paragraph, people))
            previous_in_paragraph = attribution
            last = (attribution, paragraph.index)
            prev_end = span.end
    found = [
        _quote(doc, 0, f.start, f.end, f.attribution.kind, f.attribution, paragraph, people)
        for paragraph, _ in paragraph_spans
        for f in speech[paragraph.index]
    ]
    reported = [q for q in found if q.kind == "indirect"]
    quotes = _with_mixed(_resolve_descriptions(quotes), [q for q in found if q.kind == "mixed"])
    quotes = quotes + reported  # a source of reported speech stays as described
    speaking = {q.speaker for q in quotes if q.cue}
    kept = [q for q in quotes if q.cue or q.speaker in speaking]
    # quoted speech first, then reported speech, each in reading order: hiding the indirect
    # quotes leaves the others' numbers as they are
    return [replace(q, quote_id=i) for i, q in enumerate(kept)]


# ---------------------------------------------------------------------------- indirect speech
# Reported speech without quotation marks, in the patterns English news uses (PARC 3.0's
# attribution relations: source, cue, content): "X said (that) CONTENT", "X told reporters
# CONTENT", "CONTENT, X said", "According to X, CONTENT" and "CONTENT, according to X".
# Verbs that take reported content without "that" (the say/tell class); any other speech verb
# of the list needs "that".
_BARE_LEMMAS = [
    "add",
    "argue",
    "claim",
    "confirm",
    "explain",
    "insist",
    "note",
    "report",
    "state",
    "suggest",
    "warn",
    "acknowledge",
    "admit",
    "announce",
    "maintain",
    "predict",
    "estimate",
    "allege",
    "stress",
    "emphasize",
    "emphasise",
    "recall",
    "concede",
    "contend",
    "assert",
    "observe",
    "indicate",
    "reveal",
]
BARE_CONTENT_VERBS = frozenset(
    {"said", "says", "say", "told", "tells", "tell", "wrote", "writes", "write", "admitted", "admits", "admit"}
    | {form for lemma in _BARE_LEMMAS for form in (lemma, lemma + "s", lemma.removesuffix("e") + "ed")}
)
INDIRECT_MIN_WORDS = 4
_LEAD = r"(?:(?:But|And|However|Meanwhile|Still|Also|Later|Earlier|Instead|Now|So|Yet|For\s+(?:his|her|its|their)\s+part|In\s+turn)[ ,]+|(?:[Oo]n|[Ii]n|[Ll]ast|[Tt]his|[Ee]arlier|[Ll]ate)\s+[\w.]+(?:\s+\d{1,2})?,?\s+)?"
_SOURCE = r"(?P<source>(?:[\w’'.&-]+\s+){0,7}?(?!(?:the|The|a|A|an|An)\s)[\w’'.&-]+)"  # not a bare article: "the (report) said"
_ADDRESSEE = r"(?:\s+(?:reporters|journalists|the\s+[\w-]+(?:\s+[\w-]+){0,2}|him|her|them|us|me|(?:[A-Z][\w.’'-]*\s*){1,4}))"
_SETTING = (
    r"(?:\s+(?:(?:earlier|later)\s+)?(?:on\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|"
    r"\s+in\s+an?\s+(?:[\w-]+\s+)?(?:interview|statement|email|e-mail|release|post|tweet|letter|speech)|"
    r"\s+(?:by|over\s+the|in\s+a)\s+(?:text\s+message|phone|telephone|email|e-mail)|"
    r"\s+(?:last|this)\s+(?:week|month|year)|\s+earlier|\s+later|\s+recently|\s+in\s+retrospect)*"
)


@lru_cache(maxsize=1)
def _indirect_patterns() -> tuple[re.Pattern[str], ...]:
    verbs = _verbs_re()
    appos = r"(?P<appos>,[^“”\"]{1,200}?,)?"  # may hold commas: ", a mechanic based in Kansas City, Mo., and an organizer,"
    tell = "told|tells|tell|informed|informs|assured|assures|reminded|reminds|advised|advises"
    subject = rf"{_LEAD}(?:and\s+|but\s+)?{_LEAD}{_SOURCE}{appos}(?:\s+(?:has|have|had|also|\w+ly))*"
    content = r"(?P<content>(?P<that>that\s+)?.+?)[.!?]?$"
    trailing = r"(?:,\s+(?:who|whose|which|adding|noting)\b.*)?"  # "…, says Jane Doe, who leads the “Activate” project."
    return (
        # Police told reporters CONTENT   ·   (Despite the delays,) Jane Doe, a lawyer, said on
        # Monday that CONTENT  (tried at the start of each clause of the sentence)
        re.compile(rf"{subject}\s+(?P<cue>{tell})(?P<to>{_ADDRESSEE}){_SETTING},?\s+{content}"),
        re.compile(rf"{subject}\s+(?P<cue>{verbs})(?<!ing){_SETTING},?\s+{content}"),
        # Jane Doe praised the plan, saying CONTENT: the sentence's subject says it
        re.compile(
            rf"^{_LEAD}(?P<source>(?:the\s+)?[A-Z][\w’'.&-]*(?:\s+[A-Z][\w’'.&-]*)*|[Hh]e|[Ss]he|[Tt]hey|[Ii]t|[Pp]olice|[Oo]fficials)\s.+?,\s+"
            r"(?P<cue>saying|noting|adding|arguing|explaining|warning|insisting|claiming|stressing)\s+(?P<content>(?P<that>that\s+)?.+?)[.!?]?$"
        ),
        # CONTENT, Jane Doe said (on Monday).   ·   CONTENT, said Jane Doe.
        re.compile(rf"^(?P<content>.+?),[”\"’]?\s+{_SOURCE}{appos}\s+(?P<cue>{verbs})\b[^,]{{0,60}}{trailing}[.!?]?$"),
        re.compile(
            rf"^(?P<content>.+?),[”\"’]?\s+(?P<cue>{verbs})(?<!ing)\s+(?P<source>(?:the\s+|[A-Z])[^,]{{1,80}}?){appos}{trailing}[.!?]?$"
        ),
        # According to Jane Doe, CONTENT   ·   CONTENT, according to Jane Doe.
        re.compile(rf"^{_LEAD}(?P<cue>[Aa]ccording\s+to)\s+(?P<source>[^,]{{2,80}}),\s+(?P<content>.+?)[.!?]?$"),
        re.compile(r"^(?P<content>.+?),\s+(?P<cue>according\s+to)\s+(?P<source>[^,]{2,80})[.!?]?$"),
    )


NAMING_VERBS = frozenset(
    {
        "call",
        "calls",
        "called",
        "calling",
        "dub",
        "dubs",
        "dubbed",
        "label",
        "labels",
        "labeled",
        "labelled",
        "term",
        "termed",
        "name",
        "named",
    }
)
MIXED_MIN_WORDS = 2  # the writer's own words a mixed quote needs besides its quoted ones


def _outside(text: str, start: int, end: int, spans: list[Span]) -> str:
    """text[start:end] without the quoted spans in it."""
    pieces, at = [], start
    for s in sorted(spans, key=lambda s: s.open):
        pieces.append(text[at : s.open])
        at = s.close + 1
    pieces.append(text[at:end])
    return " ".join(pieces)


CLAUSE_PATTERNS = 2  # the first patterns may start at any clause of a sentence, the others at its start


@dataclass(frozen=True, slots=True)
class _Reported:
    start: int
    end: int
    attribution: _Attribution


def indirect_speech(text: str, paragraph: Paragraph, spans: list[Span]) -> list[_Reported]:
    """Reported speech in a paragraph's sentences: `indirect` where the reported content holds
    no quotation mark (marks elsewhere in the sentence do not matter), `mixed` where it holds
    whole quoted spans ("She said police were "very committed" to it")."""
    found = []
    for start, end in _sentences(text, paragraph.start, paragraph.end):
        sentence = text[start:end]
        clauses = [0, *(m.end() for m in re.finditer(r"[,;]\s+", sentence))]
        candidates = (
            pattern.match(sentence, at)
            for k, pattern in enumerate(_indirect_patterns())
            for at in (clauses if k < CLAUSE_PATTERNS else [0])
        )
        for m in candidates:
            if not m or not _reported(m):
                continue
            c0, c1 = start + m.start("content"), start + m.end("content")
            if text[c1 : c1 + 2] in (",”", ',"', ",’"):
                c1 += 2  # the quote's own comma and closing mark: "… are “very exciting,” says Doe"
            inside = [s for s in spans if s.open < c1 and s.close > c0]
            if any(s.open < c0 or s.close >= c1 for s in inside):
                continue  # a quote that runs out of the content: not reported speech
            # words in double marks make it mixed; a term in marks ("the term “smart city”",
            # "so-called “emotion AI”", "“general purpose” software") or single marks (GGT
            # ignores them) leave it indirect
            quoted = [
                s for s in inside if text[s.open] in DOUBLE and not _TERM_MARKERS.search(text[c0 : s.open]) and not _modifier(text, s)
            ]
            kind = "mixed" if quoted else "indirect"
            outside = re.sub(r"^that\s+", "", _outside(text, c0, c1, inside))
            if kind == "mixed" and _word_count(outside) < MIXED_MIN_WORDS:
                continue  # "told the AP that “…”": the quote is the content, a partial quote
            source = _AUX_TAIL.sub("", _SUBORDINATOR.sub("", m.group("source")))
            if _CLAUSAL.search(" " + source + " "):
                continue  # "Although some already say", "Analysts who track IBM": not a speaker phrase
            appos = (m.groupdict().get("appos") or "").rstrip(",")
            offset, mention = speaker_in(_cut_phrase(source) if m.group("cue")[:1] in "Aa" else source + appos)
            if not (_plausible_subject(mention) or _group_source(mention)) or mention.casefold() in _NOT_SOURCES:
                continue
            cue = m.group("cue")
            found.append(_Reported(c0, c1, _Attribution(kind, cue, mention, start + m.start("source") + offset)))
            break
    return found


_AUX_TAIL = re.compile(
    r"(?:\s+(?:has|have|had|will|would|could|should|may|might|must|also|previously|already|repeatedly|has\s+long|have\s+long))+$"
)
_SUBORDINATOR = re.compile(r"^(?:Although|Though|While|When|Because|Since|As|Once|If)\s+(?=[A-Z])")  # "Although Trump (has said)"
_CLAUSAL = re.compile(
    r"\s(?:who|whom|whose|which|that|is|are|was|were|be|been|have|has|had|to|although|though|while|when|if|because|since|despite|after|before)\s"
    r"|^\s(?:Although|Though|While|When|If|Because|Since|Despite|After|Before|As|Once|Until|Unless|Whether)\s",
)


def _modifier(text: str, span: Span) -> bool:
    """A short quoted term that modifies the noun after it: "“general purpose” facial
    recognition" (a content word follows the closing mark, not "to", "on", a comma)."""
    body = text[span.start : span.end].rstrip()
    if _word_count(body) > TERM_MAX_WORDS or not span.closed or body[-1:] in ",.;:!?":
        return False
    following = re.match(r"\s+([a-z][\w-]*)", text[span.close + 1 : span.close + 40])
    return bool(following) and following.group(1) not in load_stopwords()


def _group_source(phrase: str) -> bool:
    """A lower-case source of reported speech: a group or a document ("police", "officials",
    "court filings", "the report"), not a phrase that opens with a preposition ("in a move
    the company")."""
    head = phrase.split()[-1].casefold() if phrase.split() else ""
    if not head or phrase.split()[0].casefold() in {"in", "on", "at", "by", "for", "with", "from", "after", "before", "of", "to"}:
        return False
    nouns = {w for kind in ("person_noun", "org_noun", "institution", "org") for w in word_classes().get(kind, ())}
    return head in nouns or (head.endswith("s") and len(head) > 3 and head not in _NOT_SOURCES)


# Subjects that do not report speech ("this says", "which said"; "the law says" stays: a source).
_NOT_SOURCES = frozenset({"this", "that", "there", "which", "who", "what", "i", "you"})


def _reported(m: re.Match[str]) -> bool:
    content = m.group("content")
    if _word_count(content) < INDIRECT_MIN_WORDS or len(m.group("source").split()) > 8:
        return False
    if any(c in m.group("source") for c in DOUBLE):
        return False  # 'called MoodSense "a dashboard"': quoted words are not a source
    cue = m.group("cue").casefold()
    if cue in NAMING_VERBS:
        return False  # "called it a failure": naming, not reporting
    if cue.startswith("according"):
        return True
    if "that" in m.groupdict() and m.groupdict().get("that") is None and cue not in BARE_CONTENT_VERBS:
        return False
    if cue.startswith(("tol", "tel")) and not m.groupdict().get("to"):
        return False  # "told" needs its addressee: "told reporters"
    # "said to be", "told of", "said by": not reported content
    return bool(m.groupdict().get("that")) or not re.match(r"(?:to|by|of|for|about|in|on|with|and|as)\b", content.casefold())


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"‘(])")


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of text[start:end] (a period after a title or an initial does not end one)."""
    spans, begin = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        if _abbreviation(text[begin : m.start()]):
            continue
        spans.append((begin, m.start()))
        begin = m.end()
    if text[begin:end].strip():
        spans.append((begin, len(text[:end].rstrip())))
    return spans


def _with_mixed(quotes: list[Quote], mixed: list[Quote]) -> list[Quote]:
    """A partial quote inside the content of reported speech becomes that content, marks kept
    (kind `mixed`: "She said police were “very committed” to hearing her"), as does reported
    speech whose quoted words were no quote on their own; a content with several quoted
    pieces keeps them as they are, one quote each."""
    result, used = [], set()
    holds = {m.start: sum(m.start <= q.start and q.end <= m.end for q in quotes) for m in mixed}
    for q in quotes:
        sentence = q.quote[:1].isupper() and q.quote.rstrip("”\"’' ")[-1:] in ".!?"  # "“Build that wall!”": its own quote
        holder = next(
            (m for m in mixed if q.kind == "partial" and not sentence and m.start <= q.start and q.end <= m.end and holds[m.start] == 1),
            None,
        )
        if holder is None:
            result.append(q)
        elif holder.start not in used:
            used.add(holder.start)
            result.append(replace(holder, speaker=q.speaker or holder.speaker, affiliation=q.affiliation or holder.affiliation))
    # reported speech whose quoted words were not taken for a quote (a short fragment far from
    # the verb: 'Doe said all levels of government should be "working in tandem"') is one too
    result += [m for m in mixed if holds[m.start] == 0]
    return sorted(result, key=lambda q: q.start)


def _opens_sentence_after(text: str, end: int, span: Span) -> bool:
    """Only a sentence end lies between reported speech ending at `end` and the quote `span`,
    and the quote is a sentence of at least four words."""
    between = text[end : span.open]
    return bool(re.fullmatch(r"[.!?]?\s+", between)) and _word_count(text[span.start : span.end]) >= 4


def _follows(text: str, span: Span, paragraph: Paragraph, last: tuple[_Attribution, int], in_paragraph: _Attribution | None) -> bool:
    """A cue-less quote continues the previous speaker when it opens a sentence right after their quote."""
    before = span.open
    while before > paragraph.start and text[before - 1].isspace():
        before -= 1
    opens_sentence = span.open == paragraph.start or (before > paragraph.start and text[before - 1] in '.!?”"’:')
    if not opens_sentence or _word_count(text[span.start : span.end]) < 4:
        return False
    if in_paragraph is not None:
        return True
    return span.open == paragraph.start and last[1] == paragraph.index - 1


_DETERMINER = re.compile(r"\b(?:a|an|the|its|his|her|their|our|this|that)\s+$", re.I)


def _verb_use(sentence: str, match: re.Match[str]) -> bool:
    """A cue word used as a verb, not as a noun ("in a post", "the statement")."""
    return not _DETERMINER.search(sentence[: match.start("cue")])


def _block_attribution(doc: CleanDocument, paragraph: Paragraph, last: tuple[_Attribution, int] | None) -> _Attribution | None:
    """A `> ` block is spoken by the subject of the cue that introduces it ("Krishna wrote:")."""
    if paragraph.index == 0:
        return None
    before = doc.paragraphs[paragraph.index - 1]
    if before.kind == "block" and last is not None and last[1] == before.index:
        return last[0]
    lead = doc.text[before.start : before.end]
    if not lead.rstrip().endswith(":"):
        return _Attribution("block", "", "", paragraph.start)
    sent_start = _sentence_start(doc.text, before.end - 1, before.start)
    sentence = doc.text[sent_start : before.end]
    m = _patterns()["colon"].search(sentence)
    if m and _verb_use(sentence, m):
        return _Attribution("block", m.group("cue") + ":", m.group("name").strip(), sent_start + m.start("name"))
    verbs = [v for v in _patterns()["verb"].finditer(sentence) if _verb_use(sentence, v)]
    if verbs:
        subject, offset = _subject(sentence, verbs[0], sent_start, doc.text)
        if subject:
            return _Attribution("block", verbs[0].group("cue") + ":", subject, offset)
    return _Attribution("block", "", "", paragraph.start)


def _quote(
    doc: CleanDocument, qid: int, start: int, end: int, kind: str, a: _Attribution, paragraph: Paragraph, people: DocumentSpeakers
) -> Quote:
    if a.mention:
        speaker, affiliation = resolve(a.mention, a.position, people=people)
    else:
        speaker, affiliation = "", ""
    kind = "block" if paragraph.kind == "block" else kind
    return Quote(doc.doc_id, qid, speaker, affiliation, doc.text[start:end], kind, a.cue, start, end, paragraph.index, a.mention.strip())


# How many later quotes are searched for the name behind "an activist" (bounds long documents).
LATER_QUOTES = 200


def _resolve_descriptions(quotes: list[Quote]) -> list[Quote]:
    """An indefinite speaker ("an activist") is the named speaker who later repeats the quote's key words."""
    result = []
    for i, q in enumerate(quotes):
        speaker = q.speaker
        if speaker.split()[:1] and speaker.split()[0] in ("a", "an", "one", "another"):
            keys = {w.casefold() for w in re.findall(r"[A-Za-z]{5,}", q.quote)}
            for later in quotes[i + 1 : i + 1 + LATER_QUOTES]:
                if (
                    later.speaker
                    and later.speaker.split()[0] not in ("a", "an")
                    and keys & {w.casefold() for w in re.findall(r"[A-Za-z]{5,}", later.quote)}
                ):
                    speaker = later.speaker
                    break
        result.append(q if speaker == q.speaker else replace(q, speaker=speaker))
    return result
