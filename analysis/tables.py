"""From a corpus folder to tidy tables, and writing them all-or-nothing."""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TypeVar

import pandas as pd

from analysis.aggregate import OFF_TARGET, mean_or_nan, stance_units, summarise
from analysis.clean import CleanDocument, clean
from analysis.corpus import DEFAULT_MAX_BYTES, OPTIONAL_COLUMNS, Document, load_corpus
from analysis.errors import InputError, Problems, one_line
from analysis.framing import assign_frames, frame_shares, motive_framing, motive_summary
from analysis.keyterms import distinctive_names, keyterms
from analysis.localisation import localisation, place_mentions
from analysis.outputs import staged
from analysis.quotes import Quote, extract
from analysis.segment import Sentence, sentences, words
from analysis.sentiment import compound
from analysis.speakers import Registry, describe, guess_role
from analysis.stance import (
    AGAINST,
    FAVOR,
    NEUTRAL,
    Target,
    about_target,
    concerns,
    quote_concerns,
    score,
)

FLOAT_FORMAT = "%.4f"


@dataclass(frozen=True)
class Processed:
    """A document after cleaning and segmentation."""

    doc: Document
    clean: CleanDocument
    sentences: tuple[Sentence, ...]
    quotes: tuple[Quote, ...]


def process_document(doc: Document, *, registry: Registry) -> Processed:
    """Clean, segment and extract the quotes of one document (raises on a broken document,
    with the failing stage in the message's prefix)."""
    stage = "clean"
    try:
        cleaned = clean(doc.doc_id, doc.raw)
        if not cleaned.paragraphs:
            raise InputError("no article text left after cleaning")
        stage = "segment"
        segmented = tuple(sentences(cleaned))
        stage = "quotes"
        quotes = tuple(extract(cleaned, registry=registry))
    except Exception as exc:
        raise StageError(stage, exc) from exc
    return Processed(doc, cleaned, segmented, quotes)


class StageError(Exception):
    """A per-document failure, with the stage it happened in."""

    def __init__(self, stage: str, error: BaseException):
        super().__init__(f"{stage}: {one_line(error)}")
        self.stage, self.error = stage, error


T = TypeVar("T")
R = TypeVar("R")


def per_document(items: Iterable[T], key: Callable[[T], str], work: Callable[[T], R], *, stage: str,
                 problems: Problems, progress: str = "") -> list[tuple[T, R]]:
    """`work` applied to each item; an item whose work fails is listed in `problems` and left out."""
    items = list(items)
    if progress and sys.stderr.isatty() and len(items) > 1:
        from tqdm import tqdm

        items = tqdm(items, desc=progress, unit="doc", leave=False)
    done = []
    for item in items:
        try:
            done.append((item, work(item)))
        except StageError as exc:
            problems.add(key(item), exc.stage, exc.error)
        except Exception as exc:  # one broken document never stops a corpus
            problems.add(key(item), stage, exc)
    return done


def process(corpus: Path, *, problems: Problems | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Processed]:
    """Load, clean and segment every document of a corpus. A document that fails is listed in
    `problems` and left out; without a collector the first failure raises InputError."""
    collector = problems if problems is not None else Problems(strict=True)
    registry = Registry.load(corpus)
    documents = load_corpus(corpus, problems=collector, max_bytes=max_bytes)
    done = per_document(documents, lambda d: d.doc_id, lambda d: process_document(d, registry=registry),
                        stage="process", problems=collector, progress="documents")
    if not done:
        raise InputError(f"no document of {corpus} could be processed ({len(collector)} problem(s), first: "
                         f"{collector.items[0].doc_id}: {collector.items[0].error})")
    return [p for _, p in done]


def documents_table(processed: list[Processed]) -> pd.DataFrame:
    rows = []
    for p in processed:
        rows.append(
            {
                "doc_id": p.doc.doc_id,
                "outlet": p.doc.outlet,
                "group": p.doc.group,
                "published": p.doc.published,
                **{c: p.doc.meta.get(c, "") for c in OPTIONAL_COLUMNS if c != "notes"},
                "n_paragraphs": len(p.clean.paragraphs),
                "n_sentences": len(p.sentences),
                "n_words": len(words(p.clean.text)),
                "n_lines": len(p.clean.line_status),
                "n_removed_lines": len(p.clean.removed),
                "n_repairs": len(p.clean.repairs),
            }
        )
    return pd.DataFrame(rows)


def removed_table(processed: list[Processed]) -> pd.DataFrame:
    rows = [asdict(r) for p in processed for r in p.clean.removed]
    return pd.DataFrame(rows, columns=["doc_id", "line_no", "text", "reason"])


