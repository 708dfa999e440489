"""analysis.interactive: escaped, marked tables in the notebooks; one hashed DataTables script per page."""

from __future__ import annotations

import base64
import hashlib
import re

import pandas as pd
import pytest
from test_notebooks import _chromium, _search_in_browser

from analysis.interactive import TABLE_CLASS, interactive, page_assets, shows_interactive
from analysis.reports import render, report_csp

# Invented hostile cells: each would mark <body> if it ever ran as markup.
HOSTILE = {
    "script": "<script>document.body.setAttribute('data-pwned','script')</script>",
    "img": "<img src=x onerror=\"document.body.setAttribute('data-pwned','img')\">",
    "close": "an aside </script><script>document.body.setAttribute('data-pwned','close')</script> ends here",
}


def _quotes(n: int = 30) -> pd.DataFrame:
    """Invented quotes: n ordinary ones, then one per hostile text."""
    rows = [(f"Speaker {i:02d}", f"Outlet {i % 3}", f"ordinary words, quote number {i}", i / 7) for i in range(n)]
    rows += [(f"Mallory {name}", "Outlet X", text, -1.0) for name, text in HOSTILE.items()]
    return pd.DataFrame(rows, columns=["speaker", "outlet", "quote", "score"])


def _notebook(*outputs: dict):
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    cells = [new_code_cell("shown()", outputs=[new_output("display_data", data=data)], execution_count=1) for data in outputs]
    return new_notebook(cells=cells)


def _rendered(tmp_path, *outputs: dict):
    import nbformat

    executed = tmp_path / "report.ipynb"
    nbformat.write(_notebook(*outputs), executed)
    return render(executed, tmp_path / "report.html", hide_code=False).read_text(encoding="utf-8")


def _shown(table) -> dict:
    return {"text/html": table._repr_html_(), "text/plain": repr(table)}


def test_every_cell_header_and_caption_is_escaped():
    frame = _quotes(2).rename(columns={"quote": "<b>quote</b>"})
    table = interactive(frame, caption="Quotes <i>by</i> & for")
    markup = table._repr_html_()
    assert "<script" not in markup and "<img" not in markup and "<b>" not in markup and "<i>" not in markup
    assert "&lt;script&gt;document.body" in markup and "&lt;img src=x onerror=" in markup and "&lt;/script&gt;&lt;script&gt;" in markup
    assert "<th>&lt;b&gt;quote&lt;/b&gt;</th>" in markup and "<caption>Quotes &lt;i&gt;by&lt;/i&gt; &amp; for</caption>" in markup


def test_table_is_marked_with_its_page_length_and_text_is_never_cut():
    long = "word " * 100
    frame = pd.DataFrame({"quote": [long.strip()], "n": [3]})
    with pd.option_context("display.max_colwidth", 20):
        markup = interactive(frame, page_length=25)._repr_html_()
    assert markup.startswith(f'<table class="dataframe {TABLE_CLASS}" data-page-length="25">')
    assert long.strip() in markup
    assert markup.count("<tr>") == 1  # the one row (the header's is <tr style=…>)


@pytest.mark.parametrize(
    ("frame", "columns"),
    [
        (pd.DataFrame({"a": [1, 2]}, index=[5, 9]), ["a"]),  # an unnamed index is left out
        (pd.DataFrame({"a": [1, 2]}, index=pd.Index(["x", "y"], name="outlet")), ["outlet", "a"]),
        (
            pd.DataFrame([[1, 2]], columns=pd.MultiIndex.from_tuples([("share", "home"), ("share", "foreign")])),
            ["share home", "share foreign"],
        ),
    ],
    ids=["unnamed index", "named index", "two header levels"],
)
def test_the_header_is_one_row_of_columns(frame, columns):
    markup = interactive(frame)._repr_html_()
    assert re.findall(r"<th>(.*?)</th>", markup) == columns


def test_an_empty_table_keeps_its_header():
    markup = interactive(pd.DataFrame(columns=["speaker", "quote"]), caption="No quotes")._repr_html_()
    assert re.findall(r"<th>(.*?)</th>", markup) == ["speaker", "quote"] and "<tr>" not in markup


def test_a_long_table_is_cut_and_says_so():
    table = interactive(_quotes(30), caption="Quotes", max_rows=12)
    assert table._repr_html_().count("<tr>") == 12
    assert "<caption>Quotes; the first 12 of 33 rows</caption>" in table._repr_html_()


