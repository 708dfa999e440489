"""Command line: `python -m analysis tables --corpus DIR --out DIR`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from analysis.errors import InputError
from analysis.paths import REPORTS, SEEDS, TABLES


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    tables = commands.add_parser("tables", help="write the CSV tables for a corpus")
    tables.add_argument("--corpus", type=Path, default=SEEDS, help="folder with manifest.csv and texts")
    tables.add_argument("--out", type=Path, default=TABLES, help="output folder for the CSV tables")
    tables.add_argument("--target", default="IBM", help="entity to measure stance toward (default: IBM)")
    tables.add_argument("--alias", action="append", default=[], help="other names of the target, comma-separated (repeatable)")
    tables.add_argument("--exclude-self", action="store_true", help="leave the target's own quotes out of outlet stance")
    report = commands.add_parser("report", help="run every notebook with papermill and render HTML reports")
    report.add_argument("--out", type=Path, default=REPORTS, help="folder for executed notebooks and HTML")
    report.add_argument("--jobs", type=int, default=2, help="notebooks run at once (default 2)")
    report.add_argument("--only", action="append", default=[], help="run only this notebook (repeatable)")
    report.add_argument(
        "-p", "--parameter", action="append", default=[], metavar="NAME=VALUE",
        help="notebook parameter, e.g. -p target=Amazon -p corpus=path/to/corpus (repeatable)",
    )
    predict = commands.add_parser("stance-predict", help="label NewsMTSC-format targets neg/neu/pos")
    predict.add_argument("input", type=Path, help="JSON lines in NewsMTSC format")
    predict.add_argument("output", type=Path, help="CSV to write: gid,label")
    return parser


def run_tables(args: argparse.Namespace) -> str:
    from analysis.stance import Target
    from analysis.tables import build_tables, write_tables

    if not args.target.strip():
        raise InputError("--target must not be empty")
    aliases = tuple(a.strip() for value in args.alias for a in value.split(",") if a.strip())
    target = Target(args.target.strip(), aliases)
    tables, texts = build_tables(args.corpus, target=target, exclude_self=args.exclude_self)
    write_tables(tables, texts, args.out)
    counts = ", ".join(f"{name} {len(frame)}" for name, frame in tables.items())
    return f"wrote {len(tables)} tables to {args.out} ({counts} rows)"


def _parameters(pairs: list[str]) -> dict[str, object]:
    parameters: dict[str, object] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InputError(f"parameter {pair!r} is not NAME=VALUE")
        parameters[name.strip()] = {"true": True, "false": False}.get(value.strip().casefold(), value)
    return parameters


def run_report(args: argparse.Namespace) -> str:
    from analysis.reports import build_reports

    written = build_reports(args.out, _parameters(args.parameter), jobs=args.jobs, only=tuple(args.only))
    return f"wrote {len(written)} files to {args.out} (open {args.out / 'index.html'})"


def run_stance_predict(args: argparse.Namespace) -> str:
    from analysis.tsc import write_predictions

    try:
        n = write_predictions(args.input, args.output)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    return f"wrote {n} predictions to {args.output}"


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        message = {"tables": run_tables, "report": run_report, "stance-predict": run_stance_predict}[args.command](args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(message)
    return 0
