"""Mentions read with the sentence's own text equal those read from the parsed Doc's text."""

from __future__ import annotations

from tests.speedups.test_tokenmatch import _texts


def test_mentions_read_with_the_sentence_text_equal_those_read_from_the_doc(nlp, pack) -> None:
    from parley.extraction.arguments import sentence_entities
    from parley.extraction.mentions import mentions_in
    from parley.extraction.rules import load_rules

    rules = load_rules()
    found = entities = 0
    for doc in nlp.pipe(_texts()):
        text = doc.text
        # Each name's text as spaCy joins it from the span's tokens, in the order read.
        expected = [(s.start, s.end, s.text, s.id_ or s.text) for s in doc.spans.get("parley", [])]
        expected += [
            (e.start, e.end, e.text, e.text)
            for e in doc.ents
            if e.label_ in ("PERSON", "GPE", "LOC", "FAC", "NORP", "ORG")
        ]
        assert [(e.start, e.end, e.text, e.key) for e in sentence_entities(doc, text)] == expected
        entities += len(expected)
        with_text = mentions_in(doc, pack=pack, rules=rules, text=text)
        doc.user_data.clear()  # read again from nothing remembered
        assert mentions_in(doc, pack=pack, rules=rules) == with_text
        found += len(with_text)
    assert found > 200 and entities > 1000
