"""The trigger screen lets through every sentence in which a trigger rule matches."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from parley.extraction.screen import TriggerScreen, lemma_forms, trigger_screen
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
    import parley.extract as extract
    from parley.ingest import ingest

    documents = [d for d in ingest([ROOT / "data" / "sample" / "articles"]) if not isinstance(d, Exception)]
    screened = [reports for _, reports in extract.extract_many(documents, nlp=nlp, pack=pack)]
    monkeypatch.setattr(extract, "trigger_screen", lambda nlp: TriggerScreen([[]], None))
    unscreened = [reports for _, reports in extract.extract_many(documents, nlp=nlp, pack=pack)]
    assert sum(map(len, screened)) > 20
    assert screened == unscreened
