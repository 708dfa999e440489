"""Cleaning: strip non-article lines (with an audit of each), repair artefacts, build paragraphs.

Every input line ends up in exactly one of three places: a paragraph of the cleaned text,
a blank separator, or the removed-lines audit with its reason. In-line repairs (HTML
entity debris, footnote markers, glued quotation marks) are listed too, so nothing is
lost silently.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from analysis.paths import data_rows

AFTER_END = "after end of article"
HEADER_KEYS = "feed|title|author|date|from|to|cc|subject|sent|reply-to|message-id|podcast download url|link|url|source|categories"
_HEADER = re.compile(rf"(?P<key>{HEADER_KEYS}):\s*(?P<value>.*)", re.IGNORECASE)
_TITLE_KEYS = {"title", "subject"}
# "On 20-06-10 23:29:52, jim bell wrote:" — a reply intro carries a time, date or address,
# which tells it from an article's own "On Tuesday, Krishna wrote:".
_REPLY_INTRO = re.compile(r"On .*(\d{1,2}:\d\d|\d{2,4}[-/.]\d\d?[-/.]\d\d?|@|\bat\b).*wrote:\s*")
_ARCHIVE_DATE = re.compile(
    r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w* (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w* +"
    r"\d{1,2} \d\d:\d\d(:\d\d)? ([A-Z]{2,5} )?\d{4}"
)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$|[\"”]$")
_ART_CHARS = re.compile(r"[|/\\]")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\t"), " ")
# C0 and C1 control characters (other than the line feed and tab) and Unicode line and
# paragraph separators inside a line: each becomes a space, and is listed as a repair.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")

REPAIRS: tuple[tuple[str, re.Pattern[str], object], ...] = (
    ("html entity", re.compile(r"&\s*#\s*(\d{1,5})\s*;"), lambda m: chr(int(m.group(1)))),
    ("html entity", re.compile(r"&\s*#\s*x([0-9a-fA-F]{1,4})\s*;"), lambda m: chr(int(m.group(1), 16))),
    (
        "html entity",
        re.compile(r"&(quot|amp|apos|lt|gt|nbsp|ndash|mdash|lsquo|rsquo|ldquo|rdquo|hellip);"),
        lambda m: html.unescape(m.group(0)),
    ),
    # A mangled `&quot;` whose ampersand became a comma or vanished: `"cynical,quot; move`.
    ("html entity", re.compile(r",?\bquot;"), '"'),
    ("html entity", re.compile(r",?\bapos;"), "'"),
    # `end[1] racist` and `departments [10].` lose the marker; `demand [8]that` keeps a space.
    ("footnote marker", re.compile(r"(?<=\w)\[\d{1,3}\](?=\w)"), " "),
    ("footnote marker", re.compile(r" ?\[\d{1,3}\](?=[\s.,;:!?)]|$)"), ""),
    ("footnote marker", re.compile(r"\[\d{1,3}\]"), ""),
    ("glued quotation mark", re.compile(r"”(?=[A-Za-z])"), "” "),
    ("extra spaces", re.compile(r"(?<=\S) {2,}(?=\S)"), " "),
)


@dataclass(frozen=True, slots=True)
class RemovedLine:
    doc_id: str
    line_no: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Repair:
    doc_id: str
    line_no: int
    kind: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of the cleaned text; `kind` is headline, body, block or subhead."""

    index: int
    kind: str
    start: int
    end: int
    text: str
    first_line: int
    last_line: int


@dataclass(frozen=True, slots=True)
class CleanDocument:
    doc_id: str
    text: str
    paragraphs: tuple[Paragraph, ...]
    removed: tuple[RemovedLine, ...]
    repairs: tuple[Repair, ...]
    line_status: tuple[str, ...]  # per input line: kept, blank or removed


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    reason: str
    ends_article: bool


