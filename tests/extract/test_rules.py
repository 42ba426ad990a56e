"""The rules file loads, and a malformed entry fails at load time naming the entry."""

from __future__ import annotations

import copy
import re

import pytest
import spacy
import yaml
from hypothesis import given
from hypothesis import strategies as st

from parley.errors import RuleError
from parley.extraction.rules import RULES_PATH, load_rules, parse_rules
from parley.extraction.segment import Prefilter, alternation, split_sentences


def test_bundled_rules_load_with_unique_ids():
    rules = load_rules()
    assert rules.triggers and rules.status_cues
    assert {r.type for r in rules.triggers} == {"meeting", "call", "agreement"}


def _raw():
    return yaml.safe_load(RULES_PATH.read_text(encoding="utf-8"))


def _break_trigger_type(data):
    data["triggers"][0]["type"] = "visit"


def _break_status(data):
    data["status_cues"][0]["status"]["meeting"] = "maybe"


def _break_scope(data):
    data["status_cues"][0]["scope"] = "everywhere"


def _duplicate_id(data):
    data["triggers"][1]["id"] = data["triggers"][0]["id"]


def _empty_pattern(data):
    data["triggers"][0]["pattern"] = []


def _boolean_word(data):
    # YAML reads a bare `no` as False: the loader must refuse it rather than match nothing.
    data["negation"]["words"] = [False]


@pytest.mark.parametrize(
    "breaker, message",
    [
        (_break_trigger_type, "type must be one of"),
        (_break_status, "unknown status"),
        (_break_scope, "scope must be one of"),
        (_duplicate_id, "must be unique"),
        (_empty_pattern, "non-empty list"),
        (_boolean_word, "non-empty strings"),
    ],
)
def test_malformed_rule_entry_raises_rule_error(breaker, message):
    data = copy.deepcopy(_raw())
    breaker(data)
    with pytest.raises(RuleError, match=message):
        parse_rules(data, "events.yaml")


def test_invalid_token_pattern_fails_when_the_matcher_is_built():
    from parley.annotate import TriggerMatcher

    data = copy.deepcopy(_raw())
    data["triggers"][0]["pattern"] = [{"LOWERCASE": "talks"}]
    with pytest.raises(RuleError, match="invalid token pattern"):
        TriggerMatcher(spacy.blank("en"), parse_rules(data, "events.yaml"))


def test_trigger_matcher_marks_phone_call_over_bare_call(nlp):
    from parley.annotate import TRIGGER_KEY

    doc = nlp("The two presidents had a phone call and then a video conference.")
    found = {(s.text, s.label_) for s in doc.spans[TRIGGER_KEY]}
    assert ("phone call", "call") in found
    assert not any(text == "call" for text, _ in found)


@pytest.mark.parametrize(
    "text, sentences",
    [
        ("The envoys met. They talked for hours.", ["The envoys met.", "They talked for hours."]),
        (
            "Talks were held in the U.S. capital. Mr. Smith attended.",
            ["Talks were held in the U.S. capital.", "Mr. Smith attended."],
        ),
        (
            "A long wrapped line that goes on past the heading limit for sure and\ncontinues here.",
            ["A long wrapped line that goes on past the heading limit for sure and continues here."],
        ),
        ("Short heading\n\nBody text follows.", ["Short heading", "Body text follows."]),
    ],
)
def test_sentences_split_on_punctuation_and_layout(text, sentences):
    assert [s.text for s in split_sentences(text)] == sentences


def test_sentence_offsets_point_into_the_body_and_title_has_minus_one():
    text = "First line here.\nThe ministers met on Monday."
    found = split_sentences(text, title="A headline")
    assert found[0].segment == "title" and found[0].start == -1
    for sentence in found[1:]:
        assert text[sentence.start : sentence.end].replace("\n", " ") == sentence.text


