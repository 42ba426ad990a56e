"""What the extractor reads from single sentences: each field's cue, in sentences written for the test."""

from __future__ import annotations

import pytest

from parley.extraction import EXTRACTOR_VERSION, extract_text


def one(text: str, published: str = "2023-05-10", **expected):
    reports = extract_text(text, published=published)
    assert len(reports) == 1, [r.to_json() for r in reports]
    report = reports[0].to_json()
    for key, value in expected.items():
        got = report[key] if key != "parties" else sorted(report["parties"])
        assert got == value, (key, report)
    return report


def test_extractor_version_is_a_string():
    assert isinstance(EXTRACTOR_VERSION, str) and EXTRACTOR_VERSION


@pytest.mark.parametrize(
    "text, status",
    [
        ("Pashinyan and Aliyev met in Brussels on Sunday.", "held"),
        ("Pashinyan and Aliyev will meet in Brussels on Sunday.", "planned"),
        ("Pashinyan and Aliyev are expected to meet in Brussels next month.", "planned"),
        ("The meeting of Pashinyan and Aliyev in Brussels on Sunday was postponed.", "postponed"),
        ("Aliyev cancelled his meeting with Pashinyan in Brussels on Sunday.", "cancelled"),
        ("Aliyev declined to meet Pashinyan in Granada on Thursday.", "cancelled"),
        ("Aliyev pulled out of the talks with Pashinyan in Brussels on Sunday.", "cancelled"),
    ],
)
def test_status_follows_the_cue_around_the_trigger(text, status):
    one(text, status=status)


@pytest.mark.parametrize(
    "text, status",
    [
        ("Armenia and Azerbaijan failed to sign the peace treaty in Washington on Monday.", "not_signed"),
        ("Armenia and Azerbaijan did not sign the peace treaty in Washington on Monday.", "not_signed"),
        ("Aliyev and Pashinyan signed the peace treaty in Washington on Monday.", "signed"),
    ],
)
def test_signing_status_reads_negation_and_failure(text, status):
    agreements = [r for r in extract_text(text, published="2023-05-10") if r.type == "agreement"]
    assert [r.status for r in agreements] == [status]


def test_a_dated_signing_by_both_sides_is_also_their_meeting():
    reports = extract_text(
        "Aliyev and Pashinyan signed the peace treaty in Washington on Monday.", published="2023-05-10"
    )
    assert sorted(r.type for r in reports) == ["agreement", "meeting"]


def test_declined_meeting_is_cancelled_and_keeps_its_date_and_venue():
    one(
        "Azerbaijan declined a meeting of the two foreign ministers planned for 20 November in Washington.",
        published="2023-11-17",
        type="meeting",
        status="cancelled",
        date="2023-11-20",
        place="Washington",
        mediator="USA",
    )


@pytest.mark.parametrize(
    "text, mediator",
    [
        (
            "Aliyev and Pashinyan held talks in Sochi on Friday through the mediation of Vladimir Putin.",
            "RUS",
        ),
        ("Aliyev and Pashinyan met in Brussels on Friday for talks hosted by Charles Michel.", "EU"),
        ("Aliyev and Pashinyan met in Moscow on Friday at the invitation of the Russian president.", "RUS"),
        (
            "Antony Blinken hosted the foreign ministers of Armenia and Azerbaijan in Washington on Monday.",
            "USA",
        ),
    ],
)
def test_mediator_comes_from_the_wording(text, mediator):
    one(text, mediator=mediator)


def test_bilateral_on_the_sidelines_of_a_summit_has_no_mediator():
    report = one(
        "Pashinyan and Aliyev met on Thursday on the sidelines of the CIS summit in Saint Petersburg.",
        published="2023-12-28",
        mediator=None,
        place="Saint Petersburg",
        parties=["ARM", "AZE"],
    )
    assert report["context"]


@pytest.mark.parametrize(
    "text, parties",
    [
        ("The Armenian foreign minister met his Azerbaijani counterpart in Baku on Friday.", ["ARM", "AZE"]),
        (
            "Russian Deputy Prime Minister Alexei Overchuk met Armenian and Azerbaijani officials in Moscow.",
            ["ARM", "AZE", "RUS"],
        ),
        (
            "Azerbaijan's top diplomat held talks with his Armenian counterpart in Baku on Friday.",
            ["ARM", "AZE"],
        ),
    ],
)
def test_parties_come_from_titles_and_demonyms(text, parties):
    one(text, parties=parties)


