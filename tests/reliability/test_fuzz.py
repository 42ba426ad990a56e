"""Fuzzing: whatever arrives, nothing crashes and nothing is lost without a reason code.

Properties over generated inputs (hypothesis, derandomized so every run draws the same
examples and a failure reproduces):

* ``ingest_bytes`` on any bytes, in any format, returns documents and rejections only;
  every rejection carries a reason code from ``REASONS``; every document has non-empty
  text and a 16-hex content id computed from that text;
* ``find_dates`` / ``resolve`` on any string, and on impossible dates, return mentions
  that point at their own text and values that are real calendar ranges, or None;
* ``extract`` with the real spaCy pipeline on garbled English-like text returns reports
  whose type, status and evidence offsets are well formed;
* text of pathological shapes (one paragraph, one line, many short paragraphs, tables,
  repeated event sentences, and units drawn at random repeated to tens of kilobytes) goes
  through ingest and extraction in time proportional to its size.

The per-property budgets add up to more than 10,000 examples; the run prints the count
it actually drew (see ``conftest.FUZZ_COUNTS``).
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.errors import IngestError
from parley.ingest import REASONS, content_id, ingest, ingest_bytes, ingest_text
from parley.model import EVENT_TYPES, STATUSES, DateValue, Document, Rejection

from .conftest import FUZZ_COUNTS, LEADERS, MONTHS, PLACES, ROOT

HEX16 = re.compile(r"[0-9a-f]{16}")
FORMATS = ("txt", "html", "pdf", "jsonl", None)

# Budgets per property, declared once so the total can be checked against the 10,000 floor.
BUDGET = {
    "ingest_random_bytes": 2500,
    "ingest_encoded_text": 1500,
    "ingest_html_trees": 400,
    "ingest_nested_html": 60,
    "ingest_jsonl_lines": 1000,
    "ingest_text_strings": 400,
    "dates_random_strings": 2000,
    "dates_date_like_phrases": 2000,
    "dates_impossible_numbers": 800,
    "extract_garbled_english": 400,
    "pathological_shapes": 40,
}


def fuzz(name: str, **extra: Any) -> Any:
    """Hypothesis settings for one property: its budget, no deadline, the same examples every run."""
    return settings(
        max_examples=BUDGET[name],
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
        **extra,
    )


def test_fuzz_budgets_add_up_to_ten_thousand_inputs() -> None:
    assert sum(BUDGET.values()) >= 10_000


# -- the properties ------------------------------------------------------------------------------


def assert_well_formed(items: list[Document | Rejection], fmt: str | None) -> None:
    assert isinstance(items, list)
    assert items, "every input yields at least one document or rejection"
    if fmt not in ("jsonl", None):
        assert len(items) == 1, "a single-document format yields exactly one item"
    for item in items:
        if isinstance(item, Rejection):
            assert item.reason in REASONS, f"unknown reason code {item.reason!r}"
            assert item.detail.strip(), "a rejection says why"
        else:
            assert isinstance(item, Document)
            assert item.text.strip(), "a document has text"
            assert HEX16.fullmatch(item.id), item.id
            assert item.id == content_id(item.text)


# -- ingestion: bytes of every kind ---------------------------------------------------------------


@fuzz("ingest_random_bytes")
@given(data=st.binary(max_size=4096), fmt=st.sampled_from(FORMATS))
def test_random_bytes_in_any_format_become_documents_or_rejections(data: bytes, fmt: str | None) -> None:
    FUZZ_COUNTS["ingest_random_bytes"] += 1
    assert_well_formed(ingest_bytes(data, name="fuzz", source="fuzz", fmt=fmt), fmt)


ENGLISH = (
    "The two foreign ministers met in the capital on Tuesday to discuss the border.",
    "Officials said that a further round of talks would take place next month.",
    "The leaders agreed to continue work on a draft of the peace agreement.",
    "A statement issued after the meeting described the discussion as frank.",
)
ENCODINGS = (
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "cp1251",
    "latin-1",
    "cp1252",
)
BOM_PREFIXES = (b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE)


@st.composite
def encoded_text(draw: st.DrawFn) -> bytes:
    """English-like text with foreign letters, lone surrogates and control characters, encoded oddly.

    Pieces may be encoded in different encodings and glued together (mixed files), and a
    byte-order mark may precede a body it does not describe.
    """
    pieces = draw(
        st.lists(
            st.one_of(
                st.sampled_from(ENGLISH),
                st.text(max_size=80),
                st.text(alphabet="абвгдежзийклмнопрстуфхцчшщэюяАБВ ", max_size=60),
                st.text(alphabet="éèàçüöäßñøåÆŒ€£ ", max_size=40),
                st.sampled_from(("\ud800", "\udfff", "\x00", "\x1b", "\u2028", "\ufeff", "\r\n", "\n\n")),
            ),
            min_size=1,
            max_size=8,
        )
    )
    out = draw(st.sampled_from(BOM_PREFIXES))
    for piece in pieces:
        encoding = draw(st.sampled_from(ENCODINGS))
        # Lone surrogates cannot be encoded strictly: they go out as their raw code units
        # (surrogatepass) or as escapes, which is what broken exporters write.
        errors = draw(st.sampled_from(("surrogatepass", "backslashreplace", "replace")))
        try:
            out += piece.encode(encoding, errors)
        except UnicodeEncodeError:
            out += piece.encode(encoding, "replace")
    return out


@fuzz("ingest_encoded_text")
@given(data=encoded_text(), fmt=st.sampled_from(("txt", None, "jsonl", "html")))
def test_text_in_odd_or_mixed_encodings_becomes_documents_or_rejections(data: bytes, fmt: str | None) -> None:
    FUZZ_COUNTS["ingest_encoded_text"] += 1
    assert_well_formed(ingest_bytes(data, name="fuzz.txt", source="fuzz.txt", fmt=fmt), fmt)


@pytest.mark.parametrize("second", ["utf-16-le", "utf-16-be"])
def test_a_byte_order_mark_does_not_let_nul_characters_into_a_document(second: str) -> None:
    # Found by the property above: a byte-order mark skips the NUL-byte check, so a file
    # glued from a UTF-8 part (with its mark) and a UTF-16 part became a document whose
    # text is interleaved with NUL characters. A rejection or clean text are both right.
    data = codecs.BOM_UTF8 + ENGLISH[0].encode("utf-8") + ENGLISH[1].encode(second)
    for item in ingest_bytes(data, name="mixed.txt", source="mixed.txt"):
        if isinstance(item, Document):
            assert "\x00" not in item.text, item.text[:120]


TAGS = (
    "div",
    "p",
    "span",
    "article",
    "main",
    "section",
    "script",
    "style",
    "table",
    "td",
    "a",
    "b",
    "h1",
    "nav",
    "footer",
    "iframe",
    "svg",
    "noscript",
    "template",
    "title",
    "meta",
)


def html_tree() -> st.SearchStrategy[str]:
    leaf = st.one_of(
        st.sampled_from(ENGLISH),
        st.text(max_size=30),
        st.sampled_from(
            (
                "&amp;",
                "&#0;",
                "&#xD800;",
                "&nonsense;",
                "<!--",
                "-->",
                "<![CDATA[",
                "]]>",
                "<",
                ">",
                "</p>",
                "<br>",
                "<img src=x onerror=alert(1)>",
            )
        ),
    )

    def wrap(children: st.SearchStrategy[list[str]]) -> st.SearchStrategy[str]:
        return st.builds(
            lambda tag, kids, close: f"<{tag} class='x'>" + "".join(kids) + (f"</{tag}>" if close else ""),
            st.sampled_from(TAGS),
            children,
            st.booleans(),
        )

    return st.recursive(leaf, lambda inner: wrap(st.lists(inner, max_size=5)), max_leaves=40)


@fuzz("ingest_html_trees")
@given(body=html_tree(), doctype=st.booleans(), encoding=st.sampled_from(("utf-8", "utf-16", "cp1251")))
def test_random_html_trees_become_documents_or_rejections(body: str, doctype: bool, encoding: str) -> None:
    FUZZ_COUNTS["ingest_html_trees"] += 1
    page = (
        "<!DOCTYPE html>" if doctype else ""
    ) + f"<html><head><title>t</title></head><body>{body}</body></html>"
    data = page.encode(encoding, "replace")
    assert_well_formed(ingest_bytes(data, name="fuzz.html", source="fuzz.html", fmt="html"), "html")


@fuzz("ingest_nested_html")
@given(
    depth=st.integers(1, 3000), tag=st.sampled_from(("div", "span", "b", "table", "p")), close=st.booleans()
)
def test_deeply_nested_html_becomes_a_document_or_a_rejection(depth: int, tag: str, close: bool) -> None:
    FUZZ_COUNTS["ingest_nested_html"] += 1
    page = f"<html><body>{f'<{tag}>' * depth}{ENGLISH[0]} {ENGLISH[1]}{f'</{tag}>' * depth if close else ''}"
    assert_well_formed(ingest_bytes(page.encode(), name="deep.html", source="deep.html"), "html")


@pytest.mark.parametrize("tag", ["div", "span", "table"])
def test_ten_thousand_levels_of_nested_html_do_not_crash(tag: str) -> None:
    page = f"<html><body>{f'<{tag}>' * 10_000}{' '.join(ENGLISH)}{f'</{tag}>' * 10_000}</body></html>"
    assert_well_formed(ingest_bytes(page.encode(), name="deep.html", source="deep.html"), "html")


def json_value() -> st.SearchStrategy[Any]:
    scalar = st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40)
    )
    return st.recursive(
        scalar,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=12,
    )


@st.composite
def jsonl_line(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(("record", "value", "garbage", "blank", "odd_record")))
    if kind == "record":
        record = {
            "text": draw(st.one_of(st.sampled_from(ENGLISH), st.text(max_size=200))),
            "id": draw(st.one_of(st.none(), st.text(max_size=10), st.integers())),
            "published": draw(
                st.one_of(st.none(), st.text(max_size=12), st.sampled_from(("2023-02-30", "99999-01-01")))
            ),
            "title": draw(st.one_of(st.none(), st.text(max_size=20), st.integers())),
        }
        return json.dumps(record, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
    if kind == "odd_record":
        return json.dumps(
            {
                "text": draw(json_value()),
                **draw(st.dictionaries(st.text(max_size=8), json_value(), max_size=3)),
            }
        ).encode()
    if kind == "value":
        return json.dumps(draw(json_value())).encode()
    if kind == "garbage":
        return draw(st.binary(max_size=120)).replace(b"\n", b" ")
    return draw(st.sampled_from((b"", b"   ", b"\t", b"\r")))


@fuzz("ingest_jsonl_lines")
@given(lines=st.lists(jsonl_line(), max_size=8), ending=st.sampled_from((b"\n", b"\r\n")))
def test_random_json_lines_become_documents_or_rejections(lines: list[bytes], ending: bytes) -> None:
    FUZZ_COUNTS["ingest_jsonl_lines"] += 1
    data = ending.join(lines)
    items = ingest_bytes(data, name="feed.jsonl", source="feed.jsonl", fmt="jsonl")
    assert_well_formed(items, "jsonl")
    for item in items:
        if isinstance(item, Rejection) and item.source != "feed.jsonl":
            # A record's rejection names its line, so the one bad line can be found and fixed.
            assert re.fullmatch(r"feed\.jsonl:\d+", item.source), item.source


@fuzz("ingest_text_strings")
@given(text=st.one_of(st.text(max_size=400), st.lists(st.sampled_from(ENGLISH), max_size=4).map(" ".join)))
def test_ingest_text_returns_a_document_or_raises_ingest_error(text: str) -> None:
    FUZZ_COUNTS["ingest_text_strings"] += 1
    try:
        doc = ingest_text(text)
    except IngestError as error:
        assert str(error).split(":", 1)[0] in REASONS
    else:
        assert doc.text.strip() and HEX16.fullmatch(doc.id)


@pytest.mark.parametrize(
    "name, data",
    [
        ("huge-line.txt", (" ".join(ENGLISH) + " ").encode() * 20_000),  # ~1.5 MB, one line
        ("huge-word.txt", b"a" * 3_000_000),
        ("huge-line.html", b"<html><body><p>" + (ENGLISH[2] + " ").encode() * 20_000 + b"</p></body></html>"),
        (
            "huge-attr.html",
            b"<html><body><p title='" + b"x" * 2_000_000 + b"'>" + ENGLISH[0].encode() + b"</p>",
        ),
        ("huge-record.jsonl", json.dumps({"text": ENGLISH[3] * 30_000}).encode()),
        ("many-lines.txt", b"\n".join([ENGLISH[1].encode()] * 60_000)),
    ],
)
def test_huge_lines_become_documents_or_rejections(name: str, data: bytes) -> None:
    assert_well_formed(
        ingest_bytes(data, name=name, source=name), "jsonl" if name.endswith("jsonl") else "txt"
    )


def test_a_json_line_longer_than_max_bytes_is_rejected_and_the_next_line_still_read(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    good = json.dumps({"id": "ok", "text": " ".join(ENGLISH)})
    feed.write_text(json.dumps({"text": "x" * 50_000}) + "\n" + good + "\n", encoding="utf-8")
    items = list(ingest([feed], max_bytes=10_000))
    assert [type(i).__name__ for i in items] == ["Rejection", "Document"]
    assert isinstance(items[0], Rejection) and items[0].reason == "too_large"


# -- dates --------------------------------------------------------------------------------------


def assert_value_is_a_real_range(value: DateValue | None) -> None:
    if value is None:
        return
    assert isinstance(value, DateValue)
    assert value.start <= value.end
    assert value.precision in ("day", "month", "year")
    shape = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}[value.precision]
    assert re.fullmatch(shape, value.value), value
    if value.precision == "day" and not value.approx:
        assert dt.date.fromisoformat(value.value) == value.start


def check_dates(text: str, anchor: dt.date | None, precision: str, tense: str | None) -> None:
    from parley.extraction import dates

    mentions = dates.find_dates(text)
    last_end = 0
    for mention in mentions:
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
        assert mention.start >= last_end, "mentions do not overlap"
        last_end = mention.end
        assert_value_is_a_real_range(dates.resolve(mention, anchor, anchor_precision=precision, tense=tense))
    assert_value_is_a_real_range(dates.resolve(text, anchor, anchor_precision=precision, tense=tense))
    found = dates.anchor_from_text(text, today=dt.date(2025, 1, 1))
    assert found is None or dt.date(1990, 1, 1) <= found <= dt.date(2025, 1, 1)


ANCHORS = st.one_of(st.none(), st.dates(), st.dates(dt.date(2019, 1, 1), dt.date(2026, 12, 31)))
TENSES = st.sampled_from((None, "past", "future", "present", "bogus"))
PRECISIONS = st.sampled_from(("day", "month", "year", "week"))


@fuzz("dates_random_strings")
@given(text=st.text(max_size=200), anchor=ANCHORS, precision=PRECISIONS, tense=TENSES)
def test_random_strings_give_sound_dates_or_none(
    text: str, anchor: dt.date | None, precision: str, tense: str | None
) -> None:
    FUZZ_COUNTS["dates_random_strings"] += 1
    check_dates(text, anchor, precision, tense)


DATE_WORDS = (
    *MONTHS,
    *(m[:3] for m in MONTHS),
    "Sept.",
    "Monday",
    "Friday",
    "Sunday",
    "week",
    "weekend",
    "month",
    "year",
    "next",
    "last",
    "this",
    "coming",
    "past",
    "early",
    "mid",
    "late",
    "end",
    "of",
    "the",
    "on",
    "in",
    "between",
    "and",
    "to",
    "-",
    "–",
    "/",
    ".",
    ",",
    "st",
    "nd",
    "th",
    "first",
    "second",
    "third",
    "yesterday",
    "tomorrow",
    "today",
    "ago",
    "later",
    "before",
    "after",
    "days",
    "weeks",
    "months",
    "two",
    "three",
    "a",
    "same",
    "day",
    "fortnight",
    "spring",
    "autumn",
    "quarter",
    "half",
    "beginning",
    "since",
    "until",
    "by",
)
NUMBERS = st.one_of(st.integers(0, 40), st.integers(1900, 2100), st.integers(0, 99_999)).map(str)


@fuzz("dates_date_like_phrases")
@given(
    words=st.lists(st.one_of(st.sampled_from(DATE_WORDS), NUMBERS), min_size=1, max_size=12),
    joiner=st.sampled_from((" ", "", ". ", "/", "-")),
    anchor=ANCHORS,
    precision=PRECISIONS,
    tense=TENSES,
)
def test_date_like_phrases_give_sound_dates_or_none(
    words: list[str], joiner: str, anchor: dt.date | None, precision: str, tense: str | None
) -> None:
    FUZZ_COUNTS["dates_date_like_phrases"] += 1
    check_dates(joiner.join(words), anchor, precision, tense)


@fuzz("dates_impossible_numbers")
@given(
    day=st.integers(-5, 99),
    month=st.integers(0, 14),
    year=st.integers(0, 120_000),
    form=st.sampled_from(
        (
            "{d} {M} {y}",
            "{M} {d}, {y}",
            "{y}-{m:02d}-{d:02d}",
            "{d}.{m:02d}.{y}",
            "{d}/{m}/{y}",
            "{M} {d}",
            "{d} {M}",
            "{M} {y}",
            "in {y}",
            "on {d} {M} {y}",
        )
    ),
    anchor=ANCHORS,
    tense=TENSES,
)
def test_out_of_range_day_month_and_year_numbers_give_sound_dates_or_none(
    day: int, month: int, year: int, form: str, anchor: dt.date | None, tense: str | None
) -> None:
    FUZZ_COUNTS["dates_impossible_numbers"] += 1
    name = MONTHS[(month - 1) % 12]
    check_dates(form.format(d=day, m=month, y=year, M=name), anchor, "day", tense)


@pytest.mark.parametrize(
    "text",
    [
        "February 30",
        "30 February 2023",
        "31 April 2023",
        "April 31, 2023",
        "0 May",
        "May 0, 2022",
        "32 January 2021",
        "29 February 2023",
        "2023-02-30",
        "2023-13-01",
        "30.02.2023",
        "31/04/2023",
        "year 99999",
        "in 99999",
        "on 1 May 99999",
        "0000-00-00",
        "9999-12-31 and the day after",
        "the week after 31 December 9999",
        "1 January 0001, the day before",
    ],
)
@pytest.mark.parametrize("anchor", [None, dt.date(2023, 3, 1), dt.date(9999, 12, 31), dt.date(1, 1, 1)])
def test_impossible_dates_resolve_to_none_or_a_real_date(text: str, anchor: dt.date | None) -> None:
    from parley.extraction import dates

    for tense in (None, "past", "future"):
        check_dates(text, anchor, "day", tense)
        value = dates.resolve(text, anchor, tense=tense)
        if value is not None and value.precision == "day":
            # Whatever it chose, it is not the impossible day itself read as a different one silently.
            assert "-02-30" not in value.value and "-04-31" not in value.value


# -- extraction with the real spaCy pipeline -----------------------------------------------------


@pytest.fixture(scope="module")
def pack() -> Any:
    from parley.pack import load_pack

    return load_pack()


@pytest.fixture(scope="module")
def nlp(pack: Any) -> Any:
    from parley.annotate import build_pipeline

    return build_pipeline(pack=pack)


EVENT_WORDS = (
    "met",
    "meet",
    "will meet",
    "talks",
    "held talks",
    "meeting",
    "phone call",
    "spoke by phone",
    "signed",
    "agreement",
    "peace treaty",
    "postponed",
    "cancelled",
    "declined",
    "did not sign",
    "summit",
    "hosted",
    "mediated",
    "trilateral",
    "negotiations",
    "is expected to",
    "planned",
    "initialled",
    "statement",
)
FILLER_WORDS = (
    "the",
    "a",
    "of",
    "and",
    "with",
    "in",
    "on",
    "not",
    "said",
    "after",
    "before",
    "his",
    "two",
    "leaders",
    "ministers",
    "sides",
    "border",
    "ceasefire",
    "which",
    "that",
    "(",
    ")",
    ",",
    ".",
    ";",
    '"',
    "'s",
    "—",
    "\n",
    "\n\n",
)


@st.composite
def garbled_english(draw: st.DrawFn) -> str:
    names = (
        [n for n, _ in LEADERS]
        + [n.split()[-1] for n, _ in LEADERS]
        + list(PLACES)
        + ["Armenia", "Azerbaijan", "Russia"]
    )
    word = st.one_of(
        st.sampled_from(names),
        st.sampled_from(EVENT_WORDS),
        st.sampled_from(FILLER_WORDS),
        st.sampled_from(DATE_WORDS),
        NUMBERS,
        st.text(max_size=8),
    )
    sentences = draw(st.lists(st.lists(word, min_size=1, max_size=25).map(" ".join), min_size=1, max_size=6))
    return ". ".join(sentences)


@fuzz("extract_garbled_english")
@given(
    text=garbled_english(),
    title=st.one_of(st.none(), garbled_english()),
    published=st.one_of(
        st.none(),
        st.sampled_from(("2023-05-14", "2023-05", "2023", "unknown", "2023-02-30", "99999", "", "tomorrow")),
    ),
)
def test_extraction_on_garbled_english_gives_well_formed_reports(
    nlp: Any, pack: Any, text: str, title: str | None, published: str | None
) -> None:
    from parley.extraction import extract

    FUZZ_COUNTS["extract_garbled_english"] += 1
    if not text.strip():
        text = "."
    doc = Document(
        id=content_id(text), name="fuzz", text=text, format="txt", title=title, published=published
    )
    reports = extract(doc, nlp=nlp, pack=pack)
    for index, report in enumerate(reports):
        assert report.doc_id == doc.id and report.index == index
        assert report.type in EVENT_TYPES and report.status in STATUSES
        assert_value_is_a_real_range(report.date)
        assert report.evidence, "every report carries its evidence"
        for evidence in report.evidence:
            if evidence.start >= 0:  # title sentences carry offset -1
                # Evidence is quoted with its whitespace folded (a line break reads as a space).
                assert text[evidence.start : evidence.end].split() == evidence.text.split()
        json.dumps(report.to_json())


# -- pathological shapes: time proportional to size ----------------------------------------------

# CPU seconds a megabyte of any shape may take through ingest and extraction (with the size cap
# and time budget lifted), plus a fixed allowance: benchmarks/scaling.py measures at most 13 s a
# megabyte on the slowest shape (docs/reliability.md), so the bound leaves room for a slow host
# while still catching a stage whose time grows with the square of its input. CPU time, as the
# benchmark reads it: on a shared host, wall time also counts the other processes' turns.
SECONDS_PER_MB = 60.0
SECONDS_FIXED = 3.0


def read_in_time(nlp: Any, pack: Any, data: bytes) -> tuple[float, list[Any]]:
    """Ingest ``data`` as a .txt file and extract from it; the CPU seconds taken and the items."""
    import time

    from parley.extraction import extract_many

    started = time.process_time()
    items = ingest_bytes(data, name="shape.txt", source="shape.txt", max_chars=None)
    assert_well_formed(items, "txt")
    documents = [i for i in items if isinstance(i, Document)]
    for document, reports in extract_many(documents, nlp=nlp, pack=pack, seconds=None):
        assert isinstance(reports, list), reports
        for report in reports:
            assert report.type in EVENT_TYPES and report.status in STATUSES and report.evidence
            for evidence in report.evidence:
                if evidence.start >= 0:
                    assert document.text[evidence.start : evidence.end].split() == evidence.text.split()
    return time.process_time() - started, items


def bound(data: bytes) -> float:
    return SECONDS_FIXED + SECONDS_PER_MB * len(data) / 1_000_000


@pytest.mark.parametrize("size", [100_000, pytest.param(1_000_000, marks=pytest.mark.slow)])
@pytest.mark.parametrize("shape", ["paragraph", "one_line", "short_paragraphs", "table", "events"])
def test_pathological_shapes_are_read_in_time_proportional_to_their_size(
    nlp: Any, pack: Any, shape: str, size: int
) -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from benchmarks.scaling import SHAPES  # the benchmark's shapes, one home for both

    data = SHAPES[shape](size).encode("utf-8")
    seconds, items = read_in_time(nlp, pack, data)
    assert seconds <= bound(data), f"{shape}, {len(data):,} bytes: {seconds:.1f} s"
    assert any(isinstance(i, Document) for i in items), f"{shape} is English text and becomes a document"


UNIT_PIECES = (
    "Aliyev and Pashinyan met in Brussels on 14 May. ",
    "the talks on the border ",
    "Mr. ",
    "U.S. ",
    "...",
    "!?",
    "…",
    ". ",
    ", ",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    " ",
    "2023",
    "14.05.2023",
    "| 12.5 |",
    "\"",
    "(",
    ")",
    "-",
    "—",
    "http://example.org/a?b=c ",
    "Comments",
    "Share this article",
    "Read more: ",
    "By John Smith",
)


@st.composite
def repeated_unit(draw: st.DrawFn) -> bytes:
    """A short unit of text pieces, repeated to 5-50 KB: the shape of a broken extraction."""
    pieces = st.one_of(st.sampled_from(UNIT_PIECES), st.text(max_size=6), st.sampled_from(ENGLISH))
    unit = "".join(draw(st.lists(pieces, min_size=1, max_size=8)))
    size = draw(st.integers(5_000, 50_000))
    if not unit.strip():
        unit += "x "
    return (unit * (size // max(len(unit), 1) + 1)).encode("utf-8", "surrogatepass")[:size]


@fuzz("pathological_shapes")
@given(data=repeated_unit())
def test_repeated_units_are_read_in_time_proportional_to_their_size(nlp: Any, pack: Any, data: bytes) -> None:
    FUZZ_COUNTS["pathological_shapes"] += 1
    seconds, _ = read_in_time(nlp, pack, data)
    assert seconds <= bound(data), f"{len(data):,} bytes: {seconds:.1f} s"


def test_fuzz_counts_are_recorded() -> None:
    # Runs last in this module: each property above counted the examples it drew.
    drawn = Counter({k: v for k, v in FUZZ_COUNTS.items() if k in BUDGET})
    if len(drawn) < len(BUDGET):
        pytest.skip("run the whole module to count every property's examples")
    assert sum(drawn.values()) >= 10_000
