from __future__ import annotations

import re
import socket
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from lxml.html import document_fromstring

from analysis.errors import InputError
from analysis.webpages import Page, _outside, read_page

PAGES = Path(__file__).parent / "fixtures" / "webpages"
ARTICLES = sorted(p.name for p in PAGES.glob("*.html") if p.name not in {"not_found.html", "section_index.html"})

# One row per layout: key paragraphs (fragments of text), boilerplate lines, and metadata.
LAYOUTS = {
    "news_site.html": dict(
        keep=[
            "voted seven to two on Monday evening",
            "Nobody should have to choose between a taxi fare",
            "count passengers on every crossing",
        ],
        drop=[
            "We use cookies to remember your settings and to measure traffic.",
            "Local news",
            "Weather",
            "Related stories",
            "Bus fares frozen for a second year",
            "© 2022 Harbour Ledger Media Ltd. All rights reserved.",
        ],
        title="Harbour council approves night ferry trial",
        published="2022-03-14",  # article:published_time, not the later article:modified_time
        site="The Harbour Ledger",
        url="https://www.harbourledger.example/news/night-ferry-trial",
        language="en",
    ),
    "blog_wordpress.html": dict(
        keep=[
            "turned every bed over with a fork",
            "The worms do the digging for you if you let them.",
            "the whole plot gets the same treatment",
        ],
        drop=[
            "Planting calendar",
            "We switched to no-dig three years ago and our onions have never been better.",
            "Where do you get that much cardboard from? Our supermarket bales all of theirs.",
            "Recent posts",
            "Forcing rhubarb under an old bucket",
            "Proudly powered by a very old laptop and a lot of tea.",
        ],
        title="Why we stopped digging our beds",
        published="2021-04-17",  # the "published" <time>, not the "updated" one
        site="Notes from Plot Nine",
        url="https://plotnine.example/why-we-stopped-digging/",
        language="en",
    ),
    "amp_article.html": dict(
        keep=["counted 312 swifts circling the chimney", "a proper screaming party", "avoid roof work between May and August"],
        drop=[
            "Front page",
            "Advertisement",
            "Hedgehog census needs more gardens",
            "Northvale Post is published by Valley Print Co-operative.",
        ],
        title="Volunteers count record number of swifts over the old mill",
        published="2019-11-05",  # JSON-LD datePublished, not dateModified
        site="Northvale Post",
        url="https://www.northvalepost.example/environment/swift-count",
        language="en",
    ),
    "jsonld_date.html": dict(
        keep=["stay open until ten at night", "more than 1,800 signatures", "only heating and lighting"],
        drop=["Get the morning briefing in your inbox", "Fenwick Street Journal, 14 Fenwick Street"],
        title="Library extends opening hours for exam season",
        published="2018-02-27",
        site="Fenwick Street Journal",
        url="https://fenwickstreet.example/education/library-hours",
        language="en",
    ),
    "meta_published_time.html": dict(
        keep=["ran past eleven at night", "Keep us afloat", "filtration system is due"],
        drop=["Home City Hall Schools", "Cedar Flats Courier is an independent, reader-supported newsroom."],
        title="Late-night vote keeps Cedar Flats pool open another year",
        published="2020-06-09",  # 23:30 at -07:00: the publisher's date, although it is 06-10 in UTC
        site="Cedar Flats Courier",
        url="",
        language="en",
    ),
    "canonical_url_date.html": dict(
        keep=["every forty minutes instead of every half hour", "use the lakeside bus instead", "training three new skippers"],
        drop=["Front | Ferries | What's on", "Share this story: Email · Print"],
        title="Ferry timetable changes from the autumn",
        published="2017-08-23",  # only in the canonical URL's path
        site="lakesidetribune.example",  # no og:site_name: the canonical host without "www."
        url="https://www.lakesidetribune.example/2017/08/23/ferry-timetable-changes/",
        language="",
    ),
    "no_date.html": dict(
        keep=["keeps a tide table in his jacket", "In the spring of 2009 a surge", "kept boats off the banks"],
        drop=["Saltmarsh Review Essays Donate", "Copyright 2016 Saltmarsh Review. Printed on recycled paper."],
        title="What the tide tables do not tell you",
        published=None,  # a free-text guess would read the footer's copyright year as 2016-01-01
        site="Saltmarsh Review",
        url="",
        language="en",
    ),
    "legacy_windows1252.html": dict(
        keep=[
            "six cafés on Market Row",
            "charge €12 a month",
            "“We already pay for the licence",
            "street cleaning — this is a tax on sunshine,”",
        ],
        drop=["Home Town Letters", "© Old Town Bugle • All rights reserved"],
        title="Café owners say “no” to pavement tax",
        published="2009-09-30",
        site="Old Town Bugle",
        url="",
        language="en",
    ),
    "script_style.html": dict(
        keep=["being sent a pop-up", "into the guestbook", "treat whatever a visitor types as plain text"],
        drop=["Byte Parish All posts", "Byte Parish is written by volunteers, for volunteers."],
        title="How a comment box let strangers run code on a parish website",
        published="2023-01-12",
        site="Byte Parish",
        url="https://byteparish.example/posts/comment-box",
        language="en",
    ),
    "german_article.html": dict(
        keep=[
            "mit großer Mehrheit beschlossen",
            "Radfahrer nicht überholen",
            "„Wir wollen, dass Kinder hier sicher zur Schule radeln können“",
        ],
        drop=["Startseite Lokales Sport Abo bestellen", "Impressum · Datenschutz · Rheinufer Rundschau Verlag"],
        title="Stadtrat beschließt neue Fahrradstraße am Rheinufer",
        published="2021-05-03",
        site="Rheinufer Rundschau",
        url="https://www.rheinufer-rundschau.example/lokales/fahrradstrasse",
        language="de",  # declared as de-DE
    ),
    "table_layout.html": dict(
        keep=[
            "raise allotment rents for the first time in nine years",
            "anyone over seventy will keep the old rate",
            "listed three requests",
        ],
        drop=["Village news", "Clubs and societies", "Parish Pump is printed and delivered by volunteers.", "Plot size"],
        title="Allotment rents to rise",
        published="2004-10-08",
        site="",  # no outlet name and no URL
        url="",
        language="",
    ),
}


