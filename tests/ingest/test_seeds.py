"""The five seed articles, read from ../shared/seeds as they arrived."""

from __future__ import annotations

import re

import pytest

from parley.ingest import ingest
from parley.model import Document

from .conftest import SEEDS

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS}")


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    items = list(ingest([SEEDS]))
    assert all(isinstance(item, Document) for item in items), items
    return {item.name[:3]: item for item in items if isinstance(item, Document)}


def test_all_five_seeds_become_documents(docs: dict[str, Document]) -> None:
    assert sorted(docs) == ["000", "001", "002", "003", "004"]
    assert len({doc.id for doc in docs.values()}) == 5
    assert all(doc.language == "en" and doc.format == "txt" for doc in docs.values())


def test_trailing_stamp_dates_000_and_its_headline_list_is_gone(docs: dict[str, Document]) -> None:
    doc = docs["000"]
    assert (doc.published, doc.published_from) == ("2021-01-08", "stamp")
    assert "headline_list" in doc.removed
    # Neither the headline dates nor the stamp itself stay in the body.
    assert not re.search(r"\d{2}\.\w{3}\.\d{4}", doc.text)
    assert "2025" not in doc.text
    assert "08.01.2021" not in doc.text
    assert doc.title is not None and doc.title.endswith("?")


def test_crawler_line_dates_001_and_gives_its_title(docs: dict[str, Document]) -> None:
    doc = docs["001"]
    assert (doc.published, doc.published_from) == ("2023-05-26", "crawler_line")
    assert doc.title and not doc.title.startswith("date")
    assert not doc.text.lstrip().startswith("date")


def test_hard_wrapped_002_is_rejoined_into_paragraphs(docs: dict[str, Document]) -> None:
    raw = (SEEDS / f"{docs['002'].name}.txt").read_text(encoding="utf-8")
    paragraphs = docs["002"].text.split("\n\n")
    assert len(paragraphs) < len([line for line in raw.splitlines() if line.strip()]) / 3
    # Every paragraph is one line, and no line ends mid-sentence before a lowercase start.
    assert all("\n" not in p for p in paragraphs)
    assert max(len(p) for p in paragraphs) > 500
    assert docs["002"].published is None


def test_undated_seeds_have_no_publication_date(docs: dict[str, Document]) -> None:
    assert docs["003"].published is None
    assert docs["004"].published is None


def test_comments_and_author_bio_of_004_are_gone_but_its_last_paragraph_stays(
    docs: dict[str, Document],
) -> None:
    doc = docs["004"]
    assert set(doc.removed) >= {"comments", "author_bio"}
    assert "Leave a Reply" not in doc.text
    assert "•" not in doc.text
    raw = (SEEDS / f"{doc.name}.txt").read_text(encoding="utf-8")
    # The last long paragraph before the byline is the article's last real paragraph.
    raw_paragraphs = [p.strip() for p in raw.split("\n\n") if p.strip()]
    byline_at = next(i for i, p in enumerate(raw_paragraphs) if len(p.split()) <= 4 and p[-1].isalpha())
    assert doc.text.split("\n\n")[-1] == raw_paragraphs[byline_at - 1]
    byline = raw_paragraphs[byline_at]
    assert byline not in doc.text


def test_cleaning_keeps_every_article_paragraph_of_the_clean_seeds(docs: dict[str, Document]) -> None:
    for key in ("001", "003"):
        raw = (SEEDS / f"{docs[key].name}.txt").read_text(encoding="utf-8")
        body = [p.strip() for p in raw.split("\n\n") if p.strip()][1:]
        assert docs[key].text.split("\n\n") == body