@lru_cache(maxsize=1)
def boilerplate_rules() -> tuple[_Rule, ...]:
    """The line patterns of `resources/boilerplate.csv`."""
    rows = data_rows("boilerplate.csv")
    return tuple(_Rule(re.compile(r["pattern"], re.IGNORECASE), r["reason"], r["scope"] == "end") for r in rows)


def _normalise(line: str) -> str:
    return line.translate(_INVISIBLE).translate(_SPACES).rstrip()


def _match_rule(line: str) -> _Rule | None:
    stripped = line.strip()
    return next((r for r in boilerplate_rules() if r.pattern.fullmatch(stripped)), None)


def _blocks(lines: list[str]) -> list[list[int]]:
    """Indices of runs of non-blank lines."""
    blocks: list[list[int]] = []
    current: list[int] = []
    for i, line in enumerate(lines):
        if line.strip():
            current.append(i)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _first_prose_line(lines: list[str], reasons: list[str | None]) -> int:
    """Index of the first line of the first block that reads as article prose."""
    for block in _blocks(lines):
        live = [i for i in block if reasons[i] is None]
        if not live or any(lines[i].lstrip().startswith(">") or _HEADER.fullmatch(lines[i].strip()) for i in live):
            continue
        text = " ".join(lines[i].strip() for i in live)
        if len(text.split()) >= 12 and re.search(r"[.!?][\"'”’]?(\s|$)", text):
            return live[0]
    return len(lines)


def _is_signature_art(line: str) -> bool:
    stripped = line.strip()
    return (len(_ART_CHARS.findall(stripped)) >= 2 and len(stripped.split()) < 10) or stripped == "--"


def _mark_lines(lines: list[str]) -> tuple[list[str | None], set[int]]:
    """A removal reason per line (None = keep) and the indices of title lines to keep."""
    reasons: list[str | None] = [None] * len(lines)
    end: int | None = None
    end_reason = ""
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        rule = _match_rule(line)
        if rule:
            reasons[i] = rule.reason
            if rule.ends_article and end is None:
                end, end_reason = i, rule.reason
        elif _ARCHIVE_DATE.fullmatch(line.strip()):
            reasons[i] = "mail archive header"
            prev = next((j for j in range(i - 1, -1, -1) if lines[j].strip()), None)
            if prev is not None and len(lines[prev].split()) <= 5 and re.search(r"(\bat|@\S*)$", lines[prev].strip()):
                reasons[prev] = "mail archive header"
        elif _REPLY_INTRO.fullmatch(line.strip()):
            reasons[i] = "quoted e-mail reply"
            for j in range(i + 1, len(lines)):
                if not lines[j].lstrip().startswith(">"):
                    break
                reasons[j] = "quoted e-mail reply"
    if end is not None:
        for i in range(end + 1, len(lines)):
            if lines[i].strip() and reasons[i] is None:
                reasons[i] = "signature" if _is_signature_art(lines[i]) else f"{AFTER_END} ({end_reason})"
    titles: set[int] = set()
    body_start = _first_prose_line(lines, reasons)
    previous_header = False
    for i in range(body_start):
        line = lines[i]
        if not line.strip() or reasons[i] is not None:
            previous_header = False
            continue
        header = _HEADER.fullmatch(line.strip())
        if header and header.group("key").lower() in _TITLE_KEYS and header.group("value"):
            titles.add(i)
        elif header:
            reasons[i] = "feed/e-mail header"
        elif previous_header and line[:1].isspace():
            reasons[i] = "feed/e-mail header"  # a folded header line (RFC 5322 continuation)
        previous_header = bool(header) or (previous_header and line[:1].isspace())
    return reasons, titles


def _controls(doc_id: str, line_no: int, line: str, repairs: list[Repair]) -> str:
    """Control characters become spaces, each listed as a repair (by its code point)."""

    def record(m: re.Match[str]) -> str:
        repairs.append(Repair(doc_id, line_no, "control character", f"U+{ord(m.group(0)):04X}", " "))
        return " "

    return _CONTROL.sub(record, line) if _CONTROL.search(line) else line


