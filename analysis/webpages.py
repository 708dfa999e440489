"""Saved web pages: one HTML file becomes one article record (`Page`), with what was left out.

trafilatura finds the article body, headline and outlet name; htmldate finds the publication
date; both run on a tree parsed here from bytes decoded here, so neither fetches anything.

- **Decoding.** A byte-order mark decides (UTF-8 or UTF-16). Bytes that are valid UTF-8 and
  not plain ASCII are UTF-8, whatever the page declares: legacy text is practically never valid
  UTF-8 by accident, and a page re-saved as UTF-8 often keeps its old declaration. Otherwise the
  first of the charset the page declares (`<meta charset>` or `http-equiv` Content-Type, within
  its first 4 kB), UTF-8 and windows-1252 that decodes every byte wins; as in browsers, a
  declared ISO-8859-1 or ASCII is read as windows-1252. (trafilatura, given bytes, ignores the
  declaration and guesses with charset_normalizer, hence this rule.)
- **Text.** trafilatura's balanced default (neither `favor_precision` nor `favor_recall`): on
  article pages it keeps every paragraph without boilerplate, recall pulls footers in and
  precision buys nothing more. Comments are left out (they land in `removed`), and so are tables: on old table-layout
  sites `include_tables=True` flattens menu, article and footer into one pipe-separated line,
  so a data table inside an article goes to `removed` instead. Paragraphs are joined by one
  blank line, whitespace collapsed, NFC-normalised; a leading headline is dropped (it is
  `title`). A page with under `MIN_ARTICLE_CHARS` of text, or no paragraph of at least
  `MIN_PROSE_WORDS` words (a 404 page, a section index of headlines), has no article text.
- **Date.** htmldate with `original_date=True` (the first publication, not the last update) and
  `extensive_search=False`: the date comes from markup (the canonical URL's path, meta tags,
  JSON-LD, `<time>` and date-classed elements) or a full `YYYY-MM-DD` in the text, never from
  a free-text guess, which reads a footer's "Copyright 2016" as 2016-01-01. The date is the
  calendar date *as the publisher wrote it*: `2020-06-09T23:30:00-07:00` is 2020-06-09, not
  the UTC 2020-06-10, because htmldate returns dates, not instants. Dates outside
  `EARLIEST_DATE`..`LATEST_DATE` are refused; fixed bounds (not "today") keep results the same
  on any day.
- **Removed.** The page's visible lines (text of `<body>` outside script, style and template,
  broken at block elements and `<br>`) that are not article text, in page order: they go to
  the cleaning audit. Lines are aligned with the article's paragraphs in order, then word by
  word where the two split a paragraph differently, so a menu item "Sport" is listed even
  when the article uses the word; a line only partly in the article is listed whole.
- **Line breaks.** A single `<br>` inside a `<p>` is a space, for the text and the removed
  lines alike: the `<p>` is one paragraph, and trafilatura would split it, often mid-sentence.
  `<br><br>` still separates paragraphs.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from copy import deepcopy
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

import htmldate
import trafilatura
from lxml import etree
from lxml.html import HtmlElement, HTMLParser, document_fromstring
from trafilatura.settings import DEFAULT_CONFIG

from analysis.corpus import DEFAULT_MAX_BYTES
from analysis.errors import InputError

# trafilatura's own threshold below which it calls an extraction too short.
MIN_ARTICLE_CHARS = DEFAULT_CONFIG.getint("DEFAULT", "MIN_EXTRACTED_SIZE")
# A sentence of prose; menu items, link lists and headlines are shorter.
MIN_PROSE_WORDS = 10
EARLIEST_DATE = "1995-01-01"  # htmldate's own lower bound, stated so that it cannot drift
LATEST_DATE = "2099-12-31"
DATE_PARAMS = {"original_date": True, "extensive_search": False, "min_date": EARLIEST_DATE, "max_date": LATEST_DATE}

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_CHARSET_SCAN = 4096  # browsers look at the first 1024 bytes; saved pages sometimes push it further
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([a-z0-9._:-]+)""", re.IGNORECASE)
# What browsers do with these labels (WHATWG Encoding): Latin-1 and ASCII mean windows-1252,
# a UTF-16 label in a meta tag (bytes that were read as ASCII to find it) means UTF-8.
_DECLARED_AS = {"iso8859-1": "cp1252", "ascii": "cp1252", "utf-16": "utf-8", "utf-16-le": "utf-8", "utf-16-be": "utf-8"}
_REFUSED_CHARSETS = {"utf-7"}  # not an encoding browsers accept
_LANGUAGE = re.compile(r"[a-z]{2,3}")
_DIFFLIB_CELLS = 250_000  # word pairs difflib aligns directly: a few milliseconds
_HIDDEN = {"head", "script", "style", "template"}  # code or not rendered
# Elements rendered as blocks (a line of their own); everything else runs inline.
_BLOCK_NAMES = (
    "address article aside blockquote body caption center dd details dialog dir div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav noscript ol option p pre section summary table "
    "tbody td tfoot th thead tr ul"
)
_BLOCKS = frozenset(_BLOCK_NAMES.split())


