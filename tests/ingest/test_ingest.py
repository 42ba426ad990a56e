"""The ingest verb: formats, folders, stdin, bad inputs as rejections, stable content ids."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from parley.errors import IngestError
from parley.ingest import REASONS, content_id, ingest, ingest_bytes, ingest_text
from parley.model import Document, Rejection

from .conftest import ENGLISH, FIXTURES, FOREIGN


def _one(items: list[Document | Rejection]) -> Document | Rejection:
    assert len(items) == 1, items
    return items[0]


@pytest.mark.parametrize(
    ("fixture", "fmt", "published", "published_from", "has_title"),
    [
        ("almaty_header.txt", "txt", "2024-05-11", "header", True),
        ("moscow_stamp_list.txt", "txt", "2021-01-08", "stamp", True),
        ("border_bio_comments.txt", "txt", None, None, True),
        ("wrapped_analysis.txt", "txt", None, None, False),
        ("article.html", "html", "2023-05-04", "html_meta", True),
    ],
)
def test_each_file_format_becomes_a_document(
    fixture: str, fmt: str, published: str | None, published_from: str | None, has_title: bool
) -> None:
    doc = _one(list(ingest([FIXTURES / fixture])))
    assert isinstance(doc, Document)
    assert doc.name == Path(fixture).stem
    assert doc.source_path == str(FIXTURES / fixture)
    assert (doc.format, doc.published, doc.published_from) == (fmt, published, published_from)
    assert (doc.title is not None) == has_title
    assert doc.id == content_id(doc.text)
    assert "\n\n\n" not in doc.text and doc.text == doc.text.strip()


def test_header_fields_fill_the_document() -> None:
    doc = _one(list(ingest([FIXTURES / "almaty_header.txt"])))
    assert isinstance(doc, Document)
    assert doc.outlet == "Caucasus Wire"
    assert doc.url == "https://example.org/2024/05/almaty-talks"
    assert doc.author == "Staff reporter"
    assert not doc.text.startswith("title:")


def test_folder_is_walked_recursively_in_order_skipping_hidden_entries(write) -> None:
    b = write("b.txt", ENGLISH)
    a = write("sub/a.txt", ENGLISH + " One more sentence makes it different.")
    write(".hidden.txt", ENGLISH + " Hidden.")
    write(".git/inside.txt", ENGLISH + " Inside a hidden folder.")
    items = list(ingest([b.parent]))
    assert [item.source_path for item in items if isinstance(item, Document)] == [str(b), str(a)]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\n  \n", "empty"),
        ("nul.txt", b"Some words\x00\x00\x00\x01\x02 and more", "binary"),
        ("noise.txt", bytes(range(1, 32)) * 40, "binary"),
        ("picture.txt", b"\x89PNG\r\n\x1a\n" + bytes(200), "unsupported"),
        ("archive.md", b"PK\x03\x04" + bytes(100), "unsupported"),
        ("random.txt", bytes([0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0xF0, 0x8C, 0xBC]) * 30, "encoding"),
        ("russian.txt", FOREIGN["ru"].encode("cp1251"), "encoding"),
        ("german.txt", FOREIGN["de"].encode("utf-8"), "not_english"),
        ("french.txt", FOREIGN["fr"].encode("utf-8"), "not_english"),
        ("spanish.txt", FOREIGN["es"].encode("utf-8"), "not_english"),
        ("turkish.txt", FOREIGN["tr"].encode("utf-8"), "not_english"),
        ("armenian.txt", FOREIGN["hy"].encode("utf-8"), "not_english"),
        ("russian_utf8.txt", FOREIGN["ru"].encode("utf-8"), "not_english"),
        ("page.docx", b"whatever is inside", "unsupported"),
        ("broken.html", b"<html><body><<<>>><div></div>", "broken_html"),
        ("broken.pdf", b"%PDF-1.4\nthis is not really a pdf\n%%EOF", "unreadable_pdf"),
        ("onlyjunk.txt", b"Share this\n\nFollow us on Telegram\n\nSubscribe to our newsletter\n", "empty"),
    ],
)
def test_bad_input_becomes_a_rejection_with_its_reason(write, name: str, content: bytes, reason: str) -> None:
    path = write(name, content)
    item = _one(list(ingest([path])))
    assert isinstance(item, Rejection), item
    assert (item.source, item.reason) == (str(path), reason)
    assert item.reason in REASONS and item.detail


def test_not_english_detail_names_the_language(write) -> None:
    item = _one(list(ingest([write("de.txt", FOREIGN["de"])])))
    assert isinstance(item, Rejection)
    assert "German" in item.detail


def test_file_over_max_bytes_is_rejected_from_its_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50_000_000)  # sparse: no 50 MB actually written
    item = _one(list(ingest([path])))
    assert isinstance(item, Rejection)
    assert item.reason == "too_large"
    small = _one(list(ingest([FIXTURES / "almaty_header.txt"], max_bytes=100)))
    assert isinstance(small, Rejection) and small.reason == "too_large"


def test_missing_path_is_unreadable(tmp_path: Path) -> None:
    item = _one(list(ingest([tmp_path / "nowhere.txt"])))
    assert isinstance(item, Rejection) and item.reason == "unreadable"


def test_latin1_english_text_is_accepted(write) -> None:
    text = "The café near the ministry hosted the délégués from both capitals. " + ENGLISH
    doc = _one(list(ingest([write("latin1.txt", text.encode("latin-1"))])))
    assert isinstance(doc, Document)
    assert "café" in doc.text


def test_utf16_with_byte_order_mark_is_accepted(write) -> None:
    doc = _one(list(ingest([write("wide.txt", ENGLISH.encode("utf-16"))])))
    assert isinstance(doc, Document) and doc.text == ENGLISH


def test_jsonl_bad_lines_are_rejected_and_the_file_goes_on() -> None:
    items = list(ingest([FIXTURES / "feed.jsonl"]))
    path = str(FIXTURES / "feed.jsonl")
    docs = [i for i in items if isinstance(i, Document)]
    rejected = {i.source: i.reason for i in items if isinstance(i, Rejection)}
    assert [d.name for d in docs] == ["prague-2022", "feed-2", "last"]
    assert [d.source_path for d in docs] == [f"{path}:1", f"{path}:2", f"{path}:9"]
    assert rejected == {
        f"{path}:4": "bad_json",
        f"{path}:5": "bad_record",
        f"{path}:6": "bad_record",
        f"{path}:7": "bad_record",
        f"{path}:8": "not_english",
    }
    assert (docs[1].published, docs[1].outlet) == ("2023-06-01", "Regional Daily")
    assert docs[2].published is None


def test_same_text_in_txt_and_jsonl_gets_the_same_content_id(write) -> None:
    body = ENGLISH + "\n\nA second paragraph follows the first one and closes the story."
    txt = write("story.txt", f"title: Talks in the capital\npublished: 2024-02-01\n\n{body}\n")
    record = {"id": "story", "title": "Talks in the capital", "text": body.replace("\n\n", "\n")}
    jsonl = write("feed.jsonl", json.dumps(record) + "\n")
    from_txt = _one(list(ingest([txt])))
    from_jsonl = _one(list(ingest([jsonl])))
    assert isinstance(from_txt, Document) and isinstance(from_jsonl, Document)
    assert from_txt.id == from_jsonl.id


def test_content_id_ignores_whitespace_and_is_16_hex_digits() -> None:
    assert content_id("a  b\n\nc ") == content_id("a b c")
    assert content_id("a b c") != content_id("a b d")
    assert len(content_id("x")) == 16 and int(content_id("x"), 16) >= 0


def test_dash_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"title: From a pipe\n\n" + ENGLISH.encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    doc = _one(list(ingest(["-"])))
    assert isinstance(doc, Document)
    assert (doc.name, doc.source_path, doc.title) == ("stdin", "<stdin>", "From a pipe")


def test_standard_input_of_a_real_process_is_ingested() -> None:
    html = (FIXTURES / "article.html").read_bytes()
    code = (
        "from parley.ingest import ingest; "
        "print([type(i).__name__ + ':' + i.format for i in ingest(['-'])])"
    )
    result = subprocess.run([sys.executable, "-c", code], input=html, capture_output=True, check=True)
    assert result.stdout.decode().strip() == "['Document:html']"


def test_jsonl_streams_one_line_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    line = json.dumps({"text": ENGLISH}) + "\n"
    with path.open("w", encoding="utf-8") as handle:
        for _ in range(4_000):
            handle.write(line)
    tracemalloc.start()
    count = sum(1 for item in ingest([path]) if isinstance(item, Document))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 4_000
    # The file is about 1 MB; streaming keeps the peak at a fraction of that.
    assert path.stat().st_size > 900_000
    assert peak < 300_000, peak


def test_overlong_jsonl_line_is_rejected_and_the_next_line_is_read(write) -> None:
    big = json.dumps({"text": ENGLISH * 50}) + "\n"
    path = write("mixed.jsonl", big + json.dumps({"id": "ok", "text": ENGLISH}) + "\n")
    items = list(ingest([path], max_bytes=1000))
    assert [(type(i).__name__, getattr(i, "reason", None)) for i in items] == [
        ("Rejection", "too_large"),
        ("Document", None),
    ]


def test_ingest_bytes_uses_meta_and_the_name_extension() -> None:
    doc = _one(
        ingest_bytes(
            ENGLISH.encode(),
            name="upload.txt",
            source="upload",
            meta={"published": "2023-05", "title": "Given title", "source": "Some Outlet"},
        )
    )
    assert isinstance(doc, Document)
    assert (doc.name, doc.published, doc.published_from, doc.title, doc.outlet) == (
        "upload",
        "2023-05",
        "meta",
        "Given title",
        "Some Outlet",
    )


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        ((FIXTURES / "article.html").read_bytes(), "html"),
        ((FIXTURES / "feed.jsonl").read_bytes(), "jsonl"),
        ((FIXTURES / "almaty_header.txt").read_bytes(), "txt"),
    ],
)
def test_format_is_sniffed_when_the_name_has_no_extension(data: bytes, fmt: str) -> None:
    items = ingest_bytes(data, name="upload", source="upload")
    assert any(isinstance(i, Document) and i.format == fmt for i in items)


def test_ingest_text_reads_a_string_like_a_txt_file() -> None:
    doc = ingest_text(ENGLISH, name="api", published="2024-03-01", title="A title", source="Outlet")
    assert (doc.name, doc.format, doc.published, doc.title, doc.outlet) == (
        "api",
        "text",
        "2024-03-01",
        "A title",
        "Outlet",
    )
    assert doc.text == ENGLISH


@pytest.mark.parametrize(
    ("text", "reason"), [("", "empty"), ("   \n ", "empty"), (FOREIGN["fr"], "not_english")]
)
def test_ingest_text_raises_on_unusable_text(text: str, reason: str) -> None:
    with pytest.raises(IngestError, match=reason):
        ingest_text(text)


def test_thousand_articles_ingest_quickly(tmp_path: Path) -> None:
    import time

    article = (FIXTURES / "moscow_stamp_list.txt").read_text(encoding="utf-8")
    for i in range(1000):
        (tmp_path / f"{i:04d}.txt").write_text(article.replace("Friday", f"day {i}"), encoding="utf-8")
    start = time.perf_counter()
    items = list(ingest([tmp_path]))
    elapsed = time.perf_counter() - start
    assert sum(isinstance(i, Document) for i in items) == 1000
    assert elapsed < 5.0, f"1000 articles took {elapsed:.2f}s"


def test_format_comes_from_the_source_path_when_the_name_is_a_stem() -> None:
    data = (FIXTURES / "article.html").read_bytes()
    doc = _one(ingest_bytes(data, name="article", source=str(FIXTURES / "article.html")))
    assert isinstance(doc, Document) and (doc.name, doc.format) == ("article", "html")
