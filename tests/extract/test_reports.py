"""From merged mentions to reports: sides, the host's mediation, one contact per side."""

from __future__ import annotations

from parley.extraction import extract_text


def reports(text: str) -> list[tuple[str, tuple[str, ...], str | None]]:
    return [(r.type, r.parties, r.mediator) for r in extract_text(text, published="2023-05-20")]


def test_a_third_party_hosting_both_sides_mediates():
    assert reports("Putin hosted Pashinyan and Aliyev in Moscow on 25 May.") == [
        ("meeting", ("ARM", "AZE", "RUS"), "RUS")
    ]


def test_a_third_partys_calls_with_each_side_are_one_call_per_side():
    found = reports("Blinken spoke by phone with Pashinyan and Aliyev on 18 May about the peace talks.")
    assert sorted(p for _, p, _ in found) == [("ARM", "USA"), ("AZE", "USA")]


def test_a_contact_that_does_not_concern_the_negotiation_is_dropped():
    assert reports("Macron met Scholz in Paris on 18 May to discuss trade.") == []


def test_sides_that_are_together_the_subject_make_one_call_whoever_arranged_it():
    found = reports(
        "The Armenian and Azerbaijani leaders are due to speak by phone tomorrow at Michel's initiative."
    )
    assert [p for _, p, _ in found] == [("ARM", "AZE", "EU")]


def test_a_host_among_other_third_states_is_a_member_of_the_format_not_its_mediator():
    from parley.extraction import extract_text

    text = (
        "The foreign ministers of Armenia, Azerbaijan, Georgia, Iran, Russia and Turkey met in Tehran "
        "on Monday for the regional platform's consultations on the South Caucasus peace process."
    )
    (found,) = extract_text(text, published="2023-10-25")
    assert found.mediator is None
    text = "The ministers of Armenia, Azerbaijan and Iran met in Tehran on Monday to discuss the treaty."
    (found,) = extract_text(text, published="2023-10-25")
    assert found.mediator == "IRN"


def test_a_venue_alone_makes_no_host_the_article_never_names():
    from parley.extraction import extract_text

    text = "The Armenian and Azerbaijani foreign ministers met in Prague on Monday to discuss the treaty."
    (found,) = extract_text(text, published="2023-10-25")
    assert found.mediator is None and found.parties == ("ARM", "AZE")
    text += " The Czech foreign minister welcomed the talks."
    (found,) = extract_text(text, published="2023-10-25")
    assert found.mediator == "CZE"
