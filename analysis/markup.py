"""Corpus text in reports: every value from a corpus is escaped before it reaches Markdown or HTML.

Outlet names, groups, speakers, affiliations, sentences and file names are untrusted input.
Tables shown as DataFrames are escaped by pandas, and so are the interactive ones
(`analysis.interactive`); prose built from the tables (the summary's Markdown) goes through
`md`, and HTML written by the suite itself through `html.escape`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping

import pandas as pd

# Characters that start markup inside a line (values never start one: newlines are collapsed):
# emphasis, code, links and images ("!" and "(" only count after "["), tables,
# strike-through, math, template braces; "<" and "&" (raw HTML, entities) become entities.
_MARKDOWN = set("\\`*_{}[]|~$")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def md(value: object) -> str:
    """`value` as literal text inside a Markdown paragraph: one line, no markup, no HTML."""
    text = re.sub(r"\s+", " ", str(value))
    return "".join(_HTML.get(c) or ("\\" + c if c in _MARKDOWN else c) for c in text)


class EscapedTables(Mapping[str, pd.DataFrame]):
    """Read-only view of tables whose text cells are `md`-escaped, each escaped on first use:
    prose built from it is safe Markdown, and joins and comparisons still work, every table
    being escaped alike."""

    def __init__(self, tables: Mapping[str, pd.DataFrame]):
        self._tables, self._done = tables, {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._done:
            self._done[name] = _escape_frame(self._tables[name])
        return self._done[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)


def prose(function: Callable[..., str]) -> Callable[..., str]:
    """A function that writes Markdown from tables (and a target name, or other text) gets them
    escaped: whatever a corpus holds shows as text."""

    @functools.wraps(function)
    def wrapper(tables: Mapping[str, pd.DataFrame], *args: object, **kwargs: object) -> str:
        args = tuple(md(a) if isinstance(a, str) else a for a in args)
        kwargs = {k: md(v) if isinstance(v, str) else v for k, v in kwargs.items()}
        view = tables if isinstance(tables, EscapedTables) else EscapedTables(tables)
        return function(view, *args, **kwargs)

    return wrapper


def _escape_frame(frame: pd.DataFrame) -> pd.DataFrame:
    text = [c for c in frame.columns if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])]
    if not text:
        return frame
    escaped = frame.copy()
    for c in text:
        escaped[c] = frame[c].map(lambda v: md(v) if isinstance(v, str) else v)
    return escaped
