"""Interactive tables: a table in a report that a reader can search, sort and page through.

A notebook shows a table with `interactive(frame)`. Its output is a plain HTML table (pandas,
every cell escaped) marked with `TABLE_CLASS`: JupyterLab, and a reader without JavaScript, see
that table as it is. A report page with such a table carries one script, `page_assets().script`:
the DataTables bundle shipped in the itables wheel (offline, no CDN) followed by a small
initialiser (`templates/offline/interactive_tables.js`) that turns each marked table into a
DataTable with itables' `ITable` class. The reports' Content-Security-Policy allows that script by
its SHA-256 (`analysis.reports.report_csp`) and no other.

itables' own notebook output is not used in the reports: its offline mode imports the bundle
from a base64 string through a `blob:` URL and starts each table with an inline script holding
the table's data, which that policy refuses, and should (any script in an output could then run).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from nbformat import NotebookNode

TABLE_CLASS = "interactive-table"
PAGE_LENGTH = 10  # rows per page until the reader picks another length
MAX_ROWS = 5000  # rows written into the page; beyond this a table is cut (and says so)
INITIALISER = Path(__file__).with_name("templates") / "offline" / "interactive_tables.js"
_OPENING = f'<table class="dataframe {TABLE_CLASS}">'  # how pandas opens a table with that class
_EXPORTS = re.compile(r"export\s*\{([^{}]*)\}\s*;?")
# Inside <script>, "<!--" and "<script" change how HTML finds the closing tag; the bundle has them
# only in strings and regular expressions, where "\x3C" is the same "<".
_SCRIPT_BREAKERS = re.compile(r"<(?=!--|/?script)", re.I)


@dataclass(frozen=True)
class InteractiveTable:
    """A table as a notebook output: escaped HTML marked for the report's DataTables, and text."""

    html: str
    text: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def interactive(frame: pd.DataFrame, *, caption: str = "", page_length: int = PAGE_LENGTH, max_rows: int = MAX_ROWS) -> InteractiveTable:
    """`frame` as a table the report makes searchable, sortable and paged (`page_length` rows
    a page), titled `caption`. Every cell, header and the caption are escaped; text is
    never cut (pandas' display.max_colwidth does not apply). A named index becomes columns, an
    unnamed one is left out; beyond `max_rows` rows only the first are written, and the caption
    says so."""
    if page_length < 1 or max_rows < 1:
        raise ValueError(f"page_length and max_rows must be positive (got {page_length} and {max_rows})")
    if any(name is not None for name in frame.index.names):
        frame = frame.reset_index()
    if isinstance(frame.columns, pd.MultiIndex):
        frame = frame.set_axis([" ".join(str(level) for level in column if str(level)) for column in frame.columns], axis=1)
    notes = [caption] if caption else []
    if len(frame) > max_rows:
        notes.append(f"the first {max_rows} of {len(frame)} rows")
        frame = frame.head(max_rows)
    with pd.option_context("display.max_colwidth", None):
        table = frame.to_html(escape=True, index=False, border=0, na_rep="", classes=[TABLE_CLASS])
    if not table.startswith(_OPENING):
        raise RuntimeError(f"pandas opened the table as {table.splitlines()[0]!r}, not {_OPENING!r}")
    caption_html = f"<caption>{html.escape('; '.join(notes))}</caption>" if notes else ""
    opening = f'<table class="dataframe {TABLE_CLASS}" data-page-length="{int(page_length)}">{caption_html}'
    with pd.option_context("display.max_colwidth", 80):
        text = frame.to_string(index=False, max_rows=20)
    return InteractiveTable(html=opening + table[len(_OPENING) :], text=text)


def shows_interactive(notebook: NotebookNode) -> bool:
    """Whether an executed notebook (nbformat) shows any `interactive` table."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            shown = output.get("data", {}).get("text/html", "")
            if _OPENING[:-1] in ("".join(shown) if isinstance(shown, list) else shown):
                return True
    return False


@dataclass(frozen=True)
class PageAssets:
    """What a report page with interactive tables carries once: one module script and its CSS."""

    script: str
    css: str


@lru_cache(maxsize=1)
def page_assets() -> PageAssets:
    """The installed itables' DataTables bundle (dt_bundle.js and .css) with the initialiser.

    The bundle is an ES module ending in `export{...}`; inline, nothing can import it, so its
    exports become a local object, `dtForITables`, that the initialiser after it uses.
    """
    import itables

    bundle = Path(itables.options.dt_bundle)
    source = bundle.read_text(encoding="utf-8")
    exports = list(_EXPORTS.finditer(source))
    if len(exports) != 1:
        raise RuntimeError(f"itables {itables.__version__}: {bundle.name} has {len(exports)} export statements, not one")
    names = {}
    for item in exports[0].group(1).split(","):
        found = re.fullmatch(r"\s*([\w$]+)(?:\s+as\s+([\w$]+))?\s*", item)
        if not found:
            raise RuntimeError(f"itables {itables.__version__}: cannot read the export {item!r} of {bundle.name}")
        names[found.group(2) or found.group(1)] = found.group(1)
    if "ITable" not in names:
        raise RuntimeError(f"itables {itables.__version__}: {bundle.name} does not export ITable")
    local = "const dtForITables = {" + ", ".join(f"{json.dumps(k)}: {v}" for k, v in names.items()) + "};"
    start, end = exports[0].span()
    script = source[:start] + local + source[end:] + "\n" + INITIALISER.read_text(encoding="utf-8")
    css = bundle.with_suffix(".css").read_text(encoding="utf-8")
    if "</style" in css.lower():
        raise RuntimeError(f"itables {itables.__version__}: {bundle.with_suffix('.css').name} would close its <style> element")
    return PageAssets(script=_SCRIPT_BREAKERS.sub(r"\\x3C", script), css=css)
