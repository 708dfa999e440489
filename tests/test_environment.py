"""environment.yml and pyproject.toml pin the same packages."""

from __future__ import annotations

import re
import tomllib

from analysis.paths import ROOT


def _pyproject_pins() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {p.lower() for p in project["dependencies"] + [pin for extra in project["optional-dependencies"].values() for pin in extra]}


def _conda_pins() -> set[str]:
    text = (ROOT / "environment.yml").read_text()
    return {m.lower() for m in re.findall(r"^\s+- ([A-Za-z0-9_.-]+==[^\s]+)\s*$", text, flags=re.M)}


def test_pins_agree():
    assert _pyproject_pins() == _conda_pins()


def test_every_dependency_is_pinned():
    assert all("==" in pin for pin in _pyproject_pins())


def test_environment_uses_python_311():
    assert re.search(r"^\s+- python=3\.11\s*$", (ROOT / "environment.yml").read_text(), flags=re.M)
