"""Manual coding: a seeded, stratified sample of the units the suite codes, the sheets people
code it in, and reading those sheets back.

    python -m analysis sample --corpus seeds --target IBM --out coding
    (coders fill coding/sheet.xlsx or coding/sheet.csv, one copy each, into coding/coded/)
    python -m analysis agreement coding/coded/*.xlsx

A sample draws quotes and the writers' sentences about the target, each stratified by group
and outlet with proportional allocation (largest remainders), so every outlet is represented
as in the corpus and the sample is nearly self-weighting; each item still carries its weight
(stratum size / items drawn from it) for the error-aware figures. The sheet shows each item
with its context and the speaker the suite found, and empty columns for the coder; the
machine's own stance and frames stay in `key.csv`, which coders should not see, so they are
not anchored. The sample folder also keeps a snapshot of every machine-coded unit
(`units.csv`), so agreement and corrected figures need nothing but this folder and the
filled sheets.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import agreement
from analysis.aggregate import writer_sentences
from analysis.agreement import STANCE_LABELS
from analysis.errors import InputError
from analysis.framing import FRAMES
from analysis.outputs import staged
from analysis.stance import OFF_TARGET

YES_NO = ("yes", "no")
SHEET, SHEET_XLSX, GUIDE, KEY, UNITS, INFO = "sheet.csv", "sheet.xlsx", "guide.md", "key.csv", "units.csv", "sample.json"
CODED = "coded"  # the subfolder the filled sheets go into
CODER_COLUMNS = ("coder", "speaker_correct", "stance", "frame", "note")
SHEET_COLUMNS = ("sample_id", "item_id", "kind", "doc_id", "context", "text", "speaker_found", *CODER_COLUMNS)
KEY_COLUMNS = (
    "item_id",
    "kind",
    "doc_id",
    "group",
    "outlet",
    "speaker",
    "machine_stance",
    "machine_frames",
    "weight",
    "stratum_size",
    "stratum_drawn",
)
UNIT_COLUMNS = ("kind", "doc_id", "group", "outlet", "speaker", "machine_stance")
DEFAULT_QUOTES = DEFAULT_SENTENCES = 100
DEFAULT_SEED = 1


# --------------------------------------------------------------------------- the population


def population(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Every unit the suite codes for stance: each quote (its machine stance; a quote the
    suite finds not about the target is labelled so) and each of the writers' own sentences
    about the target (outside quotes). Columns: kind, doc_id, ref (quote_id or sent_id),
    group, outlet, speaker, machine_stance, text."""
    documents = tables["documents"].set_index("doc_id")
    quotes, sentences = tables["quotes"], tables["sentences"]
    quoted = pd.DataFrame(
        {
            "kind": "quote",
            "doc_id": quotes.doc_id,
            "ref": quotes.quote_id.astype(int),
            "speaker": quotes.speaker.fillna(""),
            "machine_stance": quotes.stance.where(quotes.stance_cue != OFF_TARGET, OFF_TARGET),
            "text": quotes.quote,
        }
    )
    written = writer_sentences(sentences, quotes)
    narrative = pd.DataFrame(
        {
            "kind": "sentence",
            "doc_id": written.doc_id,
            "ref": written.sent_id.astype(int),
            "speaker": "",
            "machine_stance": written.stance,
            "text": written.text,
        }
    )
    units = pd.concat([quoted, narrative], ignore_index=True)
    units["group"] = units.doc_id.map(documents.group)
    units["outlet"] = units.doc_id.map(documents.outlet)
    return units[["kind", "doc_id", "ref", "group", "outlet", "speaker", "machine_stance", "text"]]


def allocate(sizes: pd.Series, n: int) -> pd.Series:
    """Items to draw per stratum: proportional to its size, by largest remainders (ties to the
    stratum listed first), never more than it holds; all of every stratum when n covers them."""
    total = int(sizes.sum())
    if n >= total:
        return sizes.astype(int)
    exact = sizes * n / total
    drawn = np.floor(exact).astype(int)
    remainder = (exact - drawn).to_numpy()
    for position in np.argsort(-remainder, kind="stable")[: n - int(drawn.sum())]:
        drawn.iloc[position] += 1
    return drawn.clip(upper=sizes).astype(int)


