"""Properties that hold on any text (hypothesis): cleaning, segmentation and quote extraction
never fail; offsets always point at their text; kept, removed and blank lines account for
every input line; and a whole `tables` run on arbitrary documents never crashes."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.clean import clean
from analysis.quotes import extract
from analysis.segment import sentences
from analysis.speakers import Registry
from analysis.study import build_tables

# Pieces of news text and of what breaks it: names, cues, every kind of quotation mark and
# apostrophe, glued words and possessives, entity debris, control characters, other scripts.
PIECES = [
    "IBM",
    "said",
    "told",
    "Krishna",
    "Jane Roe",
    "Dr.",
    "Mr.",
    "the company",
    "she",
    "he",
    "it",
    "Wet'suwet'en",
    "IBM\u2019s",
    "IBM\u2019sdecision",
    "O\u2019Neil",
    "\u201c",
    "\u201d",
    "\u2018",
    "\u2019",
    '"',
    "'",
    "\u00ab",
    "\u00bb",
    ",",
    ".",
    "!",
    "?",
    ":",
    ";",
    " \u2014 ",
    "-",
    "(",
    ")",
    "[1]",
    "&#39;",
    "& # 39;",
    ",quot;",
    "> ",
    "\n",
    "\n\n",
    " ",
    "  ",
    "\t",
    "\x00",
    "\x07",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x7f",
    "\x85",
    "\u2028",
    "\u200b",
    "\ufeff",
    "\u00a0",
    "\U0001f600",
    "\u674e\u660e",
    "\u0645\u0631\u062d\u0628\u0627",
    "e\u0301",
    "Subscribe to our newsletter",
    "Copyright 2020",
    "On Tue, Jun 9, 2020 at 10:00 AM, x@y.org wrote:",
    "Title: A headline",
    "according to",
    "in a statement",
]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=80).map("".join)
long_lines = st.tuples(st.sampled_from(PIECES), st.integers(200, 1500)).map(lambda t: (t[0] + " said \u201cIBM ") * t[1])
documents = st.one_of(texts, long_lines, st.text(max_size=300))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(documents)
def test_cleaning_accounts_for_every_line_and_offsets_point_at_paragraphs(raw):
    doc = clean("d", raw)
    lines = (raw[:-1] if raw.endswith("\n") else raw).split("\n")
    assert len(doc.line_status) == len(lines)
    assert doc.line_status.count("removed") == len(doc.removed)
    assert len({r.line_no for r in doc.removed}) == len(doc.removed)
    assert all(1 <= r.line_no <= len(lines) for r in doc.removed)
    for paragraph in doc.paragraphs:
        assert doc.text[paragraph.start : paragraph.end] == paragraph.text and paragraph.text.strip()
        assert all(
            doc.line_status[i - 1] == "kept"
            for i in range(paragraph.first_line, paragraph.last_line + 1)
            if lines[i - 1].strip() and doc.line_status[i - 1] != "removed"
        )


@SETTINGS
@given(documents)
def test_sentences_point_at_their_text_in_reading_order(raw):
    doc = clean("d", raw)
    previous_end = 0
    for s in sentences(doc):
        assert doc.text[s.start : s.end] == s.text and s.text.strip()
        paragraph = doc.paragraphs[s.paragraph]
        assert paragraph.start <= s.start < s.end <= paragraph.end
        assert s.start >= previous_end
        previous_end = s.end


@SETTINGS
@given(documents)
def test_quotes_point_at_their_text(raw):
    doc = clean("d", raw)
    for q in extract(doc, registry=Registry([], {})):
        assert 0 <= q.start <= q.end <= len(doc.text)
        assert doc.text[q.start : q.end] == q.quote


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(documents, min_size=1, max_size=3))
def test_a_tables_run_on_any_documents_never_crashes(tmp_path_factory, raws):
    corpus = Path(tmp_path_factory.mktemp("corpus"))
    rows = ["doc_id,file,outlet,group,published"]
    for i, raw in enumerate(raws):
        (corpus / f"{i}.txt").write_text(raw, encoding="utf-8", newline="")
        rows.append(f"d{i},{i}.txt,Outlet {i % 2},group {i % 2},2021-01-0{i + 1}")
    (corpus / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    try:
        tables, texts = build_tables(corpus)
    except Exception as exc:  # only "nothing left to analyse" may stop a run
        assert "could be processed" in str(exc), exc
        return
    # a document is left out only for having no text, never for a crash in a later stage
    allowed = ("document is empty", "no article text left after cleaning")
    assert all(any(a in e for a in allowed) for e in tables["problems"].error), tables["problems"].to_dict("records")
    assert set(tables["documents"].doc_id) | set(tables["problems"].doc_id) == {f"d{i}" for i in range(len(raws))}
    for row in tables["sentences"].itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.text
    for row in tables["quotes"].itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.quote
