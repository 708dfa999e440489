"""Every path the project uses, from one place."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
NOTEBOOKS = ROOT / "notebooks"
FIGURES = ROOT / "figures"
REPORTS = ROOT / "reports"
TABLES = REPORTS / "tables"
DOCS = ROOT / "docs"
GOLD = ROOT / "tests" / "gold"
# NewsMTSC lives outside the repository (its licence allows use, we do not copy it).
NEWSMTSC_TRAIN = ROOT.parent / "shared" / "benchmarks" / "newsmtsc" / "train.jsonl"


def resource(name: str) -> str:
    """Text of a data file shipped in `analysis/resources/`."""
    return (files("analysis") / "resources" / name).read_text(encoding="utf-8")


def data_lines(name: str) -> list[str]:
    """Lines of a resource file without its `#` provenance header and blank lines."""
    return [
        line
        for line in resource(name).splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
