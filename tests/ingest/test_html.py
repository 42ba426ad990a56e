"""HTML pages."""

from __future__ import annotations

import pytest

from parley.ingest import ingest_bytes
from parley.ingest.decode import Problem
from parley.ingest.html import extract_html
from parley.model import Document

from .conftest import ENGLISH, FIXTURES


@pytest.fixture(scope="module")
def page_doc() -> Document:
    items = ingest_bytes((FIXTURES / "article.html").read_bytes(), name="article.html", source="article.html")
    assert len(items) == 1 and isinstance(items[0], Document)
    return items[0]


def test_page_metadata_is_read(page_doc: Document) -> None:
    assert page_doc.title == "Ministers meet in Washington"
    assert (page_doc.published, page_doc.published_from) == ("2023-05-04", "html_meta")
    assert page_doc.author == "Lena Markosyan"
    assert page_doc.outlet == "Caucasus Wire"


def test_only_the_article_text_is_kept(page_doc: Document) -> None:
    paragraphs = page_doc.text.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("The foreign ministers") and paragraphs[-1].startswith("Diplomats said")
    for boilerplate in ("Home", "Share on", "Related stories", "comment", "All rights reserved"):
        assert boilerplate not in page_doc.text


def test_broken_markup_falls_back_to_a_plain_parser() -> None:
    broken = f"<html><head><title>Unclosed page<body><div><p>{ENGLISH}<p>{ENGLISH} Again.<div"
    page = extract_html(broken.encode())
    assert not isinstance(page, Problem)
    assert ENGLISH in page.text


@pytest.mark.parametrize(
    "html",
    [b"<html><body></body></html>", b"<html><body><script>var x = 1;</script></body></html>", b"<<<>>>"],
)
def test_a_page_without_article_text_is_broken_html(html: bytes) -> None:
    result = extract_html(html)
    assert isinstance(result, Problem) and result.reason == "broken_html"