def repairs_table(processed: list[Processed]) -> pd.DataFrame:
    rows = [asdict(r) for p in processed for r in p.clean.repairs]
    return pd.DataFrame(rows, columns=["doc_id", "line_no", "kind", "before", "after"])


def paragraphs_table(processed: list[Processed]) -> pd.DataFrame:
    rows = [{"doc_id": p.doc.doc_id, **asdict(par)} for p in processed for par in p.clean.paragraphs]
    columns = ["doc_id", "index", "kind", "start", "end", "first_line", "last_line", "text"]
    return pd.DataFrame(rows, columns=columns)


QUOTE_COLUMNS = [
    "doc_id", "quote_id", "speaker", "affiliation", "role", "self", "quote", "kind", "cue", "start", "end",
    "sent_id", "mention", "sentiment", "stance", "stance_score", "stance_cue",
]
SPEAKER_COLUMNS = [
    "speaker", "affiliation", "role", "self", "n_quotes", "n_docs", "outlets", "sentiment",
    "n_stance", "n_favor", "n_against", "stance", "stance_score",
]
OUTLET_COLUMNS = ["outlet", "group", "n_docs", "n_quotes", "n_units", "sentiment", "stance_score", "stance_ci_low", "stance_ci_high"]


def _containing(sentences: tuple[Sentence, ...], starts: list[int], offset: int) -> Sentence | None:
    """The sentence whose span holds `offset`, if any (`starts`: the sentences' starts)."""
    i = bisect_right(starts, offset) - 1
    return sentences[i] if i >= 0 and offset < sentences[i].end else None


def speaker_profiles(processed: list[Processed], registry: Registry, *, problems: Problems) -> dict[str, tuple[str, str]]:
    """(affiliation, role) per speaker: the registry's, else read from the text."""
    profiles: dict[str, tuple[str, str]] = {}

    def read(p: Processed) -> None:
        described: dict[str, tuple[str, str]] = {}
        for q in p.quotes:
            if not q.speaker or q.speaker in profiles and all(profiles[q.speaker]):
                continue
            known = registry.lookup(q.speaker)
            if q.speaker not in described:
                described[q.speaker] = describe(q.speaker, p.clean.text)
            affiliation, description = described[q.speaker]
            old = profiles.get(q.speaker, ("", ""))
            affiliation = (known.affiliation if known else "") or old[0] or q.affiliation or affiliation
            role = (known.role if known else "") or old[1] or guess_role(description, affiliation, q.speaker)
            profiles[q.speaker] = (affiliation, role)

    per_document(processed, lambda p: p.doc.doc_id, read, stage="speakers", problems=problems)
    return profiles


def _stance_row(text: str, *, target: Target, after_mention: bool = False) -> dict[str, object]:
    if not concerns(text, target=target, after_mention=after_mention):
        return {"stance": "", "stance_score": float("nan"), "stance_cue": ""}
    s = score(text, target=target)
    return {"stance": s.label, "stance_score": s.score, "stance_cue": s.cue}


SENTENCE_COLUMNS = ["doc_id", "sent_id", "paragraph", "kind", "start", "end", "text", "sentiment", "stance", "stance_score", "stance_cue"]


def sentence_rows(p: Processed, *, target: Target) -> list[dict[str, object]]:
    """Every sentence of a document with its sentiment, and a stance where it concerns the target
    (a sentence about "the decision" concerns it after an earlier sentence of its paragraph named it)."""
    rows = []
    named: set[int] = set()  # paragraphs in which a sentence so far named the target
    for s in p.sentences:
        after_mention = s.kind != "headline" and s.paragraph in named
        rows.append({**asdict(s), "sentiment": compound(s.text), **_stance_row(s.text, target=target, after_mention=after_mention)})
        if target.mentions(s.text):
            named.add(s.paragraph)
    return rows


def sentences_table(rows: Iterable[list[dict[str, object]]]) -> pd.DataFrame:
    return pd.DataFrame([r for doc_rows in rows for r in doc_rows], columns=SENTENCE_COLUMNS)


def _other_organisations(processed: list[Processed], profiles: dict[str, tuple[str, str]], target: Target) -> re.Pattern[str] | None:
    """Organisations quoted in the corpus (or their affiliations) other than the target."""
    names = {q.speaker for p in processed for q in p.quotes if q.speaker and len(q.speaker.split()) == 1}
    names |= {a for a, _ in profiles.values() if a and len(a.split()) <= 3}
    names = sorted(n for n in names if not target.is_self(n) and n[:1].isupper())
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b") if names else None


