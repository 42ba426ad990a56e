"""The golden sentence set is well-formed: every case can be scored without guesswork.

These tests check the data, not the extractor: unique ids, known keys and codes, dates that
parse and agree with the tense of the status, and text written in the project's own words.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

GOLDEN = Path(__file__).parent
SHARED = GOLDEN.parents[1].parent / "shared"

CATEGORY_FILES = (
    "meetings_held.yaml",
    "meetings_planned.yaml",
    "postponed_cancelled.yaml",
    "calls.yaml",
    "agreements.yaml",
    "mediators_venues.yaml",
    "dates.yaml",
    "non_events.yaml",
)
NON_EVENTS = "non_events.yaml"
MIN_CASES = 200
MIN_NON_EVENTS = 35

CASE_REQUIRED = {"id", "published", "text", "events"}
CASE_ALLOWED = CASE_REQUIRED | {"note"}
EVENT_REQUIRED = {"type", "status", "date", "place", "parties", "mediator"}
EVENT_ALLOWED = EVENT_REQUIRED | {"approx", "optional"}

# Statuses split by type: an agreement is signed or not, a meeting or call is held or not.
STATUSES = {
    "meeting": {"planned", "held", "postponed", "cancelled"},
    "call": {"planned", "held", "postponed", "cancelled"},
    "agreement": {"planned", "signed", "not_signed", "postponed", "cancelled"},
}
# Statuses that report something that already happened, and those that look ahead.
PAST_STATUSES = {"held", "signed"}
FUTURE_STATUSES = {"planned"}

ORGANISATIONS = {"EU", "OSCE", "UN", "CIS", "CSTO", "EAEU", "NATO"}
COUNTRIES = {
    "ARM",
    "AZE",
    "RUS",
    "USA",
    "FRA",
    "DEU",
    "TUR",
    "IRN",
    "GEO",
    "KAZ",
    "ARE",
    "QAT",
    "ESP",
    "GBR",
    "BLR",
    "UKR",
    "CHN",
    "HUN",
    "CZE",
    "MDA",
    "ALB",
    "DNK",
    "BEL",
    "ITA",
    "TJK",
    "KGZ",
    "UZB",
    "TKM",
}
CODES = COUNTRIES | ORGANISATIONS
SIDES = {"ARM", "AZE"}

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
DATE_PATTERN = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
MAX_TEXT_CHARS = 600
# Eight words in a row shared with a source article is a copied phrase, not a coincidence.
SHINGLE_WORDS = 8


def _load(name: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((GOLDEN / name).read_text(encoding="utf-8"))
    assert isinstance(data, list), f"{name} must hold a YAML list"
    return data


FILES: dict[str, list[dict[str, Any]]] = {name: _load(name) for name in CATEGORY_FILES}
CASES: list[tuple[str, dict[str, Any]]] = [(name, case) for name, cases in FILES.items() for case in cases]


def _case_id(item: tuple[str, dict[str, Any]]) -> str:
    return str(item[1].get("id", "<no id>"))


def _span(value: Any) -> tuple[dt.date, dt.date] | None:
    """First and last day a date value covers, or None for null; raises ValueError when malformed."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        raise ValueError(f"a timestamp is not a date: {value!r}")
    if isinstance(value, dt.date):
        return value, value
    match = DATE_PATTERN.fullmatch(str(value))
    if match is None:
        raise ValueError(f"not YYYY, YYYY-MM or YYYY-MM-DD: {value!r}")
    year, month, day = match.groups()
    if day is not None:
        exact = dt.date(int(year), int(month), int(day))
        return exact, exact
    if month is not None:
        first = dt.date(int(year), int(month), 1)
        return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold())


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def test_every_category_file_holds_cases() -> None:
    empty = [name for name, cases in FILES.items() if not cases]
    assert not empty


def test_the_set_is_large_enough() -> None:
    assert len(CASES) >= MIN_CASES
    assert len(FILES[NON_EVENTS]) >= MIN_NON_EVENTS


def test_ids_are_unique_across_files() -> None:
    counts = Counter(str(case.get("id")) for _, case in CASES)
    assert [case_id for case_id, n in counts.items() if n > 1] == []