def test_date_takes_the_tense_of_the_trigger():
    past = one("Pashinyan and Aliyev met in Brussels on 14 December.", published="2024-01-20")
    future = one("Pashinyan and Aliyev will meet in Brussels on 14 December.", published="2024-01-20")
    assert past["date"] == "2023-12-14"
    assert future["date"] == "2024-12-14"


def test_phone_conversation_is_a_call():
    one("Aliyev and Putin had a telephone conversation on Wednesday.", type="call", parties=["AZE", "RUS"])


@pytest.mark.parametrize(
    "text",
    [
        "Aliyev and Pashinyan have met several times this year.",
        "A peace treaty could be signed within a month if Armenia changes its constitution.",
        "Analysts doubt whether Aliyev and Pashinyan will meet in Brussels.",
        "The negotiations between Armenia and Azerbaijan have a long history.",
    ],
)
def test_aggregates_hypotheticals_and_abstract_talks_are_not_events(text):
    assert extract_text(text, published="2023-05-10") == []


def test_repeated_mentions_of_one_meeting_make_one_report():
    text = (
        "Pashinyan and Aliyev held talks with Vladimir Putin in Sochi on 26 November. "
        "The Sochi meeting lasted three hours. "
        "After the meeting in Sochi, Putin spoke to reporters."
    )
    reports = extract_text(text, published="2021-11-27")
    assert len(reports) == 1
    assert len(reports[0].evidence) >= 2


@pytest.mark.parametrize(
    "text, parties, mediator",
    [
        # The sides alone in a third country's capital: its government is the host.
        ("The Armenian and Azerbaijani ministers met in Astana on Friday.", ["ARM", "AZE", "KAZ"], "KAZ"),
        # Elsewhere in that country, only a host the text names makes the meeting mediated.
        ("The Armenian and Azerbaijani ministers held talks in Almaty on Friday.", ["ARM", "AZE"], None),
        (
            "The Armenian and Azerbaijani ministers held talks in Almaty on Friday, hosted by Kazakhstan.",
            ["ARM", "AZE", "KAZ"],
            "KAZ",
        ),
        # A venue where a wider gathering met is a location, not a host; of the third parties,
        # the international organisation convenes.
        (
            "Aliyev and Pashinyan met Macron and Michel in Prague on Thursday.",
            ["ARM", "AZE", "EU", "FRA"],
            "EU",
        ),
    ],
)
def test_a_venue_country_hosts_in_its_capital_or_when_the_text_names_it(text, parties, mediator):
    one(text, parties=parties, mediator=mediator)


def test_every_field_names_its_rule_and_evidence_points_into_the_document_text():
    from parley.extraction import extract
    from parley.ingest import ingest_text

    document = ingest_text(
        "Intro line.\nPashinyan and Aliyev met in Brussels on Sunday.", published="2023-05-16"
    )
    report = extract(document)[0]
    rules = dict(report.rules)
    for field in ("type", "status", "date", "place", "parties", "format"):
        assert rules.get(field), field
    for evidence in report.evidence:
        if evidence.start >= 0:
            assert document.text[evidence.start : evidence.end].replace("\n", " ") == evidence.text


@pytest.mark.parametrize(
    "text",
    [
        "Russian Deputy Prime Minister Alexei Overchuk met Armenian officials in Yerevan on Friday.",
        "Erdogan and Aliyev met in Ankara on Friday to open a rail line.",
        "Russian and Iranian officials met in Tehran on Friday to discuss trade.",
    ],
)
def test_a_held_meeting_without_both_sides_is_not_reported(text):
    assert [r.type for r in extract_text(text, published="2023-05-13")] == []


def test_a_refused_meeting_keeps_the_one_side_that_refused():
    one(
        "Aliyev declined to attend talks in Brussels that Michel had planned for 20 May.",
        published="2023-05-10",
        status="cancelled",
    )


