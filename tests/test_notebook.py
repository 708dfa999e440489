"""analysis.notebook: the first cell every notebook runs after its parameters."""

from __future__ import annotations

import types

import pytest

from analysis.notebook import check_parameters, resolve, study
from analysis.paths import ROOT


def test_undeclared_parameter_is_rejected():
    namespace = {"corpus": "seeds", "target": "IBM", "colour": "red", "pd": types.ModuleType("pd"), "_private": 1}
    with pytest.raises(ValueError, match="unknown parameter\\(s\\): colour"):
        check_parameters(namespace, "corpus target")
    check_parameters({k: v for k, v in namespace.items() if k != "colour"}, "corpus target")


def test_paths_are_relative_to_the_project():
    assert resolve("seeds") == ROOT / "seeds"
    assert resolve("/tmp/x").is_absolute() and str(resolve("/tmp/x")) == "/tmp/x"


def test_study_reads_aliases_and_tables(tmp_path):
    s = study(corpus="seeds", target="IBM", aliases="Big Blue, International Business Machines", figures=str(tmp_path))
    assert s.target.names == ("IBM", "Big Blue", "International Business Machines")
    assert {"documents", "quotes", "outlets", "frames", "keyterms"} <= set(s.tables)
    assert s.figures == tmp_path
