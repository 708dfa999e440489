"""Every path the project uses, from one place."""

from __future__ import annotations

import csv
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
NOTEBOOKS = ROOT / "notebooks"
FIGURES = ROOT / "figures"
REPORTS = ROOT / "reports"
CACHE = REPORTS / ".cache"  # per-document analyses, reused across runs (analysis.pipeline.Cache)
DOCS = ROOT / "docs"
DEVELOPMENT = ROOT / "tests" / "development"  # hand-coded sets the rules were developed on
# NewsMTSC lives outside the repository (its licence allows use, we do not copy it).
NEWSMTSC_TRAIN = ROOT.parent / "shared" / "benchmarks" / "newsmtsc" / "train.jsonl"
# The Gender Gap Tracker's quote evaluation set (evaluation use only; never copied in).
GGT = ROOT.parent / "shared" / "benchmarks" / "quotes-ggt"


def resource(name: str) -> str:
    """Text of a data file shipped in `analysis/resources/`."""
    return (files("analysis") / "resources" / name).read_text(encoding="utf-8")


def data_rows(name: str) -> list[dict[str, str]]:
    """Rows of a CSV resource, without its `#` provenance header; keys and values stripped."""
    rows = csv.DictReader(data_lines(name))
    return [{k.strip(): (v or "").strip() for k, v in row.items() if k is not None} for row in rows]


def data_lines(name: str) -> list[str]:
    """Lines of a resource file without its `#` provenance header and blank lines."""
    return [line for line in resource(name).splitlines() if line.strip() and not line.lstrip().startswith("#")]