@dataclass(frozen=True)
class Page:
    """An article read from one saved web page."""

    text: str  # paragraphs separated by one blank line, no markup, NFC
    title: str  # the headline, "" when none
    published: str | None  # original publication date, YYYY-MM-DD as the publisher wrote it
    site: str  # og:site_name as written, else trafilatura's site name, else the host of `url` without "www.", else ""
    url: str  # canonical or og:url (absolute http/https), "" when none
    removed: tuple[str, ...]  # visible lines that are not article text, in page order
    language: str  # primary subtag of the declared language ("en" for en-GB), "" when none


def read_page(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Page:
    """The article in the saved HTML page at `path`.

    Raises InputError with a one-line reason: unreadable, over `max_bytes`, not decodable, or
    no article text found."""
    tree = _parse(_decode(_read(path, max_bytes=max_bytes), name=path.name), name=path.name)
    url = _url(tree)
    joined = _joined_lines(tree)
    document = trafilatura.bare_extraction(
        joined,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params=DATE_PARAMS,
    )
    if document is None:  # trafilatura found no text at all
        raise InputError(f"{path.name}: no article text found")
    title = _line(document.title or "")
    paragraphs = [p for p in map(_line, (document.text or "").splitlines()) if p]
    if paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    if not _is_article(paragraphs):
        raise InputError(f"{path.name}: no article text found")
    site = next(iter(_meta(tree, "og:site_name")), document.sitename or "")  # trafilatura title-cases a lower-case name
    return Page(
        text="\n\n".join(paragraphs),
        title=title,
        published=htmldate.find_date(tree, url=url or None, **DATE_PARAMS),
        site=_line(site) or _host(url),
        url=url,
        removed=_outside(_visible_lines(joined), [title, *paragraphs] if title else paragraphs),
        language=_language(tree),
    )


def _read(path: Path, *, max_bytes: int) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # never more: a huge or endless file costs nothing
    except OSError as exc:
        raise InputError(f"cannot read {path.name}: {exc.strerror or type(exc).__name__}") from None
    if len(data) > max_bytes:
        raise InputError(f"{path.name} is over the {max_bytes / 1e6:g} MB limit for a web page")
    return data


def _decode(data: bytes, *, name: str) -> str:
    """The page's text by the rule in the module docstring."""
    bom = next(((len(mark), codec) for mark, codec in _BOMS if data.startswith(mark)), None)
    if bom:
        candidates = [bom[1]]
    elif not data.isascii() and _is_utf8(data):
        candidates = ["utf-8"]
    else:
        candidates = list(dict.fromkeys(c for c in (_declared(data), "utf-8", "cp1252") if c))
    for codec in candidates:
        try:
            text = data[bom[0] if bom else 0 :].decode(codec)
            break
        except UnicodeDecodeError:
            continue
    else:
        tried = ", ".join(candidates)
        raise InputError(f"{name} is not decodable as {tried}" + (" (its byte-order mark)" if bom else ""))
    if "\x00" in text:
        raise InputError(f"{name} is not decodable: binary data (NUL bytes), not an HTML page")
    return text


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _declared(data: bytes) -> str | None:
    """The charset the page declares, as a Python codec name; None if none or unknown."""
    match = _META_CHARSET.search(data[:_CHARSET_SCAN])
    if not match:
        return None
    try:
        codec = codecs.lookup(match.group(1).decode("ascii")).name
        codecs.getincrementaldecoder(codec)  # text encodings only: "rot13" and "hex" are codecs too
    except (LookupError, UnicodeError):
        return None
    return None if codec in _REFUSED_CHARSETS else _DECLARED_AS.get(codec, codec)


def _parse(text: str, *, name: str) -> HtmlElement:
    # The text is already decoded: force UTF-8 so that libxml2 ignores the page's own declaration.
    parser = HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False)
    try:
        return document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError):
        raise InputError(f"{name}: no article text found (empty document)") from None


def _joined_lines(tree: HtmlElement) -> HtmlElement:
    """A copy of the page in which a single `<br>` inside a `<p>` is a space."""
    tree = deepcopy(tree)
    for paragraph in tree.iter("p"):
        for br in list(paragraph.iter("br")):
            before, after = br.getprevious(), br.getnext()
            if (before is not None and before.tag == "br" and not (before.tail or "").strip()) or (
                after is not None and after.tag == "br" and not (br.tail or "").strip()
            ):
                continue
            br.tail = " " + (br.tail or "")
            br.drop_tree()
    return tree