def quote_rows(p: Processed, profiles: dict[str, tuple[str, str]], *, target: Target, others: re.Pattern[str] | None) -> list[dict[str, object]]:
    """Every quote of a document with speaker profile, `self` flag, sentiment and stance
    (neutral, with the off-target cue, when it does not concern the target)."""
    rows = []
    lede = " ".join(par.text for par in p.clean.paragraphs[:2])
    on_topic = about_target(lede, target=target)
    starts = [s.start for s in p.sentences]
    for q in p.quotes:
        affiliation, role = profiles.get(q.speaker, ("", ""))
        is_self = target.is_self(q.speaker, affiliation)
        # "company" is the target and its people (codebook); any other firm is "industry"
        role = "company" if is_self else ("industry" if role == "company" else role)
        sentence = _containing(p.sentences, starts, q.start)
        if quote_concerns(q.quote, sentence.text if sentence else "", target=target, document_about_target=on_topic, others=others, self_quote=is_self):
            s = score(q.quote, target=target, cue_verb=q.cue, self_quote=is_self)
            stance = {"stance": s.label, "stance_score": s.score, "stance_cue": s.cue}
        else:
            stance = {"stance": NEUTRAL, "stance_score": 0.0, "stance_cue": OFF_TARGET}
        rows.append(
            {
                "doc_id": q.doc_id, "quote_id": q.quote_id, "speaker": q.speaker, "affiliation": affiliation,
                "role": role, "self": is_self, "quote": q.quote, "kind": q.kind,
                "cue": q.cue, "start": q.start, "end": q.end, "sent_id": sentence.sent_id if sentence else -1, "mention": q.mention,
                "sentiment": compound(q.quote), **stance,
            }
        )
    return rows


def quotes_table(rows: Iterable[list[dict[str, object]]]) -> pd.DataFrame:
    return pd.DataFrame([r for doc_rows in rows for r in doc_rows], columns=QUOTE_COLUMNS)


