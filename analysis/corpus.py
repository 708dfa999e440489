"""A corpus is a folder of UTF-8 text files plus `manifest.csv` describing each outlet.

The manifest is checked as a whole (a bad row stops the run with its line number); a document
that cannot be read is a per-document problem, so one broken file never stops a corpus.
Corpus content is untrusted: a doc_id is an identifier, never a path, and a manifest `file`
must resolve inside the corpus folder.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from analysis.errors import InputError, Problems

MANIFEST = "manifest.csv"
REQUIRED_COLUMNS = ("doc_id", "file", "outlet", "group", "published")
OPTIONAL_COLUMNS = ("author", "original_outlet", "region", "notes", "title", "url", "duplicate_of", "boilerplate")
# `duplicate_of`: the doc_id of the document this one copies (`python -m analysis import` marks
# exact and near duplicates; `--dedupe` leaves them out). `boilerplate`: a file of the page
# text that import removed around the article (navigation, banners), kept for the audit.
FILE_COLUMNS = ("file", "boilerplate")  # columns naming a file, which must stay inside the corpus folder
# An identifier that is also a safe file name on every system: no separators, no leading dot.
DOC_ID = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Documents larger than this are refused (an article is rarely over 100 kB; see docs/robustness.md).
DEFAULT_MAX_BYTES = 2_000_000


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
    boilerplate: tuple[str, ...] = field(default=(), compare=False)  # lines removed before the text file was written


def check_doc_id(doc_id: str) -> str | None:
    """Why `doc_id` is not a valid identifier, or None when it is."""
    if DOC_ID.fullmatch(doc_id):
        return None
    return f"doc_id {doc_id[:60]!r} is not an identifier (letters, digits, '-', '_', '.', no leading dot, at most 128 characters)"


def check_date(value: str) -> str | None:
    """Why `value` is not an ISO date (YYYY-MM-DD), or None when it is."""
    if ISO_DATE.fullmatch(value):
        try:
            dt.date.fromisoformat(value)
            return None
        except ValueError:
            pass
    return f"published {value[:40]!r} is not an ISO date (YYYY-MM-DD)"


def document_path(corpus: Path, file: str) -> Path:
    """The path of a manifest `file`, which must stay inside the corpus folder."""
    root = Path(corpus).resolve()
    path = (root / file).resolve()
    if not path.is_relative_to(root) or path == root:
        raise InputError(f"file {file[:80]!r} is outside the corpus folder")
    return path


def read_manifest(corpus: Path) -> list[dict[str, str]]:
    """Rows of `corpus/manifest.csv`, validated: required columns, unique identifier ids,
    files inside the corpus folder, ISO dates."""
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
        for why in (check_doc_id(doc_id), check_date(row["published"])):
            if why:
                raise InputError(f"{path}, line {number}: {why}")
        try:
            for column in FILE_COLUMNS:
                if row.get(column):
                    document_path(corpus, row[column])
        except InputError as exc:
            raise InputError(f"{path}, line {number}: {exc}") from None
        if row.get("duplicate_of") == doc_id:
            raise InputError(f"{path}, line {number}: document {doc_id!r} is marked as a duplicate of itself")
        if doc_id in seen:
            raise InputError(f"{path}, line {number}: duplicate doc_id {doc_id!r}")
        seen.add(doc_id)
        rows.append(row)
    if not rows:
        raise InputError(f"{path}: no documents listed")
    return rows


def read_text(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, allow_empty: bool = False) -> str:
    """A document's text: strict UTF-8, BOM dropped, line ends normalised to `\\n`."""
    if not path.is_file():
        raise InputError(f"document file not found: {path.name}")
    size = path.stat().st_size
    if max_bytes and size > max_bytes:
        raise InputError(f"{path.name} is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit (--max-doc-mb)")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path.name} is not UTF-8 (byte {exc.start})") from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip() and not allow_empty:
        raise InputError(f"document is empty: {path.name}")
    return text


def read_document(corpus: Path, row: dict[str, str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """The document a (validated) manifest row lists, with its text and its boilerplate
    lines; InputError or OSError when it cannot be read."""
    path = document_path(corpus, row["file"])
    raw = read_text(path, max_bytes=max_bytes)
    boilerplate: tuple[str, ...] = ()
    if row.get("boilerplate"):
        lines = read_text(document_path(corpus, row["boilerplate"]), max_bytes=max_bytes, allow_empty=True).split("\n")
        boilerplate = tuple(line for line in lines if line.strip())
    return Document(
        doc_id=row["doc_id"],
        path=path,
        outlet=row["outlet"],
        group=row["group"],
        published=row["published"],
        raw=raw,
        meta={k: "" for k in OPTIONAL_COLUMNS} | row,
        boilerplate=boilerplate,
    )


def load_corpus(corpus: Path, *, problems: Problems | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Document]:
    """Every readable document listed in the manifest, in manifest order.

    A document that cannot be read is added to `problems` and left out; without a
    collector the first such document raises InputError.
    """
    corpus = Path(corpus)
    documents = []
    for row in read_manifest(corpus):
        try:
            documents.append(read_document(corpus, row, max_bytes=max_bytes))
        except (InputError, OSError) as exc:
            if problems is None:
                raise InputError(f"document {row['doc_id']}: {exc}") from None
            problems.add(row["doc_id"], "read", exc)
    return documents
