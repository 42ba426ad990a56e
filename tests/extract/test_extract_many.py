"""Extracting many documents at once gives each document the reports it gets alone."""

from __future__ import annotations

from pathlib import Path

from parley.extraction import extract, extract_many
from parley.ingest import ingest
from parley.model import Document

ROOT = Path(__file__).resolve().parents[2]


def test_batched_extraction_equals_one_document_at_a_time():
    docs = [d for d in ingest([ROOT / "data" / "sample" / "articles"]) if isinstance(d, Document)]
    alone = {d.id: [r.to_json() for r in extract(d)] for d in docs}
    together = {
        doc.id: [r.to_json() for r in reports]  # type: ignore[union-attr]
        for doc, reports in extract_many(docs, batch_size=7)
    }
    assert together == alone
    assert sum(len(v) for v in alone.values()) > 30


def test_a_document_that_fails_is_reported_and_the_batch_goes_on():
    good = Document(
        id="good", name="good", text="Pashinyan and Aliyev met in Prague on 6 October 2022.", format="text"
    )
    broken = Document(id="broken", name="broken", text=None, format="text")  # type: ignore[arg-type]
    results = dict((doc.id, reports) for doc, reports in extract_many([broken, good]))
    assert isinstance(results["broken"], Exception)
    assert [r.place for r in results["good"]] == ["Prague"]  # type: ignore[union-attr]


def test_the_dates_of_a_document_with_nothing_to_parse_are_not_read(monkeypatch):
    import parley.extraction.dates

    read: list[str] = []
    from_text = parley.extraction.dates.DateContext.from_text

    def counting(text: str, published: str | None = None) -> parley.extraction.dates.DateContext:
        read.append(text)
        return from_text(text, published)

    monkeypatch.setattr(parley.extraction.dates.DateContext, "from_text", staticmethod(counting))
    on_topic = Document(
        id="on", name="on", text="Pashinyan and Aliyev met in Prague on 6 October 2022.", format="text"
    )
    off_topic = Document(
        id="off",
        name="off",
        text="Grain prices rose on 3 May 2023 after a dry spring. Markets in Yerevan were calm.",
        format="text",
    )
    results = dict((doc.id, reports) for doc, reports in extract_many([off_topic, on_topic]))
    assert results["off"] == []
    assert [r.place for r in results["on"]] == ["Prague"]  # type: ignore[union-attr]
    assert read == [on_topic.text]
