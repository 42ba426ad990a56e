"""A time budget for one document's extraction, checked between steps of bounded cost.

The clock runs only while the document's own work runs: the shared parse of a batch's
ordinary documents is nobody's, so a document is never charged for its neighbours. Over
budget, ``check`` raises ``ExtractTimeout`` and the caller records the document as rejected
(``extract_timeout``); the rest of the batch goes on.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from parley.errors import ExtractTimeout


class Budget:
    """``seconds`` of work for one document (None or 0: no limit)."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds or None
        self.spent = 0.0
        self._since: float | None = None

    @contextmanager
    def running(self) -> Iterator[Budget]:
        """Count the time the block takes against the budget."""
        self._since = time.monotonic()
        try:
            yield self
        finally:
            self.spent += time.monotonic() - self._since
            self._since = None

    def check(self) -> None:
        """Raise ExtractTimeout once the time counted so far exceeds the budget."""
        if self.seconds is None:
            return
        spent = self.spent + (time.monotonic() - self._since if self._since is not None else 0.0)
        if spent > self.seconds:
            raise ExtractTimeout(
                f"extraction took more than {self.seconds:g} s (the extract_seconds setting); "
                "the document is likely not an article (split it, or raise extract_seconds)"
            )
