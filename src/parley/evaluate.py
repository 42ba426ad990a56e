"""Score event reports against hand-annotated gold, with the project's matching contract.

A predicted event matches a gold one of the same document when the types are equal, the
party sets overlap (Jaccard >= 0.5), the date agrees at the gold's precision (within 7
days for a gold day marked approx; anything when gold has no date) and the place agrees
after normalisation (anything when gold has none). Gold events marked optional are
neither missed nor make their match spurious. Pairs are found by a maximum bipartite
matching that serves required gold first and tries closer pairs first; status
(postponed/declined count as cancelled, signed as held) is scored on matched required
pairs, and the mediator on matched meetings and calls.

The figures equal those of the shared scorer (``../shared/eval/score.py``); a test holds
the two to the same output on the same predictions.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from parley.text import fold

EVENT_TYPES = frozenset({"meeting", "call", "agreement"})
STATUS_EQUIVALENT = {"postponed": "cancelled", "declined": "cancelled", "signed": "held"}
# Spellings of one place that the gold and the extractor may write differently; the
# border areas of the demarcation talks are one venue whichever side's name is used.
PLACE_EQUIVALENT = {
    "st petersburg": "saint petersburg",
    "st. petersburg": "saint petersburg",
    "washington dc": "washington",
    "washington d.c.": "washington",
    "washington, d.c.": "washington",
    "kishinev": "chisinau",
    "chişinău": "chisinau",
    "chișinău": "chisinau",
    "nakhichevan": "nakhchivan",
    "tbilisi, georgia": "tbilisi",
    "gazakh": "tavush",
    "qazax": "tavush",
    "kazakh": "tavush",
    "armenia-azerbaijan border": "tavush",
    "armenian-azerbaijani border": "tavush",
    "armenia-azerbaijan interstate border": "tavush",
    "armenia-azerbaijan state border": "tavush",
}
PLACE_SUFFIXES = (" region", " province", " marz", " city")
APPROX_DAYS = 7


def normalise_place(place: str | None) -> str | None:
    if not place:
        return None
    folded = fold(place)
    for suffix in PLACE_SUFFIXES:
        if folded.endswith(suffix):
            folded = folded[: -len(suffix)]
    return _FOLDED_EQUIVALENT.get(folded, folded)


# Looked up after folding, so the keys are folded too ("armenia-azerbaijan border" ->
# "armenia azerbaijan border").
_FOLDED_EQUIVALENT = {fold(k): v for k, v in PLACE_EQUIVALENT.items()}


def place_matches(gold: str | None, predicted: str | None) -> bool:
    want = normalise_place(gold)
    if want is None:
        return True
    got = normalise_place(predicted)
    if got is None:
        return False
    return want == got or want in got.split(", ") or got.split(",")[0] == want or want in got


def _date_parts(value: Any) -> tuple[dt.date, int] | None:
    """(first day, number of parts given: 3 day, 2 month, 1 year), or None."""
    if not value:
        return None
    pieces = str(value).strip().lstrip("~").split("-")
    try:
        numbers = [int(p) for p in pieces[:3]]
        year = numbers[0]
        month = numbers[1] if len(numbers) > 1 else 1
        day = numbers[2] if len(numbers) > 2 else 1
        return dt.date(year, month, day), len(numbers)
    except (ValueError, IndexError):
        return None


def date_matches(gold: Mapping[str, Any], predicted: Mapping[str, Any]) -> bool:
    want = _date_parts(gold.get("date"))
    if want is None:
        return True
    got = _date_parts(predicted.get("date"))
    if got is None:
        return False
    (gold_day, gold_parts), (pred_day, pred_parts) = want, got
    if gold.get("approx") and gold_parts == 3:
        return pred_parts == 3 and abs((pred_day - gold_day).days) <= APPROX_DAYS
    if pred_parts < gold_parts:
        return False
    fields = ("year", "month", "day")[:gold_parts]
    return all(getattr(pred_day, f) == getattr(gold_day, f) for f in fields)


def _overlap(a: set[str], b: set[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 1.0


def parties_match(gold: Mapping[str, Any], predicted: Mapping[str, Any]) -> bool:
    wanted = set(gold.get("parties") or ())
    if not wanted:
        return True
    return _overlap(wanted, set(predicted.get("parties") or ())) >= 0.5


def same_status(gold_status: Any, predicted_status: Any) -> bool:
    return bool(gold_status == STATUS_EQUIVALENT.get(predicted_status, predicted_status))


def is_match(gold: Mapping[str, Any], predicted: Mapping[str, Any]) -> bool:
    return (
        gold.get("type") == predicted.get("type")
        and parties_match(gold, predicted)
        and date_matches(gold, predicted)
        and place_matches(gold.get("place"), predicted.get("place"))
    )


def closeness(gold: Mapping[str, Any], predicted: Mapping[str, Any]) -> float:
    """How alike a compatible pair is: party overlap, plus one for equal status, one for equal date."""
    value = _overlap(set(gold.get("parties") or ()), set(predicted.get("parties") or ()))
    value += same_status(gold.get("status"), predicted.get("status"))
    value += gold.get("date") == predicted.get("date")
    return value


def pair_up(golds: Sequence[Mapping[str, Any]], preds: Sequence[Mapping[str, Any]]) -> dict[int, int]:
    """Maximum matching (Kuhn's augmenting paths): pred index -> gold index.

    Required gold events are placed before optional ones, and each gold event tries its
    candidates closest first, so ties resolve toward the most alike pair.
    """

    def ranked(g: int) -> list[int]:
        found = [p for p, pred in enumerate(preds) if is_match(golds[g], pred)]
        return sorted(found, key=lambda p: -closeness(golds[g], preds[p]))

    candidates = {g: ranked(g) for g in range(len(golds))}
    holder: dict[int, int] = {}

    def place(g: int, tried: set[int]) -> bool:
        for p in candidates[g]:
            if p in tried:
                continue
            tried.add(p)
            if p not in holder or place(holder[p], tried):
                holder[p] = g
                return True
        return False

    for g in sorted(range(len(golds)), key=lambda g: bool(golds[g].get("optional"))):
        place(g, set())
    return holder


@dataclass(frozen=True)
class _Missing:
    doc: str
    event: Mapping[str, Any]


def load_gold(gold_dir: Path) -> dict[str, list[dict[str, Any]]]:
    """Gold events by document name, scored types only."""
    gold: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(Path(gold_dir).glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        gold[record["doc"]] = [e for e in record["events"] if e.get("type") in EVENT_TYPES]
    return gold


def _by_document(
    reports: Iterable[Mapping[str, Any]], docs: Iterable[str]
) -> dict[str, list[Mapping[str, Any]]]:
    grouped: dict[str, list[Mapping[str, Any]]] = {doc: [] for doc in docs}
    for report in reports:
        doc = PurePath(str(report.get("doc", ""))).stem
        if doc in grouped and report.get("type") in EVENT_TYPES:
            grouped[doc].append(report)
    return grouped


def score_documents(
    gold: Mapping[str, list[dict[str, Any]]], predicted: Mapping[str, list[Mapping[str, Any]]]
) -> dict[str, Any]:
    """The scorer's figures, plus the missed and spurious events by document."""
    tp = fp = fn = status_right = mediator_right = with_mediator = 0
    missed: list[dict[str, Any]] = []
    spurious: list[dict[str, Any]] = []
    for doc, golds in gold.items():
        preds = list(predicted.get(doc, []))
        holder = pair_up(golds, preds)
        matched_gold = set(holder.values())
        for p, g in holder.items():
            gold_event, pred = golds[g], preds[p]
            if gold_event.get("optional"):
                continue
            tp += 1
            status_right += same_status(gold_event["status"], pred.get("status"))
            if gold_event["type"] != "agreement":
                with_mediator += 1
                mediator_right += gold_event.get("mediator") == pred.get("mediator")
        for g, gold_event in enumerate(golds):
            if g not in matched_gold and not gold_event.get("optional"):
                fn += 1
                missed.append({"doc": doc, **gold_event})
        for p, pred in enumerate(preds):
            if p not in holder:
                fp += 1
                spurious.append({"doc": doc, **pred})
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "docs": len(gold),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "status_accuracy": round(status_right / tp, 3) if tp else 0.0,
        "mediator_accuracy": round(mediator_right / with_mediator, 3) if with_mediator else 0.0,
        "missed": missed,
        "spurious": spurious,
    }


