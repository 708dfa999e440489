from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis.corpus import load_corpus, read_manifest
from analysis.errors import InputError, Problems
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
        (GOOD + "a,a.txt,X,g,2020-01-01\na,b.txt,Y,g,2020-01-01\n", {"a.txt": b"A.", "b.txt": b"B."}, "duplicate doc_id 'a'"),
        (GOOD + "a,missing.txt,X,g,2020-01-01\n", {}, "document file not found"),
        (GOOD + "a,a.txt,X,g,2020-01-01\n", {"a.txt": "caf\u00e9".encode("latin-1")}, "is not UTF-8"),
        (GOOD + "a,a.txt,X,g,2020-01-01\n", {"a.txt": b"  \n\n"}, "document is empty"),
        (GOOD, {}, "no documents listed"),
        (GOOD + ",a.txt,X,g,2020-01-01\n", {"a.txt": b"A."}, "empty doc_id or file"),
        (GOOD + "a,a.txt,X,g,2020\n", {"a.txt": b"A."}, "published '2020' is not an ISO date"),
        (GOOD + "a,a.txt,X,g,yesterday\n", {"a.txt": b"A."}, "published 'yesterday' is not an ISO date"),
        (GOOD + "a,a.txt,X,g,2020-02-30\n", {"a.txt": b"A."}, "published '2020-02-30' is not an ISO date"),
    ],
)
def test_bad_input_is_a_clear_error(tmp_path, manifest, files, message):
    corpus = _write(tmp_path / "c", manifest, files)
    with pytest.raises(InputError, match=re.escape(message)):
        load_corpus(corpus)


@pytest.mark.parametrize("doc_id", ["/tmp/victim", "../../x", "a/b", "a\\b", ".hidden", "..", "a b", "x" * 129, "caf\u00e9", "a:b"])
def test_a_doc_id_is_an_identifier_not_a_path(tmp_path, doc_id):
    corpus = _write(tmp_path / "c", GOOD + f'"{doc_id}",a.txt,X,g,2020-01-01\n', {"a.txt": b"A."})
    with pytest.raises(InputError, match="is not an identifier"):
        read_manifest(corpus)


@pytest.mark.parametrize("doc_id", ["000", "a-b_c.d", "n01", "A" * 128])
def test_identifiers_are_accepted(tmp_path, doc_id):
    corpus = _write(tmp_path / "c", GOOD + f"{doc_id},a.txt,X,g,2020-01-01\n", {"a.txt": b"A."})
    assert [r["doc_id"] for r in read_manifest(corpus)] == [doc_id]


def test_a_file_must_stay_inside_the_corpus_folder(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("The secret.", encoding="utf-8")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "link.txt").symlink_to(secret)
    for file in ("../secret.txt", str(secret), "link.txt", "sub/../../secret.txt", "."):
        (tmp_path / "c" / "manifest.csv").write_text(GOOD + f"a,{file},X,g,2020-01-01\n", encoding="utf-8")
        with pytest.raises(InputError, match="outside the corpus folder"):
            load_corpus(tmp_path / "c")


def test_a_file_in_a_subfolder_is_fine(tmp_path):
    corpus = _write(tmp_path / "c", GOOD + "a,sub/a.txt,X,g,2020-01-01\n", {})
    (corpus / "sub").mkdir()
    (corpus / "sub" / "a.txt").write_text("Text here.", encoding="utf-8")
    assert load_corpus(corpus)[0].raw == "Text here."


def test_unreadable_documents_are_problems_not_failures(tmp_path):
    corpus = _write(
        tmp_path / "c",
        GOOD + "a,a.txt,X,g,2020-01-01\nb,b.txt,X,g,2020-01-01\nc,c.txt,X,g,2020-01-01\n",
        {"a.txt": b"Fine text.", "b.txt": b"\xff\xfe", "c.txt": b"x" * 2000},
    )
    problems = Problems()
    docs = load_corpus(corpus, problems=problems, max_bytes=1000)
    assert [d.doc_id for d in docs] == ["a"]
    assert [(p.doc_id, p.stage) for p in problems.items] == [("b", "read"), ("c", "read")]
    assert "not UTF-8" in problems.items[0].error and "over the 0.001 MB limit" in problems.items[1].error
    with pytest.raises(InputError, match=r"document b: read: b\.txt is not UTF-8"):
        load_corpus(corpus, problems=Problems(strict=True))


def test_missing_folder_and_manifest(tmp_path):
    with pytest.raises(InputError, match="corpus folder not found"):
        load_corpus(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="manifest not found"):
        load_corpus(tmp_path / "empty")
