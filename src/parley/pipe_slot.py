"""A pipeline component whose implementation is handed over once the pipe is added.

spaCy builds a component from its factory before the component's data (the pack's gazetteer,
the rule patterns) is at hand; the slot stands in the pipeline and runs what it is given.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc


class Slot:
    """A pipeline component whose implementation is handed over after the pipe is added."""

    def __init__(self) -> None:
        self.inner: Any = None

    def use(self, inner: Any) -> None:
        self.inner = inner

    def __call__(self, doc: Doc) -> Doc:
        return self.inner(doc) if self.inner is not None else doc


def make_slot(nlp: Language, name: str) -> Slot:
    return Slot()
