"""The study: built once (on any engine, with the same tables), written, read back and reused."""

from __future__ import annotations

import json
import shutil
import sys

import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.paths import ROOT, SEEDS
from analysis.stance import Target
from analysis.study import build_study, ensure_study, is_current, load_study, parameters_of, write_study
from analysis.tables import FLOAT_FORMAT

sys.path.insert(0, str(ROOT / "benchmarks"))
from scale import synthetic_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Forty articles recombined from real paragraphs (seeds, and the shared GGT corpus when present)."""
    folder = tmp_path_factory.mktemp("synthetic") / "corpus"
    synthetic_corpus(folder, 40)
    return folder


def _csv(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    return {name: frame.to_csv(index=False, float_format=FLOAT_FORMAT, lineterminator="\n") for name, frame in tables.items()}


@pytest.fixture(scope="module")
def one_process(corpus):
    return build_study(corpus, jobs=1)


def test_a_pool_of_processes_gives_the_same_tables(corpus, one_process):
    assert _csv(build_study(corpus, jobs=2).tables) == _csv(one_process.tables)


def test_a_dask_cluster_gives_the_same_tables(corpus, one_process):
    pytest.importorskip("dask.distributed")
    study = build_study(corpus, jobs=2, engine="dask")
    assert study.info["engine"] == "dask"
    assert _csv(study.tables) == _csv(one_process.tables)


def test_written_study_reads_back_the_same(one_process, tmp_path):
    write_study(one_process, tmp_path / "study")
    loaded = load_study(tmp_path / "study")
    assert set(loaded.tables) == set(one_process.tables)
    assert _csv(loaded.tables) == _csv(one_process.tables)
    assert loaded.parameters == one_process.parameters
    doc_id = one_process["documents"].doc_id.iloc[0]
    assert loaded.text(doc_id) == one_process.text(doc_id)


def test_tables_and_parquet_files_are_byte_identical_run_to_run(corpus, tmp_path):
    for name in ("a", "b"):
        write_study(build_study(corpus, jobs=2), tmp_path / name)
    for path in sorted((tmp_path / "a").glob("*.*")):
        if path.name != "study.json":  # it records timings
            assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name


def test_a_current_study_is_reused_and_a_changed_one_rebuilt(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    out = tmp_path / "study"
    _, reused = ensure_study(out, corpus)
    assert not reused and is_current(out, corpus, parameters_of(corpus, target=Target("IBM"), exclude_self=False, max_bytes=2_000_000))
    assert ensure_study(out, corpus)[1]
    assert not ensure_study(out, corpus, target=Target("Amazon"))[1]  # other parameters
    first = sorted(corpus.glob("0*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nOne more line about IBM.\n", encoding="utf-8")
    assert not ensure_study(out, corpus, target=Target("Amazon"))[1]  # other content
    assert json.loads((out / "study.json").read_text())["parameters"]["target"] == "Amazon"


def test_another_target_reuses_every_analysis_from_the_cache(tmp_path):
    first = build_study(SEEDS, cache_dir=tmp_path / "cache")
    assert first.info["cached_documents"] == 0
    amazon = build_study(SEEDS, target=Target("Amazon"), cache_dir=tmp_path / "cache")
    assert amazon.info["cached_documents"] == 5
    uncached = build_study(SEEDS, target=Target("Amazon"))
    assert _csv(amazon.tables) == _csv(uncached.tables)


def test_a_corrupt_cache_entry_is_computed_again(tmp_path):
    build_study(SEEDS, cache_dir=tmp_path / "cache")
    for path in (tmp_path / "cache").rglob("*.json"):
        path.write_text("{not json", encoding="utf-8")
    assert _csv(build_study(SEEDS, cache_dir=tmp_path / "cache").tables) == _csv(build_study(SEEDS).tables)


def test_a_folder_that_is_not_a_study_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="is not a study folder"):
        load_study(tmp_path)
