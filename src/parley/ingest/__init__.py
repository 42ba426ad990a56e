"""Ingest: files, folders, stdin, bytes or strings in; cleaned Documents (or Rejections saying why not) out.

The whole stage, top to bottom::

    path / stdin / bytes
      -> format (extension, else sniffed from the bytes)
      -> text: txt decoded (decode.py), html extracted (html.py), pdf read (pdf.py),
         jsonl split into records (jsonl.py)
      -> article: header and metadata, title, publication date, rejoined lines,
         boilerplate removed (text.py, wrap.py, clean.py, dates_meta.py)
      -> English check (language.py)
      -> Document, with a content id that ignores where the text came from

Nothing here raises on bad input: each unusable input becomes one Rejection with a
reason code from ``REASONS``, and the stream goes on. Inputs are read one file (or
one JSONL line) at a time.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

from parley.errors import IngestError
from parley.ingest import language
from parley.ingest.decode import Problem, binary_kind, decode
from parley.ingest.html import extract_html
from parley.ingest.jsonl import parse_line, read_lines
from parley.ingest.pdf import extract_pdf
from parley.ingest.text import Article, parse_article
from parley.model import Document, Rejection

__all__ = ["REASONS", "content_id", "ingest", "ingest_bytes", "ingest_text"]

REASONS: dict[str, str] = {
    "empty": "the input holds no text (or nothing but boilerplate)",
    "binary": "the input is binary data, not text",
    "too_large": "the input is larger than the max_bytes setting, or its text longer than max_chars",
    "encoding": "the bytes are not UTF-8 and no other encoding reads them as English text",
    "not_english": "the text is not in English",
    "broken_html": "no article text could be extracted from the HTML",
    "unreadable_pdf": "the PDF is encrypted, damaged or has no text layer",
    "bad_json": "a JSON Lines line is not valid JSON",
    "bad_record": "a JSON Lines record is not an object with a string 'text' field",
    "unsupported": "the file's format is not one parley reads (txt, md, html, pdf, jsonl)",
    "unreadable": "the file cannot be opened or read (missing, permissions, I/O error)",
}

FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",
    ".markdown": "txt",
    "": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
# The longest text, in characters after extraction and cleaning, a document may have
# (the max_chars setting): a long news article runs to 30,000 and the longest of the
# evaluation and seed articles to under 20,000; a text of a million is a book, a dump or
# a broken extraction, whose reading would hold up the rest of a batch.
MAX_CHARS = 1_000_000
STDIN_NAME = "stdin"
STDIN_SOURCE = "<stdin>"


def content_id(text: str) -> str:
    """A stable id for a cleaned body: sha256 of its whitespace-normalised form, 16 hex digits."""
    normal = " ".join(text.split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


def ingest(
    paths: Iterable[str | Path], *, max_bytes: int = 20_000_000, max_chars: int | None = MAX_CHARS
) -> Iterator[Document | Rejection]:
    """Documents and rejections from files, folders and "-" (stdin), in order, one input at a time.

    Folders are walked recursively in sorted order; hidden files and folders are skipped.
    An input over ``max_bytes``, or whose text is longer than ``max_chars`` characters once
    extracted and cleaned, is rejected as ``too_large`` (``max_chars=None``: no limit).
    """
    for item in paths:
        if str(item) == "-":
            yield from _stdin(max_bytes, max_chars)
            continue
        path = Path(item)
        if path.is_dir():
            yield from _folder(path, max_bytes, max_chars)
        else:
            yield from _file(path, max_bytes, max_chars)


def ingest_bytes(
    data: bytes,
    *,
    name: str,
    source: str,
    fmt: str | None = None,
    meta: Mapping[str, str] | None = None,
    max_chars: int | None = MAX_CHARS,
) -> list[Document | Rejection]:
    """One input's bytes: a document, a rejection, or (JSON Lines) one item per record.

    ``name`` is a file name or a document name; a known extension picks the format
    (unless ``fmt`` does) and is dropped from the document's name. ``meta`` fills
    title, published, url, outlet (or source) and author ahead of anything in the text.
    A text longer than ``max_chars`` once extracted is rejected as ``too_large``.
    """
    path = Path(name)
    suffix = path.suffix.lower()
    doc_name = path.stem if suffix in FORMATS and suffix else name
    if fmt is None:
        # The name's extension, else the source path's, else the bytes themselves.
        known = [s for s in (suffix, Path(source).suffix.lower()) if s and s in FORMATS]
        fmt = FORMATS[known[0]] if known else sniff(data)
    if fmt not in set(FORMATS.values()):
        return [Rejection(source, "unsupported", f"unknown format {fmt!r}; use one of txt, html, pdf, jsonl")]
    if not data.strip():
        return [Rejection(source, "empty", "the input is empty or only whitespace")]
    given = _meta(meta)
    if data.startswith(b"%PDF-"):
        fmt = "pdf"
    if fmt == "pdf":
        pdf = extract_pdf(data)
        if isinstance(pdf, Problem):
            return [Rejection(source, pdf.reason, pdf.detail)]
        article = parse_article(
            pdf.text,
            meta={"title": pdf.title, "author": pdf.author, **given},
            header=False,
            wrapped=True,
            title_from_text=pdf.title is None and "title" not in given,
            meta_from="meta",
        )
        return [_finish(article, doc_name, "pdf", source, max_chars)]
    problem = binary_kind(data)
    if problem is not None:
        return [Rejection(source, problem.reason, problem.detail)]
    if fmt == "jsonl":
        import io

        return list(_records(io.BytesIO(data), doc_name, source, max(len(data), 1), max_chars))
    if fmt == "html":
        page = extract_html(data)
        if isinstance(page, Problem):
            return [Rejection(source, page.reason, page.detail)]
        page_meta = {
            "title": page.title,
            "published": page.published,
            "author": page.author,
            "url": page.url,
            "outlet": page.outlet,
        }
        article = parse_article(
            page.text,
            meta={**page_meta, **given},
            header=False,
            wrapped=False,
            title_from_text=page.title is None and "title" not in given,
            meta_from="html_meta" if page.published and "published" not in given else "meta",
        )
        return [_finish(article, doc_name, "html", source, max_chars)]
    decoded = decode(data)
    if isinstance(decoded, Problem):
        return [Rejection(source, decoded.reason, decoded.detail)]
    text, _encoding = decoded
    article = parse_article(text, meta=given, header=True, meta_from="meta")
    return [_finish(article, doc_name, "txt", source, max_chars)]


def ingest_text(
    text: str,
    *,
    name: str = "text",
    published: str | None = None,
    title: str | None = None,
    source: str | None = None,
    max_chars: int | None = MAX_CHARS,
) -> Document:
    """A document from a string, read like a .txt file; ``source`` is the outlet.

    Raises IngestError when the text cannot become a document (empty, not English, longer
    than ``max_chars``).
    """
    if not text.strip():
        raise IngestError("empty: the text is empty or only whitespace; pass the article's body")
    meta = {"published": published, "title": title, "outlet": source}
    given = {k: v for k, v in meta.items() if v}
    article = parse_article(text, meta=given, header=True, meta_from="argument")
    result = _finish(article, name, "text", None, max_chars)
    if isinstance(result, Rejection):
        raise IngestError(f"{result.reason}: {result.detail}")
    return result


def sniff(data: bytes) -> str:
    """The format bytes look like when no extension says: pdf, html, jsonl or txt."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    markup = (b"<html", b"<body", b"<!doctype", b"<p", b"<div")
    if head.startswith(b"<") and any(tag in head for tag in markup):
        return "html"
    if head.startswith(b"{"):
        return "jsonl"
    return "txt"


