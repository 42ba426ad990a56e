"""PDF files, generated here with reportlab."""

from __future__ import annotations

import io

import pytest

from parley.ingest import ingest_bytes
from parley.model import Document, Rejection

PARAGRAPHS = [
    "The leaders of Armenia and Azerbaijan met in Brussels on Sunday for talks hosted by the European "
    "Council president, who said afterwards that the sides had agreed to continue their negoti-ations on "
    "the border and on transport links.",
    "A further round is expected in the summer, diplomats said, although no date has been set.",
]


def _pdf(paragraphs: list[str], *, encrypt: str | None = None, text: bool = True) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=encrypt)
    pdf.setTitle("Talks in Brussels")
    y = 800
    for paragraph in paragraphs if text else []:
        # Hard-wrap at about 60 characters, splitting the hyphenated word where it is written.
        words, line = paragraph.split(" "), ""
        for word in words:
            if "-" in word and word.startswith("negoti"):
                head, tail = word.split("-", 1)
                pdf.drawString(50, y, f"{line} {head}-".strip())
                y -= 14
                line = tail
                continue
            if len(line) + len(word) + 1 > 60:
                pdf.drawString(50, y, line)
                y -= 14
                line = word
            else:
                line = f"{line} {word}".strip()
        pdf.drawString(50, y, line)
        y -= 28
    if not text:
        pdf.rect(50, 500, 200, 200, fill=1)
    pdf.drawString(290, 40, "1")  # a page number
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_a_pdf_becomes_a_document_with_its_lines_rejoined() -> None:
    items = ingest_bytes(_pdf(PARAGRAPHS), name="brief.pdf", source="brief.pdf")
    assert len(items) == 1
    doc = items[0]
    assert isinstance(doc, Document)
    assert (doc.format, doc.name, doc.title) == ("pdf", "brief", "Talks in Brussels")
    expected = [p.replace("negoti-ations", "negotiations") for p in PARAGRAPHS]
    assert doc.text.split("\n\n") == expected


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (_pdf(PARAGRAPHS, encrypt="secret"), "encrypted"),
        (_pdf(PARAGRAPHS, text=False), "no text layer"),
        (_pdf(PARAGRAPHS)[:400], "cannot be read"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 4, "cannot be read"),
    ],
)
def test_an_unusable_pdf_is_rejected(data: bytes, detail: str) -> None:
    items = ingest_bytes(data, name="bad.pdf", source="bad.pdf")
    assert len(items) == 1
    item = items[0]
    assert isinstance(item, Rejection), item
    assert item.reason == "unreadable_pdf" and detail in item.detail
