"""PDF files: the text layer through pypdf, without page furniture; rejoining is left to ``wrap``."""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from typing import Any

from parley.ingest.decode import Problem

# A page number or "Page 3 of 7" alone on a line is layout, not text.
_PAGE_FURNITURE = re.compile(r"\s*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*", re.IGNORECASE)
# A vertical gap this many times the usual line spacing separates paragraphs.
PARAGRAPH_GAP = 1.5
# Metadata titles that word processors fill in on their own.
_JUNK_TITLE = re.compile(r"(?:untitled.*|microsoft word\b.*|.*\.(?:docx?|odt|pdf|rtf))", re.IGNORECASE)


@dataclass(frozen=True)
class PdfText:
    text: str
    title: str | None = None
    author: str | None = None


def extract_pdf(data: bytes) -> PdfText | Problem:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            return Problem("unreadable_pdf", "the PDF is encrypted with a password; save an unencrypted copy")
        pages = [_page_text(page) for page in reader.pages]
        info = reader.metadata
    # pypdf raises a wide range of errors on damaged files; all mean the same here.
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError,
            RecursionError, NotImplementedError) as err:
        return Problem("unreadable_pdf", f"the PDF cannot be read: {type(err).__name__}: {err}")
    lines = [line for page in pages for line in page.split("\n") if not _PAGE_FURNITURE.fullmatch(line)]
    text = "\n".join(lines)
    if not text.strip():
        return Problem("unreadable_pdf", "the PDF has no text layer (a scan?); run OCR on it first")
    title = str(info.title).strip() if info is not None and info.title else None
    author = str(info.author).strip() if info is not None and info.author else None
    if title and _JUNK_TITLE.fullmatch(title):
        title = None
    return PdfText(text=text, title=title or None, author=author or None)


def _page_text(page: Any) -> str:
    """The page's text, with a blank line wherever the rows of text leave a paragraph-sized gap.

    pypdf's plain extraction drops vertical space, so the rows' baselines are
    collected alongside; they are used only when they line up one-to-one with the
    extracted lines, otherwise the text is returned as extracted.
    """
    rows: list[float] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if not text.strip():
            return
        y = float(cm[1]) * float(tm[4]) + float(cm[3]) * float(tm[5]) + float(cm[5])
        if not rows or abs(rows[-1] - y) > 2.0:
            rows.append(y)

    text = page.extract_text(visitor_text=visit) or ""
    lines = text.split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(rows) != len(filled) or len(rows) < 3:
        return text
    gaps = [rows[k - 1] - rows[k] for k in range(1, len(rows))]
    positive = sorted(g for g in gaps if g > 0)
    if not positive:
        return text
    usual = positive[len(positive) // 2]
    out: list[str] = []
    for k, index in enumerate(filled):
        if k and gaps[k - 1] > PARAGRAPH_GAP * usual:
            out.append("")
        out.append(lines[index])
    return "\n".join(out)
