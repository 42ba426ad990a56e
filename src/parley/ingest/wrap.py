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
    current = ""
    previous_raw = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            if current:
                paragraphs.append(current)
                current = ""
            previous_raw = ""
            continue
        if not current:
            current = line
        elif _continues(current, previous_raw.strip(), raw, w):
            current = _join(current, line)
        else:
            paragraphs.append(current)
            current = line
        previous_raw = raw
    if current:
        paragraphs.append(current)
    out: list[str] = []
    for paragraph in paragraphs:
        if out:
            out.append("")
        out.append(paragraph)
    return out


def _continues(paragraph: str, previous: str, raw: str, w: int) -> bool:
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


def _join(paragraph: str, line: str) -> str:
    if paragraph.endswith("-") and paragraph[-2:-1].isalpha():
        word = paragraph.rsplit(None, 1)[-1]
        # "Russian-\nimposed" and "Armenian-\nAzerbaijani" keep their hyphen; "negoti-\nations" loses it.
        if not line[0].islower() or word[0].isupper() or word.count("-") > 1:
            return paragraph + line
        return paragraph[:-1] + line
    return f"{paragraph} {line}"
