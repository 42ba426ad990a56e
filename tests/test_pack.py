"""The case pack: a negotiation described as validated data, looked up by any name it goes by."""

from __future__ import annotations

import copy
import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
import spacy
import yaml
from spacy.pipeline import SpanRuler

from parley.errors import PackError
from parley.pack import GAZETTEER_LABELS, Pack, bundled_packs, fold, load_pack

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SERBIA_KOSOVO = ROOT / "tests" / "data" / "packs" / "serbia_kosovo.yaml"


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack()


@pytest.fixture(scope="module")
def gazetteer(pack: Pack) -> list[dict[str, Any]]:
    return pack.gazetteer()


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# --- loading -----------------------------------------------------------------------------


def test_the_armenia_azerbaijan_pack_is_bundled_and_is_the_default(pack):
    assert "armenia_azerbaijan" in bundled_packs()
    assert pack.name == "armenia_azerbaijan"
    assert pack.period_start == dt.date(2020, 11, 10)
    assert len(pack.actors) >= 30 and len(pack.people) >= 50 and len(pack.places) >= 40
    assert len(pack.issues) >= 10


def test_a_pack_is_loaded_once_per_file(pack):
    assert load_pack("armenia_azerbaijan") is pack


def test_editing_a_pack_file_reloads_it(tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(minimal_pack()))
    first = load_pack(path)
    data = minimal_pack()
    data["title"] = "Renamed"
    path.write_text(yaml.safe_dump(data))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_pack(path).title == "Renamed" and first.title == "Example talks"


# --- actors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Armenia", "ARM"),
        ("Republic of Armenia", "ARM"),
        ("armenian", "ARM"),
        ("Azerbaijan's", "AZE"),
        ("Azeri", "AZE"),
        ("Russian Federation", "RUS"),
        ("the Kremlin", "RUS"),
        ("Kremlin’s", "RUS"),
        ("Baku", "AZE"),
        ("U.S.", "USA"),
        ("US", "USA"),
        ("the White House", "USA"),
        ("Türkiye", "TUR"),
        ("Turkiye", "TUR"),
        ("the Élysée", "FRA"),
        ("Elysee", "FRA"),
        ("European Council", "EU"),
        ("Council of the EU", "EU"),
        ("European Commission", "EU"),
        ("EU External Action Service", "EU"),
        ("Brussels", "EU"),
        ("OSCE Minsk Group", "OSCE"),
        ("Minsk Group co-chairs", "OSCE"),
        ("Commonwealth of Independent States", "CIS"),
        ("Eurasian Economic Union", "EAEU"),
        ("Collective Security Treaty Organisation", "CSTO"),
        ("European Political Community", "EPC"),
        ("UAE", "ARE"),
        ("ARM", "ARM"),
    ],
)
def test_an_actor_is_found_by_any_name_it_goes_by(pack, text, code):
    actor = pack.actor(text)
    assert actor is not None and actor.code == code


@pytest.mark.parametrize("text", ["us", "arm", "un", "peace", "Heydar", ""])
def test_ordinary_words_are_not_actors(pack, text):
    assert pack.actor(text) is None


@pytest.mark.parametrize(
    ("word", "code"),
    [("Armenian", "ARM"), ("Azerbaijani", "AZE"), ("Azeri", "AZE"), ("U.S.", "USA"), ("French", "FRA")],
)
def test_a_demonym_names_its_actor(pack, word, code):
    actor = pack.demonym(word)
    assert actor is not None and actor.code == code


def test_a_country_name_is_not_a_demonym(pack):
    assert pack.demonym("Armenia") is None


@pytest.mark.parametrize(("word", "code"), [("Yerevan", "ARM"), ("the Kremlin", "RUS"), ("Ankara", "TUR")])
def test_a_capital_or_seat_is_a_metonym_for_its_government(pack, word, code):
    actor = pack.metonym(word)
    assert actor is not None and actor.code == code


def test_every_state_code_is_iso_alpha_3_and_every_place_country_is_an_actor(pack):
    codes = {a.code for a in pack.actors}
    assert all(len(a.code) == 3 for a in pack.actors if a.kind == "state")
    assert {"EU", "OSCE", "UN", "CIS", "CSTO", "EAEU"} <= codes
    assert all(set(p.countries) <= codes for p in pack.places)


