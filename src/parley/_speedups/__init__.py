"""parley's speed-ups, private and switchable: everything that reaches into spaCy's, thinc's or
the C library's internals for speed, or tunes the process, lives here and nowhere else.

- ``install(nlp)``, called by ``parley.annotate.build_pipeline``: numpy's BLAS and
  prediction-only maxout and layer normalisation in the network, each distinct token row
  embedded once a batch (``network``), the model's attribute ruler found by an indexed
  matcher and its lemmatizer remembered (``components``);
- ``token_matcher(..., indexed=True)``: the trigger rules and the gazetteer's token patterns
  on the indexed matcher rather than spaCy's ``Matcher`` (``tokenmatch``);
- process tuning, for the runners alone (the CLI, pool workers, Ray actors, the server):
  glibc's allocator thresholds (``allocator``), one BLAS thread a worker (``blas``), the
  cyclic collector set for extraction (``collector``).

``PARLEY_SPEEDUPS=0`` (the ``speedups`` setting) turns all of them off: the pipeline is the
stock model's, with spaCy's own components and matcher, and the process as Python starts it.
The reports are the same either way (``tests/speedups/test_switch.py``); only the time differs.
A spaCy or thinc upgrade that breaks one of them is worked around by the switch.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language


def enabled() -> bool:
    """The ``speedups`` setting as resolved without flags: defaults, file, environment."""
    from parley.settings import load_settings

    return load_settings().speedups


def install(nlp: Language) -> None:
    """Install the pipeline's speed-ups on a freshly loaded model."""
    from parley._speedups.components import index_attribute_ruler, remember_lemmas
    from parley._speedups.network import embed_rows_once, predict_layer_norms, use_numpy_blas

    use_numpy_blas(nlp)
    predict_layer_norms(nlp)
    embed_rows_once(nlp)
    index_attribute_ruler(nlp)
    remember_lemmas(nlp)


def token_matcher(vocab: Any, entries: Any, indexed: bool) -> Any:
    """A matcher for ``(key, pattern)`` entries: the indexed one where ``indexed`` and its
    patterns allow, spaCy's otherwise. Raises ValueError on a malformed pattern."""
    from parley._speedups.tokenmatch import token_matcher as build

    return build(vocab, entries, indexed=indexed)


def tune_worker(speedups: bool) -> None:
    """For a process that extracts and nothing else (a pool worker, a Ray actor), once its
    pipeline is loaded: one BLAS thread, glibc's allocator set, the collector set for good."""
    if not speedups:
        return
    from parley._speedups.allocator import keep_freed_memory
    from parley._speedups.blas import one_blas_thread
    from parley._speedups.collector import set_collector_for_extraction

    one_blas_thread()  # workers, one per core, must not contend for their neighbours' cores
    keep_freed_memory()
    set_collector_for_extraction()


@contextmanager
def tuned_for_extraction(speedups: bool) -> Iterator[None]:
    """For a command that extracts in its own process: glibc's allocator set (for the
    process's life) and the collector set for extraction while the block runs."""
    if not speedups:
        yield
        return
    from parley._speedups.allocator import keep_freed_memory
    from parley._speedups.collector import collector_for_extraction

    keep_freed_memory()
    with collector_for_extraction():
        yield


def freeze_loaded(speedups: bool) -> None:
    """For a long-lived server: what is loaded by now stays out of the collector's passes."""
    if speedups:
        gc.freeze()


__all__ = ["enabled", "install", "token_matcher", "tune_worker", "tuned_for_extraction", "freeze_loaded"]
