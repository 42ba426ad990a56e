"""The generated benchmark corpus: deterministic, well-formed, varied, and about real events."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import PHRASES, generate, sentence_stats  # noqa: E402

from parley.ingest import ingest_bytes  # noqa: E402
from parley.model import Document  # noqa: E402


def test_the_same_seed_gives_the_same_corpus_and_another_seed_another() -> None:
    first = [a.text for a in generate(50, seed=3)]
    assert first == [a.text for a in generate(50, seed=3)]
    assert first != [a.text for a in generate(50, seed=4)]


def test_articles_are_filled_in_and_ingest_with_their_publication_date() -> None:
    for article in generate(300):
        assert not re.search(r"[{}]", article.text), article.text
        assert "  " not in article.text and " ," not in article.text and " ." not in article.text
        docs = ingest_bytes(article.text.encode(), name=article.name, source=article.name, fmt="txt")
        assert len(docs) == 1 and isinstance(docs[0], Document), docs
        assert docs[0].published == article.published
        # Every sentence starts with a capital letter, a digit or a quotation mark.
        body = article.text.split("\n\n", 1)[1]
        for sentence in re.split(r"(?<=[.!?])\s+|(?<=[.!?]\")\s+", body.replace("\n", " ")):
            if sentence:
                assert re.match(r'["A-Z0-9]', sentence), sentence


def test_the_corpus_rarely_repeats_a_sentence() -> None:
    stats = sentence_stats(generate(1000))
    # A handful of fixed templates repeated most sentences; composition keeps most distinct.
    assert stats["distinct_share"] >= 0.6, stats
    assert 120 <= stats["words_mean"] <= 400, stats
    assert stats["words_p90"] >= 2 * stats["words_p10"], stats


def test_articles_report_their_events_with_dates_near_publication() -> None:
    # The date expression of the lead sentence is written relative to the publication date, so
    # parley's extractor resolves it to the event's day in most articles.
    from parley.extraction import extract_many

    articles = list(generate(120, seed=5))
    docs = [ingest_bytes(a.text.encode(), name=a.name, source=a.name, fmt="txt")[0] for a in articles]
    found = 0
    for article, (_, reports) in zip(articles, extract_many(docs), strict=True):
        assert not isinstance(reports, Exception)
        published = dt.date.fromisoformat(article.published)
        if any(
            r.date is not None and r.date.start and abs((r.date.start - published).days) <= 12
            for r in reports
        ):
            found += 1
    assert found >= 0.8 * len(articles)


def test_phrases_are_not_copied_from_the_shared_articles() -> None:
    from tests.golden.test_golden_data import _shingles, _words, shared_shingles

    seen = shared_shingles()
    for line in PHRASES.read_text(encoding="utf-8").splitlines():
        assert not _shingles(_words(line)) & seen, line