def _meta(meta: Mapping[str, str] | None) -> dict[str, str]:
    given = {("outlet" if k == "source" else k): str(v) for k, v in (meta or {}).items() if v}
    return {k: v for k, v in given.items() if k in {"title", "published", "url", "outlet", "author"}}


def _finish(
    article: Article, name: str, fmt: str, source: str | None, max_chars: int | None = MAX_CHARS
) -> Document | Rejection:
    where = source or name
    if max_chars is not None and len(article.text) > max_chars:
        return Rejection(
            where,
            "too_large",
            f"the text is {len(article.text):,} characters long, more than max_chars ({max_chars:,}); "
            "split it, or raise max_chars",
        )
    if not article.text.strip():
        if article.removed:
            detail = f"nothing is left after removing boilerplate ({', '.join(article.removed)})"
        else:
            detail = "the input holds no article text"
        return Rejection(where, "empty", detail)
    verdict = language.detect(article.text)
    if not verdict.english:
        return Rejection(
            where, "not_english", f"the text looks like {language.name(verdict.language)}, not English"
        )
    return Document(
        id=content_id(article.text),
        name=name,
        text=article.text,
        format=fmt,
        source_path=source,
        title=article.title,
        published=article.published,
        published_from=article.published_from,
        url=article.url,
        outlet=article.outlet,
        author=article.author,
        language="en",
        removed=article.removed,
    )


