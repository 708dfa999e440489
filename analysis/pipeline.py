"""The pipeline: from a corpus folder to every table, each document's work done once.

Two per-document stages run on an engine (this process, every core, or a Dask cluster):

A. **analyse** (target-independent): clean, segment, extract quotes and speakers, VADER
   sentiment of each sentence and quote, speaker descriptions, frames, places and motive cues
   of each sentence. Cached on disk by content (the code, the registry, the document), so a
   rerun, or a run with another target, reads it instead of computing it again.
B. **score** (target-dependent): stance of the sentences and quotes toward the target, and
   which sentences concern it. Needs the corpus-level speaker profiles, built between A and B.

The corpus-level tables (aggregates, key terms, provenance) follow B. A document that fails
in any stage is left out of every table and listed in `problems` (analysis.errors).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache, partial
from pathlib import Path

from analysis.clean import CleanDocument, Paragraph, RemovedLine, Repair, clean
from analysis.corpus import DEFAULT_MAX_BYTES, Document, load_corpus, read_text
from analysis.engines import Engine
from analysis.errors import InputError, Problems, one_line
from analysis.framing import sentence_frames, sentence_motives, target_keys
from analysis.keyterms import count_terms, name_runs
from analysis.language import ENGLISH, language
from analysis.localisation import sentence_places
from analysis.quotes import Quote, extract
from analysis.segment import Sentence, sentence_at, sentences
from analysis.sentiment import compound
from analysis.speakers import Registry, describe, profile_speakers
from analysis.stance import Target, about_target, cue_overlay, other_organisations, quote_stance, sentence_stance

FORMAT = 1  # of the cached analyses and the study folder; bump when either changes shape


@dataclass(frozen=True)
class Analysis:
    """Stage A of one document: everything that does not depend on the target."""

    doc_id: str
    clean: CleanDocument
    sentences: tuple[Sentence, ...]
    quotes: tuple[Quote, ...]
    sentence_sentiment: tuple[float, ...]
    quote_sentiment: tuple[float, ...]
    descriptions: tuple[tuple[str, str, str], ...]  # (speaker, affiliation, description), first-quoted first
    frames: tuple[tuple[int, str, str], ...]  # (sent_id, frame, cues)
    places: tuple[tuple[int, str, str, str], ...]  # (sent_id, region, name, kind)
    motives: tuple[tuple[int, str, str], ...]  # (sent_id, motive, cues)
    terms: tuple[tuple[str, int], ...]  # key-term counts of the document's sentences (keyterms.tokenize)
    name_runs: tuple[tuple[tuple[str, ...], bool], ...]  # capitalised runs (keyterms.name_runs)
    name_mid: tuple[str, ...]  # words capitalised mid-sentence


@dataclass(frozen=True)
class Scores:
    """Stage B of one document: stance toward the target."""

    sentence_stance: tuple[tuple[str, float, str], ...]  # (label, score, cue) per sentence; "" when not about it
    quote_stance: tuple[tuple[bool, str, float, str], ...]  # (self, label, score, cue) per quote
    about_target: tuple[int, ...]  # sent_ids in paragraphs that name the target (motive scope)


@dataclass(frozen=True)
class Processed:
    """A document's manifest row (without its raw text) and its analysis."""

    doc: Document
    analysis: Analysis

    @property
    def clean(self) -> CleanDocument:
        return self.analysis.clean

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return self.analysis.sentences

    @property
    def quotes(self) -> tuple[Quote, ...]:
        return self.analysis.quotes


@dataclass(frozen=True)
class Excluded:
    """A document the run leaves out on purpose, not because it failed: text in a language the
    rules cannot read, or a duplicate under `dedupe`."""

    doc: Document
    reason: str
    language: str = ENGLISH


class StageError(Exception):
    """A per-document failure, with the stage it happened in."""

    def __init__(self, stage: str, error: BaseException):
        super().__init__(f"{stage}: {one_line(error)}")
        self.stage, self.message = stage, one_line(error)


# --------------------------------------------------------------------------- stage A