@pytest.mark.parametrize(
    "text, keep",
    [
        ("The foreign ministers of Ruritania met on Monday.", True),
        ("The weather in Ruritania was fine.", False),
        ("The ministers met on Monday.", False),
    ],
)
def test_prefilter_needs_an_event_stem_and_a_known_name(text, keep):
    assert Prefilter(["met", "talk"], ["ruritania"])(text) is keep


def test_every_trigger_rule_is_reachable_through_a_prefilter_stem():
    """A trigger whose words no pre-filter stem contains could never fire: its sentences are not parsed."""
    from parley.extraction.rules import load_rules

    rules = load_rules()
    stems = [s.lower() for s in rules.prefilter]
    unreachable = []
    for trigger in rules.triggers:
        options: list[list[str]] = []  # the words each token of the pattern may be
        for token in trigger.pattern:
            words: list[str] = []
            for key in ("LEMMA", "LOWER", "TEXT", "ORTH"):
                value = token.get(key) if isinstance(token, dict) else None
                if isinstance(value, dict):
                    words += [str(w).lower() for w in value.get("IN", [])]
                elif isinstance(value, str):
                    words.append(value.lower())
            options.append(words)
        # Multi-word stems ("sit down", "face-to-face") are checked against the pattern read out.
        firsts = [words[0] for words in options if words]
        texts = [w for words in options for w in words] + [" ".join(firsts), "".join(firsts)]
        if firsts and not any(stem in text for text in texts for stem in stems):
            unreachable.append(trigger.id)
    assert unreachable == []


_WORD_CHARS = st.sampled_from(list("abcé.'- "))


@given(
    words=st.sets(st.text(_WORD_CHARS, min_size=1, max_size=6), min_size=1, max_size=30),
    text=st.text(_WORD_CHARS, max_size=40),
)
def test_alternation_as_a_trie_matches_what_the_flat_alternation_matches(words, text):
    flat = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    trie = re.compile(alternation(words))
    for start in range(len(text) + 1):
        a, b = flat.match(text, start), trie.match(text, start)
        assert (a and a.group()) == (b and b.group())
    for word in words:
        assert trie.fullmatch(word)


def test_the_prefilter_keeps_the_sentences_flat_alternations_keep():
    import sys

    from tests.speedups.test_tokenmatch import _texts

    from parley.extraction import _prefilter, prefilter_names
    from parley.pack import load_pack

    sys.path.insert(0, str(RULES_PATH.parents[3]))
    from benchmarks.corpus import generate

    pack, rules = load_pack(), load_rules()
    prefilter = _prefilter(pack, rules)

    def flat(words):
        return "|".join(re.escape(w) for w in sorted({w.lower() for w in words if w}, key=len, reverse=True))

    stems = re.compile(flat(rules.prefilter))
    names = re.compile(
        r"(?<![\w])(?:" + flat(n for n in prefilter_names(pack, rules) if len(n) > 1) + r")(?![\w])"
    )
    texts = _texts() + [s.text for a in generate(300) for s in split_sentences(a.text)]
    assert len(texts) > 3000
    kept = 0
    for text in texts:
        lowered = text.lower()
        assert bool(stems.search(lowered)) == prefilter.trigger(text), text
        assert bool(names.search(lowered)) == prefilter.names(text), text
        kept += prefilter(text)
    assert 0.2 * len(texts) < kept < 0.9 * len(texts)


def test_the_rules_tables_are_built_as_the_rules_load():
    """The tables the extractor reads are derived from the rules once, when they load."""
    rules = load_rules()
    assert rules.context_words == {w for cue in rules.context_cues for w in cue.words}
    assert rules.context_settings == {w for cue in rules.context_cues for w in cue.lemmas}
    index = rules.mediator_index
    listed = sorted(entry for entries in index.values() for entry in entries)
    assert listed == [(n, rule, words) for n, (rule, words) in enumerate(rules.mediator_phrases) if words]
    assert all(words[0] == first for first, entries in index.items() for _, _, words in entries)
    assert rules.joint_cue is not None
    for word in rules.separate_calls.words:
        assert rules.joint_cue.search(f"they held a {word} call")
        assert not rules.joint_cue.search(f"they held a {word}x call")