# --- people ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "on", "person_id", "title"),
    [
        ("Pashinian", "2021-01-08", "pashinyan", "Prime Minister of Armenia"),
        ("Nikol Pashinyan", "2023-05-25", "pashinyan", "Prime Minister of Armenia"),
        ("Armenian premier Nikol Pashinian", "2023-12-26", "pashinyan", "Prime Minister of Armenia"),
        ("Aliev", "2021-01-11", "aliyev", "President of Azerbaijan"),
        ("İlham Əliyev", "2024-05-01", "aliyev", "President of Azerbaijan"),
        ("Erdogan", "2022-02-01", "erdogan", "President of Turkey"),
        ("Baghdasarian", "2023-12-26", "baghdasaryan", "Press Secretary of the Prime Minister of Armenia"),
        ("Michel", "2023-07-15", "michel", "President of the European Council"),
        ("Michel", "2025-01-10", "michel", None),
        ("Costa", "2025-01-10", "costa", "President of the European Council"),
        ("António Costa", "2023-07-15", "costa", "Prime Minister of Portugal"),
        ("Aivazian", "2021-03-15", "aivazian", "Foreign Minister of Armenia"),
        ("Mirzoyan", "2021-03-15", "mirzoyan", "Speaker of the National Assembly of Armenia"),
        ("Mirzoyan", "2023-11-20", "mirzoyan", "Foreign Minister of Armenia"),
        ("Trump", "2019-06-01", "trump", "President of the United States"),
        ("Trump", "2022-06-01", "trump", None),
        ("Borel", "2022-10-06", "borrell", "EU High Representative for Foreign Affairs and Security Policy"),
        ("Kallas", "2025-03-01", "kallas", "EU High Representative for Foreign Affairs and Security Policy"),
    ],
)
def test_a_person_is_found_with_the_role_held_that_day(pack, text, on, person_id, title):
    found = pack.person(text, on=day(on))
    assert found is not None
    person, role = found
    assert person.id == person_id
    assert (role.title if role else None) == title


def test_without_a_date_a_person_comes_with_their_current_role(pack):
    found = pack.person("Mirzoyan")
    assert found is not None and found[1] is not None
    assert found[1].title == "Foreign Minister of Armenia"


def test_a_shared_surname_is_not_resolved_to_either_person(pack):
    assert pack.person("Grigoryan", on=day("2023-01-01")) is None
    assert pack.person("Grigoryan") is None
    assert pack.person("Mher Grigoryan") is not None


def test_an_unknown_first_name_does_not_borrow_a_known_surname(pack):
    assert pack.person("Heydar Aliyev") is None


# --- places ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Nakhichevan", "Nakhchivan"),
        ("Naxçıvan", "Nakhchivan"),
        ("Artsakh", "Nagorno-Karabakh"),
        ("Nagorno Karabakh", "Nagorno-Karabakh"),
        ("Nagorno–Karabakh", "Nagorno-Karabakh"),
        ("Karabakh's", "Nagorno-Karabakh"),
        ("St. Petersburg", "Saint Petersburg"),
        ("St Petersburg", "Saint Petersburg"),
        ("Khankendi", "Stepanakert"),
        ("Shushi", "Shusha"),
        ("Kishinev", "Chisinau"),
        ("Chișinău", "Chisinau"),
        ("Washington, D.C.", "Washington"),
        ("Qazax", "Gazakh"),
        ("Nur-Sultan", "Astana"),
        ("the Armenian-Azerbaijani border", "Armenia-Azerbaijan border"),
    ],
)
def test_a_place_is_found_by_its_variants(pack, text, name):
    place = pack.place(text)
    assert place is not None and place.name == name


def test_the_border_belongs_to_both_sides_and_lies_between_tavush_and_gazakh(pack):
    border = pack.place("Armenia-Azerbaijan border")
    assert border is not None and border.kind == "border"
    assert border.countries == ("ARM", "AZE")
    assert 40.5 < border.lat < 41.5 and 44.8 < border.lon < 45.8