@pytest.mark.parametrize(
    "text, parties",
    [
        # A third party speaking with both sides rang each of them.
        ("Blinken spoke by phone with Pashinyan and Aliyev on Tuesday.", [["ARM", "USA"], ["AZE", "USA"]]),
        # A joint call is one call.
        ("Putin held a three-way phone call with Pashinyan and Aliyev on Tuesday.", [["ARM", "AZE", "RUS"]]),
    ],
)
def test_a_third_party_calling_both_sides_makes_one_call_per_side_unless_joint(text, parties):
    reports = extract_text(text, published="2023-05-10")
    assert sorted(sorted(r.parties) for r in reports if r.type == "call") == parties


@pytest.mark.parametrize(
    "text, place, status",
    [
        # The frame's venue belongs to the earlier event, dated back from the article's day.
        ("The talks came a week after Putin received the two leaders in Moscow.", "Moscow", "held"),
        # A building stands for its city; a kind noun holds the venue slot.
        ("Putin hosted Aliyev and Pashinyan at his Sochi residence on Friday.", "Sochi", "held"),
        ("Putin received Aliyev and Pashinyan in the Black Sea resort of Sochi on Friday.", "Sochi", "held"),
        ("Baerbock welcomed the Armenian and Azerbaijani ministers to Berlin on Friday.", "Berlin", "held"),
        # "agreed at talks": the talks happened, the agreeing was done there.
        ("The leaders of Armenia and Azerbaijan agreed at talks in Brussels on Wednesday to free prisoners.",
         "Brussels", "held"),
    ],
)
def test_venue_and_status_of_held_meetings(text, place, status):
    reports = [r for r in extract_text(text, published="2023-05-13") if r.type == "meeting"]
    assert [(r.place, r.status) for r in reports] == [(place, status)], [r.to_json() for r in reports]


def test_an_event_in_the_present_progressive_is_dated_by_the_article():
    one("Sochi is hosting the meeting of Aliyev and Pashinyan.", published="2021-11-26", date="2021-11-26")


def _fields(reports):
    return [
        {k: r.to_json()[k] for k in ("type", "status", "date", "place", "parties", "mediator")}
        for r in reports
    ]


def test_agreeing_on_the_text_of_a_treaty_concludes_it_with_the_speakers_on_the_day_they_said_so():
    text = "Armenia and Azerbaijan said on Monday that they had agreed on the draft of a border treaty."
    got = _fields(extract_text(text, published="2026-02-11"))
    assert {"type": "agreement", "status": "signed", "date": "2026-02-09", "place": None,
            "parties": ["ARM", "AZE"], "mediator": None} in got


def test_a_refusal_from_afar_takes_the_refusing_verbs_date_and_a_country_after_a_city_is_no_party():
    text = "Last month Aliyev stayed away from talks with Pashinyan in Paris, France, that Macron arranged."
    got = [g for g in _fields(extract_text(text, published="2024-06-20")) if g["type"] == "meeting"]
    assert got and got[0]["status"] == "cancelled" and got[0]["date"] == "2024-05"
    assert got[0]["place"] == "Paris"


@pytest.mark.parametrize(
    ("text", "published", "date"),
    [
        ("The truce that Pashinyan and Aliyev signed a year ago still holds.", "2022-07-03", "2021-07"),
        ("The truce that Pashinyan and Aliyev signed two years ago still holds.", "2022-07-03", "2020-07"),
    ],
)
def test_years_counted_back_from_a_dated_article_read_to_its_month(text, published, date):
    got = [g for g in _fields(extract_text(text, published=published)) if g["type"] == "agreement"]
    assert [g["date"] for g in got] == [date]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        # "of that year" points back to the year the sentence named, not the article's.
        ("The delegations were set up in 2021 and held talks in Tbilisi in June of that year.", "2021-06"),
        ("The delegations were set up in 2021 and met in Tbilisi in June that same year.", "2021-06"),
        # With no year named before it, the month is read from the article's date as usual.
        ("Pashinyan and Aliyev met in Tbilisi in June.", "2025-06"),
    ],
)
def test_a_month_of_that_year_takes_the_year_named_earlier_in_the_sentence(text, date):
    got = [g for g in _fields(extract_text(text, published="2025-08-01")) if g["type"] == "meeting"]
    assert [g["date"] for g in got] == [date]


