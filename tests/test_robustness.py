"""Bad input, hostile input and failures: one-line errors, no writes outside --out, no crash,
no half-written or stale output (docs/robustness.md lists every case)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import pipeline as pipeline_module
from analysis import tables as tables_module
from analysis.cli import main
from analysis.errors import InputError
from analysis.outputs import MARKER
from analysis.parameters import coerce, parse, run_name
from analysis.paths import ROOT, SEEDS
from analysis.stance import Target
from analysis.study import build_tables

MANIFEST = "doc_id,file,outlet,group,published\n"


def _corpus(folder: Path, texts: dict[str, str], *, manifest: str = "") -> Path:
    folder.mkdir(parents=True)
    rows = manifest or MANIFEST + "".join(f"{doc_id},{doc_id}.txt,Outlet {doc_id},g,2021-03-04\n" for doc_id in texts)
    (folder / "manifest.csv").write_text(rows, encoding="utf-8")
    for doc_id, text in texts.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    return folder


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True, cwd=ROOT)


ARTICLE = (
    "IBM leaves the business\n\n"
    "IBM said on Monday it would stop selling the software. \u201cThis is a welcome step,\u201d said Jane Roe, "
    "a researcher at the Civic Lab.\n\n"
    "Critics were less kind. \u201cIt is too little, too late,\u201d she said.\n"
)


@pytest.mark.parametrize(
    "text",
    [
        "IBM\u2019sdecision was praised. \u201cGood,\u201d said Ann Lee of IBM\u2019sboard.\n",  # glued possessive
        "The Wet'suwet'en Nation said \u201cno pipeline on our land.\u201d Wet'suwet'en chiefs agreed.\n",
        "IBM\x00 said\x07 \u201cwe\x1b are\x0c done,\u201d\x0b said Bo\x1cb Smith\u2028Jones.\x7f\n",
        "\u201cUnclosed quote by IBM said Jane Roe. " * 400 + "\n",  # a very long line
        "\u201d\u201c\u201d\u201d \u2018 ' \" \u00ab IBM \u00bb said ' \u201c\n\n> quoted\n> block: said\n",
        "\u00c9mile Z\u00f6la d\u2019Arc, O\u2019Neil-\u0160midt and \u674e\u660e said IBM\u2019s \U0001f600 move was \u201cbold.\u201d\n",
    ],
    ids=["glued possessive", "apostrophe name", "control characters", "long line", "mixed marks", "unicode names"],
)
def test_hostile_text_never_crashes(tmp_path, text):
    corpus = _corpus(tmp_path / "c", {"a": ARTICLE, "b": text})
    tables, _ = build_tables(corpus, strict=True)
    assert set(tables["documents"].doc_id) == {"a", "b"}
    assert tables["problems"].empty


def test_control_characters_are_listed_as_repairs(tmp_path):
    tables, texts = build_tables(_corpus(tmp_path / "c", {"a": ARTICLE + "More\x00 text\x1b here about IBM.\n"}))
    repairs = tables["repairs"]
    assert set(repairs[repairs.kind == "control character"].before) == {"U+0000", "U+001B"}
    assert "\x00" not in texts["a"] and "\x1b" not in texts["a"]


def test_a_document_failing_at_any_stage_is_listed_and_left_out(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path / "c", {"a": ARTICLE, "b": ARTICLE.replace("Jane", "Mary"), "c": ARTICLE})
    original = pipeline_module.extract

    def broken(doc, **kwargs):
        if doc.doc_id == "b":
            raise RuntimeError("boom")
        return original(doc, **kwargs)

    monkeypatch.setattr(pipeline_module, "extract", broken)
    tables, texts = build_tables(corpus)
    assert tables["problems"].to_dict("records") == [{"doc_id": "b", "stage": "quotes", "error": "RuntimeError: boom"}]
    assert list(tables["documents"].doc_id) == ["a", "c"] and set(texts) == {"a", "c"}
    assert set(tables["sentences"].doc_id) == {"a", "c"} and set(tables["quotes"].doc_id) == {"a", "c"}
    with pytest.raises(InputError, match="document b: quotes: RuntimeError: boom"):
        build_tables(corpus, strict=True)


def test_a_document_failing_when_scored_is_left_out_everywhere(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path / "c", {"a": ARTICLE, "b": ARTICLE})
    original = pipeline_module.sentence_stance

    def broken(text, **kwargs):
        if "Monday" in text and kwargs["target"].name == "IBM" and broken.calls == 0:
            broken.calls += 1
            raise ValueError("bad")
        return original(text, **kwargs)

    broken.calls = 0
    monkeypatch.setattr(pipeline_module, "sentence_stance", broken)
    tables, _ = build_tables(corpus)
    assert tables["problems"].to_dict("records") == [{"doc_id": "a", "stage": "stance", "error": "ValueError: bad"}]
    assert list(tables["documents"].doc_id) == ["b"]
    assert set(tables["sentences"].doc_id) == {"b"} and set(tables["quotes"].doc_id) == {"b"}


def test_when_every_document_fails_it_is_an_error(tmp_path):
    corpus = _corpus(tmp_path / "c", {"a": "Subscribe to our daily newsletter\n"})
    with pytest.raises(InputError, match=r"no document of .* could be processed"):
        build_tables(corpus)


def test_a_document_over_the_size_limit_is_refused_with_its_size(tmp_path):
    corpus = _corpus(tmp_path / "c", {"a": ARTICLE, "big": ARTICLE * 40})
    result = _run("tables", "--corpus", str(corpus), "--out", str(tmp_path / "out"), "--max-doc-mb", "0.002")
    assert result.returncode == 0 and "over the 0.002 MB limit" in result.stderr
    assert list(pd.read_csv(tmp_path / "out" / "problems.csv").doc_id) == ["big"]
    result = _run("tables", "--corpus", str(corpus), "--out", str(tmp_path / "all"), "--max-doc-mb", "0")
    assert result.returncode == 0 and not result.stderr and len(pd.read_csv(tmp_path / "all" / "documents.csv")) == 2


# --- output folders ---------------------------------------------------------------------


def test_output_replaces_only_folders_it_made(tmp_path):
    corpus = _corpus(tmp_path / "c", {"a": ARTICLE})
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "thesis.docx").write_text("years of work", encoding="utf-8")
    result = _run("tables", "--corpus", str(corpus), "--out", str(foreign))
    assert result.returncode == 2 and "holds files this tool did not write" in result.stderr
    assert (foreign / "thesis.docx").read_text(encoding="utf-8") == "years of work"
    for out, message in [
        (corpus, "would replace"),
        (tmp_path, "would replace"),
        (ROOT, "would replace"),
        (corpus / "manifest.csv", "is not a folder"),
        (corpus / "manifest.csv" / "sub", ""),
    ]:
        result = _run("tables", "--corpus", str(corpus), "--out", str(out))
        assert result.returncode == 2 and result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert sorted(p.name for p in corpus.iterdir()) == ["a.txt", "manifest.csv"]


def test_a_rerun_leaves_no_stale_file(tmp_path):
    out = tmp_path / "out"
    assert main(["tables", "--corpus", str(SEEDS), "--out", str(out)]) == 0
    assert len(list((out / "cleaned").iterdir())) == 5
    (out / "notes-from-an-old-version.csv").write_text("x", encoding="utf-8")
    corpus = _corpus(tmp_path / "c", {"a": ARTICLE})
    assert main(["tables", "--corpus", str(corpus), "--out", str(out)]) == 0
    assert [p.name for p in (out / "cleaned").iterdir()] == ["a.txt"]
    assert not (out / "notes-from-an-old-version.csv").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]


def test_a_failed_write_keeps_the_earlier_output_whole(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert main(["tables", "--corpus", str(SEEDS), "--out", str(out)]) == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    calls = []
    original = pd.DataFrame.to_csv

    def failing(self, path, *args, **kwargs):
        calls.append(path)
        if len(calls) == 5:
            raise OSError(28, "No space left on device", str(path))
        return original(self, path, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_csv", failing)
    assert main(["tables", "--corpus", str(SEEDS), "--out", str(out), "--target", "Amazon"]) == 2
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]


def test_a_folder_where_a_table_goes_is_no_obstacle(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / MARKER).write_text("", encoding="utf-8")
    (out / "sentences.csv").mkdir()
    assert main(["tables", "--corpus", str(SEEDS), "--out", str(out)]) == 0
    assert (out / "sentences.csv").is_file()


def test_an_internal_error_is_one_line_and_debug_shows_the_traceback(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(tables_module, "framing_tables", lambda *a, **k: {}["missing"])
    assert main(["tables", "--corpus", str(SEEDS), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: internal error (KeyError: 'missing')") and "--debug" in err
    assert not (tmp_path / "out").exists()
    with pytest.raises(KeyError):
        main(["--debug", "tables", "--corpus", str(SEEDS), "--out", str(tmp_path / "out")])


# --- parameters ----------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [("true", True), ("False", False), ("yes", True), ("0", False), (True, True)])
def test_booleans_take_only_true_or_false_forms(value, expected):
    assert coerce("exclude_self", value) is expected


@pytest.mark.parametrize("value", ["maybe", "", "2", "tru"])
def test_other_values_for_a_boolean_are_errors(value):
    with pytest.raises(ValueError, match="exclude_self must be true or false"):
        coerce("exclude_self", value)


def test_text_parameters_stay_text():
    assert parse(["target=true", "aliases=1,2"]) == {"target": "true", "aliases": "1,2"}
    assert coerce("target", 2020) == "2020"  # papermill -p target 2020 gives a number
    with pytest.raises(ValueError, match="target must not be empty"):
        coerce("target", " ")
    with pytest.raises(ValueError, match="is not NAME=VALUE"):
        parse(["target"])


def test_report_rejects_a_bad_parameter_in_one_line_before_running(tmp_path):
    for pair, message in [
        ("exclude_self=maybe", "exclude_self must be true or false"),
        ("colour=red", "unknown parameter(s): colour"),
        ("target=", "target must not be empty"),
    ]:
        result = _run("report", "--out", str(tmp_path / "r"), "-p", pair)
        assert result.returncode == 2 and result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert not (tmp_path / "r").exists()


def test_plain_papermill_rejects_a_bad_boolean(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "papermill",
            str(ROOT / "notebooks" / "01_corpus.ipynb"),
            str(tmp_path / "out.ipynb"),
            "-p",
            "exclude_self",
            "maybe",
            "-p",
            "figures",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode != 0 and "exclude_self must be true or false, not 'maybe'" in result.stdout + result.stderr


def test_each_corpus_and_target_has_its_own_run_folder(tmp_path):
    seeds = run_name({}, default_corpus=SEEDS)
    assert seeds == "seeds-ibm" == run_name({"corpus": "seeds", "target": "IBM"}, default_corpus=SEEDS)
    assert run_name({"target": "Amazon"}, default_corpus=SEEDS) == "seeds-amazon"
    names = {
        seeds,
        run_name({"target": "Amazon"}, default_corpus=SEEDS),
        run_name({"exclude_self": True}, default_corpus=SEEDS),
        run_name({"corpus": str(tmp_path / "a" / "news")}, default_corpus=SEEDS),
        run_name({"corpus": str(tmp_path / "b" / "news")}, default_corpus=SEEDS),
    }
    assert len(names) == 5
    assert all(n == n.casefold() and "/" not in n for n in names)


def test_a_target_is_never_a_path():
    assert run_name({"target": "../../etc"}, default_corpus=SEEDS) == "seeds-etc"
    assert Target("../x").name == "../x"  # a name, used in text, never joined to a path
