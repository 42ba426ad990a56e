"""Fusion over real extraction: does every real-world event appear once in the record?

The sample corpus (``data/sample``) and the development set (``../shared/eval``) run through
the real pipeline (ingest, extract, fuse) into a temporary store. Each document's reports are
paired with its gold events by the scorer's matching (``parley.evaluate.pair_up``), so a
matched report inherits the canonical id of the real-world event it reports: the sample's
gold carries it as ``event``, the development set's comes from ``tests/data/fusion/dev_events.yaml``.

Over the matched reports only (extraction's misses and spurious reports are counted apart,
being no fault of fusion):

- split: a real-world event whose reports landed in more than one fused event;
- merged: a fused event holding reports of two or more real-world events;
- pairwise precision and recall of "same fused event" against "same real-world event";
- once: real-world events that landed in exactly one fused event; clean: those whose one
  fused event holds nothing of another real-world event.
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path, PurePath
from typing import Any

import yaml

from parley.errors import ParleyError
from parley.evaluate import EVENT_TYPES, pair_up
from parley.fuse import assignments, pairwise_scores
from parley.model import EventReport
from parley.pipeline import extract_into, ingest_into
from parley.settings import Settings
from parley.store import Store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
DEV = ROOT.parent / "shared" / "eval"
DEV_EVENTS = ROOT / "tests" / "data" / "fusion" / "dev_events.yaml"
NEWS = ROOT.parent / "shared" / "eval" / "news"
# The news set's splits (../shared/eval/news/GUIDELINES.md): train for development, test for
# measuring only (its details are never printed).
NEWS_SPLITS = {"train": range(1, 161), "test": range(161, 241)}

GoldEvent = tuple[dict[str, Any], str]  # a gold event and its canonical id


def sample_gold(gold_dir: Path = SAMPLE / "gold") -> dict[str, list[GoldEvent]]:
    """The sample's gold events by document, each with the canonical id it carries."""
    out: dict[str, list[GoldEvent]] = {}
    for path in sorted(gold_dir.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        events = []
        for n, ev in enumerate(data["events"]):
            if ev.get("type") not in EVENT_TYPES:
                continue
            if not ev.get("event"):
                raise ParleyError(f"{path}: event {n} has no 'event' id. Fix: name its real-world event.")
            events.append((ev, str(ev["event"])))
        out[data["doc"]] = events
    return out


def news_gold(split: str, gold_dir: Path = NEWS / "gold") -> dict[str, list[GoldEvent]]:
    """One split of the news set's gold events by document, each with its real-world ``key``."""
    out: dict[str, list[GoldEvent]] = {}
    for n in NEWS_SPLITS[split]:
        path = gold_dir / f"n{n:03d}.json"
        if not path.is_file():
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        out[data["doc"]] = [
            (ev, str(ev["key"])) for ev in data["events"] if ev.get("type") in EVENT_TYPES and ev.get("key")
        ]
    return out


def dev_gold(gold_dir: Path = DEV / "gold", mapping: Path = DEV_EVENTS) -> dict[str, list[GoldEvent]]:
    """The development set's gold events by document, with ids from the mapping file.

    Every gold event must have an id and every id in the mapping must name a gold event,
    so the mapping cannot drift from the gold silently.
    """
    ids = (yaml.safe_load(mapping.read_text(encoding="utf-8")) or {}).get("documents") or {}
    out: dict[str, list[GoldEvent]] = {}
    for path in sorted(gold_dir.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        doc = data["doc"]
        named: Mapping[int, str] = ids.get(doc) or {}
        extra = set(named) - set(range(len(data["events"])))
        if extra:
            raise ParleyError(f"{mapping}: {doc} has no gold events {sorted(extra)}. Fix: remove them.")
        events = []
        for n, ev in enumerate(data["events"]):
            if ev.get("type") not in EVENT_TYPES:
                continue
            if n not in named:
                raise ParleyError(f"{mapping}: {doc} event {n} has no id. Fix: add '{n}: <event id>'.")
            events.append((ev, str(named[n])))
        out[doc] = events
    unknown = set(ids) - set(out)
    if unknown:
        raise ParleyError(f"{mapping}: no gold for {sorted(unknown)}. Fix: remove them or add their gold.")
    return out


def _doc_name(rep: EventReport) -> str:
    return PurePath(rep.doc).stem


def measure(
    gold: Mapping[str, list[GoldEvent]], reports: list[EventReport], fused: Mapping[str, str]
) -> dict[str, Any]:
    """The figures, from gold events with ids, the reports extracted and report id -> fused event id."""
    by_doc: dict[str, list[EventReport]] = defaultdict(list)
    for rep in sorted(reports, key=lambda r: r.key):
        if rep.type in EVENT_TYPES:
            by_doc[_doc_name(rep)].append(rep)
    truth: dict[str, str] = {}
    spurious: list[EventReport] = []
    missed: list[str] = []
    for doc, golds in gold.items():
        preds = by_doc.get(doc, [])
        holder = pair_up([g for g, _ in golds], [r.to_json() for r in preds])
        for p, rep in enumerate(preds):
            if p in holder:
                truth[rep.key] = golds[holder[p]][1]
            else:
                spurious.append(rep)
        matched = set(holder.values())
        missed += [f"{doc}#{n} {cid}" for n, (g, cid) in enumerate(golds) if n not in matched]
    predicted = {k: fused[k] for k in truth if k in fused}

    homes: dict[str, set[str]] = defaultdict(set)  # real-world event -> fused events
    members: dict[str, set[str]] = defaultdict(set)  # fused event -> real-world events
    for key, cid in truth.items():
        homes[cid].add(predicted.get(key, f"unfused:{key}"))
        if key in predicted:
            members[predicted[key]].add(cid)
    split = {cid: sorted(evs) for cid, evs in homes.items() if len(evs) > 1}
    merged = {ev: sorted(cids) for ev, cids in members.items() if len(cids) > 1}
    once = [cid for cid, evs in homes.items() if len(evs) == 1]
    clean = [cid for cid in once if len(members[next(iter(homes[cid]))]) == 1]
    with_real = set(members)
    scores = pairwise_scores(predicted, truth)
    all_ids = {cid for golds in gold.values() for _, cid in golds}
    return {
        "documents": len(gold),
        "reports": len(reports),
        "matched_reports": len(truth),
        "real_events": len(all_ids),
        "real_events_extracted": len(homes),
        "real_events_once": len(once),
        "real_events_clean": len(clean),
        "split_events": len(split),
        "merged_events": len(merged),
        "fused_events_with_matched_reports": len(with_real),
        "pairwise_precision": scores["precision"],
        "pairwise_recall": scores["recall"],
        "pairwise_f1": scores["f1"],
        "pairs_true": scores["pairs_true"],
        "pairs_predicted": scores["pairs_predicted"],
        "extraction_missed": len(missed),
        "extraction_spurious": len(spurious),
        "spurious_in_real_events": sum(1 for r in spurious if fused.get(r.key) in with_real),
        "split": split,
        "merged": merged,
        "missed": missed,
    }


def run(*, verbose: bool = False) -> dict[str, Any]:
    """Ingest, extract and fuse the sample corpus with the development set, and each split of the
    news set on its own; print and return the figures (the news set's under ``news``)."""
    result = _measure_over({**sample_gold(), **dev_gold()}, [SAMPLE / "articles", DEV / "docs"], verbose)
    _print(result, "sample and development set")
    result["news"] = {}
    for split in NEWS_SPLITS:
        gold = news_gold(split)
        if not gold:
            continue
        docs = [NEWS / "docs" / f"{doc}.txt" for doc in gold]
        news = _measure_over(gold, docs, verbose and split == "train")
        _print(news, f"news {split}")
        if split != "train":  # measured only: which events split or merged is not for reading
            news = {k: v for k, v in news.items() if k not in ("split", "merged", "missed", "detail")}
        result["news"][split] = news
    return result


def _measure_over(gold: Mapping[str, list[GoldEvent]], inputs: list[Path], verbose: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(db=str(Path(tmp) / "fusion.db"), workers=1)
        with Store(settings.db) as store:
            ingest_into(store, inputs, settings)
            extract_into(store, settings)
            reports = store.reports()
            fused = assignments(store)
            result = measure(gold, reports, fused)
            if verbose:
                result["detail"] = _detail(store, result, reports, fused)
    return result


def _print(result: Mapping[str, Any], name: str) -> None:
    print(
        f"fusion over extraction, {name} ({result['documents']} documents, "
        f"{result['matched_reports']} matched reports): "
        f"{result['real_events_once']} of {result['real_events_extracted']} real-world events appear once "
        f"({result['real_events_clean']} with nothing else merged in); "
        f"{result['split_events']} split, {result['merged_events']} merged fused events; pairwise precision "
        f"{result['pairwise_precision']}, recall {result['pairwise_recall']}, F1 {result['pairwise_f1']}"
    )
    print(
        f"  extraction errors (not fusion's): {result['extraction_missed']} gold events missed, "
        f"{result['extraction_spurious']} spurious reports ({result['spurious_in_real_events']} fused into "
        f"a real event)"
    )


def _detail(
    store: Store, result: Mapping[str, Any], reports: list[EventReport], fused: Mapping[str, str]
) -> list[str]:
    """One line per report of the split and merged events, for reading why."""
    involved = {ev for evs in result["split"].values() for ev in evs} | set(result["merged"])
    rules = dict(store.conn.execute("SELECT report_id, rule FROM mentions").fetchall())
    lines = []
    for rep in sorted(reports, key=lambda r: (fused.get(r.key, ""), r.published or "")):
        ev = fused.get(rep.key)
        if ev in involved:
            lines.append(
                f"{ev} {rules.get(rep.key)} {_doc_name(rep)} {rep.type} {rep.status} "
                f"{rep.date.value if rep.date else None}{'~' if rep.date and rep.date.approx else ''} "
                f"{rep.place} {','.join(rep.parties)} pub={rep.published}"
            )
    return lines


if __name__ == "__main__":
    import sys

    out = run(verbose="-v" in sys.argv)
    if "-v" in sys.argv:
        print(json.dumps({k: out[k] for k in ("split", "merged", "missed")}, indent=1))
        print("\n".join(out["detail"]))
