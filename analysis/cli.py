"""Command line: `python -m analysis tables|report|import|sample|agreement|stance-predict …`.

Every failure is one line on stderr and a non-zero exit: 2 for bad input (a corpus, manifest,
parameter or output folder the suite cannot use), 1 for an internal error, 130 when
interrupted. `--debug` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from analysis.corpus import DEFAULT_MAX_BYTES
from analysis.errors import InputError, one_line
from analysis.paths import CACHE, ROOT, SEEDS
from analysis.reports import Build, default_out


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.split("\n")[0])
    parser.add_argument("--debug", action="store_true", help="show the traceback of an error")
    commands = parser.add_subparsers(dest="command", required=True)
    tables = commands.add_parser("tables", help="build the study of a corpus: every table (Parquet and CSV), cleaned texts, study.json")
    tables.add_argument(
        "--out",
        type=Path,
        default=None,
        help="study folder to write (default: reports/<corpus>-<target>/study); replaced whole, or reused when current",
    )
    _study_options(tables)
    _robustness_options(tables)
    _build_options(tables)
    report = commands.add_parser("report", help="build the study once, then run every notebook on it and render HTML reports")
    report.add_argument(
        "--out",
        type=Path,
        default=None,
        help="run folder for the study, notebooks, HTML and figures (default: reports/<corpus>-<target>); replaced whole",
    )
    report.add_argument("--only", action="append", default=[], help="run only this notebook (repeatable)")
    report.add_argument(
        "-p",
        "--parameter",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="notebook parameter, e.g. -p target=Amazon -p corpus=path/to/corpus (repeatable)",
    )
    _robustness_options(report)
    _build_options(report)
    ingest = commands.add_parser(
        "import", help="build a corpus folder (texts and manifest.csv) from a CSV/JSON-lines export or a folder of saved web pages"
    )
    ingest.add_argument("source", type=Path, help="export file (.csv, .tsv, .jsonl, .json) or folder of saved pages (.html)")
    ingest.add_argument("--out", type=Path, required=True, help="corpus folder to write (new, empty, or one an earlier import wrote)")
    for name, example in (("text", "body"), ("title", "headline"), ("outlet", "media_name"), ("date", "publish_date"), ("url", "link")):
        ingest.add_argument(
            f"--{name}", default="", metavar="COLUMN", help=f"the export's {name} column (e.g. {example}); default: found by name"
        )
    ingest.add_argument("--author", default="", metavar="COLUMN", help="the export's author column")
    ingest.add_argument("--id", default="", metavar="COLUMN", help="the export's article id column (kept as doc_id where usable)")
    ingest.add_argument(
        "--groups", type=Path, default=None, help="CSV outlet,group: the group of each outlet (default: each outlet its own)"
    )
    ingest.add_argument("--timezone", default="UTC", help="time zone of the study's dates: timestamps with an offset are converted to it")
    ingest.add_argument("--date-format", default="", metavar="FORMAT", help="strftime format of the dates, e.g. %%d/%%m/%%Y")
    ingest.add_argument(
        "--max-doc-mb", type=float, default=DEFAULT_MAX_BYTES / 1e6, metavar="MB", help="skip web pages larger than this (0: no limit)"
    )
    predict = commands.add_parser("stance-predict", help="label NewsMTSC-format targets neg/neu/pos")
    predict.add_argument("input", type=Path, help="JSON lines in NewsMTSC format")
    predict.add_argument("output", type=Path, help="CSV to write: gid,label")
    sample, agreement = _sample_parsers(commands)
    for command in (tables, report, ingest, sample, agreement, predict):  # --debug before or after the command name
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return parser


def _study_options(parser: argparse.ArgumentParser, *, several: bool = True) -> None:
    """What a study is built from: the corpus, the target(s) and the options that change tables."""
    parser.add_argument("--corpus", type=Path, default=SEEDS, help="folder with manifest.csv and texts")
    parser.add_argument(
        "--target",
        action="append",
        default=None,
        metavar="NAME[=ALIAS,...]",
        help="entity to measure stance toward (default: IBM)"
        + ("; repeat it to compare targets: every stance table gains a target column" if several else ""),
    )
    parser.add_argument("--alias", action="append", default=[], help="other names of the (first) target, comma-separated (repeatable)")
    parser.add_argument("--exclude-self", action="store_true", help="leave the target's own quotes out of outlet stance")
    parser.add_argument(
        "--indirect", action="store_true", help="count reported speech without quotation marks (kind=indirect) among the quotes"
    )
    parser.add_argument(
        "--dedupe", action="store_true", help="leave out the documents the manifest marks as duplicates (duplicate_of; see import)"
    )


def _sample_parsers(commands) -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    from analysis.coding import DEFAULT_QUOTES, DEFAULT_SEED, DEFAULT_SENTENCES

    sample = commands.add_parser(
        "sample", help="draw a seeded sample of quotes and sentences about the target, stratified by group and outlet, as a coding sheet"
    )
    sample.add_argument("--out", type=Path, required=True, help="sample folder to write (sheet, guide, key; coded/ for the filled sheets)")
    sample.add_argument("--study", type=Path, default=None, help="sample this built study folder instead of building one")
    sample.add_argument("--quotes", type=int, default=DEFAULT_QUOTES, metavar="N", help=f"quotes to draw (default {DEFAULT_QUOTES})")
    sample.add_argument(
        "--sentences",
        type=int,
        default=DEFAULT_SENTENCES,
        metavar="N",
        help=f"writers' sentences about the target (default {DEFAULT_SENTENCES})",
    )
    sample.add_argument(
        "--per-group",
        action="store_true",
        help="draw --quotes and --sentences from EACH group (corrects each group on its own coded items from 50 a kind; docs/coding.md)",
    )
    sample.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED}): the same seed draws the same sample"
    )
    _study_options(sample, several=False)
    _robustness_options(sample)
    _build_options(sample)
    agreement = commands.add_parser(
        "agreement", help="Krippendorff's alpha between coders and the machine against them, from filled coding sheets"
    )
    agreement.add_argument("sheets", type=Path, nargs="+", metavar="SHEET", help="filled sheets (CSV or XLSX), one per coder")
    agreement.add_argument(
        "--sample", type=Path, default=None, help="the sample folder (default: the folder holding the first sheet's coded/)"
    )
    agreement.add_argument("--out", type=Path, default=None, help="folder for the agreement tables (default: SAMPLE/agreement)")
    return sample, agreement


def _robustness_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="stop at the first document that cannot be processed")
    parser.add_argument(
        "--max-doc-mb",
        type=float,
        default=DEFAULT_MAX_BYTES / 1e6,
        metavar="MB",
        help=f"refuse documents larger than this (default {DEFAULT_MAX_BYTES / 1e6:g}; 0: no limit)",
    )


def _build_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="processes for the per-document stages (and notebooks rendered at once); default: every core",
    )
    parser.add_argument(
        "--engine",
        choices=["local", "dask"],
        default="local",
        help="local: this machine's cores; dask: a Dask cluster (pip install '.[dask]'; docs/scaling.md)",
    )
    parser.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="with --engine dask: an existing scheduler (default: a LocalCluster of --jobs workers)",
    )
    parser.add_argument("--no-cache", action="store_true", help=f"do not read or write the per-document cache ({CACHE.name} in reports/)")


def _build(args: argparse.Namespace) -> Build:
    if args.max_doc_mb < 0:
        raise InputError("--max-doc-mb must be 0 (no limit) or more")
    if args.jobs is not None and args.jobs < 1:
        raise InputError("--jobs must be 1 or more")
    return Build(
        jobs=args.jobs,
        engine=args.engine,
        scheduler=args.scheduler,
        cache=None if args.no_cache else CACHE,
        strict=args.strict,
        max_bytes=int(args.max_doc_mb * 1e6),
    )


def _ensure_study(args: argparse.Namespace, out: Path | None = None):
    """The study of the command's corpus, target(s) and options, built in its run folder (or
    `out`), or reused there when current: (study, reused, folder)."""
    from analysis.parameters import DEFAULTS
    from analysis.stance import parse_targets
    from analysis.study import ensure_study

    build = _build(args)
    aliases = tuple(a.strip() for value in args.alias for a in value.split(",") if a.strip())
    target, *also = parse_targets(args.target or [str(DEFAULTS["target"])], aliases)
    out = (
        out
        or default_out(
            {
                "corpus": str(args.corpus),
                "target": target.name,
                "aliases": ",".join(target.aliases),
                "targets": ";".join(t.name for t in also),
                "exclude_self": args.exclude_self,
                "indirect": args.indirect,
                "dedupe": args.dedupe,
            }
        )
        / "study"
    )
    study, reused = ensure_study(
        out,
        args.corpus,
        protect=(args.corpus, ROOT),
        target=target,
        also=tuple(also),
        exclude_self=args.exclude_self,
        indirect=args.indirect,
        dedupe=args.dedupe,
        **build.study_options(),
    )
    return study, reused, out


def run_tables(args: argparse.Namespace) -> str:
    study, reused, out = _ensure_study(args, args.out)
    if reused:
        return f"the study in {out} is up to date (same corpus, parameters and code): reused"
    counts = ", ".join(f"{name} {n}" for name, n in study.info["rows"].items())
    problems = study.info["rows"].get("problems", 0)
    note = f"; {problems} document(s) left out, see problems.csv" if problems else ""
    timings = study.info["timings_s"]
    return (
        f"wrote the study to {out} in {timings['total']:.1f} s on {study.info['jobs']} process(es) "
        f"({study.info['documents']} documents, {study.info['cached_documents']} from the cache; {counts} rows){note}"
    )


def run_sample(args: argparse.Namespace) -> str:
    from analysis.coding import draw_sample, write_sample
    from analysis.study import load_study

    if args.study is not None:
        if not (args.study / "study.json").is_file():
            raise InputError(f"{args.study} is not a study folder (no study.json; see python -m analysis tables)")
        study = load_study(args.study)
    else:
        study, _, _ = _ensure_study(args)
    sample = draw_sample(
        study.tables,
        target=study.target.name,
        quotes=args.quotes,
        sentences=args.sentences,
        seed=args.seed,
        per_group=args.per_group,
        study_info=study.info,
    )
    written = write_sample(sample, args.out, protect=(ROOT, args.corpus))
    drawn, population = sample.info["drawn"], sample.info["population"]
    return "\n".join(
        [
            f"drew {drawn['quote']} quotes and {drawn['sentence']} sentences about {study.target.name} "
            f"(of {population['quote']} and {population['sentence']}; seed {args.seed}, sample {sample.info['sample_id']})",
            f"wrote {', '.join(written)} to {args.out}",
            f"give coders {written[0]}{' or ' + written[1] if written[1].endswith('.xlsx') else ''} and guide.md (not key.csv); "
            f"put the filled sheets in {args.out / 'coded'}, then: python -m analysis agreement {args.out / 'coded'}/*",
        ]
    )


def run_agreement(args: argparse.Namespace) -> str:
    from analysis.coding import CODED, evaluate, summary_lines, write_evaluation

    folder = args.sample
    if folder is None:
        first = args.sheets[0].resolve().parent
        folder = first.parent if first.name == CODED else first
    evaluation = evaluate(folder, args.sheets)
    out = args.out or Path(folder) / "agreement"
    write_evaluation(evaluation, out, protect=(ROOT,))
    return "\n".join([*summary_lines(evaluation), f"wrote the tables to {out}"])


def run_report(args: argparse.Namespace) -> str:
    from analysis.parameters import parse
    from analysis.reports import build_reports

    try:
        parameters = parse(args.parameter)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    out = args.out or default_out(parameters)
    written = build_reports(out, parameters, only=tuple(args.only), build=_build(args))
    return f"wrote {len(written)} files to {out} (open {out / 'index.html'})"


def run_import(args: argparse.Namespace) -> str:
    from analysis.dates import zone
    from analysis.ingest import FIELDS, import_corpus, summary

    if args.max_doc_mb < 0:
        raise InputError("--max-doc-mb must be 0 (no limit) or more")
    imported = import_corpus(
        args.source,
        args.out,
        columns={name: getattr(args, name) for name in FIELDS},
        groups=args.groups,
        tz=zone(args.timezone),
        date_format=args.date_format,
        max_bytes=int(args.max_doc_mb * 1e6),
        protect=(ROOT,),
    )
    return "\n".join(summary(imported, args.out, groups_given=args.groups is not None))


def run_stance_predict(args: argparse.Namespace) -> str:
    from analysis.tsc import write_predictions

    try:
        n = write_predictions(args.input, args.output)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    return f"wrote {n} predictions to {args.output}"


COMMANDS = {
    "tables": run_tables,
    "report": run_report,
    "import": run_import,
    "sample": run_sample,
    "agreement": run_agreement,
    "stance-predict": run_stance_predict,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        message = COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("error: interrupted; nothing was written", file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            raise
        status, text = _describe(exc)
        print(f"error: {text}", file=sys.stderr)
        return status
    print(message)
    return 0


def _describe(exc: Exception) -> tuple[int, str]:
    """Exit status and one line for an error."""
    if isinstance(exc, InputError):
        return 2, one_line(exc)
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return 2, f"{where}{exc.strerror or one_line(exc)}"
    return 1, f"internal error ({one_line(exc)}); nothing was written. Rerun with --debug for the traceback"
