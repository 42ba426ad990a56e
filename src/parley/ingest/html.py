"""HTML pages: main text and metadata through trafilatura, a plain parser when it finds nothing."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from html.parser import HTMLParser

from parley.ingest.decode import Problem

# Fewer words than this is no article (an error page, a cookie wall, a broken file).
MIN_WORDS = 5


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None = None
    published: str | None = None
    author: str | None = None
    url: str | None = None
    outlet: str | None = None


def extract_html(data: bytes) -> Page | Problem:
    page = _trafilatura(data)
    if page is None or len(page.text.split()) < MIN_WORDS:
        fallback = _plain(data)
        if fallback is not None and (page is None or len(fallback.text.split()) > len(page.text.split())):
            page = fallback if page is None else Page(fallback.text, page.title or fallback.title,
                                                      page.published, page.author, page.url, page.outlet)
    if page is None or len(page.text.split()) < MIN_WORDS:
        return Problem("broken_html", "no article text could be extracted from this HTML")
    return page


def _trafilatura(data: bytes) -> Page | None:
    from trafilatura import bare_extraction

    # trafilatura logs every page it cannot parse; the rejection already says so.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        result = bare_extraction(
            data,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            # Only dates the page states in its markup; no guessing from the URL or the text.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (ValueError, TypeError, AttributeError, LookupError) as err:
        logging.getLogger("parley.ingest").debug("trafilatura failed: %s", err)
        return None
    if result is None:
        return None
    text = getattr(result, "text", None) or ""
    if not text.strip():
        return None
    return Page(
        text=text,
        title=getattr(result, "title", None) or None,
        published=getattr(result, "date", None) or None,
        author=getattr(result, "author", None) or None,
        url=getattr(result, "url", None) or None,
        outlet=getattr(result, "sitename", None) or None,
    )


class _TextParser(HTMLParser):
    """Block text outside navigation, scripts and forms; tolerant of unclosed and stray tags."""

    SKIP = frozenset({"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "svg",
                      "button", "select", "template", "iframe"})
    BLOCK = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
                       "section", "article", "pre", "td", "dd", "dt", "figcaption", "time"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip_depth = 0
        self.in_title = False
        self.title: list[str] = []
        self.published: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # An unclosed <title> ends where the next element starts.
        self.in_title = tag == "title"
        if tag in self.SKIP:
            self.skip_depth += 1
        elif tag == "time" and self.published is None:
            self.published = dict(attrs).get("datetime")
        if tag in self.BLOCK:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skip_depth:
            self.skip_depth -= 1
        elif tag == "title":
            self.in_title = False
        if tag in self.BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skip_depth:
            self.current.append(data)

    def _flush(self) -> None:
        line = " ".join("".join(self.current).split())
        if line:
            self.lines.append(line)
        self.current = []


def _plain(data: bytes) -> Page | None:
    parser = _TextParser()
    try:
        parser.feed(data.decode("utf-8", errors="replace"))
        parser.close()
    except AssertionError:  # html.parser asserts on some malformed declarations
        pass
    parser._flush()
    if not parser.lines:
        return None
    title = " ".join("".join(parser.title).split()) or None
    return Page(text="\n".join(parser.lines), title=title, published=parser.published)
