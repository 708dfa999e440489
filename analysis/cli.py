"""Command line: `python -m analysis tables|report|stance-predict …`.

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
from analysis.paths import ROOT, SEEDS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.split("\n")[0])
    parser.add_argument("--debug", action="store_true", help="show the traceback of an error")
    commands = parser.add_subparsers(dest="command", required=True)
    tables = commands.add_parser("tables", help="write the CSV tables for a corpus")
    tables.add_argument("--corpus", type=Path, default=SEEDS, help="folder with manifest.csv and texts")
    tables.add_argument("--out", type=Path, default=None,
                        help="output folder for the tables (default: reports/<corpus>-<target>/tables); replaced whole")
    tables.add_argument("--target", default="IBM", help="entity to measure stance toward (default: IBM)")
    tables.add_argument("--alias", action="append", default=[], help="other names of the target, comma-separated (repeatable)")
    tables.add_argument("--exclude-self", action="store_true", help="leave the target's own quotes out of outlet stance")
    _robustness_options(tables)
    report = commands.add_parser("report", help="run every notebook with papermill and render HTML reports")
    report.add_argument("--out", type=Path, default=None,
                        help="run folder for tables, notebooks, HTML and figures (default: reports/<corpus>-<target>); replaced whole")
    report.add_argument("--jobs", type=int, default=2, help="notebooks run at once (default 2)")
    report.add_argument("--only", action="append", default=[], help="run only this notebook (repeatable)")
    report.add_argument(
        "-p", "--parameter", action="append", default=[], metavar="NAME=VALUE",
        help="notebook parameter, e.g. -p target=Amazon -p corpus=path/to/corpus (repeatable)",
    )
    report.add_argument("--strict", action="store_true", help="stop at the first document that cannot be processed")
    predict = commands.add_parser("stance-predict", help="label NewsMTSC-format targets neg/neu/pos")
    predict.add_argument("input", type=Path, help="JSON lines in NewsMTSC format")
    predict.add_argument("output", type=Path, help="CSV to write: gid,label")
    for command in (tables, report, predict):  # --debug before or after the command name
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return parser


def _robustness_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="stop at the first document that cannot be processed")
    parser.add_argument("--max-doc-mb", type=float, default=DEFAULT_MAX_BYTES / 1e6, metavar="MB",
                        help=f"refuse documents larger than this (default {DEFAULT_MAX_BYTES / 1e6:g}; 0: no limit)")


def run_tables(args: argparse.Namespace) -> str:
    from analysis.reports import default_out
    from analysis.stance import Target
    from analysis.tables import build_tables, write_tables

    if not args.target.strip():
        raise InputError("--target must not be empty")
    if args.max_doc_mb < 0:
        raise InputError("--max-doc-mb must be 0 (no limit) or more")
    aliases = tuple(a.strip() for value in args.alias for a in value.split(",") if a.strip())
    target = Target(args.target.strip(), aliases)
    out = args.out or default_out({"corpus": str(args.corpus), "target": target.name, "aliases": ",".join(aliases),
                                   "exclude_self": args.exclude_self}) / "tables"
    tables, texts = build_tables(args.corpus, target=target, exclude_self=args.exclude_self, strict=args.strict,
                                 warn=True, max_bytes=int(args.max_doc_mb * 1e6))
    write_tables(tables, texts, out, protect=(args.corpus, ROOT))
    counts = ", ".join(f"{name} {len(frame)}" for name, frame in tables.items())
    problems = len(tables["problems"])
    note = f"; {problems} document(s) left out, see problems.csv" if problems else ""
    return f"wrote {len(tables)} tables to {out} ({counts} rows){note}"


def run_report(args: argparse.Namespace) -> str:
    from analysis.parameters import parse
    from analysis.reports import build_reports, default_out

    try:
        parameters = parse(args.parameter)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    out = args.out or default_out(parameters)
    written = build_reports(out, parameters, jobs=args.jobs, only=tuple(args.only), strict=args.strict)
    return f"wrote {len(written)} files to {out} (open {out / 'index.html'})"


def run_stance_predict(args: argparse.Namespace) -> str:
    from analysis.tsc import write_predictions

    try:
        n = write_predictions(args.input, args.output)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    return f"wrote {n} predictions to {args.output}"


COMMANDS = {"tables": run_tables, "report": run_report, "stance-predict": run_stance_predict}


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
