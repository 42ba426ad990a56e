"""English or not: a stopword share first, langdetect for the doubtful middle."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.ingest import language

from .conftest import ENGLISH, FOREIGN


@pytest.mark.parametrize("code", sorted(FOREIGN))
def test_foreign_news_text_is_not_english_and_its_language_is_named(code: str) -> None:
    verdict = language.detect(FOREIGN[code])
    assert not verdict.english
    assert verdict.language == code


@pytest.mark.parametrize(
    "text",
    [
        ENGLISH,
        "Talks resume",  # too short to judge: accepted
        "Aliyev, Pashinyan Talk During CIS Summit in Saint Petersburg",
        ENGLISH + " The minister quoted a line in Russian: «Переговоры продолжатся».",
    ],
)
def test_english_text_is_english(text: str) -> None:
    assert language.detect(text).english


def test_detection_is_repeatable() -> None:
    text = FOREIGN["de"]
    assert len({language.detect(text) for _ in range(5)}) == 1


def test_plain_english_never_needs_langdetect() -> None:
    assert language.detect(ENGLISH).method == "stopwords"


def test_language_names_for_messages() -> None:
    assert language.name("de") == "German (de)"
    assert language.name("xx") == "language 'xx'"


@pytest.mark.parametrize(
    "text",
    [
        "Aliyev, Pashinyan, Michel, Macron: Prague, Granada, Brussels, Chisinau, Munich, Sochi",
        "Mirzoyan Bayramov Blinken Arlington Washington Almaty Tokayev Nuri Abu Dhabi",
    ],
)
def test_a_short_run_of_names_is_not_refused(text: str) -> None:
    assert language.detect(text).english


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Die Minister treffen sich mit den Vermittlern und sprechen über den Vertrag", "de"),
        ("Les ministres se sont rencontrés pour parler du traité avec les médiateurs", "fr"),
    ],
)
def test_a_short_foreign_sentence_is_still_refused(text: str, code: str) -> None:
    verdict = language.detect(text)
    assert not verdict.english and verdict.language == code


@pytest.mark.parametrize(
    "sample",
    [
        "Ministers met in Brussels on Tuesday.",
        "Ереван и Баку обменялись пленными.",  # Cyrillic
        "Հայաստանի և Ադրբեջանի արտաքին գործերի նախարարները",  # Armenian
        "საქართველოს დედაქალაქში შეხვედრა",  # Georgian
        "Dışişleri bakanları Almatı'da görüştü; Paşinyan və Əliyev.",  # Turkish, Azerbaijani
        "Präsident Aliyev traf Paschinjan in Genf — ça s'est passé à l'été ²³ ½.",
        "ɐ ɓ ʃ ʒ ˈkɑːl and ʰ ʼ, letters from IPA on",  # at and after U+0250
        "会谈在北京举行 and 2023年 talks",
        "Ǆ ǅ ǆ Ș ș ɏ ɐ",  # Latin Extended-B up to and across the boundary
        "12 345 — ... !!!",
        "",
        "“Quoted,” she said — and the Ǆ of the café ’s sign\ud800 stayed.",  # a lone surrogate too
    ],
)
def test_letter_counts_are_those_of_a_character_by_character_count(sample: str) -> None:
    letters = [ch for ch in sample if ch.isalpha()]
    assert language.letter_counts(sample) == (len(letters), sum(1 for ch in letters if ch < "\u0250"))


_TRICKY = st.sampled_from(list("aZ ,.'’-1²½_ßéİıΣσςΟΔΆǅǄ\u0301Ѐж中\ud800"))


@given(st.text(_TRICKY, max_size=60))
def test_counts_and_words_equal_the_plain_loops_on_any_text(sample: str) -> None:
    letters = [ch for ch in sample if ch.isalpha()]
    assert language.letter_counts(sample) == (len(letters), sum(1 for ch in letters if ch < "\u0250"))
    assert language._lower_words(sample) == [w.lower() for w in language._WORD.findall(sample)]
