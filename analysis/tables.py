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
from analysis.segment import Sentence, sentences, words

FLOAT_FORMAT = "%.4f"


@dataclass(frozen=True)
class Processed:
    """A document after cleaning and segmentation."""

    doc: Document
    clean: CleanDocument
    sentences: tuple[Sentence, ...]


def process(corpus: Path) -> list[Processed]:
    """Load, clean and segment every document of a corpus (raises InputError on bad input)."""
    result = []
    for doc in load_corpus(corpus):
        cleaned = clean(doc.doc_id, doc.raw)
        if not cleaned.paragraphs:
            raise InputError(f"document {doc.doc_id} ({doc.path}) has no article text left after cleaning")
        result.append(Processed(doc, cleaned, tuple(sentences(cleaned))))
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


def build_tables(corpus: Path) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """All tables for a corpus, plus the cleaned text of each document keyed by doc_id."""
    processed = process(corpus)
    tables = {
        "documents": documents_table(processed),
        "paragraphs": paragraphs_table(processed),
        "sentences": sentences_table(processed),
        "removed": removed_table(processed),
        "repairs": repairs_table(processed),
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