def analyse(doc: Document, *, registry: Registry) -> Analysis:
    """Stage A of one document (raises StageError naming the stage that failed)."""
    stage = "clean"
    try:
        cleaned = clean(doc.doc_id, doc.raw)
        if not cleaned.paragraphs:
            raise InputError("no article text left after cleaning")
        stage = "segment"
        segmented = tuple(sentences(cleaned))
        stage = "quotes"
        quotes = tuple(extract(cleaned, registry=registry))
        stage = "sentiment"
        sentence_sentiment = tuple(compound(s.text) for s in segmented)
        quote_sentiment = tuple(compound(q.quote) for q in quotes)
        stage = "speakers"
        speakers = list(dict.fromkeys(q.speaker for q in quotes if q.speaker))
        descriptions = tuple((name, *describe(name, cleaned.text)) for name in speakers)
        stage = "framing"
        frames = tuple((s.sent_id, f, c) for s in segmented for f, c in sentence_frames(s.text))
        places = tuple((s.sent_id, *place) for s in segmented for place in sentence_places(s.text))
        motives = tuple((s.sent_id, m, c) for s in segmented for m, c in sentence_motives(s.text))
        stage = "key terms"
        terms = tuple(sorted(count_terms(s.text for s in segmented).items()))
        runs, mid = [], set()
        for s in segmented:
            found, capitalised = name_runs(s.text)
            runs.extend(found)
            mid |= capitalised
    except Exception as exc:
        raise StageError(stage, exc) from exc
    return Analysis(
        doc.doc_id,
        cleaned,
        segmented,
        quotes,
        sentence_sentiment,
        quote_sentiment,
        descriptions,
        frames,
        places,
        motives,
        terms,
        tuple(runs),
        tuple(sorted(mid)),
    )


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the package's code and data, and of the libraries whose output it keeps: a
    cached analysis or a study is reused only by the code that made it."""
    import nltk
    import vaderSentiment

    digest = hashlib.sha256(f"{FORMAT} nltk {nltk.__version__} vader {getattr(vaderSentiment, '__version__', '3.3.2')}".encode())
    package = Path(__file__).resolve().parent
    for path in sorted([*package.glob("*.py"), *(package / "resources").iterdir()]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Cache:
    """Stage A results on disk, one JSON file per document, keyed by a hash of the code, the
    registry and the document (id and text). JSON, not pickle: a cache file is data."""

    folder: Path | None
    code: str = ""
    registry: str = ""

    def key(self, doc: Document) -> str:
        text = "\0".join((self.code, self.registry, doc.doc_id, doc.raw))
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def load(self, doc: Document) -> Analysis | None:
        if self.folder is None:
            return None
        key = self.key(doc)
        try:
            data = json.loads((self.folder / key[:2] / f"{key}.json").read_text(encoding="utf-8"))
            return _from_json(data) if data.get("doc_id") == doc.doc_id else None
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing or unreadable: compute again

    def save(self, doc: Document, analysis: Analysis) -> None:
        if self.folder is None:
            return
        key = self.key(doc)
        path = self.folder / key[:2] / f"{key}.json"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{key}.{os.getpid()}.tmp")
            temporary.write_text(json.dumps(_to_json(analysis), ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, path)
        except OSError:
            pass  # a cache that cannot be written only costs time


def _to_json(a: Analysis) -> dict:
    return {
        "doc_id": a.doc_id,
        "clean": {
            "text": a.clean.text,
            "paragraphs": [asdict(p) for p in a.clean.paragraphs],
            "removed": [asdict(r) for r in a.clean.removed],
            "repairs": [asdict(r) for r in a.clean.repairs],
            "line_status": list(a.clean.line_status),
        },
        "sentences": [[s.sent_id, s.paragraph, s.kind, s.start, s.end] for s in a.sentences],
        "quotes": [asdict(q) for q in a.quotes],
        "sentence_sentiment": list(a.sentence_sentiment),
        "quote_sentiment": list(a.quote_sentiment),
        "descriptions": [list(d) for d in a.descriptions],
        "frames": [list(f) for f in a.frames],
        "places": [list(p) for p in a.places],
        "motives": [list(m) for m in a.motives],
        "terms": [list(t) for t in a.terms],
        "name_runs": [[list(w), f] for w, f in a.name_runs],
        "name_mid": list(a.name_mid),
    }


def _from_json(d: dict) -> Analysis:
    c = d["clean"]
    cleaned = CleanDocument(
        d["doc_id"],
        c["text"],
        tuple(Paragraph(**p) for p in c["paragraphs"]),
        tuple(RemovedLine(**r) for r in c["removed"]),
        tuple(Repair(**r) for r in c["repairs"]),
        tuple(c["line_status"]),
    )
    segmented = tuple(Sentence(d["doc_id"], i, p, k, s, e, c["text"][s:e]) for i, p, k, s, e in d["sentences"])
    return Analysis(
        d["doc_id"],
        cleaned,
        segmented,
        tuple(Quote(**q) for q in d["quotes"]),
        tuple(d["sentence_sentiment"]),
        tuple(d["quote_sentiment"]),
        tuple(tuple(x) for x in d["descriptions"]),
        tuple(tuple(x) for x in d["frames"]),
        tuple(tuple(x) for x in d["places"]),
        tuple(tuple(x) for x in d["motives"]),
        tuple((t, n) for t, n in d["terms"]),
        tuple((tuple(w), f) for w, f in d["name_runs"]),
        tuple(d["name_mid"]),
    )


@dataclass(frozen=True)
class Outcome:
    """What a worker returns for one document: a value, or the stage that failed and why."""

    value: object = None
    stage: str = ""
    error: str = ""


def _analyse_task(doc: Document, *, registry: Registry, cache: Cache) -> Outcome:
    cached = cache.load(doc)
    if cached is not None:
        return Outcome(cached)
    code = language(doc.raw)
    if code != ENGLISH:
        return Outcome(Excluded(replace(doc, raw=""), f"language {code}: flagged, not analysed", code))
    try:
        analysis = analyse(doc, registry=registry)
    except StageError as exc:
        return Outcome(stage=exc.stage, error=exc.message)
    cache.save(doc, analysis)
    return Outcome(analysis)


# --------------------------------------------------------------------------- stage B


@dataclass(frozen=True)
class ScoringContext:
    """What stage B needs from the corpus: the target, its competitors' names, and the profile
    (affiliation, role) of each speaker of the document being scored."""

    target: Target
    others: tuple[str, ...]


def score(a: Analysis, profiles: dict[str, tuple[str, str]], *, context: ScoringContext) -> Scores:
    """Stage B of one document: stance of its sentences and quotes toward the target."""
    target = context.target
    stances = []
    named: set[int] = set()  # paragraphs in which a sentence so far named the target
    for s in a.sentences:
        after_mention = s.kind != "headline" and s.paragraph in named
        stances.append(sentence_stance(s.text, target=target, after_mention=after_mention))
        if target.mentions(s.text):
            named.add(s.paragraph)
    on_topic = about_target(" ".join(par.text for par in a.clean.paragraphs[:2]), target=target)
    starts = [s.start for s in a.sentences]
    quotes = []
    for q in a.quotes:
        is_self = target.is_self(q.speaker, profiles.get(q.speaker, ("", ""))[0])
        sentence = sentence_at(a.sentences, starts, q.start)
        s = quote_stance(
            q.quote,
            sentence.text if sentence else "",
            target=target,
            on_topic=on_topic,
            others=context.others,
            self_quote=is_self,
            cue_verb=q.cue,
        )
        quotes.append((is_self, s.label, s.score, s.cue))
    rows = [(a.doc_id, s.sent_id, s.paragraph, s.text) for s in a.sentences]
    about = target_keys(rows, aliases=list(target.names), scope="paragraph")
    return Scores(tuple(stances), tuple(quotes), tuple(sorted(i for _, i in about)))


def _score_task(item: tuple[Analysis, dict[str, tuple[str, str]]], *, context: ScoringContext) -> Outcome:
    analysis, profiles = item
    try:
        return Outcome(score(analysis, profiles, context=context))
    except Exception as exc:  # one broken document never stops a corpus
        return Outcome(stage="stance", error=one_line(exc))


# --------------------------------------------------------------------------- the run


@dataclass
class Run:
    """The per-document results of a run, in manifest order, and what the run measured."""

    processed: list[Processed]
    scores: dict[str, Scores]
    profiles: dict[str, tuple[str, str]]
    problems: Problems
    reductions: Reductions
    timings: dict[str, float] = field(default_factory=dict)
    cached: int = 0
    # the scores toward every target of a multi-target run, by target name (`scores` is the first's)
    by_target: dict[str, dict[str, Scores]] = field(default_factory=dict)
    excluded: list[Excluded] = field(default_factory=list)  # left out on purpose (language, dedupe)


def registry_fingerprint(registry: Registry) -> str:
    return hashlib.sha256(json.dumps([sorted(map(str, registry.entries.values())), sorted(registry._alias.items())]).encode()).hexdigest()[
        :16
    ]


@dataclass
class Reductions:
    """Corpus-level counts folded in as each document's analysis arrives, so that its bulky
    per-document parts (key-term counts, capitalised runs) need not be kept: per group, the
    term counts, the capitalised runs with their counts, and the words capitalised mid-sentence."""

    terms: dict[str, Counter[str]] = field(default_factory=dict)
    name_runs: dict[str, Counter[tuple[tuple[str, ...], bool]]] = field(default_factory=dict)
    name_mid: dict[str, Counter[str]] = field(default_factory=dict)  # documents capitalising each word mid-sentence

    def fold(self, group: str, analysis: Analysis) -> Analysis:
        """Add a document's counts; the analysis without them."""
        self.terms.setdefault(group, Counter()).update(dict(analysis.terms))
        self.name_runs.setdefault(group, Counter()).update(analysis.name_runs)
        self.name_mid.setdefault(group, Counter()).update(analysis.name_mid)
        return replace(analysis, terms=(), name_runs=(), name_mid=())

    def unfold(self, group: str, analysis: Analysis) -> None:
        """Take a document's counts out again (it failed in a later stage)."""
        self.terms[group].subtract(dict(analysis.terms))
        self.name_runs[group].subtract(analysis.name_runs)
        self.name_mid[group].subtract(analysis.name_mid)
        for counter in (self.terms[group], self.name_runs[group], self.name_mid[group]):
            for key in [k for k, n in counter.items() if n <= 0]:
                del counter[key]