def speakers_table(quotes: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """One row per quoted speaker: how often, where, with mean sentiment and stance of their quotes."""
    named = quotes[quotes.speaker != ""].merge(documents[["doc_id", "outlet"]], on="doc_id")
    if named.empty:
        return pd.DataFrame(columns=SPEAKER_COLUMNS)
    on_target = named[named.stance_cue != OFF_TARGET]
    table = named.groupby("speaker", sort=True).agg(
        **{
            "affiliation": ("affiliation", "first"),
            "role": ("role", "first"),
            "is_self": ("self", "max"),
            "n_quotes": ("quote_id", "size"),
            "n_docs": ("doc_id", "nunique"),
            "outlets": ("outlet", lambda s: "; ".join(sorted(set(s)))),
            "sentiment": ("sentiment", "mean"),
        }
    )
    stance = on_target.groupby("speaker", sort=True).stance_score.agg(["size", "mean"])
    labels = on_target.groupby("speaker", sort=True).stance.value_counts().unstack(fill_value=0)
    table = table.rename(columns={"is_self": "self"})
    table["n_stance"] = stance["size"].reindex(table.index).fillna(0).astype(int)
    for label in (FAVOR, AGAINST):
        column = labels[label] if label in labels.columns else pd.Series(dtype=int)
        table[f"n_{label}"] = column.reindex(table.index).fillna(0).astype(int)
    table["stance_score"] = stance["mean"].reindex(table.index)
    # A speaker's position is what their evaluative quotes say: quotes with no stance cue
    # ("neutral") are absence of evidence, so they dilute the mean score but not the label.
    table["stance"] = [
        "" if n == 0 else FAVOR if f > a else AGAINST if a > f else NEUTRAL
        for n, f, a in zip(table.n_stance, table.n_favor, table.n_against)
    ]
    table = table.reset_index().sort_values(["n_quotes", "speaker"], ascending=[False, True], kind="stable")
    return table[SPEAKER_COLUMNS]


def outlets_table(documents: pd.DataFrame, units: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """Per outlet: mean sentence sentiment, and mean stance over quotes and narrative sentences
    about the target, with n and a seeded bootstrap 95% interval."""
    units = units.merge(documents[["doc_id", "outlet", "group"]], on="doc_id")
    stance = summarise(units, ["outlet"], "stance_score").set_index("outlet")
    rows = []
    for (outlet, group), docs in documents.groupby(["outlet", "group"], sort=True):
        ids = set(docs.doc_id)
        s = stance.loc[outlet] if outlet in stance.index else None
        rows.append(
            {
                "outlet": outlet, "group": group, "n_docs": len(ids), "n_quotes": int(quotes.doc_id.isin(ids).sum()),
                "n_units": 0 if s is None else int(s.n_stance_score),
                "sentiment": mean_or_nan(docs.sentiment.tolist()),
                "stance_score": float("nan") if s is None else s.stance_score,
                "stance_ci_low": float("nan") if s is None else s.stance_score_ci_low,
                "stance_ci_high": float("nan") if s is None else s.stance_score_ci_high,
            }
        )
    return pd.DataFrame(rows, columns=OUTLET_COLUMNS)


PROBLEM_COLUMNS = ["doc_id", "stage", "error"]


def build_tables(
    corpus: Path, *, target: Target | None = None, exclude_self: bool = False, strict: bool = False,
    warn: bool = False, max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """All tables for a corpus, plus the cleaned text of each document keyed by doc_id.

    A document that fails at any stage is left out of every table and listed in the
    `problems` table (and on stderr with `warn`); with `strict` it stops the run instead.
    """
    target = target or Target()
    problems = Problems(strict=strict, warn=warn)
    processed = process(corpus, problems=problems, max_bytes=max_bytes)
    scored = dict((p.doc.doc_id, rows) for p, rows in per_document(
        processed, lambda p: p.doc.doc_id, lambda p: sentence_rows(p, target=target), stage="sentences", problems=problems))
    processed = [p for p in processed if p.doc.doc_id in scored]
    profiles = speaker_profiles(processed, Registry.load(corpus), problems=problems)
    others = _other_organisations(processed, profiles, target)
    quoted = dict((p.doc.doc_id, rows) for p, rows in per_document(
        processed, lambda p: p.doc.doc_id, lambda p: quote_rows(p, profiles, target=target, others=others), stage="quotes", problems=problems))
    failed = {x.doc_id for x in problems.items}
    processed = [p for p in processed if p.doc.doc_id in quoted and p.doc.doc_id not in failed]
    if not processed:
        raise InputError(f"no document of {corpus} could be processed ({len(problems)} problem(s))")
    ids = [p.doc.doc_id for p in processed]
    documents = documents_table(processed)
    sentences = sentences_table(scored[i] for i in ids)
    quotes = quotes_table(quoted[i] for i in ids)
    units = stance_units(sentences, quotes, exclude_self=exclude_self)
    documents["sentiment"] = documents.doc_id.map(sentences.groupby("doc_id").sentiment.mean())
    documents["stance_score"] = documents.doc_id.map(units.groupby("doc_id").stance_score.mean())
    tables = {
        "documents": documents,
        "paragraphs": paragraphs_table(processed),
        "sentences": sentences,
        "removed": removed_table(processed),
        "repairs": repairs_table(processed),
        "quotes": quotes,
        "speakers": speakers_table(quotes, documents),
        "outlets": outlets_table(documents, units, quotes),
    }
    tables.update(framing_tables(sentences, documents, target=target))
    tables["problems"] = pd.DataFrame([asdict(x) for x in problems.items], columns=PROBLEM_COLUMNS)
    texts = {p.doc.doc_id: p.clean.text for p in processed}
    return tables, texts


# Key terms kept per group in keyterms.csv (a ranking, not a test: see analysis.keyterms).
KEYTERMS_TOP, KEYTERMS_MIN_COUNT = 100, 2


def framing_tables(sentences: pd.DataFrame, documents: pd.DataFrame, *, target: Target) -> dict[str, pd.DataFrame]:
    """Frames, motive framing, key terms and localisation, each with the sentences behind it."""
    assignments = assign_frames(sentences)
    motive_args = {"aliases": list(target.names), "scope": "paragraph"}
    evidence = motive_framing(sentences, documents, **motive_args)
    mentions = place_mentions(sentences, documents)
    return {
        "frames": frame_shares(assignments, sentences, documents),
        "sentence_frames": assignments,
        "motives": motive_summary(sentences, documents, **motive_args, evidence=evidence),
        "motive_sentences": evidence,
        "keyterms": keyterms(sentences, documents, top=KEYTERMS_TOP, min_count=KEYTERMS_MIN_COUNT),
        "names": distinctive_names(sentences, documents, top=KEYTERMS_TOP),
        "localisation": localisation(sentences, documents, mentions=mentions),
        "place_mentions": mentions,
    }


def write_tables(tables: dict[str, pd.DataFrame], texts: dict[str, str], out: Path, *, protect: tuple[Path, ...] = ()) -> list[Path]:
    """Write every table as CSV (and the cleaned texts) as the folder `out`, all or nothing.

    The folder is built beside `out` and swapped in whole, so a failure leaves the earlier
    output as it was and a success leaves no stale file of an earlier run (analysis.outputs).
    """
    with staged(out, protect=protect) as staging:
        for name, frame in tables.items():
            frame.to_csv(staging / f"{name}.csv", index=False, float_format=FLOAT_FORMAT, lineterminator="\n")
        (staging / "cleaned").mkdir()
        for doc_id, text in texts.items():
            (staging / "cleaned" / f"{doc_id}.txt").write_text(text + "\n", encoding="utf-8")  # doc_id: an identifier (corpus.DOC_ID)
        names = sorted(p.relative_to(staging) for p in staging.rglob("*") if p.is_file())
    return [Path(out) / name for name in names]
