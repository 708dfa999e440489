"""Import: a corpus folder (texts and `manifest.csv`) from a news export or saved web pages.

    python -m analysis import export.csv --out mycorpus --groups groups.csv
    python -m analysis import articles.jsonl --out mycorpus --text body --outlet source.name
    python -m analysis import saved_pages/ --out mycorpus

An export is a CSV (or TSV) file, or JSON lines (one article an object; a JSON array works
too), one article a row. Its columns are found by the names news tools use
(`resources/export_columns.csv`) unless an option names them. Saved web pages (`*.html`,
`*.htm`, in a folder and its subfolders) go through trafilatura and htmldate
(`analysis.webpages`); what the extractor removed around the article is kept for the
cleaning audit.

Every input row ends up in `import_log.csv` in the corpus folder: written (with its doc_id),
or skipped and why; the command prints the counts. Dates are parsed once by the rule of
`analysis.dates`. Outlets get their group from a `outlet,group` file; outlets it does not
list are grouped as UNGROUPED and named in the report. Exact and near duplicates are marked
(`duplicate_of`, `analysis.duplicates`); `--dedupe` leaves them out of the tables.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from analysis.corpus import DEFAULT_MAX_BYTES, DOC_ID, MANIFEST
from analysis.dates import parse_date
from analysis.duplicates import Item, duplicates
from analysis.errors import InputError, one_line
from analysis.language import ENGLISH, language
from analysis.outputs import staged

FIELDS = ("text", "title", "outlet", "date", "url", "author", "id")
UNGROUPED = "ungrouped"  # the group of an outlet the groups file does not list
LOG = "import_log.csv"
BOILERPLATE_FOLDER = "boilerplate"
PAGE_SUFFIXES = (".html", ".htm")
MANIFEST_COLUMNS = ("doc_id", "file", "outlet", "group", "published", "author", "title", "url", "duplicate_of", "boilerplate")


# --------------------------------------------------------------------------- columns


def _key(name: str) -> str:
    """A column name as compared: case-folded, spaces, hyphens and dots read as underscores."""
    return re.sub(r"[\s.\-]+", "_", name.strip().casefold())


def known_columns() -> dict[str, list[str]]:
    """The export column names of each field, in order of preference (resources/export_columns.csv)."""
    text = resources.files("analysis").joinpath("resources/export_columns.csv").read_text(encoding="utf-8")
    names: dict[str, list[str]] = {f: [] for f in FIELDS}
    for row in csv.DictReader(line for line in text.splitlines() if not line.startswith("#")):
        names[row["field"]].append(_key(row["column"]))
    return names


def map_columns(columns: Sequence[str], given: Mapping[str, str]) -> dict[str, str]:
    """Field -> column of the export: the columns named in `given` (which must exist), else
    the first known name the export has. The text column is required."""
    by_key = {}
    for column in columns:
        by_key.setdefault(_key(column), column)
    shown = ", ".join(columns[:30]) + (", …" if len(columns) > 30 else "")
    mapping: dict[str, str] = {}
    for name, column in given.items():
        if column:
            if _key(column) not in by_key:
                raise InputError(f"--{name} {column!r}: no such column in the export (columns: {shown})")
            mapping[name] = by_key[_key(column)]
    for name, candidates in known_columns().items():
        if name not in mapping:
            found = next((by_key[c] for c in candidates if c in by_key), None)
            if found is not None and found not in mapping.values():
                mapping[name] = found
    if "text" not in mapping:
        raise InputError(f"no text column found: name it with --text (columns: {shown})")
    return mapping


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Record:
    """One input article, its fields as read (text values), where it came from, and for a
    web page the lines removed around the article and the date the page gives."""

    origin: str
    fields: dict[str, str]
    boilerplate: tuple[str, ...] = ()
    page_date: str | None = None
    page: bool = False  # a saved web page (its date is the page's own)


@dataclass(frozen=True)
class Skipped:
    origin: str
    reason: str


def _text(value: object) -> str:
    """A field's value as text: lists joined with "; ", nothing as ""."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value if v is not None)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _flatten(obj: Mapping[str, object], prefix: str = "") -> dict[str, object]:
    """Nested JSON objects as dotted keys: {"source": {"name": "X"}} -> {"source.name": "X"}."""
    flat: dict[str, object] = {}
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def _decode(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path.name} is not UTF-8 (byte {exc.start}); save the export as UTF-8") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None


def read_table(path: Path) -> tuple[list[str], Iterator[tuple[str, dict[str, object]] | Skipped]]:
    """The columns of a CSV/TSV or JSON-lines export and its rows, each (origin, values) or,
    for a row that cannot be read, a Skipped."""
    text = _decode(path)
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json", ".jsonlines"):
        return _json_rows(text)
    return _csv_rows(text, delimiter="\t" if path.suffix.lower() == ".tsv" else ",")