def draw(units: pd.DataFrame, n: int, rng: np.random.Generator, *, per_group: bool = False) -> pd.DataFrame:
    """`n` units drawn at random within group x outlet strata, each with its stratum's size and
    number drawn: proportional allocation over the whole corpus, or with `per_group`, `n` from
    every group (all of a smaller one), proportional over the outlets within it."""
    sizes = units.groupby(["group", "outlet"], sort=True).size()
    if per_group:
        counts = (
            pd.concat([allocate(sizes[sizes.index.get_level_values(0) == g], n) for g in sizes.index.unique(0)]) if len(sizes) else sizes
        )
    else:
        counts = allocate(sizes, n)
    picked = []
    for (group, outlet), k in counts.items():
        if k == 0:
            continue
        stratum = units[(units.group == group) & (units.outlet == outlet)]
        chosen = np.sort(rng.choice(len(stratum), size=int(k), replace=False))
        picked.append(stratum.iloc[chosen].assign(stratum_size=len(stratum), stratum_drawn=int(k)))
    if not picked:
        return units.head(0).assign(stratum_size=0, stratum_drawn=0)
    return pd.concat(picked, ignore_index=True)


# --------------------------------------------------------------------------- the sample


@dataclass(frozen=True)
class Sample:
    """A drawn sample: the coders' sheet, the machine's key, the population snapshot, its info."""

    sheet: pd.DataFrame
    key: pd.DataFrame
    units: pd.DataFrame
    info: dict[str, object]


def _context(doc: pd.DataFrame, first: int, last: int) -> str:
    """The sentences of a document (its rows of the sentences table, in order) from one before
    `first` to one after `last`."""
    return " ".join(doc[doc.sent_id.between(first - 1, last + 1)].text)


def draw_sample(
    tables: Mapping[str, pd.DataFrame],
    *,
    target: str,
    quotes: int = DEFAULT_QUOTES,
    sentences: int = DEFAULT_SENTENCES,
    seed: int = DEFAULT_SEED,
    per_group: bool = False,
    study_info: Mapping[str, object] | None = None,
) -> Sample:
    """A seeded sample of `quotes` quotes and `sentences` writers' sentences about the target
    (with `per_group`, that many from each group), each stratified by group and outlet; the
    items in a seeded random order (so the sheet does not run outlet by outlet), numbered
    I001, I002, …"""
    if quotes < 0 or sentences < 0 or quotes + sentences == 0:
        raise InputError("ask for at least one quote or sentence (--quotes, --sentences)")
    units = population(tables)
    rng = np.random.default_rng(seed)
    drawn = pd.concat(
        [
            draw(units[units.kind == "quote"], quotes, rng, per_group=per_group),
            draw(units[units.kind == "sentence"], sentences, rng, per_group=per_group),
        ],
        ignore_index=True,
    )
    if drawn.empty:
        raise InputError("the study has no quote and no sentence about the target to sample")
    drawn = drawn.iloc[rng.permutation(len(drawn))].reset_index(drop=True)
    width = max(3, len(str(len(drawn))))
    drawn["item_id"] = [f"I{k:0{width}d}" for k in range(1, len(drawn) + 1)]
    wanted = set(drawn.doc_id)  # the drawn documents' sentences and frames, split once
    sentences_of = {d: f.sort_values("sent_id") for d, f in tables["sentences"].groupby("doc_id") if d in wanted}
    frames_of = {key: sorted(f.frame) for key, f in tables["sentence_frames"].groupby(["doc_id", "sent_id"]) if key[0] in wanted}
    quote_rows = tables["quotes"].set_index(["doc_id", "quote_id"])
    contexts, frames = [], []
    for row in drawn.itertuples():
        doc = sentences_of[row.doc_id]
        if row.kind == "quote":
            quote = quote_rows.loc[(row.doc_id, row.ref)]
            first = int(quote.sent_id)
            last = int(doc[doc.start < quote.end].sent_id.max())
            contexts.append(_context(doc, first, max(first, last)))
            frames.append("")
        else:
            contexts.append(_context(doc, row.ref, row.ref))
            frames.append("; ".join(frames_of.get((row.doc_id, row.ref), [])))
    drawn["context"], drawn["machine_frames"] = contexts, frames
    drawn["weight"] = drawn.stratum_size / drawn.stratum_drawn
    info = {
        "target": target,
        "seed": int(seed),
        "asked": {"quotes": int(quotes), "sentences": int(sentences), "per_group": bool(per_group)},
        "drawn": {kind: int((drawn.kind == kind).sum()) for kind in ("quote", "sentence")},
        "population": {kind: int((units.kind == kind).sum()) for kind in ("quote", "sentence")},
        "study": {k: (study_info or {}).get(k) for k in ("code", "corpus_fingerprint", "parameters")},
    }
    key = drawn.assign(speaker=drawn.speaker.fillna(""))[list(KEY_COLUMNS)]
    info["sample_id"] = hashlib.sha256(key.to_csv(index=False).encode() + json.dumps(info, sort_keys=True).encode()).hexdigest()[:12]
    sheet = pd.DataFrame(
        {
            "sample_id": info["sample_id"],
            "item_id": drawn.item_id,
            "kind": drawn.kind,
            "doc_id": drawn.doc_id,
            "context": drawn.context,
            "text": drawn.text,
            "speaker_found": drawn.speaker.where(drawn.kind == "quote", ""),
            **{c: "" for c in CODER_COLUMNS},
        }
    )
    return Sample(sheet, key, units[list(UNIT_COLUMNS)], info)


