"""The command line on the seeds and on bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main
from analysis.paths import ROOT, SEEDS

BOILERPLATE = [
    "Subscribe to our daily newsletter",
    "More information about the cypherpunks mailing list",
    "Advertisement. Scroll to continue reading.",
    "Se7en",
    "Podcast Download URL",
    "300x250 Ad",
    "About the Author",
    "wordpress blog stats",
    "Image copyright",
    "(link)",
]
ARTEFACTS = ["quot;", "& # 39;", "&#39;", "[1]", "\u00a0"]
SENTENCES = [
    (
        "001",
        "Analysts who track IBM have noted that the company's facial recognition did not pull in much revenue, suggesting that the decision perhaps made good business sense.",
    ),
    ("003", "The belief that police and other government use of this technology can be responsibly regulated is wrong."),
    ("004", 'An activist said it was a "cynical" move by a company that has been instrumental in creating technology for the police.'),
    (
        "000",
        "Deborah Raji, a technology fellow at the AI Now Institute, noted that the company has somewhat quietly removed the ability to perform facial recognition from its API last fallwhile warning that IBM was far from the most dangerous provider of this technology.",
    ),
    ("002", "And the US is not the only one."),
]


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("tables")
    assert main(["tables", "--corpus", str(SEEDS), "--out", str(out)]) == 0
    return out


def _read(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / f"{name}.csv", dtype={"doc_id": str}, keep_default_na=False)


def test_tables_have_required_columns(out):
    required = {
        "documents": ["doc_id", "outlet", "group", "published", "n_paragraphs", "n_sentences", "n_words", "n_removed_lines"],
        "sentences": ["doc_id", "sent_id", "paragraph", "start", "end", "text"],
        "removed": ["doc_id", "line_no", "text", "reason"],
        "quotes": ["doc_id", "speaker", "self", "quote", "sentiment", "stance", "stance_score", "stance_cue"],
        "speakers": ["speaker", "self", "sentiment", "stance", "stance_score"],
        "outlets": ["outlet", "group", "n_docs", "n_quotes", "sentiment", "stance_score", "stance_ci_low", "stance_ci_high"],
    }
    required["documents"] += ["sentiment", "stance_score"]
    required["sentences"] += ["sentiment", "stance", "stance_score", "stance_cue"]
    for name, columns in required.items():
        assert set(columns) <= set(_read(out, name).columns), name
    assert list(_read(out, "documents").doc_id) == ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("phrase", BOILERPLATE + ARTEFACTS)
def test_no_boilerplate_or_artefact_remains(out, phrase):
    text = "\n".join(_read(out, "sentences").text)
    assert phrase not in text


@pytest.mark.parametrize(("doc_id", "sentence"), SENTENCES)
def test_named_sentences_survive_intact(out, doc_id, sentence):
    sents = _read(out, "sentences")
    assert sentence in set(sents[sents.doc_id == doc_id].text)


def test_offsets_point_into_cleaned_text(out):
    sents = _read(out, "sentences")
    for doc_id, rows in sents.groupby("doc_id"):
        text = (out / "cleaned" / f"{doc_id}.txt").read_text(encoding="utf-8")
        for row in rows.itertuples():
            assert text[row.start : row.end] == row.text


def test_removed_lines_match_document_counts(out):
    docs = _read(out, "documents").set_index("doc_id")
    removed = _read(out, "removed").groupby("doc_id").size()
    assert (docs.n_removed_lines == removed.reindex(docs.index, fill_value=0)).all()


def test_output_is_deterministic(out, tmp_path):
    assert main(["tables", "--corpus", str(SEEDS), "--out", str(tmp_path)]) == 0
    for path in sorted(out.glob("*.csv")):
        assert path.read_bytes() == (tmp_path / path.name).read_bytes(), path.name


def test_added_document_shows_up(corpus_copy, tmp_path):
    (corpus_copy / "new.txt").write_text(
        "A new headline about Amazon\n\nAmazon said on Wednesday it would pause police use of Rekognition for a year.\n",
        encoding="utf-8",
    )
    with open(corpus_copy / "manifest.csv", "a", encoding="utf-8") as f:
        f.write("new,new.txt,Example Times,sympathetic,2020-06-11,,,US,\n")
    out = tmp_path / "out"
    assert main(["tables", "--corpus", str(corpus_copy), "--out", str(out)]) == 0
    docs = _read(out, "documents")
    assert "new" in set(docs.doc_id)
    sents = _read(out, "sentences")
    assert "Amazon said on Wednesday it would pause police use of Rekognition for a year." in set(sents.text)


def _tables(corpus: Path, out: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", "tables", "--corpus", str(corpus), "--out", str(out), *options],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (lambda c: (c / "manifest.csv").write_text("doc_id,file\n000,x.txt\n"), "missing required column"),
        (
            lambda c: (c / "manifest.csv").write_text((c / "manifest.csv").read_text() + "000,x.txt,X,g,2020-01-01\n"),
            "duplicate doc_id",
        ),
        (lambda c: (c / "manifest.csv").write_text((c / "manifest.csv").read_text() + "x,x.txt,X,g,yesterday\n"), "not an ISO date"),
        (lambda c: (c / "manifest.csv").write_text((c / "manifest.csv").read_text() + "../x,x.txt,X,g,2020-01-01\n"), "not an identifier"),
        (lambda c: (c / "speakers.csv").write_text("who,role\nX,media\n"), "missing required column: name"),
        (lambda c: (c / "speakers.csv").write_bytes("name\nJos\u00e9\n".encode("latin-1")), "is not UTF-8"),
        (lambda c: (c / "speakers.csv").write_text("name,role\nX,journalism\n"), "is not one of"),
    ],
)
def test_bad_corpus_exits_2_with_one_line_and_writes_nothing(corpus_copy, tmp_path, breakage, message):
    breakage(corpus_copy)
    out = tmp_path / "out"
    result = _tables(corpus_copy, out)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (lambda c: (c / "000_79ff8d730f7e7bd5.txt").unlink(), "document file not found"),
        (lambda c: (c / "000_79ff8d730f7e7bd5.txt").write_bytes(b"\xff\xfe bad bytes"), "is not UTF-8"),
        (lambda c: (c / "000_79ff8d730f7e7bd5.txt").write_text(""), "document is empty"),
        (lambda c: (c / "000_79ff8d730f7e7bd5.txt").write_text("Subscribe to our daily newsletter\n"), "no article text left"),
    ],
)
def test_a_broken_document_is_listed_and_the_rest_goes_on(corpus_copy, tmp_path, breakage, message):
    breakage(corpus_copy)
    result = _tables(corpus_copy, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("\n") == 1 and "warning: document 000 skipped" in result.stderr and message in result.stderr
    problems = _read(tmp_path / "out", "problems")
    assert list(problems.doc_id) == ["000"] and message in problems.error[0]
    assert list(_read(tmp_path / "out", "documents").doc_id) == ["001", "002", "003", "004"]
    assert sorted(p.name for p in (tmp_path / "out" / "cleaned").iterdir()) == ["001.txt", "002.txt", "003.txt", "004.txt"]
    strict = _tables(corpus_copy, tmp_path / "strict", "--strict")
    assert strict.returncode == 2 and strict.stderr.count("\n") == 1 and strict.stderr.startswith("error: document 000")
    assert not (tmp_path / "strict").exists()


def test_unknown_option_is_an_error(tmp_path):
    result = subprocess.run([sys.executable, "-m", "analysis", "tables", "--colour", "red"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2 and "unrecognized arguments" in result.stderr


def test_target_and_alias_options(tmp_path):
    out = tmp_path / "amazon"
    assert main(["tables", "--corpus", str(SEEDS), "--out", str(out), "--target", "Amazon", "--alias", "AWS"]) == 0
    speakers = _read(out, "speakers").set_index("speaker")
    assert str(speakers.loc["Amazon", "self"]) == "True" and str(speakers.loc["Arvind Krishna", "self"]) == "False"
    assert main(["tables", "--corpus", str(SEEDS), "--out", str(tmp_path / "x"), "--target", " "]) == 2
    assert not (tmp_path / "x").exists()


def test_several_targets_give_target_columns(tmp_path):
    out = tmp_path / "three"
    args = ["tables", "--corpus", str(SEEDS), "--out", str(out), "--target", "IBM", "--target", "Amazon=AWS", "--target", "Microsoft"]
    assert main(args) == 0
    group_stance = _read(out, "group_stance")
    assert group_stance.columns[0] == "target" and set(group_stance.target) == {"IBM", "Amazon", "Microsoft"}
    quotes = _read(out, "quotes")
    assert len(quotes) == 3 * quotes[quotes.target == "IBM"].shape[0]
    assert "target" not in _read(out, "paragraphs").columns  # the same for every target: kept once
    speakers = _read(out, "speakers")
    assert str(speakers[(speakers.target == "Amazon") & (speakers.speaker == "Amazon")]["self"].iloc[0]) == "True"
    assert main(["tables", "--corpus", str(SEEDS), "--out", str(tmp_path / "y"), "--target", "IBM", "--target", "ibm"]) == 2


def test_framing_tables_are_written(out):
    assert list(_read(out, "frames").columns) == ["doc_id", "outlet", "group", "frame", "n_sentences", "share"]
    assert list(_read(out, "keyterms").columns) == ["group", "term", "count", "log_odds_z", "g2"]
    frames = _read(out, "frames")
    assert len(frames) == 15 * 5 and frames.frame.nunique() == 15


def test_tables_are_identical_across_processes_and_hash_seeds(tmp_path):
    """Set and dict order must never reach an output: two runs under different hash seeds."""
    import os
    import subprocess
    import sys

    from analysis.paths import ROOT

    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "analysis", "tables", "--out", str(tmp_path / seed), "--target", "Amazon"],
            check=True,
            cwd=ROOT,
            env=env,
            capture_output=True,
        )
    for path in sorted((tmp_path / "1").glob("*.csv")):
        assert path.read_bytes() == (tmp_path / "2" / path.name).read_bytes(), path.name
