"""Command line: `python -m analysis tables --corpus DIR --out DIR`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from analysis.errors import InputError
from analysis.paths import SEEDS, TABLES


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    tables = commands.add_parser("tables", help="write the CSV tables for a corpus")
    tables.add_argument("--corpus", type=Path, default=SEEDS, help="folder with manifest.csv and texts")
    tables.add_argument("--out", type=Path, default=TABLES, help="output folder for the CSV tables")
    return parser


def run_tables(args: argparse.Namespace) -> str:
    from analysis.tables import build_tables, write_tables

    tables, texts = build_tables(args.corpus)
    write_tables(tables, texts, args.out)
    counts = ", ".join(f"{name} {len(frame)}" for name, frame in tables.items())
    return f"wrote {len(tables)} tables to {args.out} ({counts} rows)"


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        message = {"tables": run_tables}[args.command](args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(message)
    return 0
