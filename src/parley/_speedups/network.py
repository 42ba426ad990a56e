"""Speed-ups inside spaCy's network, through thinc's internals: numpy's BLAS for the matrix
products, maxout and layer normalisation for prediction only, and each distinct token row
embedded once a batch. Each leaves the tags, parses and lemmas as they were
(``tests/speedups/test_network.py``); ``parley._speedups.install`` applies them all.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Model, NumpyOps, Ragged
from thinc.layers.chain import forward as thinc_chain
from thinc.layers.concatenate import forward as thinc_concatenate
from thinc.layers.layernorm import forward as thinc_layer_norm
from thinc.layers.with_array import forward as thinc_with_array


class InferenceOps(NumpyOps):
    """thinc's numpy operations for a model that only predicts.

    Maxout keeps each unit's largest piece. thinc's version also records which piece it was,
    for training alone, and takes about four times as long; this one compares the pieces with
    ``numpy.maximum``, so the values are the same. Training through it raises.
    """

    def maxout(self, X: Any) -> tuple[Any, Any]:
        best = X[..., 0].copy()
        for piece in range(1, X.shape[-1]):
            numpy.maximum(best, X[..., piece], out=best)
        return best, _NO_PIECES

    def backprop_maxout(self, dY: Any, which: Any, P: int) -> Any:
        raise NotImplementedError("parley's pipeline only predicts: it cannot be trained")


_NO_PIECES = numpy.zeros((0, 0), dtype="int32")


def _model_nodes(nlp: Language) -> Iterator[Model]:
    """Every layer of every component's model, walked once per component."""
    for _name, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            yield from model.walk()


def use_numpy_blas(nlp: Language) -> None:
    """Multiply matrices with numpy's BLAS rather than thinc's bundled BLIS.

    The model's arithmetic is unchanged (float32 products of the same weights); on x86 CPUs
    numpy's OpenBLAS runs the tok2vec layers' products several times faster than generic BLIS.
    The parser's per-state step keeps thinc's own BLAS, which it calls from C. The operations
    are ``InferenceOps``: the pipeline predicts and is never trained.
    """
    ops = InferenceOps(use_blis=False)
    for node in _model_nodes(nlp):
        node.ops = ops


def predict_layer_norms(nlp: Language) -> None:
    """Give the model's layer normalisations ``layer_norm`` as their forward pass."""
    for node in _model_nodes(nlp):
        if node.name == "layernorm" and node._func is thinc_layer_norm:
            node.replace_callbacks(layer_norm, init=node.init)


def layer_norm(model: Model, X: Any, is_train: bool) -> tuple[Any, Any]:
    """thinc's layer normalisation, predicting: the same float32 operations in the same order,
    in fewer passes over the array (``X.var`` works out the mean again, and the deviations are
    computed twice). Training goes through thinc's own forward pass, which keeps what its
    backward pass needs.

    Each step is numpy's, as ``X.mean`` and ``X.var`` take it: a float32 sum, divided by the
    row length as a numpy integer and cast back to float32 (so the division itself is done in
    float64). ``tests/speedups/test_network.py`` checks the output equals thinc's bit for bit.
    """
    if is_train:
        return thinc_layer_norm(model, X, is_train)
    width = numpy.intp(X.shape[1])
    mean = numpy.add.reduce(X, axis=1, keepdims=True)
    numpy.true_divide(mean, width, out=mean, casting="unsafe")
    Y = numpy.subtract(X, mean)
    var = numpy.add.reduce(numpy.square(Y), axis=1, keepdims=True)
    numpy.true_divide(var, width, out=var, casting="unsafe")
    var += 1e-08
    numpy.multiply(Y, var ** (-1.0 / 2.0), out=Y)
    scale: Any = model.get_param("G")
    shift: Any = model.get_param("b")
    numpy.multiply(Y, scale, out=Y)
    Y += shift
    return Y, _predicting_only


def _predicting_only(dY: Any) -> Any:
    raise NotImplementedError("parley's pipeline only predicts: it cannot be trained")


# Layers whose every output row depends on the same input row alone, and the combinators
# that keep that true: a chain of them, their concatenation, ``with_array`` over a ragged batch.
_ROW_WISE_LAYERS = {"ints-getitem", "hashembed", "maxout", "layernorm", "dropout"}
_ROW_WISE_COMBINATORS = {thinc_chain, thinc_concatenate, thinc_with_array}


def _row_wise(layer: Model) -> bool:
    return all(
        node.name in _ROW_WISE_LAYERS if not node.layers else node._func in _ROW_WISE_COMBINATORS
        for node in layer.walk()
    )


def _embeds_tokens(node: Model) -> bool:
    """A chain that reads each token's features, embeds them and mixes the embeddings, token
    by token: spaCy's ``MultiHashEmbed``."""
    names = [layer.name for layer in node.layers]
    return (
        node._func is thinc_chain
        and len(names) > 3
        and names[:2] == ["extract_features", "list2ragged"]
        and names[-1] == "ragged2list"
        and all(_row_wise(layer) for layer in node.layers[2:-1])
    )


def embed_rows_once(nlp: Language) -> None:
    """Give the model's token embeddings ``embed_distinct_rows`` as their forward pass."""
    for node in _model_nodes(nlp):
        if _embeds_tokens(node):
            node.replace_callbacks(embed_distinct_rows, init=node.init)


def embed_distinct_rows(model: Model, docs: list[Doc], is_train: bool) -> tuple[Any, Any]:
    """spaCy's token embedding, predicting: embed and mix each distinct row of features once.

    A token's embedding depends on its own features alone (its norm, affixes, shape and
    spacing), and a batch of sentences repeats most of them: 15% of a batch's rows are distinct
    in the benchmark corpus, 37% in the seed articles. The mixing layer's matrix product, the
    costliest step before the context encoder, runs on those rows only; each token then takes
    its row's result. ``tests/speedups/test_network.py`` checks the tags and parses equal those of the
    whole batch.
    """
    if is_train:
        return thinc_chain(model, docs, is_train)
    features, to_ragged, *row_wise, to_list = model.layers
    tokens = to_ragged.predict(features.predict(docs))
    distinct, inverse = distinct_rows(tokens.dataXd)
    rows: Any = Ragged(distinct, model.ops.asarray1i([len(distinct)]))
    for layer in row_wise:
        rows = layer.predict(rows)
    embedded: Any = rows.dataXd
    return to_list.predict(Ragged(embedded[inverse], tokens.lengths)), _predicting_only


# An odd 64-bit multiplier (the golden ratio's fraction): it spreads each column over the key.
_MIX = numpy.uint64(0x9E3779B97F4A7C15)


def distinct_rows(X: Any) -> tuple[Any, Any]:
    """The distinct rows of a 2-d integer array (spaCy's token features are unsigned 64-bit
    ids), and for each row of ``X`` the index of its distinct row.

    Rows are told apart by one 64-bit key each, five times faster than ``numpy.unique`` over
    whole rows; the result is checked row by row, and two different rows that share a key
    fall back to comparing whole rows.
    """
    key = X[:, 0].astype(numpy.uint64)
    for column in X.T[1:]:
        key *= _MIX
        key ^= column.astype(numpy.uint64, copy=False)
    _, first, inverse = numpy.unique(key, return_index=True, return_inverse=True)
    distinct = X[first]
    if not numpy.array_equal(distinct[inverse], X):
        distinct, inverse = numpy.unique(X, axis=0, return_inverse=True)
    return distinct, inverse.reshape(-1)
