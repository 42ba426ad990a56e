"""Extracting many documents at once gives each document the reports it gets alone."""

from __future__ import annotations

from pathlib import Path

from parley.extract import extract, extract_many
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
