"""parley.confidence.train: a deterministic fit, and the shipped weights are what it gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from parley.confidence import train

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


def test_the_fit_finds_the_sign_of_each_cue_and_leaves_the_bias_unpenalised() -> None:
    rng = np.random.default_rng(7)
    x = np.column_stack([np.ones(400), rng.integers(0, 2, 400), rng.integers(0, 2, 400)]).astype(float)
    y = (rng.random(400) < 1 / (1 + np.exp(-(0.5 + 2 * x[:, 1] - 2 * x[:, 2])))).astype(float)
    w = train.fit_logistic(x, y, 1.0, np.array([0.0, 1.0, 1.0]))
    assert w[1] > 1 and w[2] < -1
    assert np.array_equal(w, train.fit_logistic(x, y, 1.0, np.array([0.0, 1.0, 1.0])))


def test_a_rare_cue_has_no_weight_of_its_own_and_every_field_has_an_other_rule() -> None:
    cues = [{"bias": 1.0, "common": 1.0}] * train.MIN_EVENTS + [{"bias": 1.0, "rare": 1.0}]
    names = train.vocabulary(cues)
    assert names[0] == "bias" and "common" in names and "rare" not in names
    assert "date rule=other" in names and "type rule=other" in names


def test_the_shipped_weights_were_fitted_on_what_the_current_extractor_extracts() -> None:
    from parley.confidence import shipped_model
    from parley.extraction import EXTRACTOR_VERSION

    assert shipped_model().meta["extractor"] == EXTRACTOR_VERSION, "run: python -m parley.confidence.train"


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "eval" / "news" / "gold").is_dir(), reason="needs ../shared/eval/news")
def test_training_on_the_news_train_split_reproduces_the_shipped_weights(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    assert train.main(["--shared", str(SHARED), "--check"]) == 0, "run: python -m parley.confidence.train"
