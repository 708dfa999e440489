"""From a corpus folder to tidy tables, and writing them all-or-nothing."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from analysis.clean import CleanDocument, clean
from analysis.corpus import OPTIONAL_COLUMNS, Document, load_corpus
from analysis.errors import InputError
from analysis.quotes import Quote, extract
from analysis.segment import Sentence, sentences, words
from analysis.speakers import Registry, describe, guess_role

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


def sentences_table(processed: list[Processed]) -> pd.DataFrame:
    columns = ["doc_id", "sent_id", "paragraph", "kind", "start", "end", "text"]
    rows = [asdict(s) for p in processed for s in p.sentences]
    return pd.DataFrame(rows, columns=columns)


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


QUOTE_COLUMNS = ["doc_id", "quote_id", "speaker", "affiliation", "role", "quote", "kind", "cue", "start", "end", "sent_id", "mention"]
SPEAKER_COLUMNS = ["speaker", "affiliation", "role", "n_quotes", "n_docs", "outlets"]


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


def quotes_table(processed: list[Processed], profiles: dict[str, tuple[str, str]]) -> pd.DataFrame:
    rows = []
    for p in processed:
        for q in p.quotes:
            affiliation, role = profiles.get(q.speaker, ("", ""))
            rows.append(
                {
                    "doc_id": q.doc_id, "quote_id": q.quote_id, "speaker": q.speaker, "affiliation": affiliation,
                    "role": role, "quote": q.quote, "kind": q.kind, "cue": q.cue, "start": q.start, "end": q.end,
                    "sent_id": _sent_id(p, q.start), "mention": q.mention,
                }
            )
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)


def speakers_table(quotes: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """One row per quoted speaker: how often, in how many documents, in which outlets."""
    named = quotes[quotes.speaker != ""].merge(documents[["doc_id", "outlet"]], on="doc_id")
    if named.empty:
        return pd.DataFrame(columns=SPEAKER_COLUMNS)
    table = named.groupby("speaker", sort=True).agg(
        affiliation=("affiliation", "first"),
        role=("role", "first"),
        n_quotes=("quote_id", "size"),
        n_docs=("doc_id", "nunique"),
        outlets=("outlet", lambda s: "; ".join(sorted(set(s)))),
    )
    return table.reset_index().sort_values(["n_quotes", "speaker"], ascending=[False, True], kind="stable")[SPEAKER_COLUMNS]


def build_tables(corpus: Path) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """All tables for a corpus, plus the cleaned text of each document keyed by doc_id."""
    processed = process(corpus)
    profiles = speaker_profiles(processed, Registry.load(corpus))
    documents = documents_table(processed)
    quotes = quotes_table(processed, profiles)
    tables = {
        "documents": documents,
        "paragraphs": paragraphs_table(processed),
        "sentences": sentences_table(processed),
        "removed": removed_table(processed),
        "repairs": repairs_table(processed),
        "quotes": quotes,
        "speakers": speakers_table(quotes, documents),
    }
    texts = {p.doc.doc_id: p.clean.text for p in processed}
    return tables, texts


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
