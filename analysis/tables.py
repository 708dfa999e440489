"""From a corpus folder to tidy tables, and writing them all-or-nothing."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from analysis.aggregate import OFF_TARGET, mean_or_nan, stance_units, summarise
from analysis.clean import CleanDocument, clean
from analysis.corpus import OPTIONAL_COLUMNS, Document, load_corpus
from analysis.errors import InputError
from analysis.framing import assign_frames, frame_shares, motive_framing, motive_summary
from analysis.keyterms import distinctive_names, keyterms
from analysis.localisation import localisation, place_mentions
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


def process(corpus: Path) -> list[Processed]:
    """Load, clean and segment every document of a corpus (raises InputError on bad input)."""
    result = []
    registry = Registry.load(corpus)
    for doc in load_corpus(corpus):
        cleaned = clean(doc.doc_id, doc.raw)
        if not cleaned.paragraphs:
            raise InputError(f"document {doc.doc_id} ({doc.path}) has no article text left after cleaning")
        result.append(Processed(doc, cleaned, tuple(sentences(cleaned)), tuple(extract(cleaned, registry=registry))))
    return result


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


def _sent_id(p: Processed, offset: int) -> int:
    return next((s.sent_id for s in p.sentences if s.start <= offset < s.end), -1)


def speaker_profiles(processed: list[Processed], registry: Registry) -> dict[str, tuple[str, str]]:
    """(affiliation, role) per speaker: the registry's, else read from the text."""
    profiles: dict[str, tuple[str, str]] = {}
    for p in processed:
        for q in p.quotes:
            if not q.speaker or q.speaker in profiles and all(profiles[q.speaker]):
                continue
            known = registry.lookup(q.speaker)
            affiliation, description = describe(q.speaker, p.clean.text)
            old = profiles.get(q.speaker, ("", ""))
            affiliation = (known.affiliation if known else "") or old[0] or q.affiliation or affiliation
            role = (known.role if known else "") or old[1] or guess_role(description, affiliation, q.speaker)
            profiles[q.speaker] = (affiliation, role)
    return profiles


def _stance_row(text: str, *, target: Target, context: str = "", cue_verb: str = "") -> dict[str, object]:
    if not concerns(text, target=target, context=context):
        return {"stance": "", "stance_score": float("nan"), "stance_cue": ""}
    s = score(text, target=target, cue_verb=cue_verb)
    return {"stance": s.label, "stance_score": s.score, "stance_cue": s.cue}


def sentences_table(processed: list[Processed], *, target: Target) -> pd.DataFrame:
    """Every sentence with its sentiment, and a stance where it concerns the target."""
    rows = []
    for p in processed:
        for s in p.sentences:
            context = " ".join(x.text for x in p.sentences if x.paragraph == s.paragraph and x.sent_id < s.sent_id)
            stance = _stance_row(s.text, target=target, context=context) if s.kind != "headline" else _stance_row(s.text, target=target)
            rows.append({**asdict(s), "sentiment": compound(s.text), **stance})
    columns = ["doc_id", "sent_id", "paragraph", "kind", "start", "end", "text", "sentiment", "stance", "stance_score", "stance_cue"]
    return pd.DataFrame(rows, columns=columns)


def _other_organisations(processed: list[Processed], profiles: dict[str, tuple[str, str]], target: Target) -> re.Pattern[str] | None:
    """Organisations quoted in the corpus (or their affiliations) other than the target."""
    names = {q.speaker for p in processed for q in p.quotes if q.speaker and len(q.speaker.split()) == 1}
    names |= {a for a, _ in profiles.values() if a and len(a.split()) <= 3}
    names = sorted(n for n in names if not target.is_self(n) and n[:1].isupper())
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b") if names else None


def quotes_table(processed: list[Processed], profiles: dict[str, tuple[str, str]], *, target: Target) -> pd.DataFrame:
    """Every quote with speaker profile, `self` flag, sentiment and stance (neutral if off-target)."""
    rows = []
    others = _other_organisations(processed, profiles, target)
    for p in processed:
        lede = " ".join(par.text for par in p.clean.paragraphs[:2])
        on_topic = about_target(lede, target=target)
        for q in p.quotes:
            affiliation, role = profiles.get(q.speaker, ("", ""))
            is_self = target.is_self(q.speaker, affiliation)
            # "company" is the target and its people (codebook); any other firm is "industry"
            role = "company" if is_self else ("industry" if role == "company" else role)
            sentence = next((s.text for s in p.sentences if s.start <= q.start < s.end), "")
            if quote_concerns(q.quote, sentence, target=target, document_about_target=on_topic, others=others, self_quote=is_self):
                s = score(q.quote, target=target, cue_verb=q.cue, self_quote=is_self)
                stance = {"stance": s.label, "stance_score": s.score, "stance_cue": s.cue}
            else:
                stance = {"stance": NEUTRAL, "stance_score": 0.0, "stance_cue": OFF_TARGET}
            rows.append(
                {
                    "doc_id": q.doc_id, "quote_id": q.quote_id, "speaker": q.speaker, "affiliation": affiliation,
                    "role": role, "self": is_self, "quote": q.quote, "kind": q.kind,
                    "cue": q.cue, "start": q.start, "end": q.end, "sent_id": _sent_id(p, q.start), "mention": q.mention,
                    "sentiment": compound(q.quote), **stance,
                }
            )
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)


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


def build_tables(corpus: Path, *, target: Target | None = None, exclude_self: bool = False) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """All tables for a corpus, plus the cleaned text of each document keyed by doc_id."""
    target = target or Target()
    processed = process(corpus)
    profiles = speaker_profiles(processed, Registry.load(corpus))
    documents = documents_table(processed)
    sentences = sentences_table(processed, target=target)
    quotes = quotes_table(processed, profiles, target=target)
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


def write_tables(tables: dict[str, pd.DataFrame], texts: dict[str, str], out: Path) -> list[Path]:
    """Write every table as CSV (and cleaned texts) into `out`, all or nothing.

    Files are written into a temporary folder beside `out` and moved in only when all
    of them were written, so a failure leaves no half-written output.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        for name, frame in tables.items():
            frame.to_csv(staging / f"{name}.csv", index=False, float_format=FLOAT_FORMAT, lineterminator="\n")
        (staging / "cleaned").mkdir()
        for doc_id, text in texts.items():
            (staging / "cleaned" / f"{doc_id}.txt").write_text(text + "\n", encoding="utf-8")
        out.mkdir(exist_ok=True)
        written = []
        for path in sorted(staging.rglob("*")):
            target = out / path.relative_to(staging)
            if path.is_dir():
                target.mkdir(exist_ok=True)
                continue
            os.replace(path, target)
            written.append(target)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
