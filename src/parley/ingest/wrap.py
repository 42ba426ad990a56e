"""Undo hard line wrapping: PDF extraction and some text dumps break every paragraph into lines.

A wrapped paragraph's lines run to about the same width and end mid-sentence; the
paragraph ends on a shorter line, at a blank line, or where the next line is
indented. Rejoining gives one line per paragraph, which is what the cleaner and
the sentence splitter expect.
"""

from __future__ import annotations

from collections.abc import Sequence

TERMINAL = tuple('.!?:;"”’»)')
# At least this many lines before wrapping can be told from short paragraphs.
MIN_LINES = 6
# Share of lines that must end mid-sentence: prose written one paragraph per line
# ends nearly every line with punctuation, a wrapped dump ends most lines without.
# Seed 002 (a PDF extract) has about 0.8, the paragraph-per-line seeds below 0.3.
MID_SENTENCE_SHARE = 0.5
# A line shorter than this share of the text's width ends its paragraph when it
# also ends a sentence (or comes before a capitalised heading-like line).
SHORT_LINE = 0.75


def width(lines: Sequence[str]) -> int:
    """The text's wrap width: the 90th percentile of its line lengths."""
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    if not lengths:
        return 0
    return lengths[min(len(lengths) - 1, int(len(lengths) * 0.9))]


def looks_hard_wrapped(lines: Sequence[str]) -> bool:
    """True when most lines end mid-sentence at a similar width."""
    stripped = [line.strip() for line in lines if line.strip()]
    if len(stripped) < MIN_LINES:
        return False
    w = width(stripped)
    if w < 30:
        return False
    mid = [s for s in stripped[:-1] if not s.endswith(TERMINAL)]
    if len(mid) < MID_SENTENCE_SHARE * (len(stripped) - 1):
        return False
    # Those lines must run to about the wrap width, not be short headings.
    full = [s for s in mid if len(s) >= 0.6 * w]
    return len(full) >= 0.6 * len(mid)


def rejoin(lines: Sequence[str]) -> list[str]:
    """One line per paragraph, paragraphs separated by one blank line."""
    w = width(lines)
    paragraphs: list[str] = []
    current: _Paragraph | None = None
    previous_raw = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            if current:
                paragraphs.append(current.text())
                current = None
            previous_raw = ""
            continue
        if not current:
            current = _Paragraph(line)
        elif _continues(previous_raw.strip(), raw, w):
            current.add(line)
        else:
            paragraphs.append(current.text())
            current = _Paragraph(line)
        previous_raw = raw
    if current:
        paragraphs.append(current.text())
    out: list[str] = []
    for paragraph in paragraphs:
        if out:
            out.append("")
        out.append(paragraph)
    return out


def _continues(previous: str, raw: str, w: int) -> bool:
    """Does ``raw`` continue the paragraph whose last physical line is ``previous``?"""
    line = raw.strip()
    first = line[0]
    if first.islower() or first in ",;)]":
        return True
    if previous.endswith(("-", ",", "(", "–", "—", "&")):
        return True
    indented = raw[:1].isspace()
    short = len(previous) < SHORT_LINE * w
    if previous.endswith(TERMINAL):
        return not (short or indented)
    # No closing punctuation: a full-width line runs on; a short one is a heading.
    return not short


class _Paragraph:
    """A paragraph being rejoined, line by line.

    Its pieces are joined once, at the end: joining each line onto the text so far copied
    the paragraph once per line (a 5 MB table read as one paragraph took minutes). What a
    join must know of the text so far, its last two characters and its last word's first
    letter and hyphens, is kept as the lines come.
    """

    def __init__(self, line: str) -> None:
        self.pieces = [line]
        self.ending = line[-2:]
        self.first = ""
        self.hyphens = 0
        self._last_word(line, fresh=True)

    def add(self, line: str) -> None:
        if self.ending.endswith("-") and self.ending[:1].isalpha():
            # "Russian-\nimposed" and "Armenian-\nAzerbaijani" keep their hyphen; "negoti-\nations" loses it.
            if line[0].islower() and not self.first.isupper() and self.hyphens <= 1:
                self.pieces[-1] = self.pieces[-1][:-1]
                self.ending = self.ending[:1]
                self.hyphens -= 1
            self._append(line)
            self._last_word(line, fresh=False)
        else:
            self._append(" " + line)
            self._last_word(line, fresh=True)

    def text(self) -> str:
        return "".join(self.pieces)

    def _append(self, piece: str) -> None:
        self.pieces.append(piece)
        self.ending = (self.ending + piece[-2:])[-2:]

    def _last_word(self, line: str, *, fresh: bool) -> None:
        """Follow the paragraph's last word once ``line`` is added: a new word when the line
        starts one (or holds a space), else the old word running on into the line."""
        split = line.rsplit(None, 1)
        if fresh or len(split) == 2:
            word = split[-1]
            self.first, self.hyphens = word[0], word.count("-")
        else:
            self.hyphens += line.count("-")
