"""Import: news exports (CSV, JSON lines) to a corpus folder, with groups, dates, duplicates and
a log of every row; the imported corpus gives the tables the same texts give written by hand."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import json
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main
from analysis.corpus import read_manifest
from analysis.errors import InputError
from analysis.ingest import LOG, UNGROUPED, import_corpus, map_columns
from analysis.paths import GGT, ROOT
from analysis.study import build_tables
from analysis.tables import BOILERPLATE_REASON

TODAY = dt.date(2026, 12, 1)
# invented articles, long enough for language identification and shingles
HARBOUR = (
    "The harbour authority said on Monday that the old ferry terminal will close in March after inspectors found cracks "
    "in the pier. Ferry passengers will be moved to the north dock while a new terminal is built. “We cannot take risks "
    "with people’s safety,” said Marta Lindqvist, the authority’s director. Local businesses near the terminal said they "
    "feared losing customers during the closure."
)
COUNCIL = (
    "The city council voted on Tuesday to extend the ferry service to the islands through the winter. Councillors said "
    "ridership had grown every month since the spring. “Residents asked for a reliable crossing and now they have one,” "
    "said councillor Aaron Whitfield. The extension will be reviewed again in the autumn."
)
SCHOOL = (
    "Parents at Riverside school protested on Wednesday against plans to merge it with a larger school across town. "
    "“Our children should not have to travel an hour each day,” said Priya Nandakumar, who leads the parents’ group. "
    "The school board said no decision had been made and promised a public meeting next month."
)
GERMAN = (
    "Der Stadtrat hat am Dienstag nach einer langen Debatte über die Kosten der Brückenreparaturen den neuen Haushalt "
    "beschlossen, und der Bürgermeister sagte, die Abstimmung zeige, dass sich die Stadt noch einigen könne."
)


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _log(corpus: Path) -> pd.DataFrame:
    return pd.read_csv(corpus / LOG, dtype=str, keep_default_na=False)


def test_csv_with_odd_column_names_and_options(tmp_path):
    export = _csv(
        tmp_path / "export.csv",
        ["Story Body", "Headline", "Media-Name", "Pub Date", "Permalink", "Byline"],
        [
            [HARBOUR, "Ferry terminal to close", "Harbour Times", "2021-03-01T09:00:00-05:00", "https://example.org/a", "Jo Reed"],
            [COUNCIL, "Winter ferries", "Island Courier", "March 2, 2021", "https://example.org/b", ""],
        ],
    )
    with pytest.raises(InputError, match="no text column found: name it with --text"):
        import_corpus(export, tmp_path / "c0", today=TODAY)
    imported = import_corpus(export, tmp_path / "c1", columns={"text": "story body"}, today=TODAY)
    assert imported.mapping == {
        "text": "Story Body",
        "title": "Headline",
        "outlet": "Media-Name",
        "date": "Pub Date",
        "url": "Permalink",
        "author": "Byline",
    }
    rows = read_manifest(tmp_path / "c1")
    assert [(r["outlet"], r["group"], r["published"], r["author"]) for r in rows] == [
        ("Harbour Times", "Harbour Times", "2021-03-01", "Jo Reed"),  # 09:00 in Toronto is the same UTC date
        ("Island Courier", "Island Courier", "2021-03-02", ""),
    ]
    text = (tmp_path / "c1" / rows[0]["file"]).read_text(encoding="utf-8")
    assert text == "Ferry terminal to close\n\n" + HARBOUR + "\n"  # the title as the first paragraph, the text as given


def test_a_named_column_must_exist():
    with pytest.raises(InputError, match="--outlet 'paper': no such column"):
        map_columns(["text", "source"], {"outlet": "paper"})


def test_json_lines_with_nested_source_bad_lines_and_lists(tmp_path):
    lines = [
        json.dumps(
            {
                "content": HARBOUR,
                "title": "Terminal",
                "source": {"id": "ht", "name": "Harbour Times"},
                "publishedAt": "2021-03-01T12:00:00Z",
                "authors": ["A. One", "B. Two"],
                "id": 17,
            }
        ),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"content": "", "source": {"name": "Harbour Times"}, "publishedAt": "2021-03-01"}),
        "",
        json.dumps({"content": COUNCIL, "source": {"name": "Island Courier"}, "publishedAt": "31/12/2021"}),
        json.dumps({"content": SCHOOL, "source": {"name": "Island Courier"}}),
        json.dumps({"content": SCHOOL, "publishedAt": "2021-03-04"}),
    ]
    export = tmp_path / "export.jsonl"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    imported = import_corpus(export, tmp_path / "c", columns={"author": "authors"}, today=TODAY)
    assert imported.mapping["outlet"] == "source.name"
    assert [(a.doc_id, a.outlet, a.author) for a in imported.articles] == [("17", "Harbour Times", "A. One; B. Two")]
    log = _log(tmp_path / "c")
    assert log.input.tolist() == [f"line {n}" for n in (1, 2, 3, 4, 6, 7, 8)]  # input order, every row accounted for
    skipped = dict(zip(log.input, log.note))
    assert "not valid JSON" in skipped["line 2"]
    assert "not an object" in skipped["line 3"]
    assert skipped["line 4"] == "no text"
    assert "ambiguous" in skipped["line 6"]
    assert "no date" in skipped["line 7"]
    assert "no outlet" in skipped["line 8"]


def test_json_array_and_tsv(tmp_path):
    export = tmp_path / "export.json"
    export.write_text(json.dumps([{"text": HARBOUR, "outlet": "Harbour Times", "date": "2021-03-01"}]), encoding="utf-8")
    assert len(import_corpus(export, tmp_path / "a", today=TODAY).articles) == 1
    tsv = tmp_path / "export.tsv"
    tsv.write_text("text\toutlet\tdate\n" + HARBOUR + "\tHarbour Times\t2021-03-01\n", encoding="utf-8")
    assert len(import_corpus(tsv, tmp_path / "b", today=TODAY).articles) == 1


def test_groups_file_and_unknown_outlets_are_reported(tmp_path, capsys):
    export = _csv(
        tmp_path / "export.csv",
        ["text", "outlet", "date"],
        [[HARBOUR, "Harbour Times", "2021-03-01"], [COUNCIL, "island courier", "2021-03-02"], [SCHOOL, "Valley Post", "2021-03-03"]],
    )
    groups = _csv(tmp_path / "groups.csv", ["outlet", "group"], [["Harbour Times", "local"], ["Island  Courier", "local"]])
    status = main(["import", str(export), "--out", str(tmp_path / "c"), "--groups", str(groups)])
    out = capsys.readouterr().out
    assert status == 0
    assert [r["group"] for r in read_manifest(tmp_path / "c")] == ["local", "local", UNGROUPED]  # case and spaces do not matter
    assert f"1 outlet(s) not in the groups file, grouped as '{UNGROUPED}': Valley Post (1)" in out
    assert "read 3 article(s)" in out and "skipped 0" in out


def test_bad_groups_file(tmp_path):
    export = _csv(tmp_path / "export.csv", ["text", "outlet", "date"], [[HARBOUR, "Harbour Times", "2021-03-01"]])
    for rows, why in (
        ([["Harbour Times", "a"], ["harbour times", "b"]], "in two groups"),
        ([["Harbour Times", ""]], "empty outlet or group"),
    ):
        groups = _csv(tmp_path / "groups.csv", ["outlet", "group"], rows)
        with pytest.raises(InputError, match=why):
            import_corpus(export, tmp_path / "c", groups=groups, today=TODAY)
    bad = _csv(tmp_path / "g2.csv", ["source", "label"], [["Harbour Times", "a"]])
    with pytest.raises(InputError, match="needs the columns outlet,group"):
        import_corpus(export, tmp_path / "c", groups=bad, today=TODAY)
    assert not (tmp_path / "c").exists()  # nothing half-written


def test_duplicates_are_marked_and_dedupe_leaves_them_out(tmp_path):
    wire_copy = HARBOUR.replace("on Monday", "on Monday, March 1,") + " Reporting by a staff writer."
    export = _csv(
        tmp_path / "export.csv",
        ["id", "text", "outlet", "date"],
        [
            ["late", wire_copy, "Valley Post", "2021-03-02"],
            ["orig", HARBOUR, "Harbour Times", "2021-03-01"],
            ["other", COUNCIL, "Island Courier", "2021-03-01"],
            ["exact", HARBOUR, "Coast Daily", "2021-03-01"],
            ["foreign", GERMAN + " " + GERMAN, "Stadtblatt", "2021-03-01"],
        ],
    )
    imported = import_corpus(export, tmp_path / "c", today=TODAY)
    rows = {r["doc_id"]: r for r in read_manifest(tmp_path / "c")}
    assert {k: r["duplicate_of"] for k, r in rows.items() if r["duplicate_of"]} == {"late": "orig", "exact": "orig"}
    assert [a.language for a in imported.articles if a.doc_id == "foreign"] == ["de"]
    log = _log(tmp_path / "c").set_index("doc_id")
    assert log.loc["late", "note"].startswith("duplicate of orig (similarity 0.")
    assert log.loc["foreign", "note"] == "language de: not analysed"

    kept, _ = build_tables(tmp_path / "c")
    assert sorted(kept["documents"].doc_id) == ["exact", "late", "orig", "other"]  # duplicates kept and marked
    assert kept["documents"].set_index("doc_id").duplicate_of.to_dict()["late"] == "orig"
    assert kept["excluded"][["doc_id", "language", "reason"]].values.tolist() == [["foreign", "de", "language de: flagged, not analysed"]]
    dropped, _ = build_tables(tmp_path / "c", dedupe=True)
    assert sorted(dropped["documents"].doc_id) == ["orig", "other"]
    assert sorted(dropped["excluded"].doc_id) == ["exact", "foreign", "late"]
    assert set(dropped["quotes"].doc_id) == {"orig", "other"}


def test_imported_corpus_gives_the_tables_of_the_same_texts_written_by_hand(tmp_path):
    export = _csv(
        tmp_path / "export.csv",
        ["text", "outlet", "date", "title"],
        [
            [HARBOUR, "Harbour Times", "2021-03-01", ""],
            [COUNCIL, "Island Courier", "2021-03-02", ""],
            [SCHOOL, "Valley Post", "2021-03-09", ""],
        ],
    )
    import_corpus(export, tmp_path / "imported", today=TODAY)
    hand = tmp_path / "hand"
    hand.mkdir()
    for k, text in enumerate((HARBOUR, COUNCIL, SCHOOL), start=1):
        (hand / f"doc{k}.txt").write_text(text + "\n", encoding="utf-8")
    _csv(
        hand / "manifest.csv",
        ["doc_id", "file", "outlet", "group", "published"],
        [
            ["a00001", "doc1.txt", "Harbour Times", "Harbour Times", "2021-03-01"],
            ["a00002", "doc2.txt", "Island Courier", "Island Courier", "2021-03-02"],
            ["a00003", "doc3.txt", "Valley Post", "Valley Post", "2021-03-09"],
        ],
    )
    imported, _ = build_tables(tmp_path / "imported")
    by_hand, _ = build_tables(hand)
    assert imported.keys() == by_hand.keys()
    for name in imported:
        pd.testing.assert_frame_equal(imported[name], by_hand[name], obj=name)
    assert len(imported["quotes"]) == 3


def test_output_folder_is_protected_and_errors_are_one_line(tmp_path, capsys):
    export = _csv(tmp_path / "export.csv", ["text", "outlet", "date"], [[HARBOUR, "Harbour Times", "2021-03-01"]])
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    assert main(["import", str(export), "--out", str(mine)]) == 2
    assert "holds files this tool did not write" in capsys.readouterr().err
    assert (mine / "notes.txt").read_text() == "keep me"
    assert main(["import", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "c")]) == 2
    assert "export not found" in capsys.readouterr().err
    empty = _csv(tmp_path / "empty.csv", ["text", "outlet", "date"], [["", "Harbour Times", "2021-03-01"]])
    assert main(["import", str(empty), "--out", str(tmp_path / "c")]) == 2
    assert "no article to import from empty.csv: 1 skipped (1x no text)" in capsys.readouterr().err
    latin = tmp_path / "latin.csv"
    latin.write_bytes("text,outlet,date\ncaf\xe9,X,2021-03-01\n".encode("latin-1"))
    assert main(["import", str(latin), "--out", str(tmp_path / "c")]) == 2
    assert "is not UTF-8" in capsys.readouterr().err
    assert not (tmp_path / "c").exists()
    # a folder an earlier import wrote is replaced whole
    assert main(["import", str(export), "--out", str(tmp_path / "c")]) == 0
    assert main(["import", str(export), "--out", str(tmp_path / "c")]) == 0


def test_unsafe_ids_never_name_files_outside_the_corpus(tmp_path):
    export = _csv(
        tmp_path / "export.csv",
        ["id", "text", "outlet", "date"],
        [
            ["../../etc/passwd", HARBOUR, "Harbour Times", "2021-03-01"],
            [".hidden", COUNCIL, "Harbour Times", "2021-03-02"],
            ["dup", SCHOOL, "X", "2021-03-03"],
            ["dup", SCHOOL + " More.", "X", "2021-03-04"],
        ],
    )
    imported = import_corpus(export, tmp_path / "c", today=TODAY)
    ids = [a.doc_id for a in imported.articles]
    assert ids == ["etc-passwd", "hidden", "dup", "a00004"]
    assert sorted(p.name for p in (tmp_path / "c").iterdir() if p.suffix == ".txt") == sorted(f"{i}.txt" for i in ids)


def _example_module():
    spec = importlib.util.spec_from_file_location("example_export", ROOT / "scripts" / "example_export.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not (GGT / "corpus" / "manifest.csv").is_file(), reason="the shared GGT set is not beside the project")
def test_worked_example_from_a_csv_export_to_reports(tmp_path, capsys):
    """The README's worked example: the GGT corpus as a CSV export with made-up groups,
    imported, then reported with Trudeau as the target."""
    export, groups = _example_module().write_example(GGT, tmp_path / "example")
    corpus = tmp_path / "example" / "corpus"
    assert main(["import", str(export), "--out", str(corpus), "--groups", str(groups)]) == 0
    printed = capsys.readouterr().out
    assert "read 83 article(s) from export.csv; wrote 83 to" in printed
    assert "columns: text <- Body, outlet <- Source, date <- Published At, url <- Link, id <- ID" in printed
    assert "grouped as 'ungrouped': Global News (10)" in printed
    run = tmp_path / "run"
    assert main(["report", "--out", str(run), "-p", f"corpus={corpus}", "-p", "target=Trudeau"]) == 0
    assert {"coverage_over_time.png", "stance_over_time.png"} <= {p.name for p in (run / "figures").iterdir()}
    corpus_report = (run / "01_corpus.html").read_text(encoding="utf-8")
    assert "Health check" in corpus_report and "barely mention Trudeau" in corpus_report
    assert "Coverage over time" in corpus_report
    summary = (run / "00_summary.html").read_text(encoding="utf-8")
    assert "Coverage peaked in the week of" in summary
    assert "CBC News 9" in summary  # outlets named once each, with their counts


def test_saved_web_pages_from_several_layouts(tmp_path):
    pages = ROOT / "tests" / "fixtures" / "webpages"
    imported = import_corpus(pages, tmp_path / "c", today=TODAY)
    log = _log(tmp_path / "c").set_index("input")
    skipped = log[log.status == "skipped"].note.to_dict()
    assert skipped == {
        "no_date.html": "the page gives no publication date",
        "not_found.html": "not_found.html: no article text found",
        "section_index.html": "section_index.html: no article text found",
        "table_layout.html": "no outlet (name the column with --outlet)",
    }
    rows = {r["doc_id"]: r for r in read_manifest(tmp_path / "c")}
    assert rows["news_site"]["outlet"] == "The Harbour Ledger" and rows["news_site"]["published"] == "2022-03-14"
    assert rows["news_site"]["boilerplate"] == "boilerplate/news_site.txt"
    assert [a.language for a in imported.articles if a.doc_id == "german_article"] == ["de"]
    tables, _ = build_tables(tmp_path / "c")
    removed = tables["removed"]
    page_lines = removed[(removed.doc_id == "news_site") & (removed.reason == BOILERPLATE_REASON)]
    assert len(page_lines) == len((tmp_path / "c" / "boilerplate" / "news_site.txt").read_text(encoding="utf-8").splitlines()) > 0
    docs = tables["documents"].set_index("doc_id")
    assert docs.loc["news_site", "n_removed_lines"] == (removed.doc_id == "news_site").sum()  # the audit counts them
    assert tables["excluded"].doc_id.tolist() == ["german_article"]


def test_column_options_do_not_apply_to_pages(tmp_path):
    with pytest.raises(InputError, match="apply to an export file"):
        import_corpus(ROOT / "tests" / "fixtures" / "webpages", tmp_path / "c", columns={"text": "body"})
    empty = tmp_path / "nothing"
    empty.mkdir()
    with pytest.raises(InputError, match="no saved web page"):
        import_corpus(empty, tmp_path / "c")
