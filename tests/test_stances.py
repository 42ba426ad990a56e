from __future__ import annotations

from pathlib import Path

import pytest

from parley.model import Document, Event
from parley.pack import load_pack
from parley.stances import agenda, extract_stances, positions, sentences
from parley.store import Store
from parley.store import stances as stance_store

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def pack():
    return load_pack()


def doc(text: str, published: str | None = "2023-05-26") -> Document:
    return Document(id="id-s", name="s", text=text, format="txt", published=published)


@pytest.mark.parametrize(
    "text, issue, party, verb",
    [
        (
            "Ilham Aliyev insisted that a peace treaty be signed before the end of the year.",
            "peace_treaty",
            "AZE",
            "insist",
        ),
        (
            "Yerevan rejects any extraterritorial corridor, Nikol Pashinyan said on Tuesday.",
            "transport_corridors",
            "ARM",
            "reject",
        ),
        (
            "Armenia called for the border delimitation to rest on the 1991 declaration.",
            "border_delimitation",
            "ARM",
            "call for",
        ),
        (
            "Sergei Lavrov said the delimitation commission would meet again soon.",
            "border_delimitation",
            "RUS",
            "say",
        ),
    ],
)
def test_a_side_stating_a_position_on_an_issue_is_a_stance(pack, text, issue, party, verb):
    [stance] = [s for s in extract_stances(doc(text), pack) if s.issue == issue]
    assert (stance.party, stance.verb, stance.quote) == (party, verb, text)
    assert stance.rule == "stance." + verb.replace(" ", "_")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The peace treaty was discussed for four hours.", id="no speaker, no stance verb"),
        pytest.param("Observers said the peace treaty is far off.", id="speaker not of the pack"),
        pytest.param("Ilham Aliyev said the weather in Baku was fine.", id="no pack issue"),
    ],
)
def test_sentences_without_speaker_verb_or_issue_are_not_stances(pack, text):
    assert extract_stances(doc(text), pack) == []


def test_stance_offsets_point_into_the_document(pack):
    text = "Talks ended late.\nAliyev insisted on the peace treaty. Mr. Pashinyan rejected the corridor idea."
    found = extract_stances(doc(text), pack)
    assert len(found) == 2
    for s in found:
        assert text[s.start : s.end] == s.quote
        assert s.published == "2023-05-26" and s.doc == "s"


@pytest.mark.parametrize(
    "text, count",
    [
        ("One. Two three. Four!", 3),
        ("Mr. Smith met Dr. Jones. Then they left.", 2),
        ("A line\nanother line", 2),
        ('He said: "We agree." She did not.', 2),
    ],
)
def test_sentences_split_on_end_punctuation_but_not_on_titles(text, count):
    assert len(list(sentences(text))) == count


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the project")
def test_stances_from_the_seed_articles_quote_their_sentences(pack):
    total = 0
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for s in extract_stances(doc(text), pack):
            assert text[s.start : s.end] == s.quote and s.party
            total += 1
    assert total >= 3


def test_positions_group_by_issue_and_side_over_time(pack):
    store = Store(":memory:")
    first = extract_stances(doc("Aliyev insisted on the peace treaty.", "2023-05-01"), pack)
    later = extract_stances(
        Document(
            id="id-t",
            name="t",
            text="Pashinyan rejected the peace treaty draft.",
            format="txt",
            published="2022-01-01",
        ),
        pack,
    )
    stance_store.replace_stances(store, "id-s", first)
    stance_store.replace_stances(store, "id-t", later)
    grouped = positions(stance_store.stances(store.conn, issue="peace_treaty"))
    assert set(grouped["peace_treaty"]) == {"AZE", "ARM"}
    assert [s.published for s in stance_store.stances(store.conn)] == ["2022-01-01", "2023-05-01"]


def test_agenda_lists_events_per_issue():
    a = Event("ev-a", "meeting", "held", issues=("peace_treaty", "border_delimitation"))
    b = Event("ev-b", "meeting", "held", issues=("peace_treaty",))
    assert {k: [e.id for e in v] for k, v in agenda([a, b]).items()} == {
        "peace_treaty": ["ev-a", "ev-b"],
        "border_delimitation": ["ev-a"],
    }
