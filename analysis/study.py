"""A study: every table of one corpus and target, built once and read by every report.

On disk (`python -m analysis tables`, or the `study/` folder of a report run):

- `<table>.parquet`: every table (pyarrow), what the notebooks load;
- `<table>.csv`: the same tables for a spreadsheet;
- `cleaned/<doc_id>.txt`: the cleaned text each table's offsets point into;
- `study.json`: the parameters, the corpus fingerprint (a hash of the manifest, the registry
  and every document), the package version and code fingerprint, row counts and timings.

A study whose `study.json` matches the corpus, the parameters and the code is current and is
reused as it is; otherwise it is built again (and the per-document cache of analysis.pipeline
spares the work that a new target does not change).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from analysis import __version__
from analysis.corpus import DEFAULT_MAX_BYTES, MANIFEST, document_path, read_manifest
from analysis.errors import InputError, Problems
from analysis.outputs import staged
from analysis.pipeline import FORMAT, code_fingerprint, run
from analysis.speakers import REGISTRY_FILE
from analysis.stance import CUES_FILE, Target
from analysis.tables import FLOAT_FORMAT, tables_from

INFO = "study.json"
# A pipeline run records itself here when the environment variable names a file (tests count
# how often `make report` runs the pipeline).
RUN_LOG = "ANALYSIS_RUN_LOG"


@dataclass
class Study:
    """The tables of a corpus and target, with what made them."""

    tables: dict[str, pd.DataFrame]
    info: dict[str, object]
    path: Path | None = None
    _texts: dict[str, str] = field(default_factory=dict, repr=False)
    figures: Path | None = None  # where a report writes the charts it draws from this study
    combined: Study | None = field(default=None, repr=False)  # all targets, when this is one of them

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    @property
    def parameters(self) -> dict[str, object]:
        return dict(self.info["parameters"])

    @property
    def target(self) -> Target:
        p = self.parameters
        return Target(str(p["target"]), tuple(p.get("aliases", ())))

    @property
    def targets(self) -> list[Target]:
        """Every target of the study, the first (`target`) first."""
        names = self.parameters.get("targets") or [[self.target.name, *self.target.aliases]]
        return [Target(str(n[0]), tuple(n[1:])) for n in names]

    def for_target(self, name: str) -> Study:
        """The study as if built for one of its targets only: tables with a `target` column
        keep that target's rows, without the column."""
        if name.casefold() not in {t.name.casefold() for t in self.targets}:
            raise InputError(f"the study has no target {name!r} (it has {', '.join(t.name for t in self.targets)})")
        chosen = next(t for t in self.targets if t.name.casefold() == name.casefold())
        tables = {
            k: (v[v.target == chosen.name].drop(columns="target").reset_index(drop=True) if "target" in v.columns else v)
            for k, v in self.tables.items()
        }
        parameters = {**self.parameters, "target": chosen.name, "aliases": list(chosen.aliases)}
        single = Study(tables, {**self.info, "parameters": parameters}, self.path, self._texts, self.figures)
        single.combined = self
        return single

    def text(self, doc_id: str) -> str:
        """The cleaned text of a document (the text every offset points into)."""
        if doc_id not in self._texts and self.path is not None:
            self._texts[doc_id] = (self.path / "cleaned" / f"{doc_id}.txt").read_text(encoding="utf-8").removesuffix("\n")
        return self._texts[doc_id]


def parameters_of(
    corpus: Path,
    *,
    target: Target,
    exclude_self: bool,
    max_bytes: int,
    indirect: bool = False,
    also: tuple[Target, ...] = (),
    dedupe: bool = False,
) -> dict[str, object]:
    """What a study is built from (besides the corpus's content and the code)."""
    return {
        "corpus": str(Path(corpus).resolve()),
        "target": target.name,
        "aliases": list(target.aliases),
        "targets": [[t.name, *t.aliases] for t in (target, *also)],
        "exclude_self": bool(exclude_self),
        "indirect": bool(indirect),
        "dedupe": bool(dedupe),
        "max_doc_bytes": int(max_bytes),
    }


