"""analysis.notebook: the first cell every notebook runs after its parameters."""

from __future__ import annotations

import types

import pytest

from analysis.notebook import check_parameters, open_study, resolve
from analysis.paths import ROOT


def test_undeclared_parameter_is_rejected():
    namespace = {"corpus": "seeds", "target": "IBM", "colour": "red", "pd": types.ModuleType("pd"), "_private": 1}
    with pytest.raises(ValueError, match="unknown parameter\\(s\\): colour"):
        check_parameters(namespace, "corpus target")
    check_parameters({k: v for k, v in namespace.items() if k != "colour"}, "corpus target")


def test_paths_are_relative_to_the_project():
    assert resolve("seeds") == ROOT / "seeds"
    assert resolve("/tmp/x").is_absolute() and str(resolve("/tmp/x")) == "/tmp/x"


def test_open_study_reads_a_study_folder_and_checks_its_parameters(tmp_path):
    from analysis.stance import Target
    from analysis.study import build_study, write_study

    write_study(build_study(ROOT / "seeds", target=Target("IBM", ("Big Blue", "International Business Machines"))), tmp_path / "study")
    s = open_study(
        study=str(tmp_path / "study"),
        corpus="seeds",
        target="IBM",
        aliases="Big Blue, International Business Machines",
        figures=str(tmp_path / "figures"),
    )
    assert s.target.names == ("IBM", "Big Blue", "International Business Machines")
    assert {"documents", "quotes", "outlets", "frames", "keyterms", "group_stance", "travelling_quotes"} <= set(s.tables)
    assert s.figures == tmp_path / "figures"
    with pytest.raises(ValueError, match="built for other parameters: target 'IBM' \\(asked: 'Amazon'\\)"):
        open_study(
            study=str(tmp_path / "study"), corpus="seeds", target="Amazon", aliases="Big Blue, International Business Machines", figures=""
        )


def test_open_study_builds_the_run_folders_study_once(tmp_path, monkeypatch):
    import analysis.reports as reports

    monkeypatch.setattr(reports, "REPORTS", tmp_path / "reports")
    first = open_study(corpus="seeds", target="Amazon", aliases="", figures="")
    assert first.path == tmp_path / "reports" / "seeds-amazon" / "study"
    assert first.figures == tmp_path / "reports" / "seeds-amazon" / "figures"
    stamp = (first.path / "study.json").stat().st_mtime_ns
    again = open_study(corpus="seeds", target="Amazon", aliases="", figures="")
    assert (again.path / "study.json").stat().st_mtime_ns == stamp  # read, not built again