def _records(
    stream: BinaryIO, stem: str, source: str, max_bytes: int, max_chars: int | None = MAX_CHARS
) -> Iterator[Document | Rejection]:
    seen_any = False
    for number, raw in read_lines(stream, max_bytes):
        where = f"{source}:{number}"
        if raw is None:
            seen_any = True
            yield Rejection(where, "too_large", f"the line is longer than {max_bytes} bytes")
            continue
        parsed = parse_line(raw)
        if parsed is None:
            continue
        seen_any = True
        if isinstance(parsed, Problem):
            yield Rejection(where, parsed.reason, parsed.detail)
            continue
        article = parse_article(parsed.text, meta=parsed.meta, header=False, title_from_text=False,
                                meta_from="jsonl")
        yield _finish(article, parsed.name or f"{stem}-{number}", "jsonl", where, max_chars)
    if not seen_any:
        yield Rejection(source, "empty", "the JSON Lines input holds no records")


def _stdin(max_bytes: int, max_chars: int | None) -> Iterator[Document | Rejection]:
    try:
        data = sys.stdin.buffer.read(max_bytes + 1)
    except (OSError, ValueError) as err:
        yield Rejection(STDIN_SOURCE, "unreadable", f"cannot read standard input: {err}")
        return
    if len(data) > max_bytes:
        yield Rejection(STDIN_SOURCE, "too_large", f"standard input is larger than {max_bytes} bytes")
        return
    yield from ingest_bytes(data, name=STDIN_NAME, source=STDIN_SOURCE, max_chars=max_chars)


def _folder(root: Path, max_bytes: int, max_chars: int | None) -> Iterator[Document | Rejection]:
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as err:
        yield Rejection(str(root), "unreadable", f"cannot list the folder: {err.strerror or err}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _folder(path, max_bytes, max_chars)
        else:
            yield from _file(path, max_bytes, max_chars)


def _file(path: Path, max_bytes: int, max_chars: int | None) -> Iterator[Document | Rejection]:
    source = str(path)
    try:
        st = path.stat()
    except OSError as err:
        yield Rejection(source, "unreadable", f"cannot open the file: {err.strerror or err}")
        return
    if not path.is_file():
        yield Rejection(source, "unsupported", "not a regular file")
        return
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        yield Rejection(
            source, "unsupported", f"files ending in {suffix} are not read; use txt, md, html, pdf, jsonl"
        )
        return
    if st.st_size == 0:
        yield Rejection(source, "empty", "the file is empty")
        return
    try:
        if FORMATS[suffix] == "jsonl":
            with path.open("rb") as stream:
                yield from _records(stream, path.stem, source, max_bytes, max_chars)
            return
        if st.st_size > max_bytes:
            yield Rejection(source, "too_large", f"{st.st_size} bytes is more than max_bytes ({max_bytes})")
            return
        data = path.read_bytes()
    except OSError as err:
        yield Rejection(source, "unreadable", f"cannot read the file: {err.strerror or err}")
        return
    yield from ingest_bytes(data, name=path.name, source=source, max_chars=max_chars)