def _repair(doc_id: str, line_no: int, text: str, repairs: list[Repair]) -> str:
    for kind, pattern, replacement in REPAIRS:

        def record(m: re.Match[str], kind: str = kind, replacement: object = replacement) -> str:
            after = replacement(m) if callable(replacement) else replacement
            repairs.append(Repair(doc_id, line_no, kind, m.group(0), after))
            return after

        text = pattern.sub(record, text)
    return text.strip()


def _is_wrapped(lines: list[str], kept: list[int]) -> bool:
    """Hard-wrapped text: most kept lines stop short of a fixed width and run on."""
    body = [lines[i] for i in kept if not lines[i].lstrip().startswith(">")]
    if len(body) < 5:
        return False
    short = sum(30 <= len(line) <= 80 for line in body)
    runs = sum(1 for a, b in pairwise(kept) if b == a + 1)
    return short / len(body) >= 0.6 and runs >= 3


def _join(parts: list[str]) -> str:
    pieces: list[str] = []
    for part in parts:
        last = pieces[-1] if pieces else ""
        if last.endswith("-") and last[-2:-1].isalpha() and part[:1].islower():
            pieces.append(part)  # a word hyphenated at the wrap keeps its hyphen
        else:
            pieces.extend((" ", part) if pieces else (part,))
    return "".join(pieces)


def _paragraph_kind(text: str, *, block: bool, title: bool, first: bool) -> str:
    if block:
        return "block"
    if title or (first and not _SENTENCE_END.search(text) and len(text.split()) <= 30):
        return "headline"
    if not _SENTENCE_END.search(text) and len(text.split()) <= 10 and not re.search(r"[.!?]", text):
        return "subhead"
    return "body"


def clean(doc_id: str, raw: str) -> CleanDocument:
    """Clean one raw document into paragraphs, listing every removed line and repair."""
    if raw.endswith("\n"):
        raw = raw[:-1]
    repairs: list[Repair] = []
    lines = [_normalise(_controls(doc_id, i + 1, line, repairs)) for i, line in enumerate(raw.split("\n"))]
    reasons, titles = _mark_lines(lines)
    kept = [i for i, line in enumerate(lines) if line.strip() and reasons[i] is None]
    wrapped = _is_wrapped(lines, kept)

    groups: list[list[int]] = []
    for i in kept:
        prev = groups[-1][-1] if groups else None
        same_kind = prev is not None and lines[prev].lstrip().startswith(">") == lines[i].lstrip().startswith(">")
        joinable = prev == i - 1 and same_kind and i not in titles and prev not in titles
        if joinable and (wrapped or lines[i].lstrip().startswith(">")):
            groups[-1].append(i)
        else:
            groups.append([i])

    paragraphs: list[Paragraph] = []
    offset = 0
    for group in groups:
        block = lines[group[0]].lstrip().startswith(">")
        parts = []
        for i in group:
            line = re.sub(r"^\s*>\s?", "", lines[i]) if block else lines[i]
            if i in titles:
                header = _HEADER.fullmatch(line.strip())
                repairs.append(Repair(doc_id, i + 1, "header key", line.strip(), header.group("value")))
                line = header.group("value")
            parts.append(_repair(doc_id, i + 1, line, repairs))
        text = _join([p for p in parts if p])
        if not text:
            continue
        kind = _paragraph_kind(text, block=block, title=group[0] in titles, first=not paragraphs)
        start = offset + (2 if paragraphs else 0)
        paragraphs.append(Paragraph(len(paragraphs), kind, start, start + len(text), text, group[0] + 1, group[-1] + 1))
        offset = start + len(text)

    removed = tuple(RemovedLine(doc_id, i + 1, lines[i].strip(), reason) for i, reason in enumerate(reasons) if reason is not None)
    status = tuple("removed" if reasons[i] is not None else ("blank" if not line.strip() else "kept") for i, line in enumerate(lines))
    text = "\n\n".join(p.text for p in paragraphs)
    return CleanDocument(doc_id, text, tuple(paragraphs), removed, tuple(repairs), status)