def fingerprint(corpus: Path) -> str:
    """A hash of a corpus's content: its manifest, its registry, its stance-cue overlay and
    every file it lists."""
    corpus = Path(corpus)
    digest = hashlib.sha256()
    for name in (MANIFEST, REGISTRY_FILE, CUES_FILE):
        path = corpus / name
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"") + b"\0")
    for row in read_manifest(corpus):
        path = document_path(corpus, row["file"])
        try:
            digest.update(row["file"].encode() + b"\0" + path.read_bytes() + b"\0")
        except OSError:
            digest.update(row["file"].encode() + b"\0missing\0")
    return digest.hexdigest()[:20]


def build_study(
    corpus: Path,
    *,
    target: Target | None = None,
    also: tuple[Target, ...] = (),
    exclude_self: bool = False,
    indirect: bool = False,
    dedupe: bool = False,
    strict: bool = False,
    warn: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    jobs: int | None = 1,
    engine: str = "local",
    scheduler: str | None = None,
    cache_dir: Path | None = None,
) -> Study:
    """Run the pipeline on a corpus and shape every table (nothing is written); `indirect`
    keeps reported speech without quotation marks (kind=indirect) among the quotes; `dedupe`
    leaves out the documents the manifest marks as duplicates (`duplicate_of`). With more
    targets (`also`), every table that differs between them gains a `target` column."""
    from analysis.engines import engine as make_engine

    target = target or default_target()
    started = time.perf_counter()
    corpus_fingerprint = fingerprint(corpus)
    with make_engine(engine, jobs=jobs, scheduler=scheduler) as runner:
        result = run(
            corpus,
            target=target,
            runner=runner,
            problems=Problems(strict=strict, warn=warn),
            cache_dir=cache_dir,
            max_bytes=max_bytes,
            also=also,
            dedupe=dedupe,
        )
        jobs_used = runner.jobs
    shaped = time.perf_counter()
    texts = {p.doc.doc_id: p.clean.text for p in result.processed}
    documents = len(result.processed)
    targets = (target, *also)
    per_target = [
        tables_from(
            replace(result, scores=result.by_target[t.name]),
            target=t,
            exclude_self=exclude_self,
            indirect=indirect,
            release=k == len(targets) - 1,
        )
        for k, t in enumerate(targets)
    ]
    tables = combine_targets(per_target, [t.name for t in targets])
    timings = {**result.timings, "tables": time.perf_counter() - shaped, "total": time.perf_counter() - started}
    info = {
        "format": FORMAT,
        "package_version": __version__,
        "code": code_fingerprint(),
        "parameters": parameters_of(
            corpus, target=target, exclude_self=exclude_self, max_bytes=max_bytes, indirect=indirect, also=also, dedupe=dedupe
        ),
        "corpus_fingerprint": corpus_fingerprint,
        "documents": documents,
        "cached_documents": result.cached,
        "engine": engine,
        "jobs": jobs_used,
        "timings_s": {k: round(v, 3) for k, v in timings.items()},
        "rows": {name: len(frame) for name, frame in tables.items()},
    }
    _log_run(corpus, target)
    return Study(tables, info, None, texts)


def default_target() -> Target:
    """The target of the CLI's and the notebooks' `target` parameter when none is named."""
    from analysis.parameters import DEFAULTS

    return Target(str(DEFAULTS["target"]))


def combine_targets(per_target: list[dict[str, pd.DataFrame]], names: list[str]) -> dict[str, pd.DataFrame]:
    """One table set for several targets: a table that is the same for all is kept once, any
    other is stacked with a `target` column first (one target: its tables as they are)."""
    if len(per_target) == 1:
        return per_target[0]
    combined = {}
    for name, first in per_target[0].items():
        frames = [tables[name] for tables in per_target]
        if all(frame.equals(first) for frame in frames[1:]):
            combined[name] = first
        else:
            combined[name] = pd.concat(
                [frame.assign(target=n)[["target", *frame.columns]] for frame, n in zip(frames, names)], ignore_index=True
            )
    return combined