# --- issues ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("They argued over the Zangezur corridor.", [("transport_corridors", "Zangezur corridor")]),
        (
            "Talks covered the Meghri corridor and the Lachin corridor.",
            [
                ("transport_corridors", "Meghri corridor"),
                ("transport_corridors", "Lachin corridor"),
            ],
        ),
        ("A road through Meghri came first in the corridor talks.", [("transport_corridors", "corridor")]),
        ("Both sides want a Peace Treaty signed soon.", [("peace_treaty", "Peace Treaty")]),
        ("Normalization of relations was on the agenda.", [("peace_treaty", "Normalization of relations")]),
        (
            "They discussed prisoners of war and minefield maps.",
            [
                ("prisoners", "prisoners of war"),
                ("humanitarian", "minefield maps"),
            ],
        ),
        (
            "The border commissions met on delimitation.",
            [
                ("border_delimitation", "border commissions"),
                ("border_delimitation", "delimitation"),
            ],
        ),
        ("Russian peacekeepers left the region.", [("peacekeepers", "Russian peacekeepers")]),
        (
            "Türkiye and Armenia discussed Armenia–Turkey normalisation.",
            [
                ("armenia_turkey", "Armenia–Turkey normalisation"),
            ],
        ),
        ("The weather was mild in the capital.", []),
        ("The delimitations of a pow-wow are not an issue.", [("border_delimitation", "delimitations")]),
    ],
)
def test_issue_terms_are_found_with_their_offsets(pack, sentence, expected):
    found = [(issue.id, sentence[start:end]) for issue, start, end in pack.issues_in(sentence)]
    assert found == expected


def test_issue_offsets_survive_diacritics_before_the_term(pack):
    sentence = "Erdoğan, Əliyev and Çavuşoğlu spoke of the peace treaty."
    [(issue, start, end)] = pack.issues_in(sentence)
    assert issue.id == "peace_treaty" and sentence[start:end] == "peace treaty"


def test_folding_keeps_every_offset():
    text = "İlham Əliyev, Erdoğan – Türkiye’s"
    assert len(fold(text)) == len(text)
    assert fold(text) == "ilham aliyev, erdogan - turkiye's"


# --- gazetteer ---------------------------------------------------------------------------


def test_gazetteer_patterns_use_only_the_declared_labels_and_case_insensitive_tokens(gazetteer):
    assert {p["label"] for p in gazetteer} == set(GAZETTEER_LABELS)
    for pattern in gazetteer:
        for token in pattern["pattern"]:
            [(attr, value)] = token.items()
            assert attr == "LOWER" and value == value.lower() or attr == "ORTH" and value.isupper()


def spans(gazetteer: list[dict[str, Any]], text: str) -> set[tuple[str, str, str]]:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": "pack"})
    assert isinstance(ruler, SpanRuler)
    ruler.add_patterns(gazetteer)
    doc = nlp(text)
    return {(s.text, s.label_, s.id_) for s in doc.spans["pack"]}


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Armenian officials spoke.", ("Armenian", "DEMONYM", "ARM")),
        ("Pashinian's spokeswoman said so.", ("Pashinian", "PERSON_KNOWN", "pashinyan")),
        ("Pashinian’s spokeswoman said so.", ("Pashinian", "PERSON_KNOWN", "pashinyan")),
        ("He met Ilham Aliyev.", ("Ilham Aliyev", "PERSON_KNOWN", "aliyev")),
        ("The Aliyev-Pashinyan talks", ("Aliyev", "PERSON_KNOWN", "aliyev")),
        ("They met in Saint Petersburg.", ("Saint Petersburg", "PLACE", "Saint Petersburg")),
        ("They met in St. Petersburg.", ("St. Petersburg", "PLACE", "Saint Petersburg")),
        ("Troops left Nagorno-Karabakh.", ("Nagorno-Karabakh", "PLACE", "Nagorno-Karabakh")),
        ("Troops left Nagorno Karabakh.", ("Nagorno Karabakh", "PLACE", "Nagorno-Karabakh")),
        ("The US envoy arrived.", ("US", "ACTOR", "USA")),
        ("The Kremlin said nothing.", ("Kremlin", "ACTOR", "RUS")),
        ("The KREMLIN said nothing.", ("KREMLIN", "ACTOR", "RUS")),
        ("They discussed the peace treaty.", ("peace treaty", "ISSUE", "peace_treaty")),
        ("Erdoğan spoke.", ("Erdoğan", "PERSON_KNOWN", "erdogan")),
        ("Erdogan spoke.", ("Erdogan", "PERSON_KNOWN", "erdogan")),
        (
            "A summit of the Commonwealth of Independent States",
            (
                "Commonwealth of Independent States",
                "ACTOR",
                "CIS",
            ),
        ),
    ],
)
def test_gazetteer_patterns_match_in_a_span_ruler(gazetteer, text, span):
    assert span in spans(gazetteer, text)


def test_the_pronoun_us_is_not_the_united_states(gazetteer):
    assert not {s for s in spans(gazetteer, "Let us talk, said the envoy.") if s[2] == "USA"}