def score(gold_dir: Path, reports: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Score report dicts (``EventReport.to_json()`` or the scorer's JSONL fields) against a gold folder.

    Returns docs, tp, fp, fn, precision, recall, f1, status_accuracy and
    mediator_accuracy as the shared scorer prints them, plus ``missed`` and ``spurious``.
    """
    gold = load_gold(Path(gold_dir))
    return score_documents(gold, _by_document(reports, gold))


FIGURES = ("docs", "tp", "fp", "fn", "precision", "recall", "f1", "status_accuracy", "mediator_accuracy")


def load_predictions(path: Path) -> list[dict[str, Any]]:
    """Predicted events from a JSON Lines file; a line that is not a JSON object is an error naming it."""
    import json

    from parley.errors import ParleyError

    events: list[dict[str, Any]] = []
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                event = json.loads(line)
            except json.JSONDecodeError as err:
                raise ParleyError(f"{path}:{n}: not JSON ({err}). Fix: one JSON object per line.") from err
            if not isinstance(event, dict):
                raise ParleyError(f"{path}:{n}: expected a JSON object, got {type(event).__name__}")
            events.append(event)
    return events


# -- error classes --------------------------------------------------------------------

FIELDS = ("date", "place", "parties")


def _field_misses(gold: Mapping[str, Any], predicted: Mapping[str, Any]) -> tuple[str, ...]:
    """The fields on which a same-type report fails to match a gold event."""
    failed = []
    if not date_matches(gold, predicted):
        failed.append("date")
    if not place_matches(gold.get("place"), predicted.get("place")):
        failed.append("place")
    if not parties_match(gold, predicted):
        failed.append("parties")
    return tuple(failed)


def error_classes(
    gold: Mapping[str, list[dict[str, Any]]], predicted: Mapping[str, list[Mapping[str, Any]]]
) -> dict[str, Any]:
    """Where the errors lie: missed and spurious events by type; among near misses (a missed gold
    event and a spurious report of its type in the same document, paired closest first) the fields
    that kept them apart; among matched pairs, wrong statuses and mediators."""
    missed: dict[str, int] = {t: 0 for t in sorted(EVENT_TYPES)}
    spurious: dict[str, int] = {t: 0 for t in sorted(EVENT_TYPES)}
    near: dict[str, int] = {f: 0 for f in FIELDS}
    near_pairs = wrong_status = wrong_mediator = 0
    for doc, golds in gold.items():
        preds = list(predicted.get(doc, []))
        holder = pair_up(golds, preds)
        for p, g in holder.items():
            if golds[g].get("optional"):
                continue
            wrong_status += not same_status(golds[g]["status"], preds[p].get("status"))
            if golds[g]["type"] != "agreement":
                wrong_mediator += golds[g].get("mediator") != preds[p].get("mediator")
        lost = [g for g in range(len(golds)) if g not in holder.values() and not golds[g].get("optional")]
        extra = [p for p in range(len(preds)) if p not in holder]
        for g in lost:
            missed[golds[g]["type"]] += 1
        for p in extra:
            spurious[str(preds[p].get("type"))] = spurious.get(str(preds[p].get("type")), 0) + 1
        free = set(extra)
        for g in lost:
            options = [p for p in free if preds[p].get("type") == golds[g]["type"]]
            if not options:
                continue
            best = min(options, key=lambda p: (len(_field_misses(golds[g], preds[p])), p))
            free.discard(best)
            near_pairs += 1
            for name in _field_misses(golds[g], preds[best]):
                near[name] += 1
    return {
        "missed_by_type": missed,
        "spurious_by_type": spurious,
        "near_misses": near_pairs,
        "near_miss_fields": near,
        "wrong_status": wrong_status,
        "wrong_mediator": wrong_mediator,
    }


# -- evaluation sets ----------------------------------------------------------------


@dataclass(frozen=True)
class EvalSet:
    """Annotated articles: a folder of documents, a folder of gold, optionally some of its documents."""

    name: str
    docs: Path
    gold: Path
    names: frozenset[str] | None = None  # the documents of a split; None: every gold file
    figures_only: bool = False  # a split for measuring only: its events are never listed

    def available(self) -> bool:
        return self.docs.is_dir() and self.gold.is_dir() and any(self.gold.glob("*.json"))

    def load_gold(self) -> dict[str, list[dict[str, Any]]]:
        gold = load_gold(self.gold)
        return {d: e for d, e in gold.items() if self.names is None or d in self.names}


def _split(first: int, last: int) -> frozenset[str]:
    return frozenset(f"n{n:03d}" for n in range(first, last + 1))


def standard_sets(root: Path, shared: Path) -> dict[str, EvalSet]:
    """The project's evaluation sets: the development set and the news set's two splits from
    ``shared`` (``../shared/eval``), the sample corpus and the extra set from the project at ``root``.
    The news set's test split (n161-n240) is for measuring only (its GUIDELINES.md)."""
    news = shared / "eval" / "news"
    extra = root / "tests" / "data" / "eval_extra"
    return {
        "dev": EvalSet("dev", shared / "eval" / "docs", shared / "eval" / "gold"),
        "news-train": EvalSet("news-train", news / "docs", news / "gold", _split(1, 160)),
        "news-test": EvalSet("news-test", news / "docs", news / "gold", _split(161, 240), figures_only=True),
        "sample": EvalSet("sample", root / "data" / "sample" / "articles", root / "data" / "sample" / "gold"),
        "extra": EvalSet("extra", extra / "docs", extra / "gold"),
    }


def extract_set(eval_set: EvalSet) -> tuple[list[Any], list[tuple[Any, list[Any]]]]:
    """Ingest and extract a set's annotated documents: the documents, and each with its reports."""
    from parley.extraction import extract_many
    from parley.ingest import ingest
    from parley.model import Document

    gold = eval_set.load_gold()
    # A JSON-lines feed holds several articles under their own ids, so it is read whole.
    inputs = [
        p
        for p in sorted(eval_set.docs.iterdir())
        if p.is_file() and (p.stem in gold or p.suffix == ".jsonl")
    ]
    documents = [d for d in ingest(inputs) if isinstance(d, Document)]
    extracted = [(d, list(found)) for d, found in extract_many(documents) if not isinstance(found, Exception)]
    return documents, extracted


def evaluate_set(
    eval_set: EvalSet, extracted: tuple[list[Any], list[tuple[Any, list[Any]]]] | None = None
) -> dict[str, Any]:
    """Score a set's documents, extracted here (``extract_set``) unless given: the scorer's figures,
    the error classes, and (unless the set is for measuring only) the missed and spurious events.
    (``parley.confidence.measure.evaluate_calibrated`` adds how well calibrated the confidences are.)"""
    gold = eval_set.load_gold()
    _, found = extracted if extracted is not None else extract_set(eval_set)
    reports = [r.to_json() for _, reps in found for r in reps]
    predicted = _by_document(reports, gold)
    result = score_documents(gold, predicted)
    result.update(error_classes(gold, predicted))
    result["set"] = eval_set.name
    if eval_set.figures_only:
        result["missed"], result["spurious"] = [], []
    return result