def test_texts_are_unique_across_files() -> None:
    counts = Counter(" ".join(_words(str(case.get("text")))) for _, case in CASES)
    assert [text for text, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("item", CASES, ids=_case_id)
def test_case_has_known_keys_and_kebab_id(item: tuple[str, dict[str, Any]]) -> None:
    _, case = item
    assert case.keys() >= CASE_REQUIRED, f"missing {CASE_REQUIRED - case.keys()}"
    assert case.keys() <= CASE_ALLOWED, f"unknown {case.keys() - CASE_ALLOWED}"
    assert ID_PATTERN.fullmatch(str(case["id"]))
    assert isinstance(case["text"], str) and case["text"].strip()
    assert len(case["text"]) <= MAX_TEXT_CHARS
    assert isinstance(case["events"], list)
    if "note" in case:
        assert isinstance(case["note"], str) and case["note"].strip()


@pytest.mark.parametrize("item", CASES, ids=_case_id)
def test_publication_date_is_day_month_or_null(item: tuple[str, dict[str, Any]]) -> None:
    published = item[1]["published"]
    if published is not None:
        # A bare year is not a publication date the format allows.
        assert isinstance(published, dt.date) or re.fullmatch(r"\d{4}-\d{2}", str(published))
        _span(published)


@pytest.mark.parametrize("item", CASES, ids=_case_id)
def test_non_events_file_holds_only_empty_cases_and_others_none(item: tuple[str, dict[str, Any]]) -> None:
    name, case = item
    if name == NON_EVENTS:
        assert case["events"] == []
    else:
        assert case["events"], "a category file other than non_events needs at least one event per case"


# (file, case, index of the event in the case, event)
EventItem = tuple[str, dict[str, Any], int, dict[str, Any]]
EVENTS: list[EventItem] = [
    (name, case, i, event) for name, case in CASES for i, event in enumerate(case["events"])
]


def _event_id(item: EventItem) -> str:
    return f"{item[1].get('id')}#{item[2]}"


@pytest.mark.parametrize("item", EVENTS, ids=_event_id)
def test_event_has_known_keys_type_and_status(item: EventItem) -> None:
    event = item[3]
    assert event.keys() >= EVENT_REQUIRED, f"missing {EVENT_REQUIRED - event.keys()}"
    assert event.keys() <= EVENT_ALLOWED, f"unknown {event.keys() - EVENT_ALLOWED}"
    assert event["type"] in STATUSES
    assert event["status"] in STATUSES[event["type"]]
    for flag in ("approx", "optional"):
        assert event.get(flag, False) in (True, False)
    assert event["place"] is None or (isinstance(event["place"], str) and event["place"].strip())


@pytest.mark.parametrize("item", EVENTS, ids=_event_id)
def test_event_parties_and_mediator_use_known_codes(item: EventItem) -> None:
    event = item[3]
    parties = event["parties"]
    assert isinstance(parties, list) and len(parties) >= 2, "an interaction has at least two sides"
    assert len(set(parties)) == len(parties)
    assert set(parties) <= CODES, f"unknown codes {set(parties) - CODES}"
    mediator = event["mediator"]
    if mediator is not None:
        assert mediator in parties, "the mediator is present, so it is a party"
        assert mediator not in SIDES
        assert set(parties) >= SIDES, "a mediator stands between Armenia and Azerbaijan"


@pytest.mark.parametrize("item", EVENTS, ids=_event_id)
def test_event_date_parses_and_fits_the_status(item: EventItem) -> None:
    _, case, _, event = item
    span = _span(event["date"])
    if event.get("approx"):
        assert span is not None, "approx qualifies a date, so there must be one"
    published = _span(case["published"])
    if span is None or published is None:
        return
    # One day of slack either way: sites stamp articles in their own time zone.
    slack = dt.timedelta(days=1)
    if event["status"] in PAST_STATUSES and not event.get("approx"):
        assert span[0] <= published[1] + slack, "a past event cannot start after publication"
    if event["status"] in FUTURE_STATUSES and not event.get("approx"):
        assert span[1] >= published[0] - slack, "a planned event cannot end before publication"


def shared_shingles() -> set[tuple[str, ...]]:
    """Every eight-word run of the shared articles (seeds and development set); skips the
    calling test where they are not beside the project."""
    folders = (SHARED / "seeds", SHARED / "eval" / "docs")
    sources = [path for folder in folders for path in sorted(folder.glob("*")) if path.is_file()]
    if not sources:
        pytest.skip("../shared articles are not available")
    seen: set[tuple[str, ...]] = set()
    for path in sources:
        seen |= _shingles(_words(path.read_text(encoding="utf-8", errors="replace")))
    return seen


def test_texts_are_not_copied_from_the_shared_articles() -> None:
    seen = shared_shingles()
    copied = {
        str(case["id"]): " ".join(shingle)
        for _, case in CASES
        for shingle in _shingles(_words(str(case["text"])))
        if shingle in seen
    }
    assert copied == {}
