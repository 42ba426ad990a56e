"""Text folding: one home for the ways parley compares words while ignoring how they are written.

- ``fold``: case, accents and hyphens folded, spaces collapsed ("Nagorno-Karabakh" =
  "nagorno karabakh", "Erdoğan" = "erdogan"); the official scorer's comparison of places.
- ``fold_name``: ``fold`` with full stops folded too ("St. Petersburg" = "St Petersburg"),
  how fusion compares names, roles and places.
- ``fold_chars``: lower case and accents folded one character for one, so offsets into the
  folded text still hold in the original (the case pack's term and name matching).
- ``fold_words``: the word characters only, lower-cased (a headline repeated as the first line).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def _bare(text: str) -> str:
    """``text`` without its combining marks (accents), after compatibility decomposition."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Case, accents and hyphens folded away, spaces collapsed."""
    return " ".join(_bare(text).casefold().replace("-", " ").split())


@lru_cache(maxsize=1 << 16)  # names recur in every event fusion decides
def fold_name(text: str) -> str:
    """Case, accents, hyphens and full stops folded away, spaces collapsed."""
    return " ".join(_bare(text).casefold().replace("-", " ").replace(".", " ").split())


def fold_words(text: str) -> str:
    """The word characters of ``text``, lower-cased, one space between words."""
    return " ".join(re.findall(r"\w+", text.lower()))


# Letters that Unicode does not decompose but that transliterations of the case's names
# write as plain Latin letters (Azerbaijani schwa and dotless i, Polish l, ...), and the
# typographic apostrophes, dashes and spaces that news text uses interchangeably.
_FOLD_EXTRA = {
    "ə": "a",
    "Ə": "a",
    "ı": "i",
    "ł": "l",
    "Ł": "l",
    "ø": "o",
    "Ø": "o",
    "đ": "d",
    "Đ": "d",
    "’": "'",
    "‘": "'",
    "ʼ": "'",
    "`": "'",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "–": "-",
    "—": "-",
    "\u00a0": " ",
}


@lru_cache(maxsize=8192)
def fold_char(char: str) -> str:
    """One character folded as ``fold_chars`` folds it."""
    if char in _FOLD_EXTRA:
        return _FOLD_EXTRA[char]
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if len(base) != 1:
        base = char
    lower = base.lower()
    return lower if len(lower) == 1 else base


def fold_chars(text: str) -> str:
    """Lower-case ``text`` and strip its diacritics, one character for one, so offsets still hold
    (the case pack's names are matched in text this way)."""
    if text.isascii():  # no diacritics: each character folds to its lower case, a backtick to '
        return text.lower().replace("`", "'")
    return "".join(fold_char(c) for c in text)


