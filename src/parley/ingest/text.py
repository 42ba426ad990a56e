"""Plain-text articles: header, title, publication date, wrapping, boilerplate, paragraphs.

Every format ends here: HTML and PDF extraction and JSONL records hand their text
and whatever metadata they found to :func:`parse_article`, which reads the rest
from the text itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from parley.ingest.clean import clean
from parley.ingest.dates_meta import DATE_PATTERN, normalise_published, parse_date, plausible
from parley.ingest.wrap import looks_hard_wrapped, rejoin
from parley.text import fold_words

# Header keys (see ../shared/README.md, "The article file format") and the field each fills.
HEADER_KEYS: dict[str, str] = {
    "url": "url",
    "link": "url",
    "published": "published",
    "date": "published",
    "title": "title",
    "source": "outlet",
    "outlet": "outlet",
    "author": "author",
    "byline": "author",
}
_HEADER_LINE = re.compile(r"(?P<key>[A-Za-z_][A-Za-z_-]{0,30}):[ \t]*(?P<value>.*)")
# A crawler's first line: " date 2023-05-26 <title>".
_CRAWLER_LINE = re.compile(
    r"\s*date:?\s+(?P<date>\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?)?(?:\s+(?P<title>.*))?",
    re.IGNORECASE,
)
# A wire dateline opening the first paragraph: "MOSCOW, May 26, 2023 (Agency) —".
_DATELINE = re.compile(
    rf"(?P<place>[A-Z][A-Za-z.'\- ]{{1,40}}?)\s*,\s*(?P<date>{DATE_PATTERN})\s*(?:\([^)]{{1,60}}\))?\s*[—–-]",
    re.IGNORECASE,
)
# A title is headline-sized and does not end like a sentence fragment.
TITLE_MAX = 200
TITLE_MAX_WORDS = 30
# Publication stamps are looked for among this many lines at each end of the text.
STAMP_WINDOW = 4
# A line this long (or a shorter one ending a sentence) is article prose.
BODY_LINE = 120


@dataclass(frozen=True)
class Article:
    """What a text yields before it becomes a Document (which also needs an id and a name)."""

    text: str
    title: str | None = None
    published: str | None = None
    published_from: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    removed: tuple[str, ...] = ()


def normalise_newlines(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # No-break and zero-width spaces are layout, not content.
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "").replace("\t", "    ")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def parse_header(lines: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """Split off a ``key: value`` header ended by a blank line; ({}, lines) when there is none.

    Unknown keys are tolerated inside a header, but at least one known key is needed,
    so a body that happens to open with "Update: ..." is not mistaken for one.
    """
    meta: dict[str, str] = {}
    known = False
    for index, line in enumerate(lines):
        if not line.strip():
            if index == 0 or not known:
                return {}, list(lines)
            return meta, list(lines[index + 1 :])
        match = _HEADER_LINE.fullmatch(line.strip())
        if not match:
            return {}, list(lines)
        key = match["key"].lower()
        if key in HEADER_KEYS:
            known = True
            meta.setdefault(HEADER_KEYS[key], match["value"].strip())
    return {}, list(lines)


def parse_article(
    text: str,
    *,
    meta: Mapping[str, str | None] | None = None,
    header: bool = True,
    wrapped: bool | None = None,
    title_from_text: bool = True,
    meta_from: str = "header",
) -> Article:
    """Read an article's text: metadata from ``meta``, then its header, then the text itself.

    ``wrapped``: True to always rejoin hard-wrapped lines (PDF), None to decide from
    the text's shape. ``meta_from`` names where ``meta``'s date came from.
    """
    lines = normalise_newlines(text).split("\n")
    fields: dict[str, str] = {}
    date_from: str | None = None
    given = {k: v for k, v in (meta or {}).items() if v}
    if given.get("published"):
        date_from = meta_from
    fields.update({k: str(v) for k, v in given.items()})
    if header:
        found, lines = parse_header(lines)
        for key, value in found.items():
            if key not in fields and value:
                fields[key] = value
                if key == "published":
                    date_from = "header"
    published = normalise_published(fields.get("published"))
    if published is None:
        date_from = None

    lines, crawler_date, crawler_title = _crawler_line(lines)
    if crawler_title and not fields.get("title"):
        fields["title"] = crawler_title
    if published is None and crawler_date:
        published, date_from = crawler_date, "crawler_line"

    if wrapped or (wrapped is None and looks_hard_wrapped(lines)):
        lines = rejoin(lines)
    cleaned = clean(lines)
    lines = list(cleaned.lines)

    title = fields.get("title")
    if title:
        lines = _drop_repeated_title(lines, title)
    elif title_from_text:
        title, lines = _title_line(lines)

    stamp, lines = _stamp(lines)
    if published is None and stamp:
        published, date_from = stamp, "stamp"
    if published is None:
        dateline = _dateline(lines)
        if dateline:
            published, date_from = dateline, "dateline"

    paragraphs = [" ".join(line.split()) for line in lines if line.strip()]
    return Article(
        text="\n\n".join(paragraphs),
        title=" ".join(title.split()) if title else None,
        published=published,
        published_from=date_from,
        url=fields.get("url") or None,
        outlet=fields.get("outlet") or None,
        author=fields.get("author") or None,
        removed=cleaned.removed,
    )


def _first_content(lines: Sequence[str]) -> int | None:
    return next((i for i, line in enumerate(lines) if line.strip()), None)


def _crawler_line(lines: list[str]) -> tuple[list[str], str | None, str | None]:
    first = _first_content(lines)
    if first is None:
        return lines, None, None
    match = _CRAWLER_LINE.fullmatch(lines[first])
    if not match:
        return lines, None, None
    date = normalise_published(match["date"])
    title = (match["title"] or "").strip() or None
    return lines[:first] + lines[first + 1 :], date, title


def _is_title_like(line: str) -> bool:
    line = line.strip()
    return (
        3 <= len(line) <= TITLE_MAX
        and len(line.split()) <= TITLE_MAX_WORDS
        and line[-1] not in ".,;:"
        and parse_date(line) is None
    )


def _title_line(lines: list[str]) -> tuple[str | None, list[str]]:
    """Take the first line as the title when it is headline-sized and prose follows it."""
    first = _first_content(lines)
    if first is None or not _is_title_like(lines[first]):
        return None, lines
    if not any(line.strip() for line in lines[first + 1 :]):
        return None, lines
    return lines[first].strip(), lines[first + 1 :]


def _drop_repeated_title(lines: list[str], title: str) -> list[str]:
    first = _first_content(lines)
    if first is not None and fold_words(lines[first]) == fold_words(title):
        return lines[first + 1 :]
    return lines


def _is_body(line: str) -> bool:
    line = line.strip()
    return len(line) >= BODY_LINE or (len(line) >= 40 and line[-1] in ".!?\"”’")


def _stamp(lines: list[str]) -> tuple[str | None, list[str]]:
    """A date-only line at either end of the text; the one nearest the article's prose wins.

    Headline lists are gone by now, so the dates left at the edges are the article's
    own: a stamp under the title or one right after the last paragraph.
    """
    content = [i for i, line in enumerate(lines) if line.strip()]
    edge = content[:STAMP_WINDOW] + [i for i in content[-STAMP_WINDOW:] if i not in content[:STAMP_WINDOW]]
    body = [i for i in content if _is_body(lines[i])]
    best: tuple[int, int, str] | None = None
    for i in edge:
        date = parse_date(lines[i])
        if date is None or not plausible(date):
            continue
        # Distance counts content lines only, so blank lines do not push a stamp away.
        distance = min(
            (sum(1 for c in content if min(i, b) < c <= max(i, b)) for b in body), default=len(lines)
        )
        if best is None or distance < best[0]:
            best = (distance, i, date.isoformat())
    if best is None:
        return None, lines
    _, index, value = best
    return value, lines[:index] + lines[index + 1 :]


def _dateline(lines: list[str]) -> str | None:
    first = _first_content(lines)
    if first is None:
        return None
    match = _DATELINE.match(lines[first].strip())
    if not match:
        return None
    date = parse_date(match["date"])
    if date is None or not plausible(date):
        return None
    return date.isoformat()