def test_one_sentences_date_and_venue_told_on_two_words_make_one_event_beside_an_earlier_one_there():
    # The parse puts "in December" on "hosted" and "in Geneva" on "encounter": one event.
    text = (
        "Pashinyan and Aliyev met in Geneva on Monday. "
        "Blinken had hosted the pair after their first encounter in Geneva in December."
    )
    got = sorted((g["date"], g["place"]) for g in _fields(extract_text(text, published="2025-08-06")))
    assert got == [("2024-12", "Geneva"), ("2025-08-04", "Geneva")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "one of" singles out one event of a plural: it is dated and placed like a singular.
        ("The foreign ministers held one of their rounds in Tbilisi in June 2024.", [("2024-06", "Tbilisi")]),
        # A plural with a quantity stays an aggregate of several events.
        ("The foreign ministers held several rounds in Tbilisi in June 2024.", []),
    ],
)
def test_one_of_a_plural_event_noun_is_a_single_event(text, expected):
    got = [(g["date"], g["place"]) for g in _fields(extract_text(text, published="2025-08-01"))]
    assert got == expected


def test_conjoined_dates_on_one_verb_give_one_event_each():
    text = "Pashinyan and Aliyev met in Vienna in March and again in June."
    got = _fields(extract_text(text, published="2025-08-01"))
    assert sorted(g["date"] for g in got if g["type"] == "meeting") == ["2025-03", "2025-06"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A dated past "agreed" concludes something even with no document named.
        ("On Friday, Armenia and Azerbaijan agreed on the delimitation of a first stretch of their frontier.",
         [("agreement", "2024-04-19")]),
        # A plan to meet, or a view shared, is no agreement.
        ("On Friday Pashinyan and Aliyev agreed to meet again before the summer.", [("meeting", None)]),
        ("On Friday Pashinyan agreed with Aliyev that the talks had been useful.", []),
    ],
)
def test_a_dated_past_agreed_is_an_agreement_unless_it_plans_a_meeting_or_shares_a_view(text, expected):
    got = _fields(extract_text(text, published="2024-04-21"))
    assert [(g["type"], g["date"] if g["type"] == "agreement" else None) for g in got] == expected


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("The Armenian and Azerbaijani delimitation commissions met on the border on Tuesday.", "Tavush"),
        # A border named by its other country is another border.
        ("Aliyev and Pashinyan met on the Iranian border on Tuesday.", None),
    ],
)
def test_a_bare_border_venue_is_the_border_between_the_sides(text, place):
    got = [g for g in _fields(extract_text(text, published="2024-03-21")) if g["type"] == "meeting"]
    assert got and got[0]["place"] == place


def test_a_dated_round_in_a_venue_is_a_meeting():
    text = "The last round between the Armenian and Azerbaijani ministers took place in Vienna on 3 March."
    got = _fields(extract_text(text, published="2025-04-01"))
    assert [(g["type"], g["status"], g["date"], g["place"]) for g in got] == [
        ("meeting", "held", "2025-03-03", "Vienna")
    ]


def test_a_meeting_that_could_not_take_place_is_cancelled_not_hypothetical():
    text = "The meeting of Aliyev and Pashinyan in Vienna could not take place because of the fighting."
    got = _fields(extract_text(text, published="2025-04-01"))
    assert [(g["type"], g["status"]) for g in got] == [("meeting", "cancelled")]


def test_the_speaker_within_a_call_takes_part_and_a_reported_event_takes_the_day_it_was_told():
    text = "During a phone call with Aliyev on Tuesday, Putin stressed the need for calm."
    call = _fields(extract_text(text, published="2023-05-20"))
    assert [(g["type"], g["parties"]) for g in call] == [("call", ["AZE", "RUS"])]
    told = _fields(extract_text("On Monday, Pashinyan said Armenia and Azerbaijan had agreed on the text "
                                "of the border treaty.", published="2023-05-20"))
    assert [(g["type"], g["date"]) for g in told] == [("agreement", "2023-05-15")]
