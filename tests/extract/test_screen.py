"""The trigger screen lets through every sentence in which a trigger rule matches."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from parley.extraction.screen import PartsOfSpeech, TriggerScreen, lemma_forms, tagging_stage, trigger_screen
from parley.extraction.segment import split_sentences

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


def _texts() -> list[str]:
    """Every sentence of the sample corpus, the extra evaluation set, the seeds and the golden passages."""
    texts: list[str] = []
    folders = (
        ROOT / "data" / "sample" / "articles",
        ROOT / "tests" / "data" / "eval_extra" / "docs",
        SHARED / "seeds",
    )
    for folder in folders:
        for path in sorted(folder.glob("*.txt")):
            texts += [s.text for s in split_sentences(path.read_text(encoding="utf-8"), None)]
    for path in sorted((ROOT / "tests" / "golden").glob("*.yaml")):
        texts += [case["text"] for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []]
    return texts


def test_every_sentence_with_a_trigger_passes(nlp):
    screen = trigger_screen(nlp)
    texts = _texts()
    assert len(texts) > 900
    held, passed, dropped = 0, 0, 0
    for text, doc in zip(texts, nlp.pipe(texts), strict=True):
        through = screen(nlp.make_doc(text))
        if doc.spans.get("parley_triggers"):
            held += 1
            assert through, f"a sentence with a trigger was screened out: {text!r}"
        passed += through
        dropped += not through
    assert held > 300
    assert dropped > 0.2 * len(texts)  # it does screen: most sentences of news hold no trigger


def _tagged(nlp, texts):
    """The texts run through the pipeline up to its tagger."""
    docs = [nlp.make_doc(text) for text in texts]
    for _name, component in nlp.pipeline[: tagging_stage(nlp)]:
        docs = list(component.pipe(docs))
    return docs


def test_every_sentence_with_a_trigger_passes_once_tagged(nlp):
    screen = trigger_screen(nlp)
    texts = _texts()
    held, dropped_by_words, dropped_by_tags = 0, 0, 0
    for text, doc, tagged in zip(texts, nlp.pipe(texts), _tagged(nlp, texts), strict=True):
        through = screen.tagged(tagged)
        if doc.spans.get("parley_triggers"):
            held += 1
            assert through, f"a tagged sentence with a trigger was screened out: {text!r}"
        if not screen(nlp.make_doc(text)):
            dropped_by_words += 1
            assert not through  # the tags only narrow what the words let through
        elif not through:
            dropped_by_tags += 1
    assert held > 300
    # The tags screen out sentences the words let through: 10 of these texts when written.
    assert dropped_by_tags >= 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The two foreign ministers met in Geneva on Tuesday.", True),
        ("The presidents will hold talks in Brussels.", True),
        ("Both capitals hosted the talks.", True),
        # Words a rule names, in a part of speech no rule takes them in.
        ("Aliyev thanked the host country.", False),
        ("The agreed text was never published.", False),
        ("Few details of what was agreed were given.", False),
    ],
)
def test_tags_decide(nlp, text, expected):
    screen = trigger_screen(nlp)
    (tagged,) = _tagged(nlp, [text])
    assert screen(nlp.make_doc(text))  # the words alone let each through
    assert screen.tagged(tagged) is expected
    assert bool(nlp(text).spans.get("parley_triggers")) is expected


def test_parts_of_speech_follow_the_attribute_ruler(nlp):
    parts = trigger_screen(nlp).parts_of_speech
    assert parts is not None
    # A noun, or whatever the parse attaches as an auxiliary (one ruler pattern reads that).
    assert parts("talks", "NNS", "")[1] == {"", "NOUN", "AUX"}
    _, has = parts("has", "VBZ", "")
    assert {"VERB", "AUX"} <= has  # an auxiliary or not, as its dependency will tell
    tags, poses = parts("  ", "NN", "")
    assert "_SP" in tags and "SPACE" in poses


def test_a_ruler_pattern_may_set_a_tag_that_a_later_ruler_reads():
    class Ruler:
        def __init__(self, patterns):
            self.patterns = patterns

    first = Ruler([{"patterns": [[{"LOWER": "talks"}]], "attrs": {"TAG": "VBZ"}, "index": 0}])
    second = Ruler([{"patterns": [[{"TAG": "VBZ", "DEP": "ROOT"}]], "attrs": {"POS": "VERB"}, "index": 0}])
    tags, poses = PartsOfSpeech([first, second])("talks", "NNS", "")
    assert tags == {"NNS", "VBZ"} and poses == {"", "VERB"}
    assert PartsOfSpeech([second])("talks", "NNS", "") == ({"NNS"}, {""})


def test_an_unknown_component_that_sets_parts_of_speech_opens_the_tagged_screen(nlp):
    import spacy
    from spacy.language import Language

    from parley.extraction.screen import _parts_of_speech

    assert _parts_of_speech(nlp) is not None
    if not Language.has_factory("test_pos_setter"):
        Language.factory("test_pos_setter", assigns=["token.pos"], func=lambda nlp, name: lambda doc: doc)
    other = spacy.blank("en")
    other.add_pipe("tok2vec", source=nlp)
    other.add_pipe("tagger", source=nlp)
    other.add_pipe("test_pos_setter")
    assert tagging_stage(other) == 2
    assert _parts_of_speech(other) is None
    assert tagging_stage(spacy.blank("en")) == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The two foreign ministers met in Geneva on Tuesday.", True),
        ("Talks between the delegations are expected next week.", True),
        ("The leaders have been meeting behind closed doors.", True),
        ("Baku has signed a memorandum with Ankara.", True),
        ("The president phoned his counterpart on Friday.", True),
        ("A spokesperson said the road runs for twelve kilometres.", False),
        ("The ministry said the design was significant.", False),
        ("Shelling continued around the village overnight.", False),
    ],
)
def test_words_decide(nlp, text, expected):
    assert trigger_screen(nlp)(nlp.make_doc(text)) is expected


def test_lemma_forms_work_back_from_the_lemmatizer(nlp):
    forms = lemma_forms(nlp)
    assert forms is not None
    assert {"met", "meets", "meeting", "meet"} <= forms("meet")  # exception table and suffix rules
    assert {"has", "had", "'ve"} <= forms("have")  # the attribute ruler's lemmas
    assert {"signed", "signing"} <= forms("sign")
    assert "meetings" not in forms("meet")  # its lemma is "meeting"


def test_a_rule_without_a_readable_word_opens_the_screen(nlp):
    forms = lemma_forms(nlp)
    closed = TriggerScreen([[{"LOWER": "summit"}]], forms)
    opened = TriggerScreen([[{"LOWER": "summit"}], [{"POS": "VERB"}, {"LOWER": "talks", "OP": "?"}]], forms)
    doc = nlp.make_doc("Nothing happened.")
    assert not closed(doc)
    assert opened(doc)


def test_every_required_token_must_be_there(nlp):
    screen = TriggerScreen(
        [[{"LOWER": "phone"}, {"IS_PUNCT": True, "OP": "?"}, {"LEMMA": "call"}]], lemma_forms(nlp)
    )
    assert screen(nlp.make_doc("They held phone calls."))
    assert not screen(nlp.make_doc("They answered the phone."))
    assert not screen(nlp.make_doc("They called again."))


def test_reports_are_those_of_parsing_every_candidate(nlp, pack, monkeypatch):
    import parley.extraction as extract
    from parley.ingest import ingest

    documents = [d for d in ingest([ROOT / "data" / "sample" / "articles"]) if not isinstance(d, Exception)]
    screened = [reports for _, reports in extract.extract_many(documents, nlp=nlp, pack=pack)]
    monkeypatch.setattr(extract, "trigger_screen", lambda nlp: TriggerScreen([[]], None))
    unscreened = [reports for _, reports in extract.extract_many(documents, nlp=nlp, pack=pack)]
    assert sum(map(len, screened)) > 20
    assert screened == unscreened


def test_the_word_index_gives_each_word_the_tests_it_passes(nlp):
    screen = trigger_screen(nlp)
    assert screen.index and len(screen.general) < len(screen.tests)
    strings = nlp.vocab.strings
    words = {w for text in _texts()[:400] for w in text.split()}
    words |= {w for test in screen.tests for w in (test.lower_words or ())}
    words |= {w.upper() for w in list(words)[:200]} | {w.title() for w in list(words)[:200]}
    for word in sorted(words):
        expected = sum(1 << n for n, test in enumerate(screen.tests) if test.words(word, word.lower()))
        assert screen._word_bits(strings.add(word), strings) == expected, word


def test_the_pipeline_keeps_its_screen_and_prefilter_built_with_it(nlp, pack):
    """build_pipeline builds the trigger screen and the pack's candidate pre-filter once and
    keeps them on the trigger component; another pack's pre-filter is built apart."""
    from parley.extraction import _prefilter
    from parley.extraction.rules import load_rules
    from parley.extraction.segment import Prefilter
    from parley.pack import Actor, Pack

    triggers = nlp.get_pipe("parley_triggers")
    assert trigger_screen(nlp) is triggers.screen is trigger_screen(nlp)
    built = _prefilter(pack, load_rules(), nlp)
    assert isinstance(built, Prefilter) and built is triggers.prefilter[2]
    assert _prefilter(pack, load_rules(), nlp) is built
    other = Pack("other", "Other", (Actor("OTH", "Otherland", "state"),))
    assert _prefilter(other, load_rules(), nlp) is not built
    assert _prefilter(other, load_rules(), nlp).names("talks in otherland")
    assert not built.names("talks in otherland")
