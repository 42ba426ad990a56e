"""The parse helpers every decision shares: governing verb, clause verbs, tense, distances."""

from __future__ import annotations

from tests.extract.stages import parsed, token

from parley.extraction.syntax import (
    clause_verbs,
    controlling_verb,
    governing_verb,
    is_future,
    is_past,
    own_clauses,
    possessor_subject,
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


def test_a_subjectless_participle_takes_the_subject_of_its_clause(nlp):
    doc = parsed(nlp, "The presidents agreed on a roadmap while meeting the chancellor in Berlin.")
    matrix, simultaneous = controlling_verb(token(doc, "meeting"))
    assert matrix.text == "agreed" and simultaneous
    doc = parsed(nlp, "Macron spoke to the press after meeting both leaders.")
    matrix, simultaneous = controlling_verb(token(doc, "meeting"))
    assert matrix.text == "spoke" and not simultaneous


def test_a_verb_with_its_own_subject_is_not_controlled(nlp):
    doc = parsed(nlp, "Macron spoke after the leaders met in Prague.")
    assert controlling_verb(token(doc, "met")) is None


def test_a_possessive_pronoun_stands_for_the_subject_above(nlp):
    doc = parsed(nlp, "Blinken briefed reporters after his talks with the two ministers.")
    assert possessor_subject(token(doc, "talks")).text == "Blinken"
    doc = parsed(nlp, "Blinken briefed reporters after the talks with the two ministers.")
    assert possessor_subject(token(doc, "talks")) is None


def test_arguments_of_two_verbs_with_subjects_of_their_own_are_in_two_clauses(nlp):
    doc = parsed(nlp, "The envoys held talks in Vienna, while the presidents held a meeting in Paris.")
    assert own_clauses(token(doc, "talks"), token(doc, "meeting"))
    doc = parsed(nlp, "The envoys held talks in Vienna and a meeting in Paris.")
    assert not own_clauses(token(doc, "talks"), token(doc, "meeting"))


def test_a_participle_with_a_subject_and_no_auxiliary_is_a_finite_past(nlp):
    doc = parsed(nlp, "The two sides negotiated on 21 November.")
    verb = token(doc, "negotiated")
    assert is_past(verb)


def test_a_purpose_infinitive_happens_with_the_trip_it_is_for(nlp):
    doc = parsed(nlp, "Pashinyan flew to Moscow to hold talks with Putin.")
    matrix, simultaneous = controlling_verb(token(doc, "hold"))
    assert matrix.text == "flew" and simultaneous


def test_a_possessive_in_the_event_phrase_stands_for_the_subject_above(nlp):
    doc = parsed(nlp, "After talks with his two counterparts on Tuesday, Lavrov spoke to the press.")
    assert possessor_subject(token(doc, "talks")).text == "Lavrov"
