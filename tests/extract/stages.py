"""Helpers for the stage modules' unit tests: one sentence parsed by the real pipeline."""

from __future__ import annotations

from typing import Any

from parley.extraction.date_attachment import date_spans_in
from parley.extraction.dates import find_dates
from parley.extraction.rules import load_rules


def parsed(nlp: Any, text: str) -> Any:
    """The sentence as the extractor reads it: tagged, parsed, with its names and triggers."""
    return nlp(text)


def token(doc: Any, word: str) -> Any:
    """The first token whose text is ``word``."""
    return next(t for t in doc if t.text == word)


def trigger(doc: Any, word: str) -> Any:
    """The trigger span whose root is ``word``."""
    return next(s for s in doc.spans["parley_triggers"] if s.root.text == word)


def date_spans(doc: Any) -> list[tuple[Any, Any]]:
    return date_spans_in(doc, find_dates(doc.text))


RULES = load_rules()