def test_output_is_deterministic_and_has_a_text_form():
    assert interactive(_quotes()) == interactive(_quotes())
    assert "Speaker 00" in repr(interactive(_quotes()))


@pytest.mark.parametrize("options", [{"page_length": 0}, {"max_rows": 0}])
def test_bad_sizes_are_refused(options):
    with pytest.raises(ValueError, match="must be positive"):
        interactive(_quotes(), **options)


def test_page_script_is_the_itables_bundle_and_cannot_break_out_of_its_element():
    from pathlib import Path

    import itables

    from analysis.interactive import INITIALISER

    assets = page_assets()
    bundle = Path(itables.options.dt_bundle).read_text(encoding="utf-8")
    assert assets.script.startswith(bundle[:1000]) and assets.script.endswith(INITIALISER.read_text(encoding="utf-8"))
    assert "const dtForITables = {" in assets.script and '"ITable": ' in assets.script
    assert not re.search(r"</script|<script|<!--", assets.script, re.I)
    assert not re.search(r"export\s*\{", assets.script)  # bound to a local name instead
    assert "</style" not in assets.css.lower() and "table.dataTable" in assets.css
    assert not re.search(r"url\(\s*['\"]?(?!data:)", assets.css)  # only inline images


def test_policy_allows_the_page_script_by_hash_and_nothing_inline():
    policy = dict(part.strip().split(" ", 1) for part in report_csp().split(";"))
    scripts = policy["script-src"].split()
    digest = "'sha256-" + base64.b64encode(hashlib.sha256(page_assets().script.encode()).digest()).decode() + "'"
    assert digest in scripts and all(s.startswith("'sha256-") for s in scripts)
    assert policy["default-src"] == "'none'" and "unsafe" not in policy["script-src"] and "http" not in report_csp()


def test_page_carries_the_bundle_once_and_only_with_an_interactive_table(tmp_path):
    first, second = interactive(_quotes(), caption="Quotes"), interactive(_quotes(3), caption="Speakers")
    page = _rendered(tmp_path, _shown(first), _shown(second), {"text/html": _quotes(2).to_html()})
    assert page.count(f'<table class="dataframe {TABLE_CLASS}"') == 2
    scripts = re.findall(r'<script type="module">(.*?)</script>', page, flags=re.S)
    assert scripts == [page_assets().script]  # once, and exactly the text the policy hashes
    assert page.count(page_assets().css) == 1
    assert not re.findall(r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=", page)
    assert not re.search(r"<script|<img", page.split("<main>", 1)[1].split("</main>", 1)[0])  # no markup from a cell
    plain = _rendered(tmp_path, {"text/html": _quotes(2).to_html()})
    assert "dtForITables" not in plain and '<script type="module">' not in plain


def test_notebook_with_a_table_is_recognised():
    assert shows_interactive(_notebook(_shown(interactive(_quotes(1)))))
    text_only = interactive(pd.DataFrame({"quote": [f'<table class="dataframe {TABLE_CLASS}">']}))
    assert not shows_interactive(_notebook({"text/html": _quotes(1).to_html()}))
    assert not shows_interactive(_notebook({"text/plain": repr(text_only)}))


@pytest.mark.skipif(_chromium() is None, reason="Chromium not installed (make test installs Debian's package)")
@pytest.mark.parametrize(
    ("term", "expected"),
    [("quote number 17", ["quote number 17"]), ("onerror", ["<img src=x onerror="]), ("no such words anywhere", [])],
    ids=["one quote", "a hostile quote, as text", "nothing"],
)
def test_search_box_filters_rows_in_a_real_browser(tmp_path, term, expected):
    page = tmp_path / "report.html"
    _rendered(tmp_path, _shown(interactive(_quotes(), caption="Quotes")))
    seen, violations, dom = _search_in_browser(page, tmp_path / "probe", caption="Quotes", term=term)
    assert seen["found"] and seen["search_box"], seen
    assert violations == ""
    assert 'data-pwned="' not in dom
    assert seen["rows_before"] == 10 and "33 total entries" in seen["info"]  # filtered from all the rows
    assert seen["rows_after"] == len(expected)
    assert all(text in row for text, row in zip(expected, seen["texts"]))