@pytest.fixture(scope="module")
def pages() -> dict[str, Page]:
    return {name: read_page(PAGES / name) for name in ARTICLES}


def test_every_article_fixture_has_a_layout_row():
    assert sorted(LAYOUTS) == ARTICLES


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_layout(pages, name):
    page, want = pages[name], LAYOUTS[name]
    for fragment in want["keep"]:
        assert fragment in page.text
    for line in want["drop"]:
        assert line in page.removed
        assert line not in page.text
    assert (page.title, page.published, page.site, page.url, page.language) == (
        want["title"],
        want["published"],
        want["site"],
        want["url"],
        want["language"],
    )


@pytest.mark.parametrize("name", ARTICLES)
def test_text_is_plain_paragraphs_and_no_paragraph_is_removed(pages, name):
    page = pages[name]
    paragraphs = page.text.split("\n\n")
    assert all(p and p == " ".join(p.split()) for p in paragraphs)  # no empty paragraph, no stray whitespace
    assert "<p>" not in page.text and "&nbsp;" not in page.text
    assert not set(paragraphs) & set(page.removed)
    assert page.title not in page.removed  # the headline is the article's, not boilerplate
    assert paragraphs[0] != page.title  # and it is not repeated as the first paragraph
    assert all(line and line == line.strip() for line in page.removed)


@pytest.mark.parametrize("name", ARTICLES)
def test_nothing_is_lost(pages, name):
    """Every visible character of the page is in the text, the title or the removed lines."""
    tree = document_fromstring((PAGES / name).read_bytes().decode(_fixture_encoding(name)))
    body = tree.find("body")
    for element in body.xpath(".//script|.//style|.//template"):
        element.drop_tree()
    visible = Counter(unicodedata.normalize("NFC", "".join(body.text_content().split())))
    page = pages[name]
    kept = Counter("".join((page.text + page.title + "".join(page.removed)).split()))
    assert not visible - kept


def _fixture_encoding(name: str) -> str:
    return "cp1252" if name == "legacy_windows1252.html" else "utf-8"


def test_comments_are_not_article_text(pages):
    assert "onions" not in pages["blog_wordpress.html"].text
    assert "Rowan says: 18 April 2021 at 9:00 am" in pages["blog_wordpress.html"].removed


def test_a_list_the_extractor_drops_is_in_removed(pages):
    # trafilatura's fallback on a table layout keeps the prose but not the bullet list: audited, not lost.
    page = pages["table_layout.html"]
    item = "publish the accounts for the water supply every year"
    assert item in page.text or item in page.removed


def test_script_style_and_template_never_leak(pages):
    page = pages["script_style.html"]
    everything = "\n".join([page.text, page.title, *page.removed])
    for marker in (
        "leakScriptMarker",
        "tracking-pixel-42",
        "inlineLeakScript",
        "analytics-beacon-7",
        "leak-style-marker",
        "inline-leak-style",
    ):
        assert marker not in everything
    assert "editor note" not in everything  # an HTML comment
    assert "Template text" not in everything


