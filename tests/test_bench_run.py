"""How the benchmark scales its end-to-end runs to the reference speed of stock spaCy."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.run import _end_to_end, render, summarise_real_text  # noqa: E402


def _run(articles_per_s: float) -> dict:
    return {"seconds": round(1000 / articles_per_s, 2), "articles_per_s": articles_per_s}


def test_each_end_to_end_run_is_scaled_by_the_stock_runs_either_side_and_the_median_stands():
    results = {
        "spacy_full_pipeline": {"words_per_s": 5000},
        "end_to_end_1": _run(100.0),
        "spacy_full_pipeline_after_1": {"words_per_s": 6000},
        "end_to_end_2": _run(120.0),
        "spacy_full_pipeline_after_2": {"words_per_s": 6000},
        "end_to_end_3": _run(90.0),
        "spacy_full_pipeline_after_3": {"words_per_s": 4000},
    }
    _end_to_end(results, 3)
    runs = results["end_to_end"]["runs"]
    assert [r["stock_words_per_s"] for r in runs] == [5500, 6000, 5000]
    assert [r["articles_per_s_at_reference"] for r in runs] == [90.9, 100.0, 90.0]
    # The median of the scaled figures is the first run's: it stands for the stage.
    assert results["end_to_end"]["articles_per_s"] == 100.0
    assert results["end_to_end"]["articles_per_s_at_reference"] == 90.9
    # The stock run just after the first end-to-end run also scales the extract stage.
    assert results["spacy_full_pipeline_after"] == {"words_per_s": 6000}
    assert not any(k.startswith(("end_to_end_", "spacy_full_pipeline_after_")) for k in results)


def test_the_report_lists_every_end_to_end_run_and_the_medians():
    stock = {"articles_per_s": 23.0, "words_per_s": 5000, "peak_mb": 400.0}
    results = {
        "spacy_full_pipeline": stock,
        "end_to_end_1": _run(100.0),
        "spacy_full_pipeline_after_1": stock,
    }
    _end_to_end(results, 1)
    text = "\n".join(line for line in render_lines(results) if line.startswith("End to end, "))
    assert "End to end, 1 run, " in text and "100.0 (100.0 at stock 5,000 words/s)" in text
    assert "Median 100.0 articles/s measured, 100.0 scaled" in text


def render_lines(partial: dict) -> list[str]:
    """The report of a run holding only the end-to-end figures (the rest filled in blank)."""
    stage = {"articles_per_s": 1.0, "words_per_s": 1, "peak_mb": 1.0}
    e2e = partial["end_to_end"]
    results = {
        "date": "2026-12-06",
        "machine": "test",
        "articles": 1,
        "date_finding": {"sentences_per_s": 1},
        "fast_path_on": {"articles_per_s": 1.0, "golden_passed": "0/0"},
        "fast_path_off": {"articles_per_s": 1.0, "golden_passed": "0/0"},
        "stream_10k_documents": {"documents": 1, "seconds": 1.0, "peak_mb": 1.0},
        "stream_100k_documents": {"documents": 1, "seconds": 1.0, "peak_mb": 1.0},
        "extract": dict(stage),
        **partial,
        "end_to_end": {
            **stage,
            "ingest_s": 0.1,
            "extract_store_fuse_s": 0.9,
            "reports": 0,
            "fused_events": 0,
            **e2e,
        },
    }
    return render(results).splitlines()


def _pass(words_per_s: int) -> dict:
    return {"articles": 240, "articles_per_s": round(words_per_s / 250, 1), "words_per_s": words_per_s}


def test_real_text_takes_each_engines_median_pass_and_parleys_ratio_to_stock_spacy_and_the_tokenizer():
    figures = summarise_real_text(
        {
            "parley": [_pass(12_000), _pass(15_000), _pass(14_000)],
            "parley_speedups_off": [_pass(9_000), _pass(8_000), _pass(7_000)],
            "spacy_full_pipeline": [_pass(5_000), _pass(6_000), _pass(7_000)],
            "tokenizer_only": [_pass(300_000), _pass(280_000), _pass(350_000)],
        }
    )
    assert figures["parley"]["words_per_s"] == 14_000
    assert figures["parley"]["passes_words_per_s"] == [12_000, 15_000, 14_000]
    assert figures["parley"]["ratio_to_spacy"] == round(14_000 / 6_000, 2)
    assert figures["parley"]["ratio_to_tokenizer"] == round(14_000 / 300_000, 4)
    assert figures["parley_speedups_off"]["ratio_to_spacy"] == round(8_000 / 6_000, 2)


def test_the_report_leads_with_real_text_and_labels_the_generated_corpus_as_scale():
    real = summarise_real_text(
        {
            "parley": [_pass(14_000)],
            "parley_speedups_off": [_pass(8_000)],
            "spacy_full_pipeline": [_pass(6_000)],
            "tokenizer_only": [_pass(300_000)],
        }
    )
    stock = {"articles_per_s": 23.0, "words_per_s": 5000, "peak_mb": 400.0}
    results = {
        "spacy_full_pipeline": stock,
        "end_to_end_1": _run(100.0),
        "spacy_full_pipeline_after_1": stock,
    }
    _end_to_end(results, 1)
    lines = render_lines({**results, "real_text": {"date": "2026-12-07", "machine": "test", "news": real}})
    headings = [line for line in lines if line.startswith("## ")]
    assert headings[0].startswith("## Real text, end to end on one core")
    assert headings[1].startswith("## The generated corpus, for scale")
    stock_row = next(line for line in lines if line.startswith("| news | stock spaCy"))
    assert stock_row.endswith("| 2.33x |")
    # The real-text stage alone renders without the generated corpus's figures.
    alone = render({"date": "d", "machine": "m", "real_text": {"news": real}})
    assert "## Real text" in alone and "generated corpus" not in alone
