"""Extraction on Ray Data, for corpora that outgrow one machine.

The same ``extract`` runs inside Ray workers: each worker is a callable class that
loads the spaCy pipeline and the case pack once, then maps batches of documents to
report rows. Documents come from the store, from article files, JSON Lines or
Parquet; reports are written as Parquet and then loaded into the store.

On a cluster, start Ray (``ray start --head`` on one node, ``ray start --address=HEAD:6379``
on the others, each with parley installed) and run ``RAY_ADDRESS=auto parley extract --engine ray``.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from parley.fuse import settle
from parley.model import Document, EventReport, Rejection
from parley.pipeline import FUSE_DOCUMENTS, ExtractSummary, extractor_version, store_and_fuse
from parley.settings import Settings
from parley.store import Store

REPORT_COLUMNS = ("doc_id", "report", "error")


class RayExtractor:
    """A Ray Data batch mapper: the pipeline is loaded once per worker, in ``__init__``."""

    def __init__(self, model: str, pack: str, speedups: bool = True) -> None:
        from parley._speedups import tune_worker
        from parley.annotate import build_pipeline
        from parley.pack import load_pack

        self.pack = load_pack(pack)
        self.nlp = build_pipeline(model, self.pack, speedups=speedups)
        tune_worker(speedups)  # one worker per CPU Ray gives it, extracting and nothing else

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        from parley.extraction import extract_many

        rows: dict[str, list[Any]] = {name: [] for name in REPORT_COLUMNS}
        docs = [Document.from_json(json.loads(raw)) for raw in batch["document"]]
        for doc, reports in extract_many(docs, nlp=self.nlp, pack=self.pack):
            if isinstance(reports, Exception):  # a bad document becomes an error row, the batch goes on
                rows["doc_id"].append(doc.id)
                rows["report"].append("")
                rows["error"].append(f"{type(reports).__name__}: {reports}")
                continue
            # An empty marker row records that the document was extracted, even with no events.
            rows["doc_id"].append(doc.id)
            rows["report"].append("")
            rows["error"].append("")
            for report in reports:
                rows["doc_id"].append(doc.id)
                rows["report"].append(json.dumps(report.to_json(), ensure_ascii=False))
                rows["error"].append("")
        return rows


def _ray(workers: int) -> Any:
    import ray

    if not ray.is_initialized():
        if os.environ.get("RAY_ADDRESS"):
            ray.init(include_dashboard=False, log_to_driver=False)
        else:
            # A local instance: one CPU per extraction worker plus one for reading and writing
            # tasks, which would otherwise wait forever behind the workers' actors.
            ray.init(num_cpus=max(workers, 1) + 1, include_dashboard=False, log_to_driver=False)
    return ray


def documents_dataset(ray: Any, documents: Iterable[Document]) -> Any:
    return ray.data.from_items([{"document": json.dumps(d.to_json(), ensure_ascii=False)} for d in documents])


def files_dataset(ray: Any, paths: list[str], max_bytes: int) -> Any:
    """Documents from Parquet or JSON Lines (a ``text`` column and optional metadata) or article files."""
    from parley.ingest import ingest_bytes

    parquet = [p for p in paths if p.endswith(".parquet")]
    if parquet and len(parquet) == len(paths):
        table = ray.data.read_parquet(parquet)
        return table.map(_row_to_document)
    raw = ray.data.read_binary_files(paths, include_paths=True)

    def parse(row: dict[str, Any]) -> list[dict[str, Any]]:
        path = str(row["path"])
        data: bytes = row["bytes"]
        if len(data) > max_bytes:
            return []
        items = ingest_bytes(data, name=Path(path).stem, source=path)
        return [
            {"document": json.dumps(i.to_json(), ensure_ascii=False)}
            for i in items
            if isinstance(i, Document)
        ]

    return raw.flat_map(parse)


def _row_to_document(row: dict[str, Any]) -> dict[str, Any]:
    from parley.ingest import ingest_text

    doc = ingest_text(
        str(row["text"]),
        name=str(row.get("id") or row.get("name") or "record"),
        published=row.get("published"),
        title=row.get("title"),
    )
    return {"document": json.dumps(doc.to_json(), ensure_ascii=False)}


def extract_to_parquet(dataset: Any, settings: Settings, output: Path, workers: int) -> Path:
    """Run the extractor over a dataset of documents; write report rows as Parquet under ``output``."""
    reports = dataset.map_batches(
        RayExtractor,
        fn_constructor_args=(settings.model, settings.pack, settings.speedups),
        batch_size=64,
        concurrency=max(workers, 1),
        num_cpus=1,
    )
    reports.write_parquet(str(output))
    return output


def load_parquet_reports(store: Store, folder: Path) -> ExtractSummary:
    """Load report rows written by ``extract_to_parquet`` into the store, one transaction per document."""
    import pyarrow.parquet as pq

    summary = ExtractSummary()
    by_doc: dict[str, list[EventReport]] = {}
    errors: dict[str, str] = {}
    for path in sorted(folder.glob("*.parquet")):
        table = pq.read_table(path, columns=list(REPORT_COLUMNS))
        for doc_id, report, error in zip(*(table.column(c).to_pylist() for c in REPORT_COLUMNS), strict=True):
            if error:
                errors[doc_id] = error
            by_doc.setdefault(doc_id, [])
            if report:
                by_doc[doc_id].append(EventReport.from_json(json.loads(report)))
    version = extractor_version()
    pending: list[tuple[str, list[EventReport]]] = []

    def finish() -> None:
        added, events = store_and_fuse(store, pending, version)
        summary.reports += added
        summary.events += events
        pending.clear()

    for doc_id, reports in by_doc.items():
        if doc_id in errors:
            summary.failures.append(Rejection(doc_id, "extract_failed", errors[doc_id]))
            store.add_rejections([summary.failures[-1]])
            continue
        pending.append((doc_id, sorted(reports, key=lambda r: r.index)))
        summary.documents += 1
        if len(pending) >= FUSE_DOCUMENTS:
            finish()
    finish()
    settle(store)
    return summary


def extract_with_ray(
    store: Store,
    settings: Settings,
    document_ids: list[str] | None,
    *,
    workers: int | None = None,
    force: bool = False,
) -> ExtractSummary:
    """`parley extract --engine ray`: extract stored documents on Ray, load the reports back."""
    ray = _ray(workers or settings.workers or 2)
    done = set() if force else store.extracted_ids(extractor_version())
    if document_ids is None:
        docs = [d for d in store.iter_documents(settings.batch_size) if d.id not in done]
    else:
        docs = [d for d in (store.document(i) for i in document_ids) if d is not None and d.id not in done]
    skipped = (store.count("documents") if document_ids is None else len(document_ids)) - len(docs)
    if not docs:
        settle(store)
        return ExtractSummary(skipped=skipped)
    with tempfile.TemporaryDirectory(prefix="parley-ray-") as tmp:
        folder = extract_to_parquet(
            documents_dataset(ray, docs), settings, Path(tmp) / "reports", workers or 2
        )
        summary = load_parquet_reports(store, folder)
    summary.skipped = skipped
    return summary