def test_escaped_markup_in_the_article_is_literal_text(pages):
    text = pages["script_style.html"].text
    assert "Someone had typed <script>alert(1)</script> into the guestbook" in text
    assert "turning &, < and > into their entity forms" in text
    assert "&lt;" not in text and "&amp;" not in text


def test_text_is_nfc_even_when_the_page_is_not(pages):
    raw = (PAGES / "german_article.html").read_text(encoding="utf-8")
    assert "u\u0308" in raw  # the fixture is stored decomposed
    page = pages["german_article.html"]
    for field in (page.text, page.title, *page.removed):
        assert unicodedata.is_normalized("NFC", field)
    assert "Möllenkamp" in page.text


ARTICLE = (
    "<p>The bridge over the mill stream will close for three weeks in March while the council replaces its rotten timber deck.</p>"
    "<p>Walkers will be sent along the lane past the church, which adds about ten minutes to the route into the village.</p>"
    "<p>The parish clerk said the work had been put off twice already and could not wait another winter.</p>"
)


def _write(tmp_path: Path, html: str, *, encoding: str = "utf-8", prefix: bytes = b"") -> Path:
    path = tmp_path / "page.html"
    path.write_bytes(prefix + html.encode(encoding))
    return path


def _html(*, head: str = "", body: str = ARTICLE, lang: str = "en") -> str:
    return f'<!DOCTYPE html><html lang="{lang}"><head>{head}<title>Mill bridge to close</title></head><body><div id="story"><h1>Mill bridge to close</h1>{body}</div><div class="foot">The Mill Stream Herald</div></body></html>'


@pytest.mark.parametrize(
    ("stamp", "date"),
    [
        ("2020-06-09T23:30:00-07:00", "2020-06-09"),  # 2020-06-10 in UTC
        ("2020-06-10T01:30:00+09:00", "2020-06-10"),  # 2020-06-09 in UTC
        ("2020-06-09T23:30:00Z", "2020-06-09"),
    ],
)
def test_the_date_is_the_publishers_calendar_date(tmp_path, stamp, date):
    page = read_page(_write(tmp_path, _html(head=f'<meta property="article:published_time" content="{stamp}">')))
    assert page.published == date


def test_a_future_date_is_kept_whatever_the_day(tmp_path):
    # Fixed date bounds: a date after today is not dropped today and accepted later.
    page = read_page(_write(tmp_path, _html(head='<meta property="article:published_time" content="2091-02-03T10:00:00+00:00">')))
    assert page.published == "2091-02-03"


CAFE = "caf\u00e9 \u2018no\u2019"  # é, ‘ and ’: windows-1252 bytes E9, 91 and 92; 91 and 92 are controls in ISO-8859-1
GREEK = "\u03ba\u03b1\u03c6\u03ad"  # what windows-1252 would read as four Latin letters


@pytest.mark.parametrize(
    ("head", "encoding", "prefix", "word"),
    [
        ('<meta charset="windows-1252">', "cp1252", b"", CAFE),
        ('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', "cp1252", b"", CAFE),  # read as windows-1252
        ('<meta charset="iso-8859-7">', "iso-8859-7", b"", GREEK),  # the declaration decides
        ('<meta charset="windows-1252">', "utf-8", b"", CAFE),  # re-saved as UTF-8, old declaration kept
        ('<meta charset="windows-1252">', "utf-8", b"\xef\xbb\xbf", CAFE),  # a byte-order mark decides
        ("", "utf-16-le", b"\xff\xfe", CAFE),
        ("", "cp1252", b"", CAFE),  # undeclared, not UTF-8: windows-1252
        ('<meta charset="no-such-charset">', "cp1252", b"", CAFE),
    ],
)
def test_charset(tmp_path, head, encoding, prefix, word):
    body = f"<p>The owner of the {word} stall said she would keep selling tea by the bridge whatever the council decides.</p>" + ARTICLE
    page = read_page(_write(tmp_path, _html(head=head, body=body), encoding=encoding, prefix=prefix))
    assert f"the {word} stall" in page.text


def test_a_single_line_break_inside_a_paragraph_does_not_split_it(tmp_path):
    body = (
        "<p>The harbour master said the dredger would arrive in May<br>and work through the night for a fortnight.</p>"
        "<p>Residents on the quay have been offered earplugs.<br><br>The council will pay for double glazing in two streets.</p>"
    ) + ARTICLE
    page = read_page(_write(tmp_path, _html(body=body)))
    paragraphs = page.text.split("\n\n")
    assert "The harbour master said the dredger would arrive in May and work through the night for a fortnight." in paragraphs
    assert "Residents on the quay have been offered earplugs." in paragraphs
    assert "The council will pay for double glazing in two streets." in paragraphs
    assert "and work through the night for a fortnight." not in page.removed


