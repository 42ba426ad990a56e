"""Split a document into sentences with offsets, and pick the ones worth parsing.

Splitting is regex-based so the cheap pass never runs the parser: blank lines and short
heading lines end a block; long wrapped lines (PDF extraction) are joined; within a block
sentences end at ., ! or ? before an upper-case start, except after common abbreviations
and initials. Offsets are into ``Document.text``; the title is its own segment whose
sentences carry offsets -1 (it is not part of the body text).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from parley.extraction.rules import EventRules
    from parley.pack import Pack

TITLE = "title"
BODY = "body"

# A line shorter than this with no closing punctuation is a heading, not a wrapped line.
# 60 characters: the longest section headings in news layouts; wrapped PDF lines run 80+.
HEADING_MAX = 60

_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "prof",
        "sen",
        "rep",
        "gov",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "no",
        "vs",
        "etc",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "approx",
        "dept",
        "ave",
    ]
)
# The look-behind starts a match only where a run of sentence punctuation begins: started at
# each character of a long run ("......"), the match would read the rest of the run each time.
# A start inside a run fails where the run's start fails, so the matches are the same.
_BOUNDARY = re.compile(r"(?<![.!?…])[.!?…]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9À-Ý])")
# A "sentence" longer than this many characters is cut into pieces of at most this length, at
# a space where there is one: text with no sentence ends (a page flattened to one line of
# words) would otherwise reach the parser as one sentence of megabytes, and reading a parsed
# sentence's mentions compares its triggers with its anchors, a cost that grows with the square
# of the sentence's length. The longest sentence of the evaluation, seed and sample articles is
# 1,532 characters.
MAX_SENTENCE = 2_000
_LINE_END = re.compile(r"[.!?…:;\"'”’)\]]\s*$")


@dataclass(frozen=True)
class Sentence:
    index: int
    text: str  # newlines replaced by spaces so the parser sees running text; same length
    start: int  # offset into Document.text, -1 for the title
    end: int
    segment: str  # "title" | "body"
    paragraph: int


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) spans of paragraphs: blank lines and heading lines end one."""
    start = None
    pos = 0
    lines = text.splitlines(keepends=True)
    for line in lines:
        stripped = line.strip()
        line_start, pos = pos, pos + len(line)
        if not stripped:
            if start is not None:
                yield start, line_start
                start = None
            continue
        if start is None:
            start = line_start + (len(line) - len(line.lstrip()))
        ends_sentence = bool(_LINE_END.search(stripped))
        if ends_sentence or len(stripped) < HEADING_MAX:
            yield start, line_start + len(line.rstrip())
            start = None
    if start is not None:
        yield start, len(text.rstrip())


def _split_block(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    cut = start
    chunk = text[start:end]
    for match in _BOUNDARY.finditer(chunk):
        word = _word_before(chunk, match.start() + 1).lower().lstrip("(\"'“‘")
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        boundary = start + match.end()
        piece_end = start + match.start() + len(match.group(0).rstrip())
        if text[cut:piece_end].strip():
            yield cut, piece_end
        cut = boundary
    if text[cut:end].strip():
        yield cut, end


def _word_before(chunk: str, end: int) -> str:
    """The last word of ``chunk[:end]`` once its closing ``.!?…`` are dropped (abbreviations
    and initials end no sentence).

    Read backwards from ``end``, never by slicing off everything before it: a paragraph of
    n sentences would be copied n times. The word lies after the previous boundary's space,
    so all the words read add up to at most the paragraph's length.
    """
    while end > 0 and chunk[end - 1] in ".!?…":
        end -= 1
    while end > 0 and chunk[end - 1].isspace():
        end -= 1
    begin = end
    while begin > 0 and not chunk[begin - 1].isspace():
        begin -= 1
    return chunk[begin:end]


def _pieces(text: str, spans: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The spans, each longer than MAX_SENTENCE cut at the last space before the limit."""
    for start, end in spans:
        while end - start > MAX_SENTENCE:
            limit = start + MAX_SENTENCE
            space = max(text.rfind(" ", start + 1, limit), text.rfind("\n", start + 1, limit))
            cut = space if space > start else limit
            yield start, cut
            start = cut
        yield start, end


def split_sentences(text: str, title: str | None = None) -> list[Sentence]:
    """All sentences of a document, title first (offsets -1), then the body in order."""
    sentences: list[Sentence] = []
    if title and title.strip():
        clean = " ".join(title.split())
        sentences.append(Sentence(0, clean, -1, -1, TITLE, -1))
    for paragraph, (b_start, b_end) in enumerate(_blocks(text)):
        for s_start, s_end in _pieces(text, _split_block(text, b_start, b_end)):
            raw = text[s_start:s_end]
            lead = len(raw) - len(raw.lstrip())
            s_start += lead
            raw = text[s_start:s_end].rstrip()
            if not raw:
                continue
            flat = raw.replace("\r", " ").replace("\n", " ").replace("\t", " ")
            sentences.append(Sentence(len(sentences), flat, s_start, s_start + len(raw), BODY, paragraph))
    return sentences


def alternation(words: Iterable[str]) -> str:
    """A pattern matching exactly the given words, written as a trie: ``(?:a(?:liyev|rmenia)|baku)``.

    A flat alternation of a thousand names makes ``re`` try every name at every position of
    the text; the trie tries only the names that share what has been read so far (the names
    test of the pre-filter went from 21 to 1.4 µs a sentence). Where one word is a prefix of
    another the longer is tried first, as in an alternation sorted longest first.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + pattern(node[ch]) for ch in sorted(node) if ch]
        if not branches:
            return ""
        ends = "" in node
        if len(branches) == 1 and not ends:
            return branches[0]
        return "(?:" + "|".join(branches) + ")" + ("?" if ends else "")

    return pattern(trie)


class Prefilter:
    """A cheap test on lowercase text: an event stem and a known name must both occur."""

    def __init__(self, stems: Iterable[str], names: Iterable[str]) -> None:
        stems = {s.lower() for s in stems if s}
        names = {n.lower() for n in names if n and len(n) > 1}
        self._stems = re.compile(alternation(stems)) if stems else None
        self._names = re.compile(r"(?<![\w])(?:" + alternation(names) + r")(?![\w])") if names else None

    def trigger(self, text: str) -> bool:
        return bool(self._stems and self._stems.search(text.lower()))

    def names(self, text: str) -> bool:
        return bool(self._names and self._names.search(text.lower()))

    def __call__(self, text: str) -> bool:
        lowered = text.lower()
        return bool(
            self._stems and self._stems.search(lowered) and self._names and self._names.search(lowered)
        )


def prefilter_names(pack: Pack, rules: EventRules) -> list[str]:
    """The names whose presence makes a sentence with an event stem a candidate: the case
    pack's gazetteer (multi-word names both as tokens and as written) and group words."""
    names: list[str] = []
    for pattern in pack.gazetteer():
        value = pattern.get("pattern") if isinstance(pattern, dict) else None
        if isinstance(value, str):
            names.append(value)
        elif isinstance(value, list):
            words = [
                str(t.get("LOWER") or t.get("ORTH") or t.get("TEXT") or "")
                for t in value
                if isinstance(t, dict)
            ]
            text = " ".join(w for w in words if w)
            names.append(re.sub(r" ?([-.'’]) ?", r"\1", text))
            names.append(text)
    names += sorted(rules.group_parties.words)
    return names