def _csv_rows(text: str, *, delimiter: str) -> tuple[list[str], Iterator[tuple[str, dict[str, object]] | Skipped]]:
    csv.field_size_limit(2**31 - 1)  # article texts are long fields
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter)
    header = next(reader, None)
    if not header or not any(h.strip() for h in header):
        raise InputError("the export is empty (no header row)")
    columns = [h.strip() for h in header]

    def rows() -> Iterator[tuple[str, dict[str, object]] | Skipped]:
        number = 0
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            number += 1
            origin = f"row {number}"  # the article's row, counted from the first after the header
            if len(values) != len(columns):
                yield Skipped(origin, f"{len(values)} fields for {len(columns)} columns")
                continue
            yield origin, dict(zip(columns, values))

    return columns, rows()


def _json_rows(text: str) -> tuple[list[str], Iterator[tuple[str, dict[str, object]] | Skipped]]:
    items: list[tuple[str, object]]
    if text.lstrip().startswith("["):
        try:
            items = [(f"item {k}", obj) for k, obj in enumerate(json.loads(text), start=1)]
        except json.JSONDecodeError as exc:
            raise InputError(f"the export is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    else:
        items = []
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    items.append((f"line {number}", json.loads(line)))
                except json.JSONDecodeError as exc:
                    items.append((f"line {number}", Skipped(f"line {number}", f"not valid JSON ({exc.msg})")))
    flat = [(origin, _flatten(obj) if isinstance(obj, dict) else obj) for origin, obj in items]
    columns = list(dict.fromkeys(k for _, obj in flat if isinstance(obj, dict) for k in obj))
    if not columns:
        raise InputError("the export holds no JSON objects")

    def rows() -> Iterator[tuple[str, dict[str, object]] | Skipped]:
        for origin, obj in flat:
            if isinstance(obj, Skipped):
                yield obj
            elif not isinstance(obj, dict):
                yield Skipped(origin, f"a JSON {type(obj).__name__}, not an object")
            else:
                yield origin, obj

    return columns, rows()


def table_records(path: Path, given: Mapping[str, str]) -> tuple[list[Record | Skipped], dict[str, str]]:
    """The records of an export and the column mapping used."""
    columns, rows = read_table(path)
    mapping = map_columns(columns, given)
    records: list[Record | Skipped] = []
    for row in rows:
        if isinstance(row, Skipped):
            records.append(row)
        else:
            origin, values = row
            records.append(Record(origin, {name: _text(values.get(column)).strip() for name, column in mapping.items()}))
    return records, mapping


def page_records(folder: Path, *, max_bytes: int) -> list[Record | Skipped]:
    """A record per saved web page in `folder` (and its subfolders), in path order."""
    from analysis.webpages import read_page

    records: list[Record | Skipped] = []
    paths = sorted(p for p in folder.rglob("*") if p.suffix.lower() in PAGE_SUFFIXES and p.is_file() and not p.is_symlink())
    for path in paths:
        origin = path.relative_to(folder).as_posix()
        try:
            page = read_page(path, max_bytes=max_bytes)
        except (InputError, OSError) as exc:
            records.append(Skipped(origin, one_line(exc)))
            continue
        fields = {"text": page.text, "title": page.title, "outlet": page.site, "url": page.url, "id": path.stem}
        records.append(Record(origin, fields, tuple(page.removed), page.published, page=True))
    return records


# --------------------------------------------------------------------------- groups


def read_groups(path: Path) -> dict[str, str]:
    """outlet (compared case-folded, spaces collapsed) -> group, from an `outlet,group` CSV."""
    text = _decode(Path(path))
    reader = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    columns = [c.strip().casefold() for c in reader.fieldnames or []]
    if "outlet" not in columns or "group" not in columns:
        raise InputError(f"{Path(path).name}: the groups file needs the columns outlet,group")
    groups: dict[str, str] = {}
    for number, row in enumerate(reader, start=2):
        row = {(k or "").strip().casefold(): (v or "").strip() for k, v in row.items()}
        outlet, group = _outlet_key(row["outlet"]), row["group"]
        if not outlet or not group:
            raise InputError(f"{Path(path).name}, line {number}: empty outlet or group")
        if groups.get(outlet, group) != group:
            raise InputError(f"{Path(path).name}, line {number}: outlet {row['outlet']!r} is in two groups")
        groups[outlet] = group
    if not groups:
        raise InputError(f"{Path(path).name}: no outlet listed")
    return groups


def _outlet_key(outlet: str) -> str:
    return " ".join(outlet.split()).casefold()


# --------------------------------------------------------------------------- articles


@dataclass
class Article:
    """An article to write: its manifest row and text."""

    doc_id: str
    origin: str
    outlet: str
    group: str
    published: str
    title: str
    url: str
    author: str
    text: str
    language: str = ENGLISH
    boilerplate: tuple[str, ...] = ()
    duplicate_of: str = ""
    similarity: float = 0.0


@dataclass
class Imported:
    """What an import made of its input: the articles, the rows skipped and why, and the
    outlets the groups file does not list."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    ungrouped: Counter[str] = field(default_factory=Counter)
    mapping: dict[str, str] = field(default_factory=dict)
    source: str = ""


def _identifier(value: str) -> str:
    """An export's id as a doc_id: unsafe characters replaced, "" when nothing is left."""
    ident = re.sub(r"[^A-Za-z0-9._-]+", "-", value).strip("-.")[:96]
    return ident if DOC_ID.fullmatch(ident) else ""


def _document_text(title: str, text: str) -> str:
    """The file's text: the title as its first paragraph (unless the text starts with it)."""
    body = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")).strip()
    if title and not body.startswith(title):
        return f"{title}\n\n{body}\n"
    return body + "\n"


def articles(
    records: Sequence[Record | Skipped],
    *,
    groups: Mapping[str, str] | None,
    tz: dt.tzinfo = dt.UTC,
    date_format: str = "",
    today: dt.date | None = None,
) -> Imported:
    """The articles of the records that have a text, an outlet and a date; the rest skipped
    with the reason. doc_ids are the export's ids where usable and unique, else the row's
    position (`a00001`, …)."""
    result = Imported()
    taken: set[str] = set()
    width = max(5, len(str(len(records))))
    for number, record in enumerate(records, start=1):
        if isinstance(record, Skipped):
            result.skipped.append(record)
            continue
        f = record.fields
        text = f.get("text", "")
        if not text.strip():
            result.skipped.append(Skipped(record.origin, "no text"))
            continue
        outlet = " ".join(f.get("outlet", "").split())
        if not outlet:
            result.skipped.append(Skipped(record.origin, "no outlet (name the column with --outlet)"))
            continue
        try:
            if record.page:
                if record.page_date is None:
                    raise ValueError("the page gives no publication date")
                published = record.page_date
            elif not f.get("date"):
                raise ValueError("no date (name the column with --date)")
            else:
                published = parse_date(f["date"], tz=tz, date_format=date_format, today=today)
        except ValueError as exc:
            result.skipped.append(Skipped(record.origin, str(exc)))
            continue
        if groups is None:
            group = outlet
        else:
            group = groups.get(_outlet_key(outlet), "")
            if not group:
                group = UNGROUPED
                result.ungrouped[outlet] += 1
        doc_id = _identifier(f.get("id", ""))
        if not doc_id or doc_id in taken:
            doc_id = f"a{number:0{width}d}"
        taken.add(doc_id)
        result.articles.append(
            Article(
                doc_id=doc_id,
                origin=record.origin,
                outlet=outlet,
                group=group,
                published=published,
                title=" ".join(f.get("title", "").split()),
                url=f.get("url", ""),
                author=" ".join(f.get("author", "").split()),
                text=_document_text(" ".join(f.get("title", "").split()), text),
                language=language(text),
                boilerplate=record.boilerplate,
            )
        )
    marks = duplicates([Item(a.doc_id, a.published, a.text) for a in result.articles])
    for a in result.articles:
        if a.doc_id in marks:
            a.duplicate_of, a.similarity = marks[a.doc_id]
    return result


# --------------------------------------------------------------------------- writing


def write_corpus(imported: Imported, out: Path, *, protect: tuple[Path, ...] = ()) -> Path:
    """The corpus folder: a text file per article, `manifest.csv`, the boilerplate files of web
    pages, and `import_log.csv`; built whole beside `out`, then swapped in."""
    if not imported.articles:
        reasons = Counter(s.reason for s in imported.skipped).most_common(3)
        raise InputError(
            f"no article to import from {imported.source}: {len(imported.skipped)} skipped"
            + (f" ({'; '.join(f'{n}x {r}' for r, n in reasons)})" if reasons else "")
        )
    with staged(out, protect=protect) as staging:
        rows = []
        for a in imported.articles:
            file = f"{a.doc_id}.txt"
            (staging / file).write_text(a.text, encoding="utf-8")
            boilerplate = ""
            if a.boilerplate:
                (staging / BOILERPLATE_FOLDER).mkdir(exist_ok=True)
                boilerplate = f"{BOILERPLATE_FOLDER}/{a.doc_id}.txt"
                (staging / boilerplate).write_text("\n".join(a.boilerplate) + "\n", encoding="utf-8")
            values = {
                "doc_id": a.doc_id,
                "file": file,
                "outlet": a.outlet,
                "group": a.group,
                "published": a.published,
                "author": a.author,
                "title": a.title,
                "url": a.url,
                "duplicate_of": a.duplicate_of,
                "boilerplate": boilerplate,
            }
            rows.append([values[c] for c in MANIFEST_COLUMNS])
        _write_csv(staging / MANIFEST, MANIFEST_COLUMNS, rows)
        log = [(a.origin, "written", a.doc_id, _note(a)) for a in imported.articles] + [
            (s.origin, "skipped", "", s.reason) for s in imported.skipped
        ]
        log.sort(key=lambda row: _origin_order(row[0]))
        _write_csv(staging / LOG, ("input", "status", "doc_id", "note"), log)
    return Path(out)


def _note(a: Article) -> str:
    notes = []
    if a.duplicate_of:
        notes.append(f"duplicate of {a.duplicate_of} (similarity {a.similarity:.2f})")
    if a.language != ENGLISH:
        notes.append(f"language {a.language}: not analysed")
    if a.group == UNGROUPED:
        notes.append("outlet not in the groups file")
    return "; ".join(notes)


def _origin_order(origin: str) -> tuple[int, str]:
    number = re.search(r"\d+$", origin)
    return (int(number.group()) if number and origin.split()[0] in ("row", "line", "item") else 0, origin)


def _write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


# --------------------------------------------------------------------------- the command


def import_corpus(
    source: Path,
    out: Path,
    *,
    columns: Mapping[str, str] | None = None,
    groups: Path | None = None,
    tz: dt.tzinfo = dt.UTC,
    date_format: str = "",
    max_bytes: int = DEFAULT_MAX_BYTES,
    protect: tuple[Path, ...] = (),
    today: dt.date | None = None,
) -> Imported:
    """Read `source` (an export file or a folder of saved pages), write the corpus to `out`."""
    source = Path(source)
    if source.is_dir():
        if columns and any(columns.values()):
            raise InputError("column options (--text, --title, …) apply to an export file, not to a folder of web pages")
        records = page_records(source, max_bytes=max_bytes)
        if not records:
            raise InputError(f"no saved web page (*.html, *.htm) in {source}")
        mapping = {}
    elif source.is_file():
        records, mapping = table_records(source, columns or {})
    else:
        raise InputError(f"export not found: {source}")
    imported = articles(records, groups=read_groups(groups) if groups else None, tz=tz, date_format=date_format, today=today)
    imported.mapping, imported.source = mapping, source.name
    write_corpus(imported, out, protect=(source, *protect))
    return imported


def summary(imported: Imported, out: Path, *, groups_given: bool) -> list[str]:
    """What the import read, wrote, skipped and marked, in lines for the terminal."""
    a = imported.articles
    read = len(a) + len(imported.skipped)
    lines = [f"read {read} article(s) from {imported.source}; wrote {len(a)} to {out}; skipped {len(imported.skipped)}"]
    if imported.mapping:
        lines.append("columns: " + ", ".join(f"{k} <- {v}" for k, v in imported.mapping.items()))
    dates = sorted(x.published for x in a)
    outlets = Counter(x.outlet for x in a)
    lines.append(f"{len(outlets)} outlet(s), {len({x.group for x in a})} group(s), dates {dates[0]} to {dates[-1]}")
    for reason, n in Counter(_reason_kind(s.reason) for s in imported.skipped).most_common():
        lines.append(f"  skipped {n}: {reason}")
    if not groups_given:
        lines.append("no --groups file: each outlet is its own group")
    if imported.ungrouped:
        named = ", ".join(f"{o} ({n})" for o, n in sorted(imported.ungrouped.items()))
        lines.append(f"{len(imported.ungrouped)} outlet(s) not in the groups file, grouped as {UNGROUPED!r}: {named}")
    copies = [x for x in a if x.duplicate_of]
    if copies:
        exact = sum(x.similarity >= 1.0 for x in copies)
        lines.append(
            f"{len(copies)} duplicate(s) marked in duplicate_of ({exact} exact, {len(copies) - exact} near); --dedupe leaves them out"
        )
    foreign = Counter(x.language for x in a if x.language != ENGLISH)
    if foreign:
        lines.append("not in English (flagged, not analysed): " + ", ".join(f"{code} {n}" for code, n in sorted(foreign.items())))
    lines.append(f"every input row and what became of it: {Path(out) / LOG}")
    return lines


def _reason_kind(reason: str) -> str:
    """A skip reason without the row's own value, to count alike reasons together."""
    return re.sub(r"'[^']*'", "'…'", reason)