def test_gazetteer_patterns_load_into_an_entity_ruler(gazetteer):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(gazetteer)
    doc = nlp("The Azerbaijani leader Ilham Aliyev saw Vladimir Putin in Sochi about the Lachin corridor.")
    assert {(e.text, e.label_, e.ent_id_) for e in doc.ents} == {
        ("Azerbaijani", "DEMONYM", "AZE"),
        ("Ilham Aliyev", "PERSON_KNOWN", "aliyev"),
        ("Vladimir Putin", "PERSON_KNOWN", "putin"),
        ("Sochi", "PLACE", "Sochi"),
        ("Lachin corridor", "ISSUE", "transport_corridors"),
    }


@pytest.mark.parametrize(
    ("seed", "expected"),
    [
        ("000_8bf1c03e74a42b91.txt", {"aliyev", "pashinyan", "putin", "Moscow", "Baku", "Nakhchivan", "RUS"}),
        ("003_f84f38a300892f54.txt", {
            "aliyev", "pashinyan", "baghdasaryan", "michel", "bayramov", "mirzoyan", "putin",
            "Saint Petersburg", "Brussels", "Washington", "Nagorno-Karabakh", "CIS", "EU", "RUS",
        }),
    ],
)  # fmt: skip
def test_gazetteer_finds_the_known_names_of_the_seed_articles(gazetteer, seed, expected):
    path = SHARED / "seeds" / seed
    if not path.exists():
        pytest.skip(f"{path} is not present beside the project")
    ids = {ident for _, _, ident in spans(gazetteer, path.read_text(encoding="utf-8"))}
    assert expected <= ids


# --- another negotiation -----------------------------------------------------------------


def test_another_negotiation_needs_only_another_pack():
    other = load_pack(SERBIA_KOSOVO)
    assert other.name == "serbia_kosovo"
    assert other.actor("Kosovo's").code == "XKX"
    assert other.actor("Serbs").code == "SRB"
    assert other.actor("Armenia") is None
    assert other.place("Priština").name == "Pristina"
    person, role = other.person("Vucic", on=day("2023-02-27"))
    assert person.id == "vucic" and role is not None and role.title == "President of Serbia"
    _, role = other.person("Kurti", on=day("2020-09-01"))
    assert role is None
    issues = other.issues_in("Talks on the Association of Serb-majority Municipalities and licence plates.")
    assert [issue.id for issue, _, _ in issues] == ["serb_municipalities", "freedom_of_movement"]
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns(other.gazetteer(nlp.tokenizer))
    doc = nlp("Lajčák met Kurti in Brussels.")
    assert ("Lajčák", "PERSON_KNOWN") in {(e.text, e.label_) for e in doc.ents}


# --- validation --------------------------------------------------------------------------


def minimal_pack() -> dict[str, Any]:
    return {
        "name": "example",
        "title": "Example talks",
        "period": {"start": "2020-01-01"},
        "actors": [
            {"code": "AAA", "name": "Aland", "kind": "state", "demonyms": ["Alandic"], "metonyms": ["Acity"]},
            {"code": "BBB", "name": "Borland", "kind": "state", "aliases": ["Republic of Borland"]},
            {"code": "ORG", "name": "Talks Organisation", "kind": "organisation"},
        ],
        "people": [
            {
                "id": "ann",
                "name": "Ann Avery",
                "party": "AAA",
                "aliases": ["Avery"],
                "roles": [{"title": "Leader of Aland", "party": "AAA", "start": "2019-01-01", "end": None}],
            },
            {"id": "bob", "name": "Bob Bell", "party": "BBB", "aliases": ["Bell"], "roles": []},
        ],
        "places": [{"name": "Acity", "country": "AAA", "lat": 10.0, "lon": 20.0, "kind": "city"}],
        "issues": [{"id": "water", "label": "Water sharing", "terms": ["water sharing", "dam"]}],
    }


def write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True) if not isinstance(data, str) else data)
    return path


def test_the_minimal_pack_is_valid(tmp_path):
    example = load_pack(write(tmp_path, minimal_pack()))
    assert example.actor("Alandic").code == "AAA"