def _log_run(corpus: Path, target: Target) -> None:
    log = os.environ.get(RUN_LOG)
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{corpus}\t{target.name}\n")


def write_study(study: Study, out: Path, *, protect: tuple[Path, ...] = ()) -> list[Path]:
    """Write a study as the folder `out`, all or nothing (analysis.outputs.staged)."""
    with staged(out, protect=protect) as staging:
        write_study_into(study, staging)
        names = sorted(p.relative_to(staging) for p in staging.rglob("*") if p.is_file())
    study.path = Path(out)
    return [Path(out) / name for name in names]


def write_study_into(study: Study, folder: Path) -> None:
    """The study's files in an existing (staging) folder."""
    for name, frame in study.tables.items():
        frame.to_csv(folder / f"{name}.csv", index=False, float_format=FLOAT_FORMAT, lineterminator="\n")
        _parquet(frame).to_parquet(folder / f"{name}.parquet", index=False, engine="pyarrow", compression="zstd")
    (folder / "cleaned").mkdir()
    for doc_id, text in study._texts.items():
        (folder / "cleaned" / f"{doc_id}.txt").write_text(text + "\n", encoding="utf-8")  # doc_id: an identifier (corpus.DOC_ID)
    (folder / INFO).write_text(json.dumps(study.info, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _parquet(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns of mixed or no values as text, so that every table has a schema."""
    fixed = frame.copy()
    for column in fixed.columns:
        if fixed[column].dtype == object and not fixed[column].map(lambda v: isinstance(v, bool)).all():
            fixed[column] = (
                fixed[column].map(lambda v: "" if v is None else v if isinstance(v, str) else str(v))
                if len(fixed)
                else fixed[column].astype(str)
            )
    return fixed


def load_study(path: Path) -> Study:
    """A study folder written by `write_study` (one line of error when it is not one)."""
    path = Path(path)
    try:
        info = json.loads((path / INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise InputError(f"{path} is not a study folder (no readable {INFO}); build one with `python -m analysis tables`") from None
    if info.get("format") != FORMAT:
        raise InputError(f"{path} was written by another version of the suite; build it again")
    tables = {name: pd.read_parquet(path / f"{name}.parquet", engine="pyarrow") for name in info["rows"]}
    return Study(tables, info, path)


def is_current(path: Path, corpus: Path, parameters: dict[str, object]) -> bool:
    """Whether the study at `path` was built by this code from this corpus with these parameters."""
    try:
        info = json.loads((Path(path) / INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        info.get("format") == FORMAT
        and info.get("code") == code_fingerprint()
        and info.get("parameters") == parameters
        and info.get("corpus_fingerprint") == fingerprint(corpus)
        and all((Path(path) / f"{name}.parquet").is_file() for name in info.get("rows", {}))
    )


def ensure_study(out: Path, corpus: Path, *, protect: tuple[Path, ...] = (), **options: object) -> tuple[Study, bool]:
    """The study at `out` if it is current, else one built and written there: (study, reused)."""
    target = options.get("target") or default_target()
    parameters = parameters_of(
        corpus,
        target=target,
        exclude_self=bool(options.get("exclude_self", False)),
        max_bytes=int(options.get("max_bytes", DEFAULT_MAX_BYTES)),
        indirect=bool(options.get("indirect", False)),
        dedupe=bool(options.get("dedupe", False)),
        also=tuple(options.get("also", ())),
    )
    if is_current(out, corpus, parameters):
        return load_study(out), True
    study = build_study(corpus, **options)
    write_study(study, out, protect=protect)
    return study, False


def build_tables(corpus: Path, **options: object) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """Every table of a corpus and the cleaned text of each document (`build_study`'s options)."""
    study = build_study(corpus, **options)
    return study.tables, study._texts