def analyse_corpus(
    corpus: Path,
    *,
    runner: Engine,
    problems: Problems,
    cache_dir: Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    reductions: Reductions | None = None,
    dedupe: bool = False,
    excluded: list[Excluded] | None = None,
) -> tuple[list[Processed], Registry, int]:
    """Stage A of every document of a corpus on `runner`: the documents that passed (in
    manifest order), the corpus's speaker registry, and how many came from the cache. With
    `reductions`, the corpus-level counts are folded into it and left out of each analysis.
    Documents not in English, and with `dedupe` those the manifest marks as duplicates of
    another of its documents, are not analysed: they go to `excluded`."""
    corpus = Path(corpus)
    excluded = [] if excluded is None else excluded
    registry = Registry.load(corpus)
    documents = load_corpus(corpus, problems=problems, max_bytes=max_bytes)
    if dedupe:
        listed = {d.doc_id for d in documents}
        copies = [d for d in documents if d.meta.get("duplicate_of") in listed]
        excluded.extend(Excluded(replace(d, raw=""), f"duplicate of {d.meta['duplicate_of']} (dedupe)") for d in copies)
        documents = [d for d in documents if d.meta.get("duplicate_of") not in listed]
    cache = Cache(cache_dir, code_fingerprint(), registry_fingerprint(registry))
    cached = _cached_count(cache, documents)
    outcomes = runner.imap(partial(_analyse_task, registry=registry, cache=cache), documents, desc="analysing")
    processed = []
    for doc, outcome in zip(documents, outcomes):
        if outcome.error:
            problems.add(doc.doc_id, outcome.stage, outcome.error)
        elif isinstance(outcome.value, Excluded):
            excluded.append(outcome.value)
        else:
            analysis = reductions.fold(doc.group, outcome.value) if reductions is not None else outcome.value
            processed.append(Processed(replace(doc, raw=""), analysis))
    if not processed:
        first = problems.items[0] if problems.items else None
        raise InputError(
            f"no document of {corpus} could be processed ({len(problems)} problem(s), {len(excluded)} left out on purpose"
            + (f", first: {first.doc_id}: {first.error})" if first else ")")
        )
    return processed, registry, cached