def set_in(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(data)
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


def broken(name: str, where: tuple[Any, ...], value: Any, *fragments: str) -> Any:
    return pytest.param(where, value, fragments, id=name)


TWO_ISSUES_ONE_TERM = [
    {"id": "water", "label": "W", "terms": ["dam"]},
    {"id": "power", "label": "P", "terms": ["dams"]},
]

BROKEN = [
    broken("unknown role party", ("people", 0, "roles", 0, "party"), "XXX", "people 'ann'", "role 1", "'XXX'",
           "AAA, BBB"),
    broken("unknown person party", ("people", 1, "party"), "ZZZ", "people 'bob'", "'ZZZ'"),
    broken("duplicate actor code", ("actors", 1, "code"), "AAA", "actors 'AAA'", "used twice"),
    broken("duplicate person id", ("people", 1, "id"), "ann", "people 'ann'", "used twice"),
    broken("bad issue id", ("issues", 0, "id"), "Water", "issues 'Water'", "lower-case"),
    broken("impossible date", ("people", 0, "roles", 0, "start"), "2021-13-01", "people 'ann', role 1",
           "2021-13-01"),
    broken("role ends before start", ("people", 0, "roles", 0, "end"), "2018-05-01", "'Leader of Aland'",
           "ends", "before"),
    broken("bad period date", ("period", "start"), "soon", "period", "'soon'", "YYYY-MM-DD"),
    broken("latitude", ("places", 0, "lat"), 95.0, "places 'Acity'", "lat 95.0 is out of range"),
    broken("longitude", ("places", 0, "lon"), -200, "places 'Acity'", "lon -200"),
    broken("text coordinate", ("places", 0, "lon"), "east", "places 'Acity'", "must be a number"),
    broken("unknown country", ("places", 0, "country"), "QQQ", "places 'Acity'", "country 'QQQ'"),
    broken("unknown place kind", ("places", 0, "kind"), "village", "places 'Acity'", "kind 'village'"),
    broken("unknown actor kind", ("actors", 0, "kind"), "empire", "actors 'AAA'", "kind 'empire'"),
    broken("state code not alpha-3", ("actors", 0, "code"), "AL", "actors 'AL'", "three capital letters"),
    broken("alias of two actors", ("actors", 1, "aliases"), ["Aland"], "actors 'AAA', 'BBB'", "'Aland'",
           "shared_aliases"),
    broken("demonym of two actors", ("actors", 1, "demonyms"), ["alandic"], "'AAA', 'BBB'",
           "'Alandic' is claimed"),
    broken("alias of two people", ("people", 1, "aliases"), ["Avery"], "people 'ann', 'bob'", "'Avery'"),
    broken("term not lower-case", ("issues", 0, "terms"), ["Dam"], "issues 'water'", "'Dam'", "lower case"),
    broken("term of two issues", ("issues",), TWO_ISSUES_ONE_TERM, "issues 'power'", "'water'"),
    broken("unknown top-level key", ("colour",), "red", "top level", "unknown field(s) colour"),
    broken("unknown entry field", ("people", 0, "nickname"), "Annie", "people[0]", "nickname"),
    broken("aliases not a list", ("actors", 0, "aliases"), "Aland", "actors 'AAA'", "aliases must be a list"),
    broken("missing name", ("people", 0, "name"), None, "people[0]", "'name' is missing"),
]  # fmt: skip


@pytest.mark.parametrize(("where", "value", "fragments"), BROKEN)
def test_a_broken_pack_fails_naming_the_file_the_entry_and_the_problem(tmp_path, where, value, fragments):
    path = write(tmp_path, set_in(minimal_pack(), where, value))
    with pytest.raises(PackError) as caught:
        load_pack(path)
    message = str(caught.value)
    assert str(path) in message and "Fix:" in message
    for fragment in fragments:
        assert fragment in message


def test_a_name_listed_as_shared_may_belong_to_two_people(tmp_path):
    data = set_in(minimal_pack(), ("people", 1, "aliases"), ["Avery"])
    data["shared_aliases"] = ["Avery"]
    shared = load_pack(write(tmp_path, data))
    assert shared.person("Avery", on=day("2020-06-01"))[0].id == "ann"
    assert shared.person("Avery") is None


def test_invalid_yaml_is_reported_with_its_line(tmp_path):
    path = write(tmp_path, "name: x\nactors: [\n  - {code: AAA\n")
    with pytest.raises(PackError, match=r"broken\.yaml: not valid YAML at line \d+"):
        load_pack(path)


def test_an_unknown_bundled_name_lists_the_bundled_packs():
    with pytest.raises(PackError, match="no bundled case pack named 'atlantis'.*armenia_azerbaijan"):
        load_pack("atlantis")


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(PackError, match="nowhere.yaml does not exist"):
        load_pack(tmp_path / "nowhere.yaml")


def test_fold_of_plain_ascii_is_the_fold_of_each_character():
    from parley.pack import fold
    from parley.text import fold_char

    text = "".join(chr(i) for i in range(128)) + " Lachin `corridor` TALKS"
    assert fold(text) == "".join(fold_char(c) for c in text)
    assert fold("Ağdam `x`") == "agdam 'x'"
