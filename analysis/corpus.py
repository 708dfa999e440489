"""A corpus is a folder of UTF-8 text files plus `manifest.csv` describing each outlet."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from analysis.errors import InputError

MANIFEST = "manifest.csv"
REQUIRED_COLUMNS = ("doc_id", "file", "outlet", "group", "published")
OPTIONAL_COLUMNS = ("author", "original_outlet", "region", "notes")


@dataclass(frozen=True)
class Document:
    """One raw article as read from disk, with its manifest row."""

    doc_id: str
    path: Path
    outlet: str
    group: str
    published: str
    raw: str
    meta: dict[str, str] = field(default_factory=dict, compare=False)


def read_manifest(corpus: Path) -> list[dict[str, str]]:
    """Rows of `corpus/manifest.csv`, validated: required columns, unique non-empty ids."""
    corpus = Path(corpus)
    if not corpus.is_dir():
        raise InputError(f"corpus folder not found: {corpus}")
    path = corpus / MANIFEST
    if not path.is_file():
        raise InputError(f"manifest not found: {path}")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 (byte {exc.start})") from None
    reader = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    columns = [c.strip() for c in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise InputError(f"{path}: missing required column(s): {', '.join(missing)}")
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    for number, row in enumerate(reader, start=2):
        if None in row:
            raise InputError(f"{path}, line {number}: more fields than columns")
        row = {k.strip(): (v or "").strip() for k, v in row.items()}
        doc_id = row["doc_id"]
        if not doc_id or not row["file"]:
            raise InputError(f"{path}, line {number}: empty doc_id or file")
        if doc_id in seen:
            raise InputError(f"{path}, line {number}: duplicate doc_id {doc_id!r}")
        seen.add(doc_id)
        rows.append(row)
    if not rows:
        raise InputError(f"{path}: no documents listed")
    return rows


def read_text(path: Path) -> str:
    """A document's text: strict UTF-8, BOM dropped, line ends normalised to `\\n`."""
    if not path.is_file():
        raise InputError(f"document file not found: {path}")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 (byte {exc.start})") from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"document is empty: {path}")
    return text


def load_corpus(corpus: Path) -> list[Document]:
    """Every document listed in the manifest, in manifest order."""
    corpus = Path(corpus)
    documents = []
    for row in read_manifest(corpus):
        path = corpus / row["file"]
        documents.append(
            Document(
                doc_id=row["doc_id"],
                path=path,
                outlet=row["outlet"],
                group=row["group"],
                published=row["published"],
                raw=read_text(path),
                meta={k: "" for k in OPTIONAL_COLUMNS} | row,
            )
        )
    return documents
