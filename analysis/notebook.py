"""What every notebook does first: check its parameters, then load the tables it reports on."""

from __future__ import annotations

import types
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.parameters import coerce
from analysis.paths import FIGURES, ROOT
from analysis.plots import use_theme
from analysis.stance import Target
from analysis.tables import build_tables

_IPYTHON_NAMES = {"In", "Out", "get_ipython", "exit", "quit", "open"}


def check_parameters(namespace: dict, declared: str) -> None:
    """Fail on any parameter the notebook does not declare, and on a value of the wrong type;
    text given for a boolean ("false") or a number given for text becomes the declared type.

    Call right after the `parameters` cell: papermill injects unknown names without
    complaint, so any global that is not declared, private or a module is one of them.
    """
    allowed = set(declared.split())
    unknown = sorted(
        name for name, value in namespace.items()
        if not name.startswith("_") and name not in allowed and name not in _IPYTHON_NAMES
        and not isinstance(value, (types.ModuleType, types.FunctionType, type))
    )
    if unknown:
        raise ValueError(f"unknown parameter(s): {', '.join(unknown)} (this notebook declares: {declared})")
    for name in allowed & set(namespace):
        namespace[name] = coerce(name, namespace[name])


def resolve(path: str | Path) -> Path:
    """A parameter path: absolute as given, relative to the project root otherwise."""
    path = Path(path)
    return path if path.is_absolute() else ROOT / path


@dataclass(frozen=True)
class Study:
    corpus: Path
    target: Target
    figures: Path
    tables: dict[str, pd.DataFrame]

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


@lru_cache(maxsize=4)
def _tables(corpus: Path, target: Target, exclude_self: bool) -> dict[str, pd.DataFrame]:
    tables, _ = build_tables(corpus, target=target, exclude_self=exclude_self)
    return tables


def figures_folder(figures: str, parameters: dict[str, object]) -> Path:
    """Where a notebook writes its charts: `figures` if given, else the run's own folder
    (reports/<run>/figures), and for the README's run the tracked figures/ folder."""
    if figures:
        return resolve(figures)
    from analysis.reports import default_out, is_readme_run

    return FIGURES if is_readme_run(parameters) else default_out(parameters) / "figures"


def study(*, corpus: str, target: str, aliases: str, figures: str, exclude_self: bool = False) -> Study:
    """Tables for a corpus and target, with the suite's chart theme switched on."""
    use_theme()
    names = tuple(a.strip() for a in aliases.split(",") if a.strip())
    tgt = Target(target.strip(), names)
    folder = figures_folder(figures, {"corpus": corpus, "target": target, "aliases": aliases, "exclude_self": exclude_self})
    return Study(resolve(corpus), tgt, folder, _tables(resolve(corpus), tgt, exclude_self))
