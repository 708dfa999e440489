"""Every notebook runs under papermill on the seeds; its declared outputs exist; the HTML is
self-contained and renders its charts in a real browser (headless Chromium)."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.errors import InputError
from analysis.interactive import page_assets
from analysis.paths import NOTEBOOKS, ROOT
from analysis.reports import SPECS, build_reports, report_csp
from analysis.study import RUN_LOG, load_study

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import\s+["']?(?:https?:)?//""", re.I)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    figures = tmp_path_factory.mktemp("figures")
    log = tmp_path_factory.mktemp("log") / "runs.txt"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(RUN_LOG, str(log))  # every pipeline run, in this process or a notebook's kernel, writes a line
        build_reports(out, {"figures": str(figures)}, jobs=2)
        runs = log.read_text(encoding="utf-8").splitlines()
        build_reports(out, {"figures": str(figures)}, jobs=2, only=("01_corpus",))  # the study is current: reused
        rerun = log.read_text(encoding="utf-8").splitlines()
    return out, figures, runs, rerun


def test_make_report_runs_the_pipeline_once(built):
    _, _, runs, rerun = built
    assert len(runs) == 1, runs
    assert rerun == runs  # a rerun with the same corpus, parameters and code reuses the study


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_notebook_runs_and_writes_its_outputs(built, spec):
    out, figures, *_ = built
    for suffix in (".ipynb", ".html", ".reader.html"):
        assert (out / f"{spec.name}{suffix}").is_file()
    for figure in spec.figures:
        assert (figures / figure).stat().st_size > 1000, figure
    executed = json.loads((out / f"{spec.name}.ipynb").read_text())
    outputs = [o for c in executed["cells"] for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    charts = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(charts) >= len(spec.figures), "charts are saved but not shown in the report"


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_html_has_no_external_resources(built, spec):
    out, *_ = built
    for suffix in (".html", ".reader.html"):
        html = (out / f"{spec.name}{suffix}").read_text(encoding="utf-8")
        assert not EXTERNAL.findall(html), EXTERNAL.findall(html)[:3]
        assert "data:image/png;base64" in html


def test_reader_version_hides_code(built):
    out, *_ = built
    full = (out / "03_stance.html").read_text(encoding="utf-8")
    reader = (out / "03_stance.reader.html").read_text(encoding="utf-8")
    assert "bar_with_interval" in full and "bar_with_interval" not in reader


def test_index_links_every_report(built):
    out, *_ = built
    index = (out / "index.html").read_text(encoding="utf-8")
    for spec in SPECS:
        assert f'href="{spec.name}.reader.html"' in index and f'href="{spec.name}.html"' in index


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def _dom(page: Path, profile: Path, *, budget: int = 5000) -> str:
    """The DOM of `page` after headless Chromium ran its scripts (flags: no outside calls)."""
    result = subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            f"--virtual-time-budget={budget}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "<body" in result.stdout, result.stderr[-500:]
    return result.stdout


# Runs first in a copy of a page, its hash added to the page's policy (nothing else is): notes
# every Content-Security-Policy violation, then types TERM into the search box of the interactive
# table whose caption holds CAPTION and writes what the table shows onto <body>.
_PROBE = """
document.addEventListener("securitypolicyviolation", function (e) {
  var root = document.documentElement;
  root.setAttribute("data-csp-violations", (root.getAttribute("data-csp-violations") || "") + e.violatedDirective + " " + e.blockedURI + "; ");
});
window.addEventListener("load", function () {
  var tables = Array.prototype.slice.call(document.querySelectorAll("table.interactive-table"));
  var table = tables.filter(function (t) { return t.caption && t.caption.textContent.indexOf(CAPTION) >= 0; })[0];
  var container = table && table.closest(".dt-container");
  var box = container && container.querySelector(".dt-search input");
  var shown = function () {
    return table ? Array.prototype.slice.call(table.tBodies[0].rows).filter(function (r) { return !r.querySelector(".dt-empty"); }) : [];
  };
  var result = {tables: tables.length, found: Boolean(table), search_box: Boolean(box), rows_before: shown().length};
  if (box) {
    box.value = TERM;
    box.dispatchEvent(new Event("input", {bubbles: true}));
  }
  setTimeout(function () {
    var rows = shown();
    result.rows_after = rows.length;
    result.texts = rows.map(function (r) { return r.textContent; });
    result.info = container ? container.querySelector(".dt-info").textContent : "";
    document.body.setAttribute("data-probe", JSON.stringify(result));
  }, 500);
});
"""


def _search_in_browser(page: Path, folder: Path, *, caption: str, term: str) -> tuple[dict, str, str]:
    """Search `term` in the interactive table captioned `caption` of `page`, in headless Chromium:
    what the table showed before and after, the policy violations noted, and the DOM."""
    literal = {k: json.dumps(v).replace("<", "\\u003c") for k, v in (("CAPTION", caption), ("TERM", term))}
    probe = _PROBE.replace("CAPTION", literal["CAPTION"]).replace("TERM", literal["TERM"])
    digest = "'sha256-" + base64.b64encode(hashlib.sha256(probe.encode()).digest()).decode() + "'"
    text = page.read_text(encoding="utf-8")
    meta = re.search(r'<meta\b[^>]*http-equiv="Content-Security-Policy"[^>]*>', text)
    assert meta and "script-src " in meta.group(0), "the page has no script policy"
    probed = meta.group(0).replace("script-src ", f"script-src {digest} ") + f"<script>{probe}</script>"
    copy = folder / page.name
    folder.mkdir(parents=True, exist_ok=True)
    copy.write_text(text.replace(meta.group(0), probed, 1), encoding="utf-8")
    dom = _dom(copy, folder / "profile", budget=15000)
    seen = re.search(r'data-probe="([^"]*)"', dom)
    assert seen, "the probe did not finish"
    violations = re.search(r'data-csp-violations="([^"]*)"', dom)
    return json.loads(html.unescape(seen.group(1))), html.unescape(violations.group(1)) if violations else "", dom


@pytest.mark.skipif(_chromium() is None, reason="Chromium not installed (make test installs Debian's package)")
@pytest.mark.parametrize("page", ["index"] + [f"{s.name}.reader" for s in SPECS] + [f"{s.name}" for s in SPECS[:1]])
def test_real_browser_renders_the_charts(built, tmp_path, page):
    expected = {s.name: len(s.figures) for s in SPECS}.get(page.removesuffix(".reader"), 0)
    out, *_ = built
    dom = _dom(out / f"{page}.html", tmp_path / "profile", budget=15000)
    if page == "index":
        assert "reader.html" in dom
        return
    rendered = re.search(r'data-images-rendered="(\d+)"', dom)
    broken = re.search(r'data-images-broken="(\d+)"', dom)
    assert rendered and broken, "the page's load script did not run"
    assert int(rendered.group(1)) >= expected and int(broken.group(1)) == 0


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_notebooks_are_committed_without_outputs(path):
    import warnings

    import nbformat

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. a cell without an id: papermill would warn on every run
        nbformat.validate(nbformat.read(path, as_version=4))
    notebook = json.loads(path.read_text())
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    assert sum("parameters" in c.get("metadata", {}).get("tags", []) for c in code) == 1


def test_unknown_parameter_is_an_error_in_build(tmp_path):
    with pytest.raises(InputError, match="unknown parameter"):
        build_reports(tmp_path, {"colour": "red"}, only=("01_corpus",))


def test_unknown_parameter_is_an_error_under_plain_papermill(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "papermill",
            str(NOTEBOOKS / "01_corpus.ipynb"),
            str(tmp_path / "out.ipynb"),
            "-p",
            "colour",
            "red",
            "-p",
            "figures",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode != 0
    assert "unknown parameter(s): colour" in result.stdout + result.stderr


def test_other_target_gives_a_different_picture(tmp_path):
    build_reports(tmp_path, {"target": "Amazon", "figures": str(tmp_path / "figs")}, only=("03_stance",))
    executed = (tmp_path / "03_stance.ipynb").read_text()
    assert "target: Amazon" in executed


def test_several_targets_are_compared_in_the_stance_report_and_the_summary(tmp_path):
    out = tmp_path / "reports"
    build_reports(out, {"targets": "Amazon;Microsoft", "figures": str(tmp_path / "figs")}, only=("00_summary", "03_stance"), jobs=2)
    stance = (out / "03_stance.ipynb").read_text(encoding="utf-8")
    assert (tmp_path / "figs" / "stance_by_target.png").is_file() and "Microsoft" in stance
    summary = (out / "00_summary.ipynb").read_text(encoding="utf-8")
    assert "The targets compared" in summary and "Toward Amazon" in summary
    study = load_study(out / "study")
    assert [t.name for t in study.targets] == ["IBM", "Amazon", "Microsoft"]


def test_bad_corpus_fails_in_one_line_and_writes_nothing(tmp_path):
    out = tmp_path / "reports"
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "report", "--out", str(out), "-p", f"corpus={tmp_path / 'missing'}"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and result.stderr.startswith("error:")
    assert not out.exists() or not any(out.iterdir())
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "report", "--out", str(out), "-p", "colour=red"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 2 and "unknown parameter(s): colour" in result.stderr


def _tiny_corpus(folder):
    folder.mkdir()
    (folder / "manifest.csv").write_text("doc_id,file,outlet,group,published\n1,a.txt,Gazette,local,2021-03-04\n", encoding="utf-8")
    (folder / "a.txt").write_text("The council met on Tuesday. Nobody was quoted and no company was named.\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("corpus", "target"),
    [("tiny", "IBM"), (str(ROOT / "tests" / "fixtures" / "heldout"), "Google")],
    ids=["one document, no quotes, no target", "held-out articles about Google"],
)
def test_every_notebook_runs_on_another_corpus(tmp_path, corpus, target):
    """A user's corpus need not look like the seeds: no quotes, one group, another target."""
    if corpus == "tiny":
        corpus = str(_tiny_corpus(tmp_path / "tiny"))
    gold = str(Path(corpus) / "gold_quotes.csv") if (Path(corpus) / "gold_quotes.csv").is_file() else ""
    out = tmp_path / "reports"
    build_reports(
        out, {"corpus": corpus, "target": target, "figures": str(tmp_path / "figures"), "gold": gold, "gold_target": target}, jobs=2
    )
    for spec in SPECS:
        assert (out / f"{spec.name}.reader.html").is_file()
    summary = (out / "00_summary.ipynb").read_text(encoding="utf-8")
    assert f"Stance is measured toward **{target}**" in summary
    validation = (out / "05_validation.ipynb").read_text(encoding="utf-8")
    assert ("stance: accuracy" in validation) == bool(gold)


# Corpus content is untrusted: each payload would mark <body> if it ran.
RUN = "document.body.setAttribute('data-pwned','{}')"
PAYLOADS = {
    "script": f"<script>{RUN.format('script')}</script>",
    "img": f'<img src=x onerror="{RUN.format("img")}">',
    "link": f"[click here](javascript:{RUN.format('link')})",
    "md-img": f'![pic](x" onerror="{RUN.format("mdimg")})',
    "html-link": f'<a href="javascript:{RUN.format("a")}">read</a>',
    "template": "{{ 7*7 }} {% raw %} ${x}$ **bold** _em_ `code` | pipe ~strike~",
}
# Live markup from a payload (as text, "&lt;img …" or "](javascript:…)" is harmless).
RAW_PAYLOAD = re.compile(r"<script>document|<img src=x|(?:href|src)=\"?\s*javascript:|onerror=\"document[^\"]*\"\s*>", re.I)


def _payload_corpus(folder: Path) -> Path:
    import csv

    folder.mkdir()
    p = PAYLOADS
    files = [f"{p['img'].replace('/', '')}.txt", "b.txt"]
    with open(folder / "manifest.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["doc_id", "file", "outlet", "group", "published", "author", "original_outlet", "region", "notes"])
        writer.writerow(["a", files[0], f"Daily {p['img']}", f"friends {p['script']}", "2021-03-04", p["html-link"], "", "US", ""])
        writer.writerow(["b", files[1], f"{p['link']} Post", f"critics {p['template']}", "2021-03-05", "", "", p["md-img"], ""])
    with open(folder / "speakers.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["name", "aliases", "affiliation", "role"], ["Jane Roe", "", f"Lab {p['img']}", "civil society"]])
    for file, (a, b) in zip(files, [("script", "img"), ("link", "template")]):
        body = (
            f"IBM {p[a]} quits the business {p[b]}\n\n"
            f"IBM said on Monday it would stop selling {p[a]} software. \u201cIBM deserves credit for this {p[b]} step,\u201d said Jane Roe, "
            f"a researcher at the {p['html-link']} Lab.\n\n"
            f"Critics of IBM {p['md-img']} were less kind. \u201cIBM is cynical {p[a]} and late,\u201d said Max Payne of Watchdog {p['template']}.\n\n"
            f"The {p['img']} decision by IBM was called symbolic by {p['link']} observers.\n"
        )
        (folder / file).write_text(body, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def payload_reports(tmp_path_factory):
    root = tmp_path_factory.mktemp("payload")
    corpus = _payload_corpus(root / "corpus")
    out = root / "reports"
    build_reports(out, {"corpus": str(corpus), "figures": str(root / "figures"), "gold": "", "kwic_terms": PAYLOADS["img"]}, jobs=2)
    return out


def test_payload_corpus_is_escaped_in_every_report(payload_reports):
    pages = sorted(payload_reports.glob("*.html"))
    assert len(pages) == 2 * len(SPECS) + 1
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not RAW_PAYLOAD.findall(text), (page.name, RAW_PAYLOAD.findall(text)[:3])
    summary = (payload_reports / "00_summary.reader.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=" in summary and "&lt;script&gt;" in summary  # shown, as text


@pytest.mark.skipif(_chromium() is None, reason="Chromium not installed (make test installs Debian's package)")
def test_payload_corpus_runs_no_script_in_chromium(payload_reports, tmp_path):
    pages = ["index"] + [f"{s.name}.reader" for s in SPECS] + [s.name for s in SPECS]
    for page in pages:
        dom = _dom(payload_reports / f"{page}.html", tmp_path / "profile")
        assert 'data-pwned="' not in dom, page  # set as an attribute only if a payload ran (as text it reads data-pwned',…)
        if page != "index":
            assert "data-images-rendered" in dom, page  # the report's own script still runs
        if page == "00_summary.reader":
            summary_dom = dom
    assert "Daily &lt;img src=x onerror=" in summary_dom  # the outlet's name shows, as text


def _interactive_tables(page: str) -> dict[str, str]:
    """The interactive tables of a report page, by caption."""
    tables = re.findall(r'<table class="dataframe interactive-table".*?</table>', page, flags=re.S)
    return {html.unescape(re.search(r"<caption>(.*?)</caption>", t).group(1)): t for t in tables}


def _policy(page: str) -> str:
    meta = re.search(r'<meta\b[^>]*http-equiv="Content-Security-Policy"[^>]*>', page)
    assert meta, "no Content-Security-Policy"
    return html.unescape(re.search(r'content="([^"]*)"', meta.group(0)).group(1))


@pytest.mark.parametrize(
    ("page", "tables"),
    [
        ("02_voices", {"Every quote, in document order": "quotes", "Every speaker, with their quotes, outlets and stance": "speakers"}),
        (
            "02_voices.reader",
            {"Every quote, in document order": "quotes", "Every speaker, with their quotes, outlets and stance": "speakers"},
        ),
        ("04_framing.reader", {"Each group's key terms, most distinctive first": "keyterms"}),
    ],
)
def test_reports_show_interactive_tables_with_the_bundle_once(built, page, tables):
    out, *_ = built
    text = (out / f"{page}.html").read_text(encoding="utf-8")
    shown, study = _interactive_tables(text), load_study(out / "study")
    for caption, name in tables.items():
        assert shown[caption].count("<tr>") == len(study[name]) > 0  # every row is in the page, also without JavaScript
    assert re.findall(r'<script type="module">(.*?)</script>', text, flags=re.S) == [page_assets().script]
    assert not re.findall(r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=", text)  # nothing loaded from anywhere
    policy = _policy(text)
    assert policy == report_csp()
    scripts = policy.split("script-src ", 1)[1].split(";")[0].split()
    assert scripts and all(s.startswith("'sha256-") for s in scripts)  # no 'unsafe-inline', 'unsafe-eval', host or scheme


def test_reports_without_interactive_tables_carry_no_bundle(built):
    out, *_ = built
    text = (out / "01_corpus.reader.html").read_text(encoding="utf-8")
    assert not _interactive_tables(text) and "dtForITables" not in text and '<script type="module">' not in text


def test_payload_quotes_show_as_text_in_the_interactive_tables(payload_reports):
    quotes = _interactive_tables((payload_reports / "02_voices.reader.html").read_text(encoding="utf-8"))["Every quote, in document order"]
    assert "&lt;img src=x onerror=" in quotes and "&lt;script&gt;document.body" in quotes and "&lt;/script&gt;" in quotes
    assert not RAW_PAYLOAD.findall(quotes)


@pytest.mark.skipif(_chromium() is None, reason="Chromium not installed (make test installs Debian's package)")
def test_payload_found_by_search_stays_text_in_chromium(payload_reports, tmp_path):
    page = payload_reports / "02_voices.reader.html"
    seen, violations, dom = _search_in_browser(page, tmp_path, caption="Every quote", term="onerror")
    assert seen["search_box"] and seen["rows_after"] >= 1, seen
    assert all("<img src=x onerror=" in row for row in seen["texts"])  # the payload, shown as text
    assert violations == "" and 'data-pwned="' not in dom


@pytest.mark.skipif(_chromium() is None, reason="Chromium not installed (make test installs Debian's package)")
@pytest.mark.parametrize(
    ("page", "caption", "name", "column", "page_length"),
    [
        ("02_voices.reader", "Every quote", "quotes", "speaker", 10),
        ("02_voices", "Every speaker", "speakers", "speaker", 10),
        ("04_framing.reader", "key terms", "keyterms", "term", 16),
    ],
)
def test_interactive_tables_search_in_chromium(built, tmp_path, page, caption, name, column, page_length):
    out, *_ = built
    rows = load_study(out / "study")[name]
    term = str(rows[column].value_counts(sort=True).index[-1])  # the rarest value: a search narrows the table
    seen, violations, _ = _search_in_browser(out / f"{page}.html", tmp_path, caption=caption, term=term)
    assert seen["search_box"] and violations == "", (seen, violations)
    assert seen["rows_before"] == min(len(rows), page_length)
    assert 1 <= seen["rows_after"] < len(rows) and f"filtered from {len(rows)} total" in seen["info"], seen
    assert all(word.lower() in row.lower() for row in seen["texts"] for word in term.split())  # DataTables matches each word


def test_a_run_with_another_target_leaves_the_first_intact(tmp_path, monkeypatch):
    import analysis.reports as reports

    monkeypatch.setattr(reports, "REPORTS", tmp_path / "reports")
    monkeypatch.setattr(reports, "FIGURES", tmp_path / "tracked-figures")
    first = build_reports(None, {}, only=("03_stance",))
    ibm = tmp_path / "reports" / "seeds-ibm"
    assert (ibm / "03_stance.html").is_file() and (ibm / "study" / "quotes.parquet").is_file()
    tracked = {p.name: p.read_bytes() for p in (tmp_path / "tracked-figures").iterdir()}
    assert "stance_by_outlet.png" in tracked  # the README's run publishes its figures
    before = {p: p.read_bytes() for p in first}
    build_reports(None, {"target": "Amazon"}, only=("03_stance",))
    amazon = tmp_path / "reports" / "seeds-amazon"
    assert "target: Amazon" in (amazon / "03_stance.ipynb").read_text(encoding="utf-8")
    assert {p: p.read_bytes() for p in first} == before  # the IBM run is untouched
    assert {p.name: p.read_bytes() for p in (tmp_path / "tracked-figures").iterdir()} == tracked
    runs = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    assert 'href="seeds-ibm/index.html"' in runs and 'href="seeds-amazon/index.html"' in runs


TIME_NOTE = "coverage over time is shown only when the dates span more than 7 days"


def _shown(executed: Path, cell_id: str) -> list[dict]:
    """The outputs of one cell of an executed notebook."""
    cells = json.loads(executed.read_text(encoding="utf-8"))["cells"]
    return [o for c in cells if c.get("id") == cell_id for o in c.get("outputs", [])]


def _text(outputs: list[dict]) -> str:
    return "".join("".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/markdown", "")) for o in outputs)


def test_seeds_dated_within_a_week_show_a_note_instead_of_time_charts(built):
    out, figures, *_ = built
    for name, cell in (("01_corpus", "coverage-over-time-chart"), ("03_stance", "stance-over-time-chart")):
        shown = _shown(out / f"{name}.ipynb", cell)
        assert TIME_NOTE in _text(shown) and not any("image/png" in o.get("data", {}) for o in shown), name
    assert not (figures / "coverage_over_time.png").exists() and not (figures / "stance_over_time.png").exists()
    assert _shown(out / "00_summary.ipynb", "over-time-summary") == []  # no section without a time dimension


def test_a_corpus_over_three_weeks_gets_its_time_charts_and_sentence(corpus_copy, tmp_path):
    from test_timeline import redate

    redate(corpus_copy, ["2020-06-01", "2020-06-04", "2020-06-11", "2020-06-15", "2020-06-22"])
    out, figures = tmp_path / "reports", tmp_path / "figures"
    build_reports(out, {"corpus": str(corpus_copy), "figures": str(figures)}, only=("00_summary", "01_corpus", "03_stance"), jobs=2)
    for name, cell, chart in (
        ("01_corpus", "coverage-over-time-chart", "coverage_over_time.png"),
        ("03_stance", "stance-over-time-chart", "stance_over_time.png"),
    ):
        assert (figures / chart).stat().st_size > 1000, chart
        shown = _shown(out / f"{name}.ipynb", cell)
        assert any("image/png" in o.get("data", {}) for o in shown) and TIME_NOTE not in _text(shown), name
        assert not [o for o in shown if o.get("output_type") == "error"]
    summary = _text(_shown(out / "00_summary.ipynb", "over-time-summary"))
    assert summary.startswith("## Over time") and "Coverage peaked on 2020-06-" in summary and "stance toward IBM" in summary
