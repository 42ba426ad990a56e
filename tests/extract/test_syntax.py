"""The parse helpers every decision shares: governing verb, clause verbs, tense, distances."""

from __future__ import annotations

from tests.extract.stages import parsed, token

from parley.extraction.syntax import (
    clause_verbs,
    governing_verb,
    is_future,
    is_past,
    subtree_of,
    tree_distance,
)


def test_a_noun_trigger_is_governed_by_the_verb_it_is_an_argument_of(nlp):
    doc = parsed(nlp, "The leaders held talks in Sochi on Friday.")
    assert governing_verb(token(doc, "talks")).text == "held"
    assert [v.text for v in clause_verbs(token(doc, "talks"))] == ["held"]


def test_a_verb_governs_nothing(nlp):
    doc = parsed(nlp, "Pashinyan and Aliyev met in Brussels.")
    assert governing_verb(token(doc, "met")) is None


def test_simple_past_and_perfect_are_past_a_passive_present_is_not(nlp):
    assert is_past(token(parsed(nlp, "Pashinyan met Aliyev in Prague."), "met"))
    assert is_past(token(parsed(nlp, "Pashinyan has met Aliyev in Prague."), "met"))
    assert not is_past(token(parsed(nlp, "A meeting is expected in Prague."), "expected"))


def test_will_and_are_to_put_the_event_ahead(nlp):
    assert is_future(token(parsed(nlp, "Pashinyan will meet Aliyev in Prague."), "meet"))
    assert is_future(token(parsed(nlp, "The ministers are to meet in Washington."), "meet"))
    assert not is_future(token(parsed(nlp, "Pashinyan met Aliyev in Prague."), "met"))


def test_tree_distance_counts_arcs_and_a_subtree_holds_its_root(nlp):
    doc = parsed(nlp, "The leaders held talks in Sochi on Friday.")
    held, talks = token(doc, "held"), token(doc, "talks")
    assert tree_distance(held, held) == 0
    assert tree_distance(held, talks) == tree_distance(talks, held) == 1
    assert held.i in subtree_of(held) and talks.i in subtree_of(held)
    assert held.i not in subtree_of(talks)


def test_a_copula_with_an_adjective_carries_the_clause_up_to_its_subject(nlp):
    doc = parsed(nlp, "Baerbock is due to see the two foreign ministers one at a time.")
    assert [v.text for v in clause_verbs(token(doc, "see"))] == ["see", "due", "is"]
