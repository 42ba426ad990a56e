"""What the extractor reads from single sentences: each field's cue, in sentences written for the test."""

from __future__ import annotations

import pytest

from parley.extract import EXTRACTOR_VERSION, extract_text


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
            "Russian Deputy Prime Minister Alexei Overchuk met Armenian officials in Yerevan on Friday.",
            ["ARM", "RUS"],
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
        "Pashinyan and Aliyev met in Sochi on 26 November with Vladimir Putin. "
        "The Sochi meeting lasted three hours. "
        "After the meeting in Sochi, Putin spoke to reporters."
    )
    reports = extract_text(text, published="2021-11-27")
    assert len(reports) == 1
    assert len(reports[0].evidence) >= 2


def test_third_country_venue_makes_its_host_the_mediator():
    one(
        "The Armenian and Azerbaijani foreign ministers held talks in Almaty on Friday.",
        parties=["ARM", "AZE", "KAZ"],
        mediator="KAZ",
    )


def test_every_field_names_its_rule_and_evidence_points_into_the_document_text():
    from parley.extract import extract
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