def test_a_menu_word_the_article_also_uses_is_still_removed(tmp_path):
    html = _html(body=ARTICLE).replace(
        '<div id="story">', '<ul class="menu"><li><a href="/">Walkers</a></li><li><a href="/x">Bridge</a></li></ul><div id="story">'
    )
    page = read_page(_write(tmp_path, html))
    assert "Walkers" in page.text
    assert page.removed[:2] == ("Walkers", "Bridge")


def test_a_long_page_whose_every_line_differs_is_aligned_word_by_word():
    # Long enough that the word alignment is cut at shared unique words before difflib runs.
    paragraphs = [f"Paragraph {n} says the ferry number {n} sails at {n % 12} and berth {n * 7} is closed." for n in range(800)]
    lines = ["Ferry", "Menu", *(f"{p} Share" for p in paragraphs[:400]), *paragraphs[400:], "Share", "Footer"]
    assert _outside(lines, paragraphs) == ("Ferry", "Menu", *(f"{p} Share" for p in paragraphs[:400]), "Share", "Footer")
    joined = [f"{p} {q}" for p, q in zip(paragraphs[::2], paragraphs[1::2])]  # the article joins pairs of lines
    assert _outside(["Ferry", *paragraphs, "Footer"], joined) == ("Ferry", "Footer")
    # A summary only the article has (say from JSON-LD) shares a word with a teaser at the page's
    # foot: the two cross every other shared word, and only the in-order ones may anchor.
    assert _outside([*paragraphs, "Zebrafinch teaser"], ["Zebrafinch summary", *joined]) == ("Zebrafinch teaser",)


@pytest.mark.parametrize(
    ("head", "url", "site"),
    [
        (
            '<link rel="canonical" href="/local/mill-bridge"><meta property="og:url" content="https://www.millstream.example/a/1">',
            "https://www.millstream.example/a/1",
            "millstream.example",
        ),
        ('<link rel="canonical" href="javascript:alert(1)">', "", ""),
        ('<meta property="og:site_name" content="eLife of the millstream">', "", "eLife of the millstream"),  # as written, not title-cased
        (
            '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", "publisher": {"@type": "Organization", "name": "Mill Stream Herald"}}</script>',
            "",
            "Mill Stream Herald",
        ),
        (
            '<meta property="og:url" content="https://news.millstream.example/a/1"><meta property="og:site_name" content="The Mill Stream Herald">',
            "https://news.millstream.example/a/1",
            "The Mill Stream Herald",
        ),
    ],
)
def test_url_and_site(tmp_path, head, url, site):
    page = read_page(_write(tmp_path, _html(head=head)))
    assert (page.url, page.site) == (url, site)


@pytest.mark.parametrize(("lang", "language"), [("en-GB", "en"), ("DE", "de"), ("pt_BR", "pt"), ("", ""), ("not a language", "")])
def test_language(tmp_path, lang, language):
    assert read_page(_write(tmp_path, _html(lang=lang))).language == language


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "no article text found"),
        (b"<html><body><p>ok</p>\x00\x00\x00</body></html>", "binary data"),
        (b"\xef\xbb\xbf<html><body>\xff\xfe</body></html>", "not decodable as utf-8 (its byte-order mark)"),
        (b'<html><head><meta charset="utf-8"></head><body>\xc3\x28 \x81\x8d</body></html>', "not decodable as utf-8, cp1252"),
        ((PAGES / "not_found.html").read_bytes(), "no article text found"),
        ((PAGES / "section_index.html").read_bytes(), "no article text found"),
    ],
)
def test_bad_pages_raise_one_line_input_errors(tmp_path, content, reason):
    path = tmp_path / "bad.html"
    path.write_bytes(content)
    with pytest.raises(InputError, match=re.escape(reason)) as caught:
        read_page(path)
    assert "\n" not in str(caught.value)


def test_too_large_and_missing_files(tmp_path):
    with pytest.raises(InputError, match=re.escape("over the 0.001 MB limit")):
        read_page(PAGES / "news_site.html", max_bytes=1000)
    assert read_page(PAGES / "news_site.html", max_bytes=(PAGES / "news_site.html").stat().st_size).title
    with pytest.raises(InputError, match=re.escape("cannot read missing.html")):
        read_page(tmp_path / "missing.html")


def test_same_file_same_page(pages):
    again = {name: read_page(PAGES / name) for name in reversed(ARTICLES)}
    assert again == pages


def test_no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("read_page tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    for name in ARTICLES:
        read_page(PAGES / name)