def guide(target: str) -> str:
    """The coding guide every sheet carries (resources/coding_guide.md, drawn from docs/codebook.md)."""
    text = resources.files("analysis").joinpath("resources/coding_guide.md").read_text(encoding="utf-8")
    return text.replace("{target}", target).replace("{frames}", "; ".join(FRAMES))


def write_sample(sample: Sample, out: Path, *, protect: tuple[Path, ...] = ()) -> list[str]:
    """The sample folder: sheet.csv (and sheet.xlsx when openpyxl is installed), guide.md,
    key.csv, units.csv, sample.json and an empty coded/ for the filled sheets. The names written."""
    target = str(sample.info["target"])
    with staged(out, protect=protect) as staging:
        _write_csv(staging / SHEET, sample.sheet.map(_cell))
        (staging / GUIDE).write_text(guide(target), encoding="utf-8")
        _write_csv(staging / KEY, sample.key)
        _write_csv(staging / UNITS, sample.units)
        (staging / INFO).write_text(json.dumps(sample.info, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        (staging / CODED).mkdir()
        written = [SHEET, GUIDE, KEY, UNITS, INFO]
        if _write_xlsx(staging / SHEET_XLSX, sample.sheet, guide(target)):
            written.insert(1, SHEET_XLSX)
    return written


def _write_csv(path: Path, frame: pd.DataFrame) -> None:
    frame.to_csv(path, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)


def _write_xlsx(path: Path, sheet: pd.DataFrame, guide_text: str) -> bool:
    """The sheet as a workbook (items, with drop-down lists for the coder's columns; the guide
    on a second sheet); False when openpyxl is not installed."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
        from openpyxl.worksheet.datavalidation import DataValidation
    except ImportError:
        return False
    book = Workbook()
    items = book.active
    items.title = "items"
    items.append(list(SHEET_COLUMNS))
    for row in sheet.itertuples(index=False):
        items.append([_cell(v) for v in row])
    for cell in items[1]:
        cell.font = Font(bold=True)
    items.freeze_panes = "C2"
    widths = {"context": 70, "text": 50, "speaker_found": 22, "stance": 22, "frame": 28, "note": 30}
    for k, name in enumerate(SHEET_COLUMNS, start=1):
        letter = items.cell(row=1, column=k).column_letter
        items.column_dimensions[letter].width = widths.get(name, 12)
        if name in ("context", "text"):
            for cell in items[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    last = len(sheet) + 1
    for name, values in (("speaker_correct", YES_NO), ("stance", STANCE_LABELS), ("frame", FRAMES)):
        column = items.cell(row=1, column=SHEET_COLUMNS.index(name) + 1).column_letter
        listed = ",".join(values)
        if len(listed) > 255:  # Excel's limit for a literal list: the values go on a hidden sheet
            lists = book["lists"] if "lists" in book.sheetnames else book.create_sheet("lists")
            col = lists.max_column + (1 if lists.max_row > 1 or lists["A1"].value else 0)
            for r, value in enumerate(values, start=1):
                lists.cell(row=r, column=col, value=value)
            letter = lists.cell(row=1, column=col).column_letter
            formula = f"lists!${letter}$1:${letter}${len(values)}"
            lists.sheet_state = "hidden"
        else:
            formula = f'"{listed}"'
        check = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True)
        check.add(f"{column}2:{column}{last}")
        items.add_data_validation(check)
    notes = book.create_sheet("guide")
    notes.column_dimensions["A"].width = 110
    for line in guide_text.splitlines():
        notes.append([_cell(line)])
        notes.cell(row=notes.max_row, column=1).alignment = Alignment(wrap_text=True)
    book.save(path)
    return True


def _cell(value: object) -> object:
    """A value as a spreadsheet cell: text that a spreadsheet would read as a formula is quoted
    (CSV/formula injection), numbers stay numbers."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


# --------------------------------------------------------------------------- reading sheets back


@dataclass(frozen=True)
class SampleFolder:
    """A sample folder read back: its key, units and info."""

    path: Path
    key: pd.DataFrame
    units: pd.DataFrame
    info: dict[str, object]


def read_sample(folder: Path) -> SampleFolder:
    folder = Path(folder)
    missing = [name for name in (KEY, UNITS, INFO) if not (folder / name).is_file()]
    if missing:
        raise InputError(f"{folder} is not a sample folder (missing {', '.join(missing)}; see python -m analysis sample)")
    try:
        info = json.loads((folder / INFO).read_text(encoding="utf-8"))
        key = pd.read_csv(folder / KEY, dtype=str, keep_default_na=False)
        units = pd.read_csv(folder / UNITS, dtype=str, keep_default_na=False)
    except (OSError, ValueError) as exc:
        raise InputError(f"{folder}: cannot read the sample ({exc})") from None
    key["weight"] = key.weight.astype(float)
    return SampleFolder(folder, key, units, info)


def read_sheet(path: Path, sample: SampleFolder) -> pd.DataFrame:
    """A filled sheet (CSV or XLSX) as rows item_id, coder, speaker_correct, stance, frame,
    checked against the sample: same sample_id, every item once, known values only. The
    coder is the sheet's `coder` column (one name), else the file's name."""
    path = Path(path)
    frame = _read_table(path)
    name = path.name
    missing = [c for c in ("item_id", "stance") if c not in frame.columns]
    if missing:
        raise InputError(f"{name}: not a coding sheet (no {', '.join(missing)} column)")
    frame = frame.fillna("").astype(str).apply(lambda column: column.str.strip())
    if "sample_id" in frame.columns:
        ids = set(frame.sample_id) - {""}
        if ids and ids != {sample.info["sample_id"]}:
            raise InputError(f"{name}: sheet of another sample ({', '.join(sorted(ids))}, not {sample.info['sample_id']})")
    items = frame.item_id
    doubled = sorted(items[items.duplicated()].unique())
    if doubled:
        raise InputError(f"{name}: item(s) listed twice: {', '.join(doubled[:5])}")
    expected = set(sample.key.item_id)
    extra, absent = sorted(set(items) - expected), sorted(expected - set(items))
    if extra:
        raise InputError(f"{name}: {len(extra)} item(s) not in the sample (first: {extra[0]})")
    if absent:
        raise InputError(
            f"{name}: {len(absent)} item(s) of the sample missing (first: {absent[0]}); keep every row, leave uncoded ones blank"
        )
    coders = sorted(set(frame.get("coder", pd.Series(dtype=str))) - {""})
    if len(coders) > 1:
        raise InputError(f"{name}: one coder per sheet, found {', '.join(coders[:4])}")
    coder = coders[0] if coders else path.stem
    out = pd.DataFrame({"item_id": frame.item_id, "coder": coder})
    for column, allowed in (("stance", STANCE_LABELS), ("speaker_correct", YES_NO), ("frame", FRAMES)):
        values = frame[column] if column in frame.columns else pd.Series("", index=frame.index)
        canonical = {a.casefold(): a for a in allowed}
        normalised = values.map(lambda v, c=canonical: c.get(v.casefold().rstrip("."), None) if v else "")
        bad = values[normalised.isna()]
        if len(bad):
            row = int(bad.index[0]) + 2
            raise InputError(f"{name}, row {row}: {column} {bad.iloc[0][:40]!r} is not one of {', '.join(allowed)}")
        out[column] = normalised
    return out


def _read_table(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise InputError(f"sheet not found: {path}")
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return pd.read_excel(path, sheet_name="items", dtype=str, keep_default_na=False, engine="openpyxl")
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except ImportError:
        raise InputError(f"{path.name}: reading XLSX needs openpyxl (pip install openpyxl), or save the sheet as CSV") from None
    except (ValueError, OSError, KeyError) as exc:
        raise InputError(f"{path.name}: cannot read the sheet ({' '.join(str(exc).split())[:120]})") from None


def read_codes(paths: Sequence[Path], sample: SampleFolder) -> pd.DataFrame:
    """Every filled sheet's codes, long (item_id, coder, speaker_correct, stance, frame); two
    sheets of one coder are an error."""
    if not paths:
        raise InputError("no filled sheet given")
    frames = [read_sheet(p, sample) for p in paths]
    coders = [f.coder.iloc[0] for f in frames if len(f)]
    doubled = sorted({c for c in coders if coders.count(c) > 1})
    if doubled:
        raise InputError(f"two sheets of one coder: {', '.join(doubled)} (give each coder's sheet a coder name)")
    return pd.concat(frames, ignore_index=True)


def coded_sheets(folder: Path) -> list[Path]:
    """The filled sheets in a sample folder's coded/ subfolder, in name order."""
    coded = Path(folder) / CODED
    return (
        sorted(p for p in coded.iterdir() if p.suffix.lower() in (".csv", ".xlsx") and not p.name.startswith((".", "~$")))
        if coded.is_dir()
        else []
    )


# --------------------------------------------------------------------------- evaluation

BY = {"all": None, "group": "group", "outlet": "outlet", "speaker": "speaker"}  # the corrected tables, by what


@dataclass(frozen=True)
class Evaluation:
    """A coded sample measured: agreement between coders, the machine against their
    reference label, speaker accuracy, and the corrected stance shares (by all, group,
    outlet, speaker)."""

    sample: SampleFolder
    codes: pd.DataFrame
    coders: pd.DataFrame
    reference: pd.Series
    machine: dict[str, object]
    speakers: dict[str, float | int]
    corrected: dict[str, pd.DataFrame]
    frames: dict[str, float | int]


def evaluate(folder: Path, sheets: Sequence[Path] | None = None) -> Evaluation:
    """Everything the coded sheets of a sample folder measure (its coded/ sheets unless given)."""
    sample = read_sample(folder)
    sheets = list(sheets) if sheets else coded_sheets(folder)
    if not sheets:
        raise InputError(f"no filled sheet in {Path(folder) / CODED} (save each coder's sheet there, CSV or XLSX)")
    codes = read_codes(sheets, sample)
    ref = agreement.reference(codes)
    if ref.empty:
        raise InputError("no item has a stance code yet (every stance cell is blank, or the coders tie on every item)")
    return measure(sample, codes, ref)


def measure(sample: SampleFolder, codes: pd.DataFrame, ref: pd.Series, *, by: Sequence[str] = tuple(BY)) -> Evaluation:
    """What coded items say of the machine: agreement, scores, and the corrected shares `by`
    each of the named breakdowns (all, group, outlet, speaker)."""
    return Evaluation(
        sample=sample,
        codes=codes,
        coders=agreement.coder_agreement(codes),
        reference=ref,
        machine=agreement.machine_scores(sample.key, ref),
        speakers=agreement.speaker_accuracy(codes, sample.key),
        corrected={name: agreement.corrected_shares(sample.units, sample.key, ref, by=BY[name]) for name in by},
        frames=agreement.frame_agreement(codes, sample.key),
    )


def _interval(scores: Mapping[str, object], name: str) -> str:
    value, low, high = (scores.get(k) for k in (name, f"{name}_low", f"{name}_high"))
    if value is None or pd.isna(value):
        return f"{name} n/a"
    return f"{name} {value:.3f} [{low:.3f}, {high:.3f}]"


def summary_lines(evaluation: Evaluation) -> list[str]:
    """What a coded sample says, in lines for the terminal."""
    codes, machine = evaluation.codes, evaluation.machine
    coders = sorted(codes.coder.unique())
    lines = [
        f"sample {evaluation.sample.info['sample_id']}: {len(evaluation.sample.key)} items, {len(coders)} coder(s) ({', '.join(coders)})"
    ]
    for row in evaluation.coders.itertuples():
        if row.n_coders >= 2 and row.n_items:
            lines.append(
                f"between coders, {row.field}: alpha {row.alpha:.3f} [{row.alpha_low:.3f}, {row.alpha_high:.3f}], "
                f"agreement {row.agreement:.3f} ({row.n_items} items coded by two or more)"
            )
    if len(coders) < 2:
        lines.append("between coders: one coder only, so no agreement between people (give a second coder the same sheet)")
    left = machine.get("n_left_out", 0)
    lines.append(
        f"machine against the coders' stance (n {machine['n']}{f', {left} tied or uncoded left out' if left else ''}): "
        + ", ".join(_interval(machine, k) for k in ("accuracy", "macro_f1", "alpha"))
    )
    if evaluation.speakers.get("n"):
        lines.append(f"speakers of quotes (n {evaluation.speakers['n']}): " + _interval(evaluation.speakers, "accuracy"))
    if evaluation.frames.get("n"):
        lines.append(
            f"frames of sentences, the coders' among the machine's (n {evaluation.frames['n']}): "
            + _interval(evaluation.frames, "accuracy")
        )
    whole = evaluation.corrected["all"]
    parts = [
        f"{r.label} {r.raw_share:.2f} -> {r.corrected_share:.2f} [{r.corrected_low:.2f}, {r.corrected_high:.2f}]"
        for r in whole.itertuples()
    ]
    lines.append("stance shares of all units, raw -> corrected [95%]: " + "; ".join(parts))
    return lines


def write_evaluation(evaluation: Evaluation, out: Path, *, protect: tuple[Path, ...] = ()) -> Path:
    """The evaluation's tables as CSV in `out` (replaced whole)."""
    machine = evaluation.machine
    scalar = {k: v for k, v in machine.items() if not isinstance(v, (dict, pd.DataFrame))}
    with staged(out, protect=protect) as staging:
        _write_csv(staging / "coders.csv", evaluation.coders)
        _write_csv(staging / "machine.csv", pd.DataFrame([scalar]))
        machine["confusion"].to_csv(staging / "confusion.csv", lineterminator="\n")
        _write_csv(staging / "speakers.csv", pd.DataFrame([evaluation.speakers]))
        _write_csv(staging / "frames.csv", pd.DataFrame([evaluation.frames]))
        reference = evaluation.reference.rename("reference").rename_axis("item_id").reset_index()
        _write_csv(staging / "reference.csv", reference.merge(evaluation.sample.key, on="item_id"))
        for name, frame in evaluation.corrected.items():
            _write_csv(staging / f"corrected_{name}.csv", frame)
    return Path(out)


# --------------------------------------------------------------------------- in the reports


def open_evaluation(coded: str | Path) -> Evaluation | None:
    """The evaluation of the sample folder `coded` (its coded/ sheets), None when not given."""
    if not str(coded).strip():
        return None
    from analysis.notebook import resolve

    return evaluate(resolve(str(coded)))


def drawn_from(evaluation: Evaluation, study_info: Mapping[str, object]) -> bool:
    """Whether the sample was drawn from a study of the same corpus content, code and parameters."""
    drawn = evaluation.sample.info.get("study") or {}
    return all(drawn.get(k) == study_info.get(k) for k in ("code", "corpus_fingerprint", "parameters"))


def uncorrected_note() -> str:
    """What the reports say when no coded sample is given."""
    return (
        "These stance figures are **uncorrected**: they are the machine's labels as they are. To measure how often they "
        "are right on this corpus and correct the figures for it, draw a sample with `python -m analysis sample`, have it "
        "coded, and pass the sample folder as the `coded` parameter (docs/coding.md)."
    )


def corrected_long(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """A corrected-shares table in long form for a chart: one row per `by` value, label and
    estimate (raw, corrected), with the share and its interval."""
    parts = []
    for estimate in ("raw", "corrected"):
        part = frame[[by, "label", "n_units"]].copy()
        part["estimate"] = estimate
        part["share"], part["low"], part["high"] = (frame[f"{estimate}_{c}"] for c in ("share", "low", "high"))
        parts.append(part)
    long = pd.concat(parts, ignore_index=True)
    seen = long.groupby("label").share.max()
    long = long[long.label.map(seen) > 0]  # a label no unit has, raw or corrected, would only be empty bars
    long["category"] = long[by].astype(str) + " · " + long.label
    return long.sort_values([by, "label", "estimate"], key=lambda c: c.map(_ORDER).fillna(c) if c.name != by else c, kind="stable")


_ORDER = {label: k for k, label in enumerate((*STANCE_LABELS, "raw", "corrected"))}


def gold_evaluation(tables: Mapping[str, pd.DataFrame], gold: pd.DataFrame) -> Evaluation:
    """A hand-coded gold set of quotes (docs/codebook.md) measured like a coded sample: every
    gold quote the extractor found is an item, the gold's stance its reference (one coder,
    weight 1: a census, not a sample), the study's quotes the units. The gold sets code a quote
    that is not about the target as neutral, so the machine's OFF_TARGET is read as neutral."""
    from analysis.evaluate import match_quotes

    quotes = tables["quotes"]
    matched = match_quotes(quotes[quotes.doc_id.isin(set(gold.doc_id))], gold)
    matched = matched[matched.system_index >= 0].reset_index(drop=True)
    units = population(tables)
    units = units[units.kind == "quote"].assign(machine_stance=lambda u: u.machine_stance.replace(OFF_TARGET, "neutral"))
    by_ref = units.set_index(["doc_id", "ref"])
    rows = [quotes.loc[i] for i in matched.system_index]
    key = pd.DataFrame(
        {
            "item_id": [f"G{k:04d}" for k in range(1, len(matched) + 1)],
            "kind": "quote",
            "doc_id": [r.doc_id for r in rows],
            "group": [by_ref.loc[(r.doc_id, int(r.quote_id)), "group"] for r in rows],
            "outlet": [by_ref.loc[(r.doc_id, int(r.quote_id)), "outlet"] for r in rows],
            "speaker": [r.speaker for r in rows],
            "machine_stance": [by_ref.loc[(r.doc_id, int(r.quote_id)), "machine_stance"] for r in rows],
            "machine_frames": "",
            "weight": 1.0,
        }
    )
    codes = pd.DataFrame({"item_id": key.item_id, "coder": "gold", "stance": list(matched.gold_stance), "speaker_correct": "", "frame": ""})
    folder = SampleFolder(Path("."), key, units[list(UNIT_COLUMNS)], {"sample_id": "gold"})
    return measure(folder, codes, agreement.reference(codes), by=("all", "group"))
