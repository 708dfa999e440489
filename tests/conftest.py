"""Shared fixtures: the seed corpus processed once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.paths import SEEDS
from analysis.pipeline import process
from analysis.study import build_tables


@pytest.fixture(scope="session")
def seeds_processed():
    return {p.doc.doc_id: p for p in process(SEEDS)}


@pytest.fixture(scope="session")
def seed_tables():
    tables, _ = build_tables(SEEDS)
    return tables


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target
