"""The whole algorithm, top to bottom: ingest into the store, extract reports, fuse them into the record.

The CLI and the Python API both call these functions; each stage is a module of its
own (``ingest``, ``annotate``/``extract``, ``fuse``) and this one only orchestrates,
batches writes into transactions and counts what happened.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from parley.fuse import fuse, settle
from parley.model import Document, EventReport, Rejection
from parley.settings import Settings
from parley.store import Store

# Documents fused in one call: a well-reported event is re-decided at most once per call, and
# once it has grown by a fraction since its last decision (parley.fuse.SETTLE_GROWTH); the end
# of a run settles the rest.
FUSE_DOCUMENTS = 64

Listener = Callable[[Any], None]


@dataclass
class IngestSummary:
    seen: int = 0
    new: int = 0
    duplicates: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    document_ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejections


@dataclass
class ExtractSummary:
    documents: int = 0
    skipped: int = 0
    reports: int = 0
    events: int = 0
    failures: list[Rejection] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def ingest_into(
    store: Store,
    paths: Iterable[str | Path],
    settings: Settings,
    on_item: Listener | None = None,
) -> IngestSummary:
    """Read every input, store documents and rejections in bounded, transactional batches."""
    from parley.ingest import ingest

    summary = IngestSummary()
    batch: list[Document] = []

    def flush() -> None:
        if batch:
            new = store.add_documents(batch)
            summary.new += new
            summary.duplicates += len(batch) - new
            batch.clear()

    seen_ids: set[str] = set()
    for item in ingest(paths, max_bytes=settings.max_bytes, max_chars=settings.max_chars or None):
        summary.seen += 1
        if isinstance(item, Rejection):
            summary.rejections.append(item)
            store.add_rejections([item])
        elif item.id in seen_ids:
            summary.duplicates += 1
        else:
            seen_ids.add(item.id)
            summary.document_ids.append(item.id)
            batch.append(item)
            if len(batch) >= settings.batch_size:
                flush()
        if on_item:
            on_item(item)
    flush()
    return summary


def extractor_version() -> str:
    from parley.extraction import EXTRACTOR_VERSION

    return str(EXTRACTOR_VERSION)


def extract_into(
    store: Store,
    settings: Settings,
    document_ids: Iterable[str] | None = None,
    *,
    force: bool = False,
    workers: int | None = None,
    on_document: Listener | None = None,
) -> ExtractSummary:
    """Extract reports for stored documents (all, or the ids given) and fuse them into the record.

    Documents already extracted by this extractor version are skipped unless ``force``,
    so re-running over a corpus processes only new or changed documents.
    """
    version = extractor_version()
    done = set() if force else store.extracted_ids(version)
    summary = ExtractSummary()

    def todo() -> Iterator[Document]:
        if document_ids is None:
            source: Iterable[Document] = store.iter_documents(settings.batch_size)
        else:
            source = (d for d in (store.document(i) for i in document_ids) if d is not None)
        for doc in source:
            if doc.id in done:
                summary.skipped += 1
                if on_document:
                    on_document(doc)
                continue
            yield doc

    pending: list[tuple[Document, list[EventReport]]] = []

    def finish() -> None:
        added, events = store_and_fuse(store, [(doc.id, reports) for doc, reports in pending], version)
        summary.reports += added
        summary.events += events
        for doc, _ in pending:
            if on_document:
                on_document(doc)
        pending.clear()

    for doc, result in _run_extraction(todo(), settings, workers or settings.workers):
        summary.documents += 1
        if isinstance(result, Rejection):
            summary.failures.append(result)
            store.add_rejections([result])
            if on_document:
                on_document(doc)
            continue
        pending.append((doc, result))
        if len(pending) >= FUSE_DOCUMENTS:
            finish()
    finish()
    settle(store)  # what this run, or an earlier one cut short, left unsettled
    return summary


def store_and_fuse(
    store: Store, extracted: list[tuple[str, list[EventReport]]], version: str
) -> tuple[int, int]:
    """Store documents' reports, fuse them and mark the documents extracted by ``version``, in
    one transaction; returns the reports stored and the events touched.

    All of it lands or none of it: a crash at any point leaves the documents unmarked and the
    record as it was, and the next run extracts and fuses them again. Well-reported events may
    be left unsettled for the end of the run (``parley.fuse.settle``).
    """
    if not extracted:
        return 0, 0
    with store.transaction():
        store.replace_many_reports(extracted)
        reports = [r for _, reps in extracted for r in reps]
        result = fuse(store, reports, documents=[doc_id for doc_id, _ in extracted], defer=True)
        events = result.events_touched
        store.mark_extracted([doc_id for doc_id, _ in extracted], version)
    return sum(len(reps) for _, reps in extracted), events


# -- extraction, in-process or across worker processes -----------------------

_worker_state: dict[str, Any] = {}


def _init_worker(model: str, pack: str, speedups: bool, pooled: bool = False) -> None:
    """Load the pipeline for extraction in this process; a pool's worker process is tuned for
    extraction too (``parley._speedups.tune_worker``), since it does nothing else."""
    from parley.annotate import build_pipeline
    from parley.pack import load_pack

    _worker_state["pack"] = load_pack(pack)
    _worker_state["nlp"] = build_pipeline(model, _worker_state["pack"], speedups=speedups)
    if pooled:
        from parley._speedups import tune_worker

        tune_worker(speedups)


def _extract_chunk(
    docs: list[Document], seconds: float | None = None
) -> list[tuple[Document, list[EventReport] | Rejection]]:
    """Extract a chunk of documents together, each with ``seconds`` of work; a document whose
    extraction fails (``extract_failed``) or runs over its time (``extract_timeout``) becomes a
    rejection and the others go on."""
    from parley.errors import ExtractTimeout
    from parley.extraction import extract_many

    out: list[tuple[Document, list[EventReport] | Rejection]] = []
    nlp, pack = _worker_state["nlp"], _worker_state["pack"]
    for doc, result in extract_many(docs, nlp=nlp, pack=pack, seconds=seconds or None):
        if isinstance(result, Exception):
            reason = "extract_timeout" if isinstance(result, ExtractTimeout) else "extract_failed"
            detail = f"{type(result).__name__}: {result}"
            out.append((doc, Rejection(doc.source_path or doc.name, reason, detail)))
        else:
            out.append((doc, result))
    return out


def _chunks(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    stream = iter(docs)
    while chunk := list(islice(stream, size)):
        yield chunk


def _run_extraction(
    docs: Iterator[Document], settings: Settings, workers: int
) -> Iterator[tuple[Document, list[EventReport] | Rejection]]:
    from parley.extraction import BATCH_DOCUMENTS

    size = max(1, min(BATCH_DOCUMENTS, settings.batch_size))
    if workers <= 1:
        _init_worker(settings.model, settings.pack, settings.speedups)
        for chunk in _chunks(docs, size):
            yield from _extract_chunk(chunk, settings.extract_seconds)
        return
    workers = min(workers, os.cpu_count() or 1) if workers > 0 else (os.cpu_count() or 1)
    with ProcessPoolExecutor(
        workers, initializer=_init_worker, initargs=(settings.model, settings.pack, settings.speedups, True)
    ) as pool:
        # Bounded look-ahead: a window of chunks at a time, so memory stays flat.
        window: list[list[Document]] = []
        for chunk in _chunks(docs, max(1, size // 4)):
            window.append(chunk)
            if len(window) >= 2 * workers:
                yield from _pooled(pool, window, settings.extract_seconds)
                window = []
        yield from _pooled(pool, window, settings.extract_seconds)


def _pooled(
    pool: ProcessPoolExecutor, chunks: list[list[Document]], seconds: float
) -> Iterator[tuple[Document, list[EventReport] | Rejection]]:
    for results in pool.map(_extract_chunk, chunks, [seconds] * len(chunks)):
        yield from results
