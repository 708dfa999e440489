from __future__ import annotations

from pathlib import Path

import pytest

from analysis.corpus import load_corpus, read_manifest
from analysis.errors import InputError
from analysis.paths import SEEDS

SHARED_SEEDS = SEEDS.parent.parent / "shared" / "seeds"


def test_seed_manifest_lists_every_text_file():
    rows = read_manifest(SEEDS)
    assert sorted(r["file"] for r in rows) == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert [r["group"] for r in rows] == ["sympathetic", "sympathetic", "regional", "sympathetic", "skeptical"]


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="../shared/seeds not beside the project")
@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_seeds_are_byte_for_byte_copies(name):
    assert (SEEDS / name).read_bytes() == (SHARED_SEEDS / name).read_bytes()


def test_load_keeps_leading_zeros_and_metadata():
    docs = load_corpus(SEEDS)
    assert [d.doc_id for d in docs] == ["000", "001", "002", "003", "004"]
    assert docs[3].meta["original_outlet"] == "EFF Deeplinks"


def _write(corpus: Path, manifest: str, files: dict[str, bytes]) -> Path:
    corpus.mkdir()
    (corpus / "manifest.csv").write_text(manifest, encoding="utf-8")
    for name, data in files.items():
        (corpus / name).write_bytes(data)
    return corpus


GOOD = "doc_id,file,outlet,group,published\n"


@pytest.mark.parametrize(
    ("manifest", "files", "message"),
    [
        ("doc_id,file,outlet\na,a.txt,X\n", {"a.txt": b"Text."}, "missing required column(s): group, published"),
        (GOOD + "a,a.txt,X,g,2020\na,b.txt,Y,g,2020\n", {"a.txt": b"A.", "b.txt": b"B."}, "duplicate doc_id 'a'"),
        (GOOD + "a,missing.txt,X,g,2020\n", {}, "document file not found"),
        (GOOD + "a,a.txt,X,g,2020\n", {"a.txt": "caf\u00e9".encode("latin-1")}, "is not UTF-8"),
        (GOOD + "a,a.txt,X,g,2020\n", {"a.txt": b"  \n\n"}, "document is empty"),
        (GOOD, {}, "no documents listed"),
        (GOOD + ",a.txt,X,g,2020\n", {"a.txt": b"A."}, "empty doc_id or file"),
    ],
)
def test_bad_input_is_a_clear_error(tmp_path, manifest, files, message):
    corpus = _write(tmp_path / "c", manifest, files)
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_corpus(corpus)


def test_missing_folder_and_manifest(tmp_path):
    with pytest.raises(InputError, match="corpus folder not found"):
        load_corpus(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="manifest not found"):
        load_corpus(tmp_path / "empty")