def process(corpus: Path, *, problems: Problems | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Processed]:
    """Stage A of a corpus in this process, without a cache (for tests and exploration); without
    a collector the first broken document raises InputError."""
    from analysis.engines import LocalEngine

    return analyse_corpus(corpus, runner=LocalEngine(1), problems=problems or Problems(strict=True), max_bytes=max_bytes)[0]


def run(
    corpus: Path,
    *,
    target: Target,
    runner: Engine,
    problems: Problems,
    cache_dir: Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    also: tuple[Target, ...] = (),
    dedupe: bool = False,
) -> Run:
    """Both per-document stages of a corpus on `runner`, with the corpus-level speaker
    profiles in between; stage B once per target (`target` and `also`), stage A once.
    Documents that fail are in `problems` and left out (of every target's tables)."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    reductions = Reductions()
    excluded: list[Excluded] = []
    processed, registry, cached = analyse_corpus(
        corpus,
        runner=runner,
        problems=problems,
        cache_dir=cache_dir,
        max_bytes=max_bytes,
        reductions=reductions,
        dedupe=dedupe,
        excluded=excluded,
    )
    timings["analyse"] = time.perf_counter() - started
    started = time.perf_counter()
    profiles = profile_speakers(((q, a) for p in processed for q, a in _quoted(p)), registry)
    overlay = cue_overlay(corpus)  # the corpus's own stance cues, if any
    targets = [replace(t, cues=overlay) for t in (target, *also)]
    speakers = [q.speaker for p in processed for q in p.quotes]
    items = [(p.analysis, {name: profiles[name] for name, *_ in p.analysis.descriptions if name in profiles}) for p in processed]
    timings["profiles"] = time.perf_counter() - started
    started = time.perf_counter()
    by_target: dict[str, dict[str, Scores]] = {}
    failed: dict[str, tuple[str, str]] = {}
    for t in targets:
        context = ScoringContext(t, other_organisations(speakers, profiles, target=t))
        outcomes = runner.imap(partial(_score_task, context=context), items, desc=f"scoring ({t.name})" if also else "scoring")
        for p, outcome in zip(processed, outcomes):
            if outcome.error:
                failed.setdefault(p.doc.doc_id, (outcome.stage, outcome.error))
            else:
                by_target.setdefault(t.name, {})[p.doc.doc_id] = outcome.value
    kept = []
    for p in processed:
        if p.doc.doc_id in failed:
            problems.add(p.doc.doc_id, *failed[p.doc.doc_id])
            # its stage A counts are already folded in: analyse it again to take them out
            reductions.unfold(p.doc.group, analyse(replace(p.doc, raw=read_text(p.doc.path, max_bytes=0)), registry=registry))
        else:
            kept.append(p)
    by_target = {t.name: {d: s for d, s in by_target.get(t.name, {}).items() if d not in failed} for t in targets}
    timings["score"] = time.perf_counter() - started
    if not kept:
        raise InputError(f"no document of {corpus} could be processed ({len(problems)} problem(s))")
    return Run(kept, by_target[target.name], profiles, problems, reductions, timings, cached, by_target, excluded)


def _quoted(p: Processed):
    """(quote, (affiliation, description)) of each quote of a document, in order."""
    described = {name: (affiliation, description) for name, affiliation, description in p.analysis.descriptions}
    return [(q, described.get(q.speaker, ("", ""))) for q in p.quotes]


def _cached_count(cache: Cache, documents: Sequence[Document]) -> int:
    if cache.folder is None:
        return 0
    return sum((cache.folder / (k := cache.key(d))[:2] / f"{k}.json").is_file() for d in documents)
