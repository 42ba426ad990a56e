"""Bytes to text: recognise binary files, honour byte-order marks, and read non-UTF-8 text carefully."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from parley.ingest import language

log = logging.getLogger("parley.ingest")


@dataclass(frozen=True)
class Problem:
    """Why some input cannot become a document: a reason code (see ``REASONS``) and a readable detail."""

    reason: str
    detail: str


# Signatures of binary formats people drop into article folders by mistake.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF media file (WebP, WAV, AVI)"),
    (b"PK\x03\x04", "a ZIP archive (also docx, xlsx, odt, epub)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE document (doc, xls, ppt)"),
    (b"{\\rtf", "an RTF document"),
    (b"%!PS", "a PostScript file"),
    (b"\x7fELF", "an ELF executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"ID3", "an MP3 file"),
    (b"OggS", "an Ogg media file"),
)
BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    # The utf-16 and utf-32 codecs read the mark themselves and drop it.
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
SNIFF_BYTES = 8192
# Share of control characters (other than tab, newline, carriage return, form feed)
# above which bytes are not text; real articles have none, a stray few are tolerated.
CONTROL_SHARE = 0.05


def binary_kind(data: bytes) -> Problem | None:
    """``unsupported`` for a known binary format, ``binary`` for other non-text bytes, else None."""
    for magic, what in MAGIC:
        if data.startswith(magic):
            return Problem("unsupported", f"this is {what}, not an article (txt, md, html, pdf or jsonl)")
    if any(data.startswith(bom) for bom, _ in BOMS):
        return None
    head = data[:SNIFF_BYTES]
    nul = head.find(b"\x00")
    if nul >= 0:
        return Problem("binary", f"NUL bytes from offset {nul}: binary data, not text")
    if head:
        control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13)) + head.count(0x7F)
        if control / len(head) > CONTROL_SHARE:
            detail = f"{control} control bytes in the first {len(head)}: binary data, not text"
            return Problem("binary", detail)
    return None


def decode(data: bytes) -> tuple[str, str] | Problem:
    """The text and the encoding it was read with.

    UTF-8 (or a byte-order mark) is taken as is. Anything else goes to
    charset-normalizer, and its reading is accepted only when it comes out as
    English text; a wrong guess yields gibberish that the language check refuses.
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as err:
                detail = f"starts with a {encoding} byte-order mark but is not {encoding}: {err}"
                return Problem("encoding", detail)
            # A byte-order mark skips the byte-level binary check, so check the characters.
            nul = text.find("\x00")
            if nul >= 0:
                detail = f"NUL characters from offset {nul} after the {encoding} byte-order mark"
                return Problem("binary", detail)
            return text, encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        if err.start >= len(data) - 3 and err.reason == "unexpected end of data":
            # A file cut in the middle of its last character: drop the stump.
            return data[: err.start].decode("utf-8"), "utf-8"
        first_bad = err.start
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        detail = f"not valid UTF-8 (bad byte at offset {first_bad}) and no known encoding fits"
        return Problem("encoding", detail)
    text = str(best)
    verdict = language.detect(text)
    if not verdict.english:
        return Problem(
            "encoding",
            f"not valid UTF-8 (bad byte at offset {first_bad}); read as {best.encoding} it is not English "
            f"(looks like {verdict.language}). Convert it to UTF-8 if it is meant to be English.",
        )
    log.info("decoded as %s (not valid UTF-8 from offset %d)", best.encoding, first_bad)
    return text, str(best.encoding)