def _line(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _is_article(paragraphs: list[str]) -> bool:
    return sum(map(len, paragraphs)) >= MIN_ARTICLE_CHARS and any(len(p.split()) >= MIN_PROSE_WORDS for p in paragraphs)


def _url(tree: HtmlElement) -> str:
    canonical = [link.get("href", "") for link in tree.iter("link") if "canonical" in link.get("rel", "").lower().split()]
    for candidate in (*canonical, *_meta(tree, "og:url")):
        candidate = candidate.strip()
        parts = urlsplit(candidate)
        if parts.scheme.lower() in ("http", "https") and parts.hostname:
            return candidate
    return ""


def _meta(tree: HtmlElement, prop: str) -> list[str]:
    """The non-empty contents of the page's `<meta property=prop>` tags."""
    return [
        m.get("content", "").strip() for m in tree.iter("meta") if m.get("property", "").lower() == prop and m.get("content", "").strip()
    ]


def _host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _language(tree: HtmlElement) -> str:
    declared = tree.get("lang") or tree.get("xml:lang") or ""
    if not declared:
        metas = (m for m in tree.iter("meta") if m.get("http-equiv", "").lower() == "content-language")
        declared = next((m.get("content", "") for m in metas), "").split(",")[0]
    primary = declared.strip().lower().replace("_", "-").split("-")[0]
    return primary if _LANGUAGE.fullmatch(primary) else ""


def _visible_lines(tree: HtmlElement) -> list[str]:
    """The text of the page's body, one entry per rendered line, whitespace collapsed, NFC."""
    parts: list[str] = []
    in_pre = 0  # depth of <pre> elements, where line breaks are the text's own
    walker = etree.iterwalk(tree, events=("start", "end"))
    for event, element in walker:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        shown = bool(tag) and tag not in _HIDDEN
        if event == "start":
            if not shown:
                walker.skip_subtree()  # its "end" still comes, for the tail
                continue
            in_pre += tag == "pre"
            if tag in _BLOCKS or tag == "br":
                parts.append("\n")
            if element.text:
                parts.append(element.text if in_pre else _one_line(element.text))
            continue
        if shown:
            in_pre -= tag == "pre"
            if tag in _BLOCKS:
                parts.append("\n")
        if element.tail and element is not tree:
            parts.append(element.tail if in_pre else _one_line(element.tail))
    return [line for line in map(_line, "".join(parts).split("\n")) if line]


def _one_line(text: str) -> str:
    return text.replace("\r", " ").replace("\n", " ")


def _outside(lines: list[str], article: list[str]) -> tuple[str, ...]:
    """The lines that are not article text: aligned line by line, then word by word."""
    removed: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, lines, article, autojunk=False).get_opcodes():
        if tag == "delete":
            removed.extend(lines[i1:i2])
        elif tag == "replace":
            removed.extend(_unmatched_words(lines[i1:i2], article[j1:j2]))
    return tuple(removed)


def _unmatched_words(lines: list[str], article: list[str]) -> list[str]:
    """The lines some of whose words do not align with the article's words (the article may
    join or split them differently, or mark list items with "- ")."""
    owners = [k for k, line in enumerate(lines) for _ in line.split()]
    aligned = _aligned([w for line in lines for w in line.split()], " ".join(article).split())
    unaligned = {owner for owner, ok in zip(owners, aligned) if not ok}
    return [line for k, line in enumerate(lines) if k in unaligned]


def _aligned(a: list[str], b: list[str]) -> list[bool]:
    """Which words of `a` align, in order, with words of `b`: difflib on stretches of up to
    `_DIFFLIB_CELLS` word pairs; longer ones are first cut at words found exactly once on each
    side (patience diff), which keeps a long page from taking quadratic time."""
    aligned = [False] * len(a)
    stretches = [(0, len(a), 0, len(b))]
    while stretches:
        alo, ahi, blo, bhi = stretches.pop()
        if alo >= ahi or blo >= bhi:
            continue
        if (ahi - alo) * (bhi - blo) <= _DIFFLIB_CELLS:
            for i, _, size in SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False).get_matching_blocks():
                aligned[alo + i : alo + i + size] = [True] * size
            continue
        anchors = _anchors(a, alo, ahi, b, blo, bhi)  # none: nothing provably shared, the words stay unaligned
        for i, _ in anchors:
            aligned[i] = True
        edges = [(alo - 1, blo - 1), *anchors, (ahi, bhi)] if anchors else []
        stretches.extend((i + 1, i2, j + 1, j2) for (i, j), (i2, j2) in pairwise(edges))
    return aligned


def _anchors(a: list[str], alo: int, ahi: int, b: list[str], blo: int, bhi: int) -> list[tuple[int, int]]:
    """Pairs of positions of words that occur once in a[alo:ahi] and once in b[blo:bhi], the
    longest run of them in the same order on both sides."""
    count_a, count_b = Counter(a[alo:ahi]), Counter(b[blo:bhi])
    where_b = {word: j for j, word in enumerate(b[blo:bhi], blo) if count_b[word] == 1}
    pairs = [(i, where_b[word]) for i, word in enumerate(a[alo:ahi], alo) if count_a[word] == 1 and word in where_b]
    # Longest increasing subsequence of the b positions (pairs are in a's order).
    tails: list[int] = []  # tails[n]: the pair ending the best run of length n + 1 found so far
    tail_positions: list[int] = []
    previous = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        n = bisect_left(tail_positions, j)
        previous[k] = tails[n - 1] if n else -1
        if n == len(tails):
            tails.append(k)
            tail_positions.append(j)
        else:
            tails[n], tail_positions[n] = k, j
    chain: list[tuple[int, int]] = []
    k = tails[-1] if tails else -1
    while k >= 0:
        chain.append(pairs[k])
        k = previous[k]
    return chain[::-1]
