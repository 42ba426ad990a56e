"""One exception hierarchy. Every message says what went wrong and how to fix it."""

from __future__ import annotations


class ParleyError(Exception):
    """Base class for every error parley raises on purpose."""


class ConfigError(ParleyError):
    """A setting has a bad value or a settings file cannot be read."""


class PackError(ParleyError):
    """A case pack is missing, malformed or inconsistent."""


class RuleError(ParleyError):
    """A rule file is malformed; raised at start-up, never as a silent miss."""


class ModelMissing(ParleyError):
    """The spaCy English pipeline is not installed."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"spaCy pipeline {name!r} is not installed. Fix: "
            "pip install --no-deps --require-hashes -r requirements/model.txt (or run `make install`)."
        )


class StoreError(ParleyError):
    """The SQLite store cannot be opened, migrated or written."""


class IngestError(ParleyError):
    """An input cannot be read at all (as opposed to a per-document rejection)."""


class ExtractTimeout(ParleyError):
    """One document's extraction ran over its time budget (the extract_seconds setting)."""
